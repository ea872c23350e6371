import { TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { registerAppUniquenessCheck } from "../../shared/app-uniqueness";
import { invalidProp } from "../../shared/errors";
import { CosAccessLoggingOptions, ICosBucketResource } from "./bucket-props";
import { ICosBucketRef, splitCosBucketName, validateCosBucketName } from "./bucket-name";
import { applyAccessLogging, requireProviderInRegion } from "./bucket-internal";

/** Terraform type of the resources {@link CosAccessLogging} accepts. */
export const COS_BUCKET_RESOURCE_TYPE = "tencentcloud_cos_bucket";

/** Properties of a {@link CosAccessLogging}. */
export interface CosAccessLoggingProps extends CosAccessLoggingOptions {
  /**
   * The `tencentcloud_cos_bucket` already declared in the stack, from the bindings this package ships or your own.
   * Its name must be set in its config (a literal or a token); its log arguments must be unset.
   */
  readonly bucket: ICosBucketResource;
}

/**
 * Turns on access logging for a `tencentcloud_cos_bucket` declared elsewhere in the stack: sets `log_enable`,
 * `log_target_bucket` and `log_prefix` together, registers the destination with the stack's CLS authorization and
 * makes the bucket depend on the grant. The provider-level region is not in the bucket's config, so `region` is
 * required.
 *
 * @example
 * const site = new CosBucket(stack, "Site", { bucket: "site-1250000000", acl: "private" });
 * CosAccessLogging.enable(site, { region: "ap-guangzhou", target: logs });
 */
export class CosAccessLogging extends Construct {
  /** Turns on logging for `bucket`; the construct is added next to it as `<bucket id>AccessLogging`. */
  static enable(bucket: ICosBucketResource, options: CosAccessLoggingOptions): CosAccessLogging {
    requireCosBucketResource("CosAccessLogging.enable", bucket);
    const scope = bucket.node.scope;
    if (!scope || !Construct.isConstruct(scope)) {
      invalidProp(
        bucket.node.path,
        "bucket",
        bucket.node.path,
        "has no parent construct",
        "declare the bucket inside a stack",
      );
    }
    assertNoLoggingYet(bucket.node.path, bucket);
    return new CosAccessLogging(scope, `${bucket.node.id}AccessLogging`, { ...options, bucket });
  }

  /** Full name of the logged bucket, as written in its config. */
  readonly bucketName: string;
  /** Where in the target the logs go (normalised). */
  readonly logPrefix: string;
  /** The log bucket. */
  readonly target: ICosBucketRef;

  constructor(scope: Construct, id: string, props: CosAccessLoggingProps) {
    super(scope, id);
    registerAppUniquenessCheck(this);
    const { bucket } = props;
    requireCosBucketResource(this, bucket);
    if (TerraformStack.of(bucket) !== TerraformStack.of(this)) {
      invalidProp(
        this,
        "bucket",
        bucket.node.path,
        "belongs to another stack",
        "declare CosAccessLogging in the bucket's stack (or use CosAccessLogging.enable(bucket, ...))",
      );
    }
    assertNoLoggingYet(this.node.path, bucket);
    const bucketName = bucket.bucketInput;
    if (bucketName === undefined) {
      invalidProp(
        this,
        "bucket",
        bucket.node.path,
        "has no bucket name in its config",
        "set `bucket` on the CosBucket",
      );
    }
    validateCosBucketName(this, "bucket.bucket", bucketName);
    requireProviderInRegion(this, "bucket.provider", bucket, props.region);
    const parts = Token.isUnresolved(bucketName) ? undefined : splitCosBucketName(bucketName);

    this.logPrefix = applyAccessLogging(
      this,
      bucket,
      { bucketName, shortName: parts?.shortName, region: props.region },
      props,
    );
    this.bucketName = bucketName;
    this.target = props.target;
  }
}

/** Any generation's `CosBucket` is accepted; what counts is the resource type it declares. */
function requireCosBucketResource(where: Construct | string, bucket: ICosBucketResource): void {
  const isConstruct = typeof bucket === "object" && bucket !== null && Construct.isConstruct(bucket);
  const type: unknown = isConstruct ? bucket.terraformResourceType : undefined;
  if (isConstruct && type === COS_BUCKET_RESOURCE_TYPE) return;
  invalidProp(
    where,
    "bucket",
    isConstruct ? `${bucket.node.path} (${String(type)})` : bucket,
    `is not a ${COS_BUCKET_RESOURCE_TYPE} resource`,
    "pass the CosBucket declared in this stack (from cdktf-access-logs/providers/tencentcloud or your own cdktf get bindings)",
  );
}

/** Logging settings already on the bucket would be overwritten silently; refuse instead. */
function assertNoLoggingYet(where: string, bucket: ICosBucketResource): void {
  const existing = {
    logEnable: bucket.logEnableInput,
    logTargetBucket: bucket.logTargetBucketInput,
    logPrefix: bucket.logPrefixInput,
  };
  if (existing.logEnable !== undefined || existing.logTargetBucket !== undefined || existing.logPrefix !== undefined) {
    invalidProp(
      where,
      "bucket",
      { path: bucket.node.path, ...existing },
      "already has log_enable/log_target_bucket/log_prefix set (in its config, or by an earlier CosAccessLogging)",
      "remove the log_* arguments from the CosBucket and let CosAccessLogging set all three, once per bucket",
    );
  }
}
