import { Annotations, Token } from "cdktf";
import { Construct } from "constructs";
import { CosBucket, CosBucketLifecycleRules } from "../../../.gen/providers/tencentcloud/cos-bucket";
import { registerAppUniquenessCheck } from "../../shared/app-uniqueness";
import { invalidProp } from "../../shared/errors";
import { forbidLiteralProviderCredentials } from "../../shared/providers";
import { TENCENT_TAG_RULE, validateTags } from "../../shared/tags";
import { normalizeKeyPrefix } from "../../shared/key-prefix";
import { applyRemovalPolicy, RemovalPolicy, resolveRemovalPolicy } from "../../shared/removal-policy";
import { ICosBucketRef } from "./bucket-name";
import {
  COS_LOG_BUCKET_MARKER,
  COS_LOG_PREFIX_RULES,
  encryptionConfig,
  requireDays,
  requireLiteralRegion,
  requireProviderInRegion,
  resolveBucketName,
} from "./bucket-internal";
import { CosBucketEncryptionProps, CosBucketNameProps, CosBucketProviderProps } from "./bucket-props";
import { Qcs } from "../cam/qcs";

/** Colder storage classes log objects can move to before they expire. */
export type CosColdStorageClass = "STANDARD_IA" | "ARCHIVE" | "DEEP_ARCHIVE" | "INTELLIGENT_TIERING";

/**
 * Minimum billed storage duration of each cold class (COS pricing): deleting earlier is billed as if stored that long.
 * INTELLIGENT_TIERING has none worth warning about.
 */
const MINIMUM_STORAGE_DAYS: { readonly [storageClass: string]: number } = {
  STANDARD_IA: 30,
  ARCHIVE: 90,
  DEEP_ARCHIVE: 180,
};

const COLD_STORAGE_CLASSES: readonly string[] = ["STANDARD_IA", "ARCHIVE", "DEEP_ARCHIVE", "INTELLIGENT_TIERING"];

/** Id of the retention lifecycle rule, so reviewers recognise it in plans. */
const RETENTION_RULE_ID = "access-log-retention";

/** A bucket access logs are delivered to. */
export interface ICosLogBucket extends ICosBucketRef {
  /**
   * The prefix the bucket's retention covers and every source writes under; `""` when it covers the whole bucket.
   * Normalised: no leading `/`, ends in `/`.
   */
  readonly logPrefix: string;

  /** The qcs name of the objects under `prefix` (`qcs::cos:<region>:uid/<appid>:<bucket>/<prefix>*`), for CAM policies. */
  qcsForPrefix(prefix: string): string;
}

/** Properties of a {@link CosLogBucket}. */
export interface CosLogBucketProps extends CosBucketNameProps, CosBucketEncryptionProps, CosBucketProviderProps {
  /**
   * Region of the bucket, a literal such as `ap-guangzhou`. Sources can only log into a bucket of their own region.
   */
  readonly region: string;

  /**
   * Root prefix for logs. The retention rule covers it, and sources logging here default to `<logPrefix><source>/`
   * and must write under it. Set it when the bucket also holds other data.
   *
   * @default - the whole bucket is for logs: the retention rule covers every object, sources default to `<source>/`
   */
  readonly logPrefix?: string;

  /**
   * Days a log object is kept before COS deletes it: 1 to 3650 (COS lifecycle expiration limit).
   *
   * @default 180
   */
  readonly retentionDays?: number;

  /**
   * Days after which log objects move to `coldStorageClass`: 0 to 3650 (COS lifecycle limit), less than
   * `retentionDays`.
   *
   * @default - objects stay in the standard class until they expire
   */
  readonly transitionToColdAfterDays?: number;

  /**
   * Storage class logs move to after `transitionToColdAfterDays`. Only with `transitionToColdAfterDays`.
   *
   * @default "STANDARD_IA"
   */
  readonly coldStorageClass?: CosColdStorageClass;

  /**
   * Days after which COS aborts unfinished multipart uploads under the log prefix, so failed deliveries do not leave
   * billed parts behind: 1 to 3650 (COS lifecycle limit).
   *
   * @default 7
   */
  readonly abortIncompleteMultipartUploadDays?: number;

  /**
   * Keep previous versions of overwritten or deleted objects. Noncurrent versions expire `retentionDays` after they
   * become noncurrent, so versioning never keeps logs forever.
   *
   * @default false
   */
  readonly versioned?: boolean;

