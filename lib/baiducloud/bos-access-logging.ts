import { IResolvable, Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { BosBucketLifecycleRule } from "../../.gen/providers/baiducloud/bos-bucket";
import { dependencyInSameStack } from "../shared/dependencies";
import { registerAppUniquenessCheck } from "../shared/app-uniqueness";
import { invalidProp } from "../shared/errors";
import { BAIDUCLOUD_PROVIDER, checkProviderRegion, forbidLiteralProviderCredentials } from "../shared/providers";
import { ITerraformResourceConfig } from "../shared/terraform-types";
import { IBosBucketRef, validateBosBucketName } from "./bos-bucket-name";
import { isBosLogBucket } from "./bos-log-bucket";
import { bosLogObjectKeyPrefix } from "./bos-log-object-key";
import { DEFAULT_BOS_LOG_PREFIX_ROOT, deriveBosLogPrefix, normalizeBosLogPrefix } from "./bos-log-prefix";
import { bosLogRetentionRules, DEFAULT_BOS_LOG_RETENTION_DAYS, validateRetentionDays } from "./bos-log-retention";
import { validateBosRegion } from "./bos-regions";

/** Terraform type of the resources {@link enableBosAccessLogging} accepts. */
export const BOS_BUCKET_RESOURCE_TYPE = "baiducloud_bos_bucket";

/**
 * A `baiducloud_bos_bucket` as {@link enableBosAccessLogging} reads and changes it: an instance of the `BosBucket`
 * class from `cdktf-access-logs/providers/baiducloud` or from your own `cdktf get` (any version of the provider's
 * bindings). Only the members used are listed, so every generation type-checks.
 */
export interface IBosBucketResource extends ITerraformResourceConfig {
  /** `bucket` as given in the config. */
  readonly bucketInput?: string;
  /** `acl` as given in the config. */
  readonly aclInput?: string;
  /** The `logging` block as given in the config; must be unset. */
  readonly loggingInput?: unknown;
  /** The `lifecycle_rule` blocks as given in the config; the log retention rule is added to them with `logToSelf`. */
  readonly lifecycleRuleInput?: IResolvable | BosBucketLifecycleRule[];
  /** Sets the `logging` block. */
  putLogging(value: { targetBucket?: string; targetPrefix?: string }): void;
  /** Replaces the `lifecycle_rule` blocks. */
  putLifecycleRule(value: BosBucketLifecycleRule[] | IResolvable): void;
}

/** Where and how a bucket's access logs are delivered. */
export interface BosAccessLoggingOptions {
  /**
   * Region code of the logged bucket, e.g. `bj`. Must be a literal and match the log bucket's region: BOS delivers
   * logs only within one region.
   */
  readonly region: string;
  /**
   * The bucket that receives the logs, in the same region; usually a {@link BosLogBucket}, whose retention then covers
   * these logs. Exactly one of `logBucket` and `logToSelf` must be given.
   * @default - none; `logToSelf` must be true
   */
  readonly logBucket?: IBosBucketRef;
  /**
   * Deliver the logs into the logged bucket itself, under `logPrefix`, with a lifecycle rule on the bucket that deletes
   * exactly its log objects after `retentionDays`. Only for private buckets: a public bucket would publish its logs.
   * @default false
   */
  readonly logToSelf?: boolean;
  /**
   * Key prefix of the log objects. Normalised to end in `/`; must start with a letter and hold only letters, digits,
   * `-`, `_` and `/`, at most 32 characters (BOS's rule). Log objects are named `<logPrefix><bucket>-<time>-<unique>`.
   * @default `<log bucket's logPrefix><bucket name>/`, e.g. `logs/my-site/` (shortened with a hash when too long)
   */
  readonly logPrefix?: string;
  /**
   * With `logToSelf`: days after which the bucket's own log objects are deleted, 1 to 36500 (`BOS_LIFECYCLE_MAX_DAYS`). Not allowed with `logBucket`, whose
   * retention applies.
   * @default 180
   */
  readonly retentionDays?: number;
}

/** The logging configuration that was applied. */
export interface BosAccessLoggingConfiguration {
  /** The bucket receiving the logs. */
  readonly targetBucket: string;
  /** The normalised prefix the logs are written under. */
  readonly targetPrefix: string;
  /** Key prefix of every log object of this bucket: `<targetPrefix><bucket>-`. */
  readonly logObjectKeyPrefix: string;
}

/**
 * Turns on access logging for a `baiducloud_bos_bucket` already defined in the stack (a `BosBucket` from
 * `cdktf-access-logs/providers/baiducloud` or your own bindings): sets its `logging` block after
 * checking the same-region rule, the prefix rule and the bucket name, registers it with a {@link BosLogBucket} so
 * retention covers its logs, and makes the bucket depend on the log bucket (BOS needs the target to exist).
 *
 * Fails when the bucket already has a `logging` block.
 */
export function enableBosAccessLogging(
  bucket: IBosBucketResource,
  options: BosAccessLoggingOptions,
): BosAccessLoggingConfiguration {
  const isConstruct = typeof bucket === "object" && bucket !== null && Construct.isConstruct(bucket);
  if (!isConstruct || bucket.terraformResourceType !== BOS_BUCKET_RESOURCE_TYPE) {
    invalidProp(
      isConstruct ? bucket.node.path : "enableBosAccessLogging",
      "bucket",
      isConstruct ? `${bucket.node.path} (${String(bucket.terraformResourceType)})` : bucket,
      `is not a ${BOS_BUCKET_RESOURCE_TYPE} resource`,
      "pass the BosBucket declared in this stack (from cdktf-access-logs/providers/baiducloud or your own cdktf get bindings)",
    );
  }
  return applyBosAccessLogging(bucket, bucket, options);
}

/**
 * {@link enableBosAccessLogging} with errors reported against `errorScope` (the construct the user configured, e.g. a
 * {@link BosAccessLoggedBucket}) rather than the bucket resource itself.
 */
export function applyBosAccessLogging(
  errorScope: IConstruct,
  bucket: IBosBucketResource,
  options: BosAccessLoggingOptions,
): BosAccessLoggingConfiguration {
  registerAppUniquenessCheck(errorScope);
  const sourceName = bucket.bucketInput ?? "";
  validateBosBucketName(errorScope, "bucketName", sourceName);
  validateBosRegion(errorScope, "region", options.region);

  if (bucket.loggingInput !== undefined) {
    invalidProp(
      errorScope,
      "logging",
      bucket.loggingInput,
      "is already configured on the bucket",
      "remove the bucket's own logging block, or do not enable access logging on it a second time",
    );
  }
  if (options.logBucket && options.logToSelf) {
    invalidProp(
      errorScope,
      "logToSelf",
      true,
      "conflicts with logBucket",
      "give either logBucket or logToSelf: true, not both",
    );
  }
  if (!options.logBucket && !options.logToSelf) {
    invalidProp(
      errorScope,
      "logBucket",
      undefined,
      "is required unless logToSelf is true",
      "pass a BosLogBucket in the same region, or set logToSelf: true",
    );
  }
  if (options.logBucket && options.retentionDays !== undefined) {
    invalidProp(
      errorScope,
      "retentionDays",
      options.retentionDays,
      "only applies with logToSelf",
      "set the retention on the log bucket (BosLogBucket retentionDays) instead",
    );
  }

  const acl = bucket.aclInput;
  if (options.logToSelf && acl !== undefined && !Token.isUnresolved(acl) && acl !== "private") {
    invalidProp(
      errorScope,
      "logToSelf",
      true,
      `would publish the access logs (requester IPs, access keys, object names): the bucket's acl is "${acl}"`,
      "deliver the logs into a private BosLogBucket instead",
    );
  }

  const logBucket = options.logBucket;
  if (logBucket) {
    validateBosBucketName(errorScope, "logBucket.bucketName", logBucket.bucketName);
    if (!Token.isUnresolved(sourceName) && logBucket.bucketName === sourceName) {
      invalidProp(
        errorScope,
        "logBucket",
        logBucket.bucketName,
        "is the logged bucket itself",
        "set logToSelf: true instead, so retention for the bucket's own logs is configured",
      );
    }
    if (Token.isUnresolved(logBucket.region)) {
      invalidProp(
        errorScope,
        "logBucket.region",
        logBucket.region,
        "is a token",
        "give the log bucket's region literally so the same-region rule can be checked",
      );
    }
    if (logBucket.region !== options.region) {
      invalidProp(
        errorScope,
        "logBucket",
        `${logBucket.bucketName} (region ${logBucket.region})`,
        `is not in the logged bucket's region "${options.region}"; BOS delivers access logs only within one region`,
        `use a log bucket in region "${options.region}" (one BosLogBucket per region)`,
      );
    }
  }

  const targetPrefix = resolvePrefix(errorScope, sourceName, options);
  const targetBucket = logBucket ? logBucket.bucketName : sourceName;
  const logObjectKeyPrefix = bosLogObjectKeyPrefix(sourceName, targetPrefix);

  bucket.putLogging({ targetBucket, targetPrefix });

  if (logBucket) {
    if (isBosLogBucket(logBucket)) logBucket.addLogSource({ sourceBucketName: sourceName, targetPrefix });
    // A dependency across stacks cannot be expressed with depends_on; the log bucket's own stack must deploy first then.
    const targetDependency = dependencyInSameStack(bucket, logBucket.dependable);
    if (targetDependency) bucket.dependsOn = [...(bucket.dependsOn ?? []), targetDependency];
  } else {
    const retentionDays = options.retentionDays ?? DEFAULT_BOS_LOG_RETENTION_DAYS;
    validateRetentionDays(errorScope, "retentionDays", retentionDays);
    const existing = bucket.lifecycleRuleInput;
    if (existing !== undefined && !Array.isArray(existing)) {
      invalidProp(
        errorScope,
        "lifecycleRule",
        "(token)",
        "is a token, so the retention rule for the bucket's own logs cannot be added to it",
        "give the bucket's lifecycle rules as a literal list",
      );
    }
    const own: BosBucketLifecycleRule[] = Array.isArray(existing) ? existing : [];
    bucket.putLifecycleRule([
      ...own,
      ...bosLogRetentionRules(sourceName, logObjectKeyPrefix, "own-access-logs", retentionDays),
    ]);
  }

  checkProviderRegion(errorScope, {
    resource: bucket,
    kind: BAIDUCLOUD_PROVIDER,
    region: options.region,
    regionProp: "region",
    providerProp: "provider",
  });
  forbidLiteralProviderCredentials(errorScope);
  return { targetBucket, targetPrefix, logObjectKeyPrefix };
}

/** The explicit prefix, normalised, or the one derived from the source bucket's name. */
function resolvePrefix(errorScope: IConstruct, sourceName: string, options: BosAccessLoggingOptions): string {
  if (options.logPrefix !== undefined) return normalizeBosLogPrefix(errorScope, "logPrefix", options.logPrefix);
  if (Token.isUnresolved(sourceName)) {
    invalidProp(
      errorScope,
      "logPrefix",
      undefined,
      "cannot be derived because the bucket name is a token",
      "set logPrefix explicitly, e.g. 'logs/my-bucket/'",
    );
  }
  const root =
    options.logBucket && isBosLogBucket(options.logBucket) ? options.logBucket.logPrefix : DEFAULT_BOS_LOG_PREFIX_ROOT;
  return deriveBosLogPrefix(root, sourceName);
}
