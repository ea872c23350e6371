import { Annotations, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { BosBucket } from "../../.gen/providers/baiducloud/bos-bucket";
import { registerAppUniquenessCheck } from "../shared/app-uniqueness";
import { invalidProp } from "../shared/errors";
import { BAIDU_TAG_RULE, validateTags } from "../shared/tags";
import { applyBosAccessLogging, BosAccessLoggingOptions } from "./bos-access-logging";
import { IBosBucketRef } from "./bos-bucket-name";

/** Canned ACLs a BOS bucket accepts. */
export type BosBucketAcl = "private" | "public-read" | "public-read-write";

const BOS_BUCKET_ACLS: readonly BosBucketAcl[] = ["private", "public-read", "public-read-write"];

/** Properties of a {@link BosAccessLoggedBucket}. */
export interface BosAccessLoggedBucketProps extends BosAccessLoggingOptions {
  /** Name of the bucket to create. BOS names are global and cannot change (the resource is replaced). */
  readonly bucketName: string;
  /**
   * Canned ACL of the bucket. Public ACLs are allowed (a public site is a common reason to log access) but get a
   * warning.
   * @default "private"
   */
  readonly acl?: BosBucketAcl;
  /**
   * Encrypt objects at rest with BOS-managed AES256 keys.
   * @default true
   */
  readonly serverSideEncryption?: boolean;
  /**
   * Bucket tags. The provider cannot update tags: changing them REPLACES the bucket. Decide them up front.
   * @default - no tags
   */
  readonly tags?: { readonly [key: string]: string };
  /**
   * Let `terraform destroy` delete the bucket even when it holds objects.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /** The baiducloud provider to create the bucket with. @default - the stack's default baiducloud provider */
  readonly provider?: TerraformProvider;
}

/**
 * A BOS bucket whose access logs are delivered to a log bucket in the same region (or into itself with
 * `logToSelf`). Private and encrypted unless told otherwise. To log a `baiducloud_bos_bucket` you already define,
 * use {@link enableBosAccessLogging} instead.
 */
export class BosAccessLoggedBucket extends Construct implements IBosBucketRef {
  readonly bucketName: string;
  readonly region: string;
  /** The bucket receiving the logs. */
  readonly logTargetBucket: string;
  /** The normalised prefix the logs are written under. */
  readonly logPrefix: string;
  /** Key prefix of every log object of this bucket, `<logPrefix><bucketName>-`. */
  readonly logObjectKeyPrefix: string;
  /** The underlying `baiducloud_bos_bucket`, for settings this construct does not cover. */
  readonly resource: BosBucket;
  readonly dependable: BosBucket;

  constructor(scope: Construct, id: string, props: BosAccessLoggedBucketProps) {
    super(scope, id);
    registerAppUniquenessCheck(this);
    const acl = props.acl ?? "private";
    if (!BOS_BUCKET_ACLS.includes(acl)) {
      invalidProp(this, "acl", acl, "is not a BOS canned ACL", `use one of ${BOS_BUCKET_ACLS.join(", ")}`);
    }
    if (acl !== "private") {
      Annotations.of(this).addWarning(`acl is "${acl}": anyone can ${acl === "public-read" ? "read" : "read and write"} objects in ${props.bucketName}.`);
    }
    this.resource = new BosBucket(this, "Bucket", {
      bucket: props.bucketName,
      acl,
      serverSideEncryptionRule: props.serverSideEncryption === false ? undefined : "AES256",
      forceDestroy: props.forceDestroy ?? false,
      tags: validateTags(this, "tags", props.tags, BAIDU_TAG_RULE),
      provider: props.provider,
    });
    this.dependable = this.resource;
    const applied = applyBosAccessLogging(this, this.resource, props);
    this.bucketName = props.bucketName;
    this.region = props.region;
    this.logTargetBucket = applied.targetBucket;
    this.logPrefix = applied.targetPrefix;
    this.logObjectKeyPrefix = applied.logObjectKeyPrefix;
  }
}