  /**
   * What a plan that deletes the bucket does (`cdktf destroy`, or a change that replaces it, such as a new name).
   * `RETAIN` sets `lifecycle.prevent_destroy`: Terraform stops at plan time, before anything of the stack is
   * destroyed, and the logs stay. `DESTROY` sets `force_clean`: the provider deletes every object (every version and
   * delete marker when `versioned`) and then the bucket. The provider reads `force_clean` from the state, so deploy the
   * switch to `DESTROY` before destroying. A bucket once versioned and then switched to unversioned keeps old versions
   * that `force_clean` does not delete (it deletes by key when the state says unversioned).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Tags on the bucket.
   *
   * @default - no tags
   */
  readonly tags?: { readonly [key: string]: string };
}

/** A log bucket declared elsewhere (another stack, the console), see {@link CosLogBucket.fromBucketAttributes}. */
export interface CosLogBucketAttributes extends CosBucketNameProps {
  /** Region of the bucket, a literal. */
  readonly region: string;

  /**
   * Root prefix its retention covers; sources default to writing under it.
   *
   * @default - the whole bucket
   */
  readonly logPrefix?: string;
}

/**
 * The target of COS access logs: a private, encrypted bucket whose logs expire. It is kept when the stack is destroyed
 * unless `removalPolicy` says otherwise: by default Terraform refuses to plan its deletion.
 *
 * @example
 * const logs = new CosLogBucket(stack, "AccessLogs", { name: "access-logs", region: "ap-guangzhou", retentionDays: 90 });
 */
export class CosLogBucket extends Construct implements ICosLogBucket {
  /** A log bucket that is not declared in this stack, to use as a logging target. */
  static fromBucketAttributes(scope: Construct, id: string, attrs: CosLogBucketAttributes): ICosLogBucket {
    return new ImportedCosLogBucket(scope, id, attrs);
  }

  /** Sources read `logPrefix` as this bucket's retention root (see `COS_LOG_BUCKET_MARKER`). */
  readonly [COS_LOG_BUCKET_MARKER] = true;

  readonly bucketName: string;
  readonly region: string;
  readonly appId: string;
  readonly logPrefix: string;
  /** Days logs are kept. */
  readonly retentionDays: number;
  /** What destroying the stack does to the bucket. */
  readonly removalPolicy: RemovalPolicy;
  /** The `tencentcloud_cos_bucket`, for settings this construct does not cover. */
  readonly resource: CosBucket;
  readonly dependable: CosBucket;

