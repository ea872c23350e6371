import { DefaultTokenResolver, StringConcat, TerraformProvider, TerraformResource, TerraformStack, Token, Tokenization } from "cdktf";
import { IConstruct } from "constructs";

/**
 * App-wide uniqueness of the names clouds keep globally: the same COS bucket, BOS bucket, CAM role or policy, or SCF
 * function declared twice in one app fails only at apply (or, worse, two stacks fight over one resource). Library
 * constructs register the check on their stack when they are created, so it runs whenever the stack is synthesized
 * with validation (as `cdktf synth` does), without the user opting in. It walks the whole app, not only the stack,
 * because these names clash across stacks.
 *
 * Resources are recognised by their Terraform type, so bindings generated elsewhere (a user's own `cdktf get`) and
 * resources declared outside this library's constructs are covered too.
 */

/** One name a resource takes in a namespace the cloud keeps unique. */
interface NameClaim {
  /** What kind of name, for the message: "COS bucket name". */
  readonly kind: string;
  /** The namespace it must be unique in, for the message: "" (global) or "in region ap-guangzhou, namespace default". */
  readonly where: string;
  /** The name as resolved for comparison (literal, or a Terraform expression). */
  readonly name: string;
  /** Path of the construct that declared it. */
  readonly owner: string;
  /** The stack it is in. */
  readonly stack: TerraformStack;
  /** How to resolve the clash. */
  readonly fix: string;
}

const registeredStacks = new WeakSet<TerraformStack>();

/**
 * Makes sure `scope`'s stack checks, at synth, that no account-global or bucket name is declared twice anywhere in the
 * app. Called by every construct of this library; calling it again is free.
 */
export function registerAppUniquenessCheck(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (registeredStacks.has(stack)) return;
  registeredStacks.add(stack);
  stack.node.addValidation({ validate: () => duplicateNameErrors(stack) });
}

/** The clashes that involve `stack`, one message each, naming both construct paths. */
export function duplicateNameErrors(stack: TerraformStack): string[] {
  const claims = collectClaims(stack.node.root);
  const byKey = new Map<string, NameClaim[]>();
  for (const claim of claims) {
    const key = `${claim.kind}\u0000${claim.where}\u0000${claim.name}`;
    const list = byKey.get(key);
    if (list) list.push(claim);
    else byKey.set(key, [claim]);
  }
  const errors: string[] = [];
  for (const list of byKey.values()) {
    if (list.length < 2 || !list.some((claim) => claim.stack === stack)) continue;
    const [first, ...others] = list;
    for (const other of others) {
      const where = first.where === "" ? "" : ` ${first.where}`;
      errors.push(
        `${first.owner} and ${other.owner} both declare the ${first.kind} ${JSON.stringify(first.name)}${where}; it is unique ` +
          `${first.where === "" ? "across the cloud account" : "there"}, so the second one would fail at apply or take over the first. Fix: ${first.fix}`,
      );
    }
  }
  return errors;
}

function collectClaims(root: IConstruct): NameClaim[] {
  const claims: NameClaim[] = [];
  for (const node of root.node.findAll()) {
    if (!TerraformResource.isTerraformResource(node)) continue;
    const resource = node as TerraformResource;
    const claim = claimOf(resource);
    if (claim) claims.push(claim);
  }
  return claims;
}

