import { dependable, ITerraformDependable, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";

/**
 * `depends_on` entries in the form cdktf writes for `dependsOn` (a plain `type.name` address), one per resource and
 * shared by every dependent: creating the token captures a stack trace, which would otherwise be a noticeable
 * per-resource cost when thousands of buckets depend on the same grant or log bucket.
 */
const addresses = new WeakMap<ITerraformDependable, string>();

/** The `depends_on` entry for `resource`. */
export function dependencyOn(resource: ITerraformDependable): string {
  let address = addresses.get(resource);
  if (address === undefined) {
    address = dependable(resource);
    addresses.set(resource, address);
  }
  return address;
}

/**
 * `resource` when it is declared in the same stack as `scope` (Terraform cannot depend on resources of other stacks);
 * undefined otherwise, or when there is no resource.
 */
export function inSameStack(
  scope: IConstruct,
  resource: ITerraformDependable | undefined,
): ITerraformDependable | undefined {
  if (!resource || !Construct.isConstruct(resource)) return undefined;
  return TerraformStack.of(resource) === TerraformStack.of(scope) ? resource : undefined;
}

/** The `depends_on` entry for `resource` when it is declared in the same stack as `scope`; see {@link inSameStack}. */
export function dependencyInSameStack(
  scope: IConstruct,
  resource: ITerraformDependable | undefined,
): string | undefined {
  const local = inSameStack(scope, resource);
  return local ? dependencyOn(local) : undefined;
}
