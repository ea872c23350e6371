import { TerraformProvider } from "cdktf";

/**
 * Properties shared by the COS bucket constructs of this library (log buckets and logged source buckets).
 */

/**
 * How a construct learns a bucket's name. COS bucket names end in `-<appid>`; give either the full name, or the
 * short name and (optionally) the appid.
 */
export interface CosBucketNameProps {
  /**
   * Full bucket name including the `-<appid>` suffix, e.g. `access-logs-1250000000`. Give this or `name`, not both.
   *
   * @default - built from `name` and `appId`
   */
  readonly bucketName?: string;

  /**
   * Bucket name without the appid suffix, e.g. `access-logs`; the construct appends `-<appId>`.
   * Give this or `bucketName`, not both.
   *
   * @default - `bucketName` is used
   */
  readonly name?: string;

  /**
   * The 10-digit appid of the account that owns the bucket. Only needed with `name`, or with a `bucketName` that is a
   * token; a literal `bucketName` already carries its appid.
   *
   * @default - read at plan time from `data.tencentcloud_user_info` (one data source per stack)
   */
  readonly appId?: string;
}

/**
 * Server-side encryption of a bucket's objects. `AES256` is COS-managed keys (SSE-COS); `KMS` uses a KMS key
 * (SSE-KMS) and can name the key with `kmsKeyId`.
 */
export type CosEncryption = "AES256" | "KMS";

/** Server-side encryption settings. */
export interface CosBucketEncryptionProps {
  /**
   * Server-side encryption applied to every object written to the bucket.
   *
   * @default "AES256"
   */
  readonly encryption?: CosEncryption;

  /**
   * KMS key id for `encryption: "KMS"`. Only valid with KMS.
   *
   * @default - COS's default KMS key for the account and region
   */
  readonly kmsKeyId?: string;
}

/** The provider a bucket is declared with. */
export interface CosBucketProviderProps {
  /**
   * The `tencentcloud` provider (usually an alias) configured for the bucket's region. COS buckets live in the
   * provider's region, so a stack with buckets in several regions needs one provider per region. When it is a
   * `TencentcloudProvider` with a literal region, that region must equal the construct's `region`.
   *
   * @default - the stack's default `tencentcloud` provider, whose region must be the construct's `region`
   */
  readonly provider?: TerraformProvider;
}
