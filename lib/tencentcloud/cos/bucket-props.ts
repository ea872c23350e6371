import { IResolvable, TerraformProvider } from "cdktf";
import { ITerraformResourceConfig } from "../../shared/terraform-types";
import type { ClsDeliveryAuthorization } from "../cls/delivery-authorization";
import { ICosBucketRef } from "./bucket-name";

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

/** Where and how a source bucket's access logs are delivered. */
export interface CosAccessLoggingOptions {
  /**
   * Region of the source bucket, a literal. It must be a region where COS offers log management
   * (`COS_LOGGING_REGIONS`), and the target must be in the same region.
   */
  readonly region: string;

  /** The bucket logs are delivered to: a {@link CosLogBucket}, an imported one, or any bucket reference. */
  readonly target: ICosBucketRef;

  /**
   * Key prefix of the log objects in the target. Normalised (no leading `/`, one trailing `/`); at most 256
   * characters of letters, digits, `-`, `_`, `.`, `=` and `/`. When the target is a `CosLogBucket` with a root
   * `logPrefix`, it must lie under that root so the retention rule covers it.
   *
   * @default "<target logPrefix><source bucket name without appid>/", so one target can serve many sources
   */
  readonly logPrefix?: string;

  /**
   * The CLS authorization to register with and depend on.
   *
   * @default ClsDeliveryAuthorization.of(stack): the stack's, created with defaults if there is none yet
   */
  readonly authorization?: ClsDeliveryAuthorization;
}

/**
 * A `tencentcloud_cos_bucket` as {@link CosAccessLogging} reads and changes it: an instance of the `CosBucket` class
 * from `cdktf-access-logs/providers/tencentcloud` or from your own `cdktf get` (any version of the provider's
 * bindings). Only the members used are listed, so every generation type-checks.
 */
export interface ICosBucketResource extends ITerraformResourceConfig {
  /** `bucket` as given in the config: the full bucket name. */
  readonly bucketInput?: string;
  /** `log_enable` as given in the config; must be unset. */
  readonly logEnableInput?: boolean | IResolvable;
  /** `log_target_bucket` as given in the config; must be unset. */
  readonly logTargetBucketInput?: string;
  /** `log_prefix` as given in the config; must be unset. */
  readonly logPrefixInput?: string;
  /** Set to true. */
  logEnable: boolean | IResolvable;
  /** Set to the target bucket's name. */
  logTargetBucket: string;
  /** Set to the normalised log prefix. */
  logPrefix: string;
}
