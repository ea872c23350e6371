import { Annotations, TerraformProvider, Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { BosBucket, BosBucketLifecycleRule } from "../../.gen/providers/baiducloud/bos-bucket";
import { registerAppUniquenessCheck } from "../shared/app-uniqueness";
import { invalidProp } from "../shared/errors";
import { BAIDUCLOUD_PROVIDER, checkProviderRegion, forbidLiteralProviderCredentials } from "../shared/providers";
import { lifecyclePrefixCovers } from "../shared/lifecycle-coverage";
import { BAIDU_TAG_RULE, validateTags } from "../shared/tags";
import { applyRemovalPolicy, RemovalPolicy, resolveRemovalPolicy } from "../shared/removal-policy";
import { IBosBucketRef, validateBosBucketName } from "./bos-bucket-name";
import { bosLogObjectKeyPrefix } from "./bos-log-object-key";
import {
  BOS_LOG_PREFIX_ROOT_MAX_LENGTH,
  BOS_LOG_PREFIX_RULE,
  DEFAULT_BOS_LOG_PREFIX_ROOT,
  normalizeBosLogPrefix,
} from "./bos-log-prefix";
import {
  BosLogTransition,
  bosLogRetentionRules,
  DEFAULT_BOS_LOG_RETENTION_DAYS,
  validateRetentionDays,
  validateTransition,
} from "./bos-log-retention";
import { validateBosRegion } from "./bos-regions";

/** A source bucket that delivers its access logs into a log bucket. */
export interface BosLogSource {
  /** The logged bucket's name. */
  readonly sourceBucketName: string;
  /** The normalised logging prefix it delivers under. */
  readonly targetPrefix: string;
}

/** A bucket that receives BOS access logs and knows which key prefix its retention covers. */
export interface IBosLogBucket extends IBosBucketRef {
  /** Root key prefix of the logs; source prefixes are derived under it. Normalised, ends in `/`. */
  readonly logPrefix: string;
  /**
   * Records that `source` delivers logs here, so the bucket's retention covers them (or, for imported buckets, so a
   * gap in coverage is reported).
   */
  addLogSource(source: BosLogSource): void;
}

/** Whether a bucket reference is an {@link IBosLogBucket}. */
export function isBosLogBucket(ref: IBosBucketRef): ref is IBosLogBucket {
  const candidate = ref as Partial<IBosLogBucket>;
  return typeof candidate.logPrefix === "string" && typeof candidate.addLogSource === "function";
}

/** Properties of a {@link BosLogBucket}. */
export interface BosLogBucketProps {
  /** Name of the bucket to create. BOS names are global and cannot change (the resource is replaced). */
  readonly bucketName: string;
  /**
   * Region code of the bucket, e.g. `bj`. BOS creates the bucket in the provider's region; this must match it, and
   * every source that logs here must be in the same region.
   */
  readonly region: string;
  /**
   * Root key prefix of the logs. Sources deliver under `<logPrefix><source-bucket>/` unless told otherwise, and the
   * retention rule covers everything under it, so keep other data out of this prefix. At most 23 characters (room is
   * needed for per-source folders); must follow BOS's prefix rule.
   * @default "logs/"
   */
  readonly logPrefix?: string;
  /**
   * Days after which log objects are deleted, 1 to 36500 (`BOS_LIFECYCLE_MAX_DAYS`; Baidu documents no maximum). BOS
   * never deletes access logs itself and bills them as storage.
   * @default 180
   */
  readonly retentionDays?: number;
  /**
   * Move log objects to a colder storage class before they are deleted.
   * @default - logs stay in the bucket's storage class until deleted
   */
  readonly transition?: BosLogTransition;
  /**
   * Encrypt objects at rest with BOS-managed AES256 keys, the only server-side encryption the provider offers.
   * Turning it off only stops this construct from asking for encryption; the provider does not remove encryption
   * that is already set.
   * @default true
   */
  readonly serverSideEncryption?: boolean;
  /**
   * Bucket tags. The provider cannot update tags: changing them REPLACES the bucket, which `removalPolicy` RETAIN
   * refuses at plan time and DESTROY carries out by deleting the stored logs. Decide tags up front.
   * @default - no tags
   */
  readonly tags?: { readonly [key: string]: string };
  /**
   * What a plan that deletes the bucket does (`cdktf destroy`, or a change that replaces it, such as new tags).
   * `RETAIN` sets `lifecycle.prevent_destroy`: Terraform stops at plan time, before anything of the stack is
   * destroyed, and the logs stay. `DESTROY` sets `force_destroy`: when BOS refuses to delete the non-empty bucket, the
   * provider lists the objects and deletes them one by one, then retries. The provider reads `force_destroy` from the
   * state, so deploy the switch to `DESTROY` before destroying. baiducloud 1.23.5 pages that listing with the wrong
   * marker and never gets past the first 1000 objects: empty a bigger bucket yourself first (README "Deploy").
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Let `terraform destroy` delete the bucket even when it holds logs.
   * @deprecated use `removalPolicy: RemovalPolicy.DESTROY` (true) or leave `removalPolicy` unset (false)
   * @default false
   */
  readonly forceDestroy?: boolean;
  /** The baiducloud provider to create the bucket with. @default - the stack's default baiducloud provider */
  readonly provider?: TerraformProvider;
}

/** Attributes of an existing log bucket, for {@link BosLogBucket.fromBucketAttributes}. */
export interface BosLogBucketAttributes {
  /** The bucket name. */
  readonly bucketName: string;
  /** Region code of the bucket. */
  readonly region: string;
  /**
   * Root prefix under which sources' logs are placed and which the bucket's own retention (managed elsewhere) covers.
   * @default "logs/"
   */
  readonly logPrefix?: string;
}

const RETENTION_ID = "access-logs";

/**
 * A private, encrypted BOS bucket for access logs, with a lifecycle rule that deletes log objects after
 * `retentionDays` (BOS never deletes them itself).
 *
 * Retention covers everything under `logPrefix` (sources log to `<logPrefix><source>/` by default). A source that
 * delivers under a prefix outside `logPrefix` gets its own rule, limited to exactly its log objects
 * (`<prefix><source>-*`, see {@link bosLogObjectKeyPrefix}), so no source's logs escape retention and retention never
 * deletes anything that is not a log.
 */
export class BosLogBucket extends Construct implements IBosLogBucket {
  /** References a log bucket that exists already (its retention is managed elsewhere). */
  static fromBucketAttributes(scope: Construct, id: string, attrs: BosLogBucketAttributes): IBosLogBucket {
    return new ImportedBosLogBucket(scope, id, attrs);
  }

  readonly bucketName: string;
  readonly region: string;
  readonly logPrefix: string;
  /** Days after which log objects are deleted. */
  readonly retentionDays: number;
  /** What destroying the stack does to the bucket. */
  readonly removalPolicy: RemovalPolicy;
  /** The underlying `baiducloud_bos_bucket`, for settings this construct does not cover. */
  readonly resource: BosBucket;
  readonly dependable: BosBucket;

  private readonly transition?: BosLogTransition;
  private readonly sources = new Map<string, string>();

  constructor(scope: Construct, id: string, props: BosLogBucketProps) {
    super(scope, id);
    registerAppUniquenessCheck(this);
    validateBosBucketName(this, "bucketName", props.bucketName);
    validateBosRegion(this, "region", props.region);
    this.logPrefix = normalizeBosLogPrefixRoot(this, "logPrefix", props.logPrefix ?? DEFAULT_BOS_LOG_PREFIX_ROOT);
    this.retentionDays = props.retentionDays ?? DEFAULT_BOS_LOG_RETENTION_DAYS;
    validateRetentionDays(this, "retentionDays", this.retentionDays);
    if (props.transition) validateTransition(this, "transition", props.transition, this.retentionDays);
    this.removalPolicy = this.resolveRemovalPolicy(props);
    if (this.removalPolicy === RemovalPolicy.DESTROY) {
      Annotations.of(this).addWarning(
        `${this.node.path}: removalPolicy DESTROY deletes every stored access log with the bucket, but baiducloud 1.23.5 ` +
          "empties only buckets of at most 1000 objects (its force_destroy listing never gets past the first page): " +
          'empty a bigger bucket yourself before `cdktf destroy` (README "Deploy").',
      );
    }

    this.bucketName = props.bucketName;
    this.region = props.region;
    this.transition = props.transition;
    this.resource = new BosBucket(this, "Bucket", {
      bucket: props.bucketName,
      acl: "private",
      serverSideEncryptionRule: props.serverSideEncryption === false ? undefined : "AES256",
      // Deletes the objects when BOS refuses to delete the bucket (resourceBaiduCloudBosBucketDelete, 1.23.5).
      forceDestroy: this.removalPolicy === RemovalPolicy.DESTROY,
      tags: validateTags(this, "tags", props.tags, BAIDU_TAG_RULE),
      provider: props.provider,
    });
    applyRemovalPolicy(this, this.resource, this.removalPolicy);
    this.dependable = this.resource;
    this.resource.putLifecycleRule(this.lifecycleRules());
    checkProviderRegion(this, {
      resource: this.resource,
      kind: BAIDUCLOUD_PROVIDER,
      region: props.region,
      regionProp: "region",
      providerProp: "provider",
    });
    forbidLiteralProviderCredentials(this);
  }

  /** `removalPolicy`, or what the deprecated `forceDestroy` meant; both only when they agree. */
  private resolveRemovalPolicy(props: BosLogBucketProps): RemovalPolicy {
    const forceDestroy: unknown = props.forceDestroy;
    if (forceDestroy !== undefined && typeof forceDestroy !== "boolean") {
      invalidProp(this, "forceDestroy", forceDestroy, "is not true or false", "use removalPolicy instead");
    }
    if (props.removalPolicy === undefined) {
      if (forceDestroy === undefined) return RemovalPolicy.RETAIN;
      Annotations.of(this).addWarning(
        `${this.node.path}: forceDestroy is deprecated; use ${forceDestroy ? "removalPolicy: RemovalPolicy.DESTROY" : "the default removalPolicy (RemovalPolicy.RETAIN)"} instead.`,
      );
      return forceDestroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    }
    const policy = resolveRemovalPolicy(this, "removalPolicy", props.removalPolicy);
    if (forceDestroy !== undefined && forceDestroy !== (policy === RemovalPolicy.DESTROY)) {
      invalidProp(
        this,
        "forceDestroy",
        forceDestroy,
        `contradicts removalPolicy ${JSON.stringify(policy)}`,
        "remove forceDestroy (deprecated): removalPolicy alone decides",
      );
    }
    return policy;
  }

  /** The sources registered so far, in registration order. */
  get logSources(): BosLogSource[] {
    return [...this.sources].map(([sourceBucketName, targetPrefix]) => ({ sourceBucketName, targetPrefix }));
  }

  addLogSource(source: BosLogSource): void {
    const { sourceBucketName, targetPrefix } = source;
    if (Token.isUnresolved(targetPrefix) || targetPrefix === "") {
      invalidProp(
        this,
        "addLogSource.targetPrefix",
        targetPrefix,
        "is not a literal, non-empty prefix",
        "give the prefix literally (e.g. 'logs/my-bucket/') so retention can be checked to cover exactly these logs",
      );
    }
    if (!BOS_LOG_PREFIX_RULE.pattern.test(targetPrefix) || targetPrefix.length > BOS_LOG_PREFIX_RULE.maxLength) {
      invalidProp(
        this,
        "addLogSource.targetPrefix",
        targetPrefix,
        `breaks the rule: ${BOS_LOG_PREFIX_RULE.description}`,
        "give the prefix exactly as the source's logging block has it",
      );
    }
    validateBosBucketName(this, "addLogSource.sourceBucketName", sourceBucketName);
    const known = this.sources.get(sourceBucketName);
    if (known !== undefined && known !== targetPrefix) {
      invalidProp(
        this,
        "addLogSource.targetPrefix",
        targetPrefix,
        `conflicts with prefix "${known}" already registered for source "${sourceBucketName}"; a bucket has one logging configuration`,
        "configure logging for each source bucket once",
      );
    }
    this.sources.set(sourceBucketName, targetPrefix);
    this.resource.putLifecycleRule(this.lifecycleRules());
  }

  /** Retention for the root prefix, plus one exact rule for each source that logs outside it. */
  private lifecycleRules(): BosBucketLifecycleRule[] {
    const rules = bosLogRetentionRules(
      this.bucketName,
      this.logPrefix,
      RETENTION_ID,
      this.retentionDays,
      this.transition,
    );
    for (const [sourceBucketName, targetPrefix] of this.sources) {
      const logKeys = bosLogObjectKeyPrefix(sourceBucketName, targetPrefix);
      if (lifecyclePrefixCovers(this.logPrefix, logKeys)) continue;
      rules.push(
        ...bosLogRetentionRules(
          this.bucketName,
          logKeys,
          `${RETENTION_ID}-${sourceBucketName}`,
          this.retentionDays,
          this.transition,
        ),
      );
    }
    return rules;
  }
}

/** Normalises a root log prefix and checks it leaves room for per-source folders. */
export function normalizeBosLogPrefixRoot(scope: IConstruct, prop: string, value: string): string {
  const root = normalizeBosLogPrefix(scope, prop, value);
  if (root.length > BOS_LOG_PREFIX_ROOT_MAX_LENGTH) {
    invalidProp(
      scope,
      prop,
      value,
      `is ${root.length} characters long; a root prefix may have at most ${BOS_LOG_PREFIX_ROOT_MAX_LENGTH} so per-source folders still fit BOS's 32-character limit`,
      "shorten it, e.g. 'logs/'",
    );
  }
  return root;
}

/** A log bucket managed outside this app: sources can log into it; coverage gaps are reported as warnings. */
class ImportedBosLogBucket extends Construct implements IBosLogBucket {
  readonly bucketName: string;
  readonly region: string;
  readonly logPrefix: string;

  constructor(scope: Construct, id: string, attrs: BosLogBucketAttributes) {
    super(scope, id);
    validateBosBucketName(this, "bucketName", attrs.bucketName);
    validateBosRegion(this, "region", attrs.region);
    forbidLiteralProviderCredentials(this);
    this.bucketName = attrs.bucketName;
    this.region = attrs.region;
    this.logPrefix = normalizeBosLogPrefixRoot(this, "logPrefix", attrs.logPrefix ?? DEFAULT_BOS_LOG_PREFIX_ROOT);
  }

  addLogSource(source: BosLogSource): void {
    if (
      !Token.isUnresolved(source.targetPrefix) &&
      !Token.isUnresolved(source.sourceBucketName) &&
      !lifecyclePrefixCovers(this.logPrefix, bosLogObjectKeyPrefix(source.sourceBucketName, source.targetPrefix))
    ) {
      Annotations.of(this).addWarning(
        `Source "${source.sourceBucketName}" logs under "${source.targetPrefix}", outside "${this.logPrefix}": make sure the retention configured on ${this.bucketName} covers it.`,
      );
    }
  }
}
