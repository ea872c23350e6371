/**
 * How to keep one literal credential out of a stack, in the words of whatever the credential belongs to: the Tencent
 * Cloud and Baidu AI Cloud providers name their own environment variables; every other provider, backend and
 * resource gets advice that holds for it, never the variables of another cloud.
 */
import { BAIDUCLOUD_CREDENTIALS, CredentialAttribute, TENCENTCLOUD_CREDENTIALS } from "../shared/provider-credentials";
import type { TfElement } from "./stack-view";

/** Where a literal credential sits: its element (resource, data source, provider), or its path in the stack. */
export interface CredentialPlace {
  /** The attribute holding it, e.g. `secret_key`. */
  readonly key: string;
  /** Path from the stack's root, e.g. `["terraform", "backend", "s3", "secret_key"]`. */
  readonly path: readonly (string | number)[];
  /** The resource, data source or provider it belongs to. */
  readonly element?: TfElement;
}

const SENSITIVE_VARIABLE = "a sensitive TerraformVariable (its value supplied through TF_VAR_*)";

function variableFor(credentials: readonly CredentialAttribute[], key: string): string {
  const known = credentials.find((c) => c.attribute === key);
  return known ? known.environment : credentials.map((c) => c.environment).join("/");
}

/** Which cloud's variables apply: the provider type of a provider block or the type prefix of a resource. */
function cloudOf(typeName: string): "tencentcloud" | "baiducloud" | undefined {
  const provider = typeName.split("_")[0];
  return provider === "tencentcloud" || provider === "baiducloud" ? provider : undefined;
}

function providerFix(type: string, key: string): string {
  const cloud = cloudOf(type);
  if (cloud === "tencentcloud")
    return `leave it out and export ${variableFor(TENCENTCLOUD_CREDENTIALS, key)} where Terraform runs, or pass ${SENSITIVE_VARIABLE}`;
  if (cloud === "baiducloud")
    return `leave it out and export ${variableFor(BAIDUCLOUD_CREDENTIALS, key)} where Terraform runs, or pass ${SENSITIVE_VARIABLE}`;
  return `leave it out and supply it through the environment variables the ${type} provider reads, or pass ${SENSITIVE_VARIABLE}`;
}

function backendFix(type: string, key: string): string {
  // Backends are configured before variables exist, so a TerraformVariable cannot help there.
  const lead = "backends cannot read variables: leave it out and";
  if (type === "cos")
    return `${lead} export ${variableFor(TENCENTCLOUD_CREDENTIALS, key)} where \`terraform init\` runs`;
  if (type === "remote" || type === "cloud")
    return `${lead} run \`terraform login\` or set TF_TOKEN_<host> (e.g. TF_TOKEN_app_terraform_io) where Terraform runs`;
  return `${lead} supply it through \`terraform init -backend-config\` or the environment variables the ${type} backend reads`;
}

/** The fix for one literal credential, naming only what applies to its provider, backend or resource. */
export function credentialFix(place: CredentialPlace): string {
  const [top, second, third] = place.path;
  if (place.element?.kind === "provider") return providerFix(place.element.type, place.key);
  if (top === "terraform" && second === "backend" && typeof third === "string") return backendFix(third, place.key);
  if (top === "terraform" && second === "cloud") return backendFix("cloud", place.key);
  return `pass ${SENSITIVE_VARIABLE}, or read it at apply time from a secret store through a data source`;
}
