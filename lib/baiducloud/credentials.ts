import { TerraformStack, TerraformVariable } from "cdktf";
import { IConstruct } from "constructs";

/** Credentials for a `BaiducloudProvider`, as references to sensitive Terraform variables (never literals). */
export interface BaiduCloudCredentialVariables {
  /** `${var.<prefix>_access_key}` */
  readonly accessKey: string;
  /** `${var.<prefix>_secret_key}` */
  readonly secretKey: string;
}

/**
 * Declares (once per stack) two sensitive Terraform variables for the baiducloud provider's access and secret keys
 * and returns references to them. The provider marks both keys required, so they cannot simply be left out; with
 * variables the values come from `TF_VAR_<prefix>_access_key` / `TF_VAR_<prefix>_secret_key` (or a tfvars file kept
 * out of version control) at plan time and never appear in the synthesized JSON.
 *
 * @param variablePrefix name stem of the variables @default "baiducloud"
 */
export function baiduCloudCredentialVariables(scope: IConstruct, variablePrefix = "baiducloud"): BaiduCloudCredentialVariables {
  const stack = TerraformStack.of(scope);
  const variable = (suffix: string, description: string): TerraformVariable => {
    const id = `${variablePrefix}_${suffix}`;
    const existing = stack.node.tryFindChild(id);
    if (existing instanceof TerraformVariable) return existing;
    return new TerraformVariable(stack, id, { type: "string", sensitive: true, nullable: false, description });
  };
  const accessKey = variable("access_key", `Baidu AI Cloud access key; set TF_VAR_${variablePrefix}_access_key, never commit it.`);
  const secretKey = variable("secret_key", `Baidu AI Cloud secret key; set TF_VAR_${variablePrefix}_secret_key, never commit it.`);
  return { accessKey: accessKey.stringValue, secretKey: secretKey.stringValue };
}