  constructor(scope: Construct, id: string, props: CosLogBucketProps) {
    super(scope, id);
    registerAppUniquenessCheck(this);
    const name = resolveBucketName(this, props);
    requireLiteralRegion(this, "region", props.region);
    const logPrefix = rootLogPrefix(this, props.logPrefix);

    const retentionDays = props.retentionDays ?? 180;
    requireDays(this, "retentionDays", retentionDays, 1);
    requireDays(this, "transitionToColdAfterDays", props.transitionToColdAfterDays, 0);
    const abortDays = props.abortIncompleteMultipartUploadDays ?? 7;
    requireDays(this, "abortIncompleteMultipartUploadDays", abortDays, 1);
    if (props.coldStorageClass !== undefined && props.transitionToColdAfterDays === undefined) {
      invalidProp(
        this,
        "coldStorageClass",
        props.coldStorageClass,
        "is set but transitionToColdAfterDays is not",
        "set transitionToColdAfterDays (days before moving logs to the cold class) or remove coldStorageClass",
      );
    }
    const coldStorageClass = props.coldStorageClass ?? "STANDARD_IA";
    if (!COLD_STORAGE_CLASSES.includes(coldStorageClass)) {
      invalidProp(
        this,
        "coldStorageClass",
        coldStorageClass,
        "is not a colder COS storage class",
        `use one of ${COLD_STORAGE_CLASSES.join(", ")}`,
      );
    }
    const transitionDays = props.transitionToColdAfterDays;
    if (transitionDays !== undefined && !Token.isUnresolved(transitionDays) && !Token.isUnresolved(retentionDays)) {
      if (transitionDays >= retentionDays) {
        invalidProp(
          this,
          "transitionToColdAfterDays",
          transitionDays,
          `is not less than retentionDays (${retentionDays}), so logs would expire before they move`,
          `use fewer than ${retentionDays} days, or remove the transition`,
        );
      }
      const minimum = MINIMUM_STORAGE_DAYS[coldStorageClass];
      if (minimum !== undefined && retentionDays - transitionDays < minimum) {
        Annotations.of(this).addWarning(
          `${this.node.path}: logs spend ${retentionDays - transitionDays} days in ${coldStorageClass} before they expire, less than its ${minimum}-day minimum storage duration; COS bills the full ${minimum} days.`,
        );
      }
    }
    const removalPolicy = resolveRemovalPolicy(this, "removalPolicy", props.removalPolicy);
    const encryption = encryptionConfig(this, props);
    if (encryption.encryptionAlgorithm === "KMS") {
      Annotations.of(this).addWarning(
        `${this.node.path}: KMS encryption on a log bucket: check that CLS can use the key when it writes logs (KMS activated in ${props.region}, key enabled), or deliveries fail.`,
      );
    }

    const retentionRule: CosBucketLifecycleRules = {
      id: RETENTION_RULE_ID,
      filterPrefix: logPrefix === "" ? undefined : logPrefix,
      expiration: { days: retentionDays },
      transition: transitionDays === undefined ? undefined : [{ days: transitionDays, storageClass: coldStorageClass }],
      nonCurrentExpiration: props.versioned ? { nonCurrentDays: retentionDays } : undefined,
      abortIncompleteMultipartUpload: { daysAfterInitiation: abortDays },
    };

    this.resource = new CosBucket(this, "Resource", {
      provider: props.provider,
      bucket: name.bucketName,
      acl: "private",
      encryptionAlgorithm: encryption.encryptionAlgorithm,
      kmsId: encryption.kmsId,
      // Deletes the objects before the bucket (CosService.ForceCleanObject, provider 1.83.25); only by decision.
      forceClean: removalPolicy === RemovalPolicy.DESTROY,
      versioningEnable: props.versioned ?? false,
      lifecycleRules: [retentionRule],
      tags: validateTags(this, "tags", props.tags, TENCENT_TAG_RULE),
    });
    applyRemovalPolicy(this, this.resource, removalPolicy);
    requireProviderInRegion(this, "provider", this.resource, props.region);

    this.bucketName = name.bucketName;
    this.region = props.region;
    this.appId = name.appId;
    this.logPrefix = logPrefix;
    this.retentionDays = retentionDays;
    this.removalPolicy = removalPolicy;
    this.dependable = this.resource;
  }

  qcsForPrefix(prefix: string): string {
    return logObjectsQcs(this, prefix);
  }
}

/** A key prefix in a log bucket, normalised; "" (the whole bucket) allowed. */
function normalizeLogPrefix(scope: Construct, prop: string, prefix: string): string {
  return normalizeKeyPrefix(scope, prop, prefix, { ...COS_LOG_PREFIX_RULES, allowEmpty: true });
}

/** The root log prefix of a log bucket, normalised; none given is "" (the whole bucket). */
function rootLogPrefix(scope: Construct, logPrefix: string | undefined): string {
  return logPrefix === undefined ? "" : normalizeLogPrefix(scope, "logPrefix", logPrefix);
}

/** The qcs resource of the objects under `prefix` (normalised like a log prefix, "" allowed) in a log bucket. */
function logObjectsQcs(bucket: ICosLogBucket & Construct, prefix: string): string {
  return Qcs.cosObjects(bucket.region, bucket.appId, bucket.bucketName, normalizeLogPrefix(bucket, "prefix", prefix));
}

/** A log bucket managed elsewhere: only its name, region and root prefix. */
class ImportedCosLogBucket extends Construct implements ICosLogBucket {
  readonly [COS_LOG_BUCKET_MARKER] = true;
  readonly bucketName: string;
  readonly region: string;
  readonly appId: string;
  readonly logPrefix: string;

  constructor(scope: Construct, id: string, attrs: CosLogBucketAttributes) {
    super(scope, id);
    const name = resolveBucketName(this, attrs);
    requireLiteralRegion(this, "region", attrs.region);
    forbidLiteralProviderCredentials(this);
    this.bucketName = name.bucketName;
    this.region = attrs.region;
    this.appId = name.appId;
    this.logPrefix = rootLogPrefix(this, attrs.logPrefix);
  }

  qcsForPrefix(prefix: string): string {
    return logObjectsQcs(this, prefix);
  }
}
