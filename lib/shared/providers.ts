/**
 * Providers as the constructs find and read them. Internal: the checks run from the constructs.
 *
 * A provider is recognised by its Terraform type name and read through the block it synthesizes (`toTerraform()`),
 * never by class or generated getters, so the bundled bindings and a user's own `cdktf get` output (any generation
 * of the same schema) are treated the same, overrides included.
 */
import { TerraformStack, Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidProp, PropValidationError } from "./errors";
import { BAIDUCLOUD_CREDENTIALS, CredentialAttribute, TENCENTCLOUD_CREDENTIALS } from "./provider-credentials";
import { ITerraformProviderConfig, ITerraformResourceConfig } from "./terraform-types";

export type { CredentialAttribute } from "./provider-credentials";

/** What the constructs need to know of a provider. */
export interface ProviderKind {
  /** Terraform type name of the provider, e.g. `tencentcloud`. */
  readonly type: string;
  /** Attributes that must never be literals. */
  readonly credentials: readonly CredentialAttribute[];
  /** How to supply a credential instead of a literal, ending with the environment variable for it. */
  readonly credentialFix: (credential: CredentialAttribute) => string;
}

/** Tencent Cloud (`tencentcloudstack/tencentcloud`; environment variables as in its provider.go). */
export const TENCENTCLOUD_PROVIDER: ProviderKind = {
  type: "tencentcloud",
  credentials: TENCENTCLOUD_CREDENTIALS,
  credentialFix: ({ environment }) =>
    `pass a sensitive TerraformVariable (its value supplied through TF_VAR_*), or leave it unset and export ${environment} where Terraform runs`,
};

/** Baidu AI Cloud (`baidubce/baiducloud`). */
export const BAIDUCLOUD_PROVIDER: ProviderKind = {
  type: "baiducloud",
  credentials: BAIDUCLOUD_CREDENTIALS,
  credentialFix: ({ environment }) =>
    `pass a sensitive TerraformVariable (see baiduCloudCredentialVariables) and supply the value through TF_VAR_* or the ${environment} environment variable`,
};

const KNOWN_PROVIDERS: readonly ProviderKind[] = [TENCENTCLOUD_PROVIDER, BAIDUCLOUD_PROVIDER];

/** A synthesized provider block: its attributes in snake_case. */
type ProviderBlock = { readonly [attribute: string]: unknown };

/** `node` when it is a provider configuration of type `type`, whichever class generated it. */
export function asProviderOfType(node: unknown, type: string): ITerraformProviderConfig | undefined {
  if (typeof node !== "object" || node === null) return undefined;
  const candidate = node as Partial<ITerraformProviderConfig>;
  return candidate.terraformResourceType === type &&
    typeof candidate.toTerraform === "function" &&
    candidate.node !== undefined
    ? (candidate as ITerraformProviderConfig)
    : undefined;
}

/** The provider's synthesized block (`provider.<type>[0]`): attributes as written to cdk.tf.json, before resolution. */
export function providerBlock(provider: ITerraformProviderConfig): ProviderBlock {
  const synthesized = provider.toTerraform() as { provider?: { [type: string]: unknown } } | undefined;
  const blocks = synthesized?.provider?.[provider.terraformResourceType];
  const block: unknown = Array.isArray(blocks) ? blocks[0] : blocks;
  return typeof block === "object" && block !== null ? (block as ProviderBlock) : {};
}

/** A string setting that is written literally into the JSON: not a token and not a `${...}` expression. */
function literalString(value: unknown): string | undefined {
  if (typeof value !== "string" || Token.isUnresolved(value) || value.includes("${")) return undefined;
  return value;
}

/** The provider's region when it is a literal; undefined when unset or a token. */
export function literalRegionOf(provider: ITerraformProviderConfig): string | undefined {
  return literalString(providerBlock(provider).region);
}

/**
 * The provider configuration `resource` is deployed with: its explicit provider when that is of type `type`, else the
 * stack's default (un-aliased) provider of that type; undefined when there is none.
 */
