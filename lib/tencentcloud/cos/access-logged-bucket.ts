import { Construct } from "constructs";
import { CosBucket } from "../../../.gen/providers/tencentcloud/cos-bucket";
import { registerAppUniquenessCheck } from "../../shared/app-uniqueness";
import { invalidProp } from "../../shared/errors";
import { TENCENT_TAG_RULE, validateTags } from "../../shared/tags";
import { ICosBucketRef } from "./bucket-name";
import {
  applyAccessLogging,
  encryptionConfig,
  requireLoggingRegion,
  requireProviderInRegion,
  resolveBucketName,
} from "./bucket-internal";
import {
  CosAccessLoggingOptions,
  CosBucketEncryptionProps,
  CosBucketNameProps,
  CosBucketProviderProps,
} from "./bucket-props";

/** Canned ACLs a logged source bucket may have. `public-read-write` (anonymous writes) is never accepted. */
export type CosSourceBucketAcl = "private" | "public-read";

/** Properties of a {@link CosAccessLoggedBucket}. */
export interface CosAccessLoggedBucketProps
  extends CosBucketNameProps, CosBucketEncryptionProps, CosBucketProviderProps, CosAccessLoggingOptions {
  /**
   * Canned ACL of the bucket.
   *
   * @default "private"
   */
  readonly acl?: CosSourceBucketAcl;

  /**
   * Keep previous versions of overwritten or deleted objects.
   *
   * @default false
   */
  readonly versioned?: boolean;

  /**
   * Tags on the bucket.
   *
   * @default - no tags
   */
  readonly tags?: { readonly [key: string]: string };
}

/**
 * A COS bucket with access logging ("log management") into a log bucket: private and encrypted by default, its logs
 * delivered through CLS under `logPrefix`, and dependent on the CLS grant so logging is enabled only once CLS may write.
 *
 * @example
 * const logs = new CosLogBucket(stack, "Logs", { name: "access-logs", region: "ap-guangzhou" });
 * new CosAccessLoggedBucket(stack, "Website", { name: "website", region: "ap-guangzhou", target: logs });
 */
export class CosAccessLoggedBucket extends Construct implements ICosBucketRef {
  readonly bucketName: string;
  readonly region: string;
  readonly appId: string;
  /** Where in the target this bucket's logs go (normalised). */
  readonly logPrefix: string;
  /** The log bucket. */
  readonly target: ICosBucketRef;

  constructor(scope: Construct, id: string, props: CosAccessLoggedBucketProps) {
    super(scope, id);
    registerAppUniquenessCheck(this);
    const name = resolveBucketName(this, props);
    requireLoggingRegion(this, "region", props.region);
    const acl = props.acl ?? "private";
    if (acl !== "private" && acl !== "public-read") {
      invalidProp(
        this,
        "acl",
        acl,
        "is not allowed for a logged bucket",
        'use "private" (default) or "public-read"; grant writes through CAM, never anonymously',
      );
    }
    const encryption = encryptionConfig(this, props);

    const bucket = new CosBucket(this, "Resource", {
      provider: props.provider,
      bucket: name.bucketName,
      acl,
      encryptionAlgorithm: encryption.encryptionAlgorithm,
      kmsId: encryption.kmsId,
      forceClean: false,
      versioningEnable: props.versioned ?? false,
      tags: validateTags(this, "tags", props.tags, TENCENT_TAG_RULE),
    });
    requireProviderInRegion(this, "provider", bucket, props.region);
    this.logPrefix = applyAccessLogging(this, bucket, { ...name, region: props.region }, props);

    this.bucketName = name.bucketName;
    this.region = props.region;
    this.appId = name.appId;
    this.target = props.target;
  }
}