function claimOf(resource: TerraformResource): NameClaim | undefined {
  const stack = TerraformStack.of(resource);
  const owner = ownerPath(resource);
  const base = { owner, stack };
  switch (resource.terraformResourceType) {
    case "tencentcloud_cos_bucket":
      return literalOrExpression(stack, input(resource, "bucket"), (name) => ({
        ...base,
        kind: "COS bucket name",
        where: "",
        name,
        fix: "give each bucket its own name (bucket names include the appid, so two declarations of one name are one bucket); to log an existing bucket, declare it once and use CosAccessLogging.enable on it",
      }));
    case "baiducloud_bos_bucket":
      return literalOrExpression(stack, input(resource, "bucket"), (name) => ({
        ...base,
        kind: "BOS bucket name",
        where: "",
        name,
        fix: "BOS bucket names are global across all Baidu accounts: give each bucket its own name",
      }));
    case "tencentcloud_cam_role":
      return literalOrExpression(stack, input(resource, "name"), (name) => ({
        ...base,
        kind: "CAM role name",
        where: "",
        name,
        fix:
          name === "CLS_QcsRole"
            ? "CLS_QcsRole exists once per account: let one stack create it and use ClsDeliveryAuthorization.of(stack, { existingRole: true }) in the others"
            : "CAM names are account-wide, not per region: set a distinct roleName on one of them (for CdnLogBackup, e.g. include the region)",
      }));
    case "tencentcloud_cam_policy":
      return literalOrExpression(stack, input(resource, "name"), (name) => ({
        ...base,
        kind: "CAM policy name",
        where: "",
        name,
        fix: "CAM names are account-wide (default names are derived from stack and role names with invalid characters replaced by '-'): set a distinct policyName (ClsDeliveryAuthorization) or roleName (CdnLogBackup) on one of them",
      }));
    case "tencentcloud_scf_function":
      return literalOrExpression(stack, input(resource, "name"), (name) => ({
        ...base,
        kind: "SCF function name",
        where: `in ${regionOf(resource)}, namespace ${JSON.stringify(scfNamespaceOf(resource))}`,
        name,
        fix: "set a distinct functionName, or a different namespace, on one of them",
      }));
    case "tencentcloud_scf_namespace":
      return literalOrExpression(stack, input(resource, "namespace"), (name) => ({
        ...base,
        kind: "SCF namespace",
        where: `in ${regionOf(resource)}`,
        name,
        fix: "create the namespace once (createNamespace on one construct only) and let the others use it",
      }));
    default:
      return undefined;
  }
}

/** A configuration argument of a resource, read through its generated `<name>Input` getter. */
function input(resource: TerraformResource, argument: string): unknown {
  const getter = argument.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()) + "Input";
  return (resource as unknown as { readonly [key: string]: unknown })[getter];
}

/** Builds a claim from a string argument: literal as it is, a token resolved to its Terraform expression. */
function literalOrExpression(stack: TerraformStack, value: unknown, claim: (name: string) => NameClaim): NameClaim | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  return claim(comparableName(stack, value));
}

/**
 * A name in a form two declarations can be compared in: literals as they are; tokens resolved to their Terraform
 * expression, so `logs-<appid of this account>` compares equal however many token objects stand for the appid.
 */
export function comparableName(scope: IConstruct, value: string): string {
  if (!Token.isUnresolved(value)) return value;
  try {
    // preparing: false resolves references to their expressions without creating cross-stack outputs.
    const resolved: unknown = Tokenization.resolve(value, { scope, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
    return typeof resolved === "string" ? resolved : value;
  } catch {
    return value;
  }
}

/** The construct that declared a resource: its parent, unless that is the stack itself. */
function ownerPath(resource: TerraformResource): string {
  const parent = resource.node.scope;
  if (parent === undefined || TerraformStack.isStack(parent)) return resource.node.path;
  return parent.node.path;
}

/** The region a Tencent resource deploys to, as far as synth knows: its provider's literal region, or the provider. */
function regionOf(resource: TerraformResource): string {
  const provider = resource.provider ?? defaultProvider(resource, "tencentcloud");
  if (provider === undefined) return "the default region";
  const region = (provider as unknown as { readonly regionInput?: unknown }).regionInput;
  if (typeof region === "string" && !Token.isUnresolved(region)) return `region ${region}`;
  return `the region of provider ${provider.node.path}`;
}

function defaultProvider(resource: TerraformResource, type: string): TerraformProvider | undefined {
  return TerraformStack.of(resource)
    .node.findAll()
    .find(
      (node): node is TerraformProvider =>
        TerraformProvider.isTerraformProvider(node) &&
        (node as TerraformProvider).terraformResourceType === type &&
        (node as unknown as { readonly aliasInput?: unknown }).aliasInput === undefined,
    );
}

/** An SCF function's namespace: literal, or the literal of the namespace resource it references. */
function scfNamespaceOf(resource: TerraformResource): string {
  const namespace = input(resource, "namespace");
  if (namespace === undefined) return "default";
  if (typeof namespace === "string" && !Token.isUnresolved(namespace)) return namespace;
  const sibling = resource.node.scope?.node.children.find(
    (child) => TerraformResource.isTerraformResource(child) && (child as TerraformResource).terraformResourceType === "tencentcloud_scf_namespace",
  );
  const declared = sibling ? input(sibling as TerraformResource, "namespace") : undefined;
  if (typeof declared === "string" && !Token.isUnresolved(declared)) return declared;
  return typeof namespace === "string" ? comparableName(resource, namespace) : String(namespace);
}