export function providerOf(resource: ITerraformResourceConfig, type: string): ITerraformProviderConfig | undefined {
  if (resource.provider !== undefined) return asProviderOfType(resource.provider, type);
  for (const node of TerraformStack.of(resource).node.findAll()) {
    const provider = asProviderOfType(node, type);
    if (provider && providerBlock(provider).alias === undefined) return provider;
  }
  return undefined;
}

/** Where a construct states the region of a resource it creates or configures, for {@link checkProviderRegion}. */
export interface RegionClaim {
  /** The resource whose provider decides where it is created. */
  readonly resource: ITerraformResourceConfig;
  /** The provider it is created with. */
  readonly kind: ProviderKind;
  /** The region the construct was told. */
  readonly region: string;
  /** Name of the construct's region property, for messages. */
  readonly regionProp: string;
  /** Name of the property the explicit provider came from, for messages. */
  readonly providerProp: string;
}

/**
 * A bucket is created in its provider's region, so the provider must be configured for the region the construct was
 * told, or every region check would be about the wrong place. An explicit provider is checked now; the stack's
 * default provider (which may be declared after the construct) at synth, through a validation on `errorScope`.
 * Providers whose region is unset or a token are not checked.
 */
export function checkProviderRegion(errorScope: IConstruct, claim: RegionClaim): void {
  const { resource, kind, region, regionProp, providerProp } = claim;
  if (Token.isUnresolved(region)) return;
  const explicit = resource.provider !== undefined ? asProviderOfType(resource.provider, kind.type) : undefined;
  const explicitRegion = explicit ? literalRegionOf(explicit) : undefined;
  if (explicit && explicitRegion !== undefined && explicitRegion !== region) {
    invalidProp(
      errorScope,
      providerProp,
      explicit.node.path,
      `is configured for region "${explicitRegion}", but the bucket's ${regionProp} is "${region}"`,
      `pass the provider (alias) configured for ${region}, or correct ${regionProp}`,
    );
  }
  errorScope.node.addValidation({
    validate: () => {
      const provider = providerOf(resource, kind.type);
      const providerRegion = provider ? literalRegionOf(provider) : undefined;
      if (provider === undefined || providerRegion === undefined || providerRegion === region) return [];
      return [
        new PropValidationError(
          errorScope.node.path,
          regionProp,
          region,
          `differs from the region "${providerRegion}" of the ${kind.type} provider ${provider.node.path} that creates the bucket`,
          `set ${regionProp} to "${providerRegion}", or pass a provider configured for "${region}"`,
        ).message,
      ];
    },
  });
}

/** `secret_key` -> `secretKey`: the name the user wrote in the provider's config. */
function configName(attribute: string): string {
  return attribute.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/** Errors for every literal credential in a provider block of a known kind anywhere in `app`. */
export function literalCredentialErrors(app: IConstruct): string[] {
  const errors: string[] = [];
  for (const node of app.node.findAll()) {
    for (const kind of KNOWN_PROVIDERS) {
      const provider = asProviderOfType(node, kind.type);
      if (!provider) continue;
      const block = providerBlock(provider);
      for (const credential of kind.credentials) {
        const value = literalString(block[credential.attribute]);
        if (value === undefined || value === "") continue;
        errors.push(
          new PropValidationError(
            provider.node.path,
            configName(credential.attribute),
            "(literal value hidden)",
            `is a literal credential (${kind.type} provider attribute ${credential.attribute}) that would be written into the synthesized Terraform JSON`,
            kind.credentialFix(credential),
          ).message,
        );
      }
    }
  }
  return errors;
}

const guardedStacks = new WeakSet<TerraformStack>();

/**
 * Called by every construct of this library: adds (once per stack) a synth-time check that no Tencent Cloud or Baidu
 * provider anywhere in the app carries a literal credential. cdk.tf.json is committed, reviewed and shared, so a
 * literal key would leak; the check pack (`SEC-2`) also looks for them, but only when it is applied.
 */
export function forbidLiteralProviderCredentials(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (guardedStacks.has(stack)) return;
  guardedStacks.add(stack);
  stack.node.addValidation({ validate: () => literalCredentialErrors(stack.node.root) });
}
