import { TerraformResource, Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidProp, PropValidationError } from "./errors";

/**
 * What happens to a bucket that holds logs when a plan would delete it (`cdktf destroy`, removing the construct's
 * settings that force a replacement), modelled on aws-cdk's `RemovalPolicy`.
 */
export enum RemovalPolicy {
  /**
   * Keep the bucket and its logs: the resource gets `lifecycle { prevent_destroy = true }`, so Terraform refuses any
   * plan that would delete or replace it, at plan time, before anything of the stack is destroyed. To delete the stack
   * anyway, switch to {@link RemovalPolicy.DESTROY} and deploy, or `terraform state rm` the bucket to keep it outside
   * Terraform (README "Deploy").
   */
  RETAIN = "retain",
  /**
   * Delete the bucket with every object in it: `force_clean` on COS, `force_destroy` on BOS, the providers' own
   * switches for deleting a non-empty bucket. The providers read the switch from the state, so deploy the change before
   * `cdktf destroy`.
   */
  DESTROY = "destroy",
}

const REMOVAL_POLICIES: readonly string[] = [RemovalPolicy.RETAIN, RemovalPolicy.DESTROY];

/** The validated removal policy of a construct; unset means {@link RemovalPolicy.RETAIN}. */
export function resolveRemovalPolicy(scope: IConstruct, prop: string, value: unknown): RemovalPolicy {
  if (value === undefined) return RemovalPolicy.RETAIN;
  if (typeof value === "string" && Token.isUnresolved(value)) {
    invalidProp(
      scope,
      prop,
      value,
      "is not a literal removal policy (Terraform's lifecycle arguments cannot be expressions)",
      "use RemovalPolicy.RETAIN or RemovalPolicy.DESTROY",
    );
  }
  if (typeof value !== "string" || !REMOVAL_POLICIES.includes(value)) {
    invalidProp(
      scope,
      prop,
      value,
      "is not a removal policy",
      "use RemovalPolicy.RETAIN (the default: destroy stops before deleting the bucket) or RemovalPolicy.DESTROY (the bucket is deleted with its logs)",
    );
  }
  return value as RemovalPolicy;
}

/**
 * Puts `prevent_destroy` on a retained resource, keeping the lifecycle settings it already has. Assigning
 * `resource.lifecycle` later replaces the whole block, so synth fails when a retained bucket lost the flag that way.
 */
export function applyRemovalPolicy(scope: IConstruct, resource: TerraformResource, policy: RemovalPolicy): void {
  if (policy !== RemovalPolicy.RETAIN) return;
  resource.lifecycle = { ...resource.lifecycle, preventDestroy: true };
  scope.node.addValidation({
    validate: () =>
      resource.lifecycle?.preventDestroy === true
        ? []
        : [
            new PropValidationError(
              scope.node.path,
              "removalPolicy",
              policy,
              "needs lifecycle.prevent_destroy on the bucket, but resource.lifecycle was replaced without it",
              "keep preventDestroy: true in the lifecycle you set, or choose RemovalPolicy.DESTROY",
            ).message,
          ],
  });
}
