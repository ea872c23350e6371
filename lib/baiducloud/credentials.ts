import { Lazy, TerraformStack, TerraformVariable } from "cdktf";
import { IConstruct } from "constructs";
import { invalidProp } from "../shared/errors";
import { requireLiteral } from "../shared/literals";

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
 * @param variablePrefix name stem of the variables: a letter or `_` first, then letters, digits, `_` or `-` (cdktf
 *   would silently drop other characters from the variable names) @default "baiducloud"
 */
export function baiduCloudCredentialVariables(
  scope: IConstruct,
  variablePrefix = "baiducloud",
): BaiduCloudCredentialVariables {
  const where = `${scope.node.path || "app"}`;
  if (typeof variablePrefix !== "string") {
    invalidProp(where, "variablePrefix", variablePrefix, "is not a string", "give a name stem such as 'baiducloud'");
  }
  requireLiteral(where, "variablePrefix", variablePrefix, "'baiducloud'", "the variables can be named after it");
  if (!VARIABLE_PREFIX_PATTERN.test(variablePrefix)) {
    invalidProp(
      where,
      "variablePrefix",
      variablePrefix,
      "is not a Terraform variable name stem (cdktf would drop its other characters, so var.<prefix>_access_key would not exist)",
      "use a letter or '_' first, then letters, digits, '_' or '-', e.g. 'baiducloud' or 'baidu_prod'",
    );
  }
  const stack = TerraformStack.of(scope);
  const variable = (suffix: string, what: string): TerraformVariable => {
    const id = `${variablePrefix}_${suffix}`;
    const existing = stack.node.tryFindChild(id);
    if (existing instanceof TerraformVariable) return existing;
    if (existing !== undefined) {
      invalidProp(
        where,
        "variablePrefix",
        variablePrefix,
        `gives the id ${JSON.stringify(id)}, which ${existing.node.path} already uses`,
        "choose another variablePrefix",
      );
    }
    const created: TerraformVariable = new TerraformVariable(stack, id, {
      type: "string",
      sensitive: true,
      nullable: false,
      // Named after the variable as synthesized, so the description never points at a variable that does not exist.
      description: Lazy.stringValue({
        produce: () => `Baidu AI Cloud ${what}; set TF_VAR_${created.friendlyUniqueId}, never commit it.`,
      }),
    });
    return created;
  };
  const accessKey = variable("access_key", "access key");
  const secretKey = variable("secret_key", "secret key");
  return { accessKey: accessKey.stringValue, secretKey: secretKey.stringValue };
}

/** A Terraform variable name stem cdktf keeps as it is. */
const VARIABLE_PREFIX_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
