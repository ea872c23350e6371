/**
 * Internal helpers shared by the COS logging constructs. Not exported from the package: the constructs are the API.
 */
import { Annotations, TerraformStack, Token } from "cdktf";
import { dependencyInSameStack, dependencyOn } from "../../shared/dependencies";
import { IConstruct } from "constructs";
import { comparableName } from "../../shared/app-uniqueness";
import { invalidProp } from "../../shared/errors";
import { checkProviderRegion, forbidLiteralProviderCredentials, TENCENTCLOUD_PROVIDER } from "../../shared/providers";
import type { ITerraformResourceConfig } from "../../shared/terraform-types";
import { requireLiteral, requireString, requireWholeNumber } from "../../shared/literals";
import { KeyPrefixRules, normalizeKeyPrefix } from "../../shared/key-prefix";
import { lifecyclePrefixCovers } from "../../shared/lifecycle-coverage";
import { TencentCloudAccount } from "../cam/account";
import { ClsDeliveryAuthorization } from "../cls/delivery-authorization";
import type { CosBucketEncryptionProps, CosBucketNameProps, ICosBucketResource } from "./bucket-props";
import {
  ICosBucketRef,
  splitCosBucketName,
  validateAppId,
  validateCosBucketName,
  validateCosShortName,
} from "./bucket-name";
import { COS_LOGGING_REGIONS, COS_REGIONS } from "./regions";

/**
 * Longest log prefix accepted. COS keys may be 850 bytes; log objects add `YYYY/MM/DD/<time>_<random>_<index>` (about
 * 50 characters) after the prefix, and the prefix also ends up in CAM resource names, so 256 leaves ample room.
 */
export const COS_LOG_PREFIX_MAX_LENGTH = 256;

/**
 * Characters allowed in a log prefix. Deliberately narrow: `*` or `?` would widen the CAM grant built from the
 * prefix, and `:` would break the qcs resource name.
 */
export const COS_LOG_PREFIX_RULES: KeyPrefixRules = {
  maxLength: COS_LOG_PREFIX_MAX_LENGTH,
  pattern: {
    regex: /^[A-Za-z0-9._=/-]+$/,
    description:
      "letters, digits, '-', '_', '.', '=' and '/' only (a '*' or '?' would widen the CAM grant built from the prefix, a ':' would break its qcs resource name)",
  },
};

/** A bucket name as the constructs need it. */
export interface ResolvedBucketName {
  /** Full name with `-<appid>`; may contain a token. */
  readonly bucketName: string;
  /** The name without appid when it is known at synth, for readable default prefixes. */
  readonly shortName?: string;
  /** Appid, literal or token. */
  readonly appId: string;
}

/** Turns `bucketName` or `name` + `appId` into a full name, validating each part. */
export function resolveBucketName(scope: IConstruct, props: CosBucketNameProps): ResolvedBucketName {
  const { bucketName, name, appId } = props;
  if (bucketName !== undefined && name !== undefined) {
    invalidProp(
      scope,
      "name",
      name,
      `conflicts with bucketName ${JSON.stringify(bucketName)}`,
      "give either bucketName (with '-<appid>') or name (+ optional appId), not both",
    );
  }
  if (appId !== undefined) validateAppId(scope, "appId", appId);
  if (bucketName !== undefined) {
    validateCosBucketName(scope, "bucketName", bucketName);
    if (Token.isUnresolved(bucketName)) {
      return { bucketName, appId: appId ?? TencentCloudAccount.of(scope).appId };
    }
    // A literal full name carries its appid (validateCosBucketName guarantees the suffix).
    const parts = splitCosBucketName(bucketName)!;
    if (appId !== undefined && !Token.isUnresolved(appId) && appId !== parts.appId) {
      invalidProp(
        scope,
        "appId",
        appId,
        `contradicts the appid ${parts.appId} in bucketName ${JSON.stringify(bucketName)}`,
        "drop appId (the full bucket name already carries it) or fix the name",
      );
    }
    return { bucketName, shortName: parts.shortName, appId: parts.appId };
  }
  if (name === undefined) {
    invalidProp(
      scope,
      "bucketName",
      bucketName,
      "is required when name is not set",
      "give bucketName (e.g. 'access-logs-1250000000') or name (e.g. 'access-logs') with an optional appId",
    );
  }
  validateCosShortName(scope, "name", name);
  const resolvedAppId = appId ?? TencentCloudAccount.of(scope).appId;
  return {
    bucketName: `${name}-${resolvedAppId}`,
    shortName: Token.isUnresolved(name) ? undefined : name,
    appId: resolvedAppId,
  };
}

/** A region must be a literal COS region: the logging rules are checked at synth. */
export function requireLiteralRegion(scope: IConstruct, prop: string, region: string): void {
  if (typeof region !== "string") {
    invalidProp(scope, prop, region, "is not a string", "pass the region as a literal string such as 'ap-guangzhou'");
  }
  requireLiteral(scope, prop, region, "'ap-guangzhou'", "the region rules can be checked");
  if (!COS_REGIONS.includes(region)) {
    invalidProp(scope, prop, region, "is not a COS region", `use one of ${COS_REGIONS.join(", ")}`);
  }
}

/** A source bucket's region must be one where COS offers log management. */
export function requireLoggingRegion(scope: IConstruct, prop: string, region: string): void {
  requireLiteralRegion(scope, prop, region);
  if (!COS_LOGGING_REGIONS.includes(region)) {
    invalidProp(
      scope,
      prop,
      region,
      "is not a region where COS delivers access logs",
      `use one of ${COS_LOGGING_REGIONS.join(", ")}`,
    );
  }
}

/**
 * A bucket is created in its provider's region: the `tencentcloud` provider `bucket` is created with (its explicit
 * one now, else the stack's default one at synth), whichever class generated it, must be configured for `region`.
 * Also guards the app against literal provider credentials, as every construct of this library does.
 *
 * @param providerProp the property the explicit provider came from, for messages
 */
export function requireProviderInRegion(
  scope: IConstruct,
  providerProp: string,
  bucket: ITerraformResourceConfig,
  region: string,
): void {
  checkProviderRegion(scope, {
    resource: bucket,
    kind: TENCENTCLOUD_PROVIDER,
    region,
    regionProp: "region",
    providerProp,
  });
  forbidLiteralProviderCredentials(scope);
}

/** The `encryption_algorithm` / `kms_id` pair for a bucket. */
export function encryptionConfig(
  scope: IConstruct,
  props: CosBucketEncryptionProps,
): { encryptionAlgorithm: string; kmsId?: string } {
  const encryption = props.encryption ?? "AES256";
  if (encryption !== "AES256" && encryption !== "KMS") {
    invalidProp(
      scope,
      "encryption",
      encryption,
      "is not a supported encryption",
      'use "AES256" (COS-managed keys) or "KMS" (optionally with kmsKeyId)',
    );
  }
  if (props.kmsKeyId !== undefined && encryption !== "KMS") {
    invalidProp(
      scope,
      "kmsKeyId",
      props.kmsKeyId,
      `is only used with encryption "KMS", but encryption is "${encryption}"`,
      'set encryption: "KMS" or remove kmsKeyId',
    );
  }
  if (props.kmsKeyId !== undefined) requireString(scope, "kmsKeyId", props.kmsKeyId, "give the KMS key id as a string");
  if (props.kmsKeyId !== undefined && !Token.isUnresolved(props.kmsKeyId) && props.kmsKeyId.trim() === "") {
    invalidProp(
      scope,
      "kmsKeyId",
      props.kmsKeyId,
      "is empty",
      "give the KMS key id, or leave kmsKeyId unset to use COS's default KMS key",
    );
  }
  if (encryption === "KMS" && props.kmsKeyId === undefined) {
    // resourceTencentCloudCosBucketRead stores GetBucketEncryption's KMSMasterKeyID in kms_id (Optional, not Computed).
    Annotations.of(scope).addWarning(
      `${scope.node.path}: encryption "KMS" without kmsKeyId: if COS reports the default key it chose, the provider stores its id in kms_id and every later plan shows kms_id changing back to null. Set kmsKeyId to the key's id to keep plans clean.`,
    );
  }
  return props.kmsKeyId === undefined
    ? { encryptionAlgorithm: encryption }
    : { encryptionAlgorithm: encryption, kmsId: props.kmsKeyId };
}

/**
 * Longest period a COS lifecycle rule accepts, in days: COS's PUT Bucket lifecycle takes at most 3650 days for
 * `Expiration.Days` (the provider's schema says the same for `non_current_days` and `days_after_initiation`).
 */
export const COS_LIFECYCLE_MAX_DAYS = 3650;

/**
 * Checks an optional lifecycle period in days: a literal whole number from `min` to {@link COS_LIFECYCLE_MAX_DAYS}
 * (a larger number would reach the JSON as `1e+21` and overflow the provider's int).
 */
export function requireDays(scope: IConstruct, prop: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  requireWholeNumber(scope, prop, value, {
    min,
    max: COS_LIFECYCLE_MAX_DAYS,
    unit: "days",
    source: `COS lifecycle rules accept ${min} to ${COS_LIFECYCLE_MAX_DAYS} days`,
  });
}

/**
 * Marks the log buckets of this library (`CosLogBucket` and its imports), whose `logPrefix` is the root their
 * retention covers. A structural check would not do: a `CosAccessLoggedBucket` also has a `logPrefix`, meaning
 * something else (where its own logs go).
 */
export const COS_LOG_BUCKET_MARKER: unique symbol = Symbol.for("cdktf-access-logs.CosLogBucket");

/**
 * The prefix a log bucket's retention covers, for `CosLogBucket`s and their imports (marked with
 * {@link COS_LOG_BUCKET_MARKER}); undefined for any other bucket reference, including logged source buckets, whose
 * `logPrefix` says where their own logs go.
 */
export function logRootOf(target: ICosBucketRef): string | undefined {
  const marked = target as ICosBucketRef & { readonly [COS_LOG_BUCKET_MARKER]?: boolean; readonly logPrefix?: unknown };
  return marked[COS_LOG_BUCKET_MARKER] === true && typeof marked.logPrefix === "string" ? marked.logPrefix : undefined;
}

/** Where a source bucket's access logs go. */
export interface AccessLoggingSettings {
  readonly target: ICosBucketRef;
  readonly logPrefix?: string;
  readonly authorization?: ClsDeliveryAuthorization;
}

/**
 * Turns on access logging for `bucket`: validates regions and the prefix, sets the three provider arguments together
 * (the provider fails on `log_enable` without both), registers the destination with the stack's CLS authorization and
 * makes the bucket depend on the grant so Terraform authorizes CLS before COS starts delivering.
 *
 * @returns the normalised log prefix
 */
export function applyAccessLogging(
  scope: IConstruct,
  bucket: ICosBucketResource,
  source: { readonly bucketName: string; readonly shortName?: string; readonly region: string },
  settings: AccessLoggingSettings,
): string {
  const { target } = settings;
  requireLoggingRegion(scope, "region", source.region);
  if (target === undefined || target === null) {
    invalidProp(
      scope,
      "target",
      target,
      "is required",
      "pass the log bucket (a CosLogBucket, or CosLogBucket.fromBucketAttributes(...))",
    );
  }
  requireLiteralRegion(scope, "target.region", target.region);
  if (target.region !== source.region) {
    invalidProp(
      scope,
      "target.region",
      target.region,
      `differs from the source bucket's region "${source.region}"`,
      `COS delivers access logs only within one region: use a log bucket in ${source.region}`,
    );
  }
  validateCosBucketName(scope, "target.bucketName", target.bucketName);

  const root = logRootOf(target) ?? "";
  let logPrefix: string;
  if (settings.logPrefix === undefined) {
    logPrefix = normalizeKeyPrefix(
      scope,
      "logPrefix",
      `${root}${source.shortName ?? source.bucketName}/`,
      COS_LOG_PREFIX_RULES,
    );
  } else {
    logPrefix = normalizeKeyPrefix(scope, "logPrefix", settings.logPrefix, COS_LOG_PREFIX_RULES);
    if (
      root !== "" &&
      !Token.isUnresolved(root) &&
      !Token.isUnresolved(logPrefix) &&
      !lifecyclePrefixCovers(root, logPrefix)
    ) {
      invalidProp(
        scope,
        "logPrefix",
        settings.logPrefix,
        `is outside the log bucket's prefix "${root}", so its logs would escape the retention rule`,
        `use a prefix under "${root}", e.g. "${root}${source.shortName ?? "my-bucket"}/", or leave logPrefix unset`,
      );
    }
  }

  // Names compare by value: a token (the account's appid, say) by the Terraform expression it stands for, so
  // `logs-<appid>` is the same bucket however many token objects carry the appid.
  if (comparableName(scope, target.bucketName) === comparableName(scope, source.bucketName)) {
    Annotations.of(scope).addWarning(
      `${scope.node.path}: the bucket logs into itself; every log delivery is itself logged, and the logs are covered by no log-bucket retention rule. Prefer a separate CosLogBucket.`,
    );
  }

  const authorization = settings.authorization ?? ClsDeliveryAuthorization.of(scope);
  if (TerraformStack.of(authorization) !== TerraformStack.of(scope)) {
    invalidProp(
      scope,
      "authorization",
      authorization.node.path,
      "belongs to another stack",
      "use ClsDeliveryAuthorization.of(<this stack>) or leave authorization unset",
    );
  }
  const firstUser = authorization.addDeliveryTarget(target, logPrefix);
  if (!firstUser) {
    Annotations.of(scope).addWarning(
      `${scope.node.path}: another source already delivers access logs to ${target.bucketName}/${logPrefix}; their logs will be mixed. Give each source its own logPrefix.`,
    );
  }

  bucket.logEnable = true;
  bucket.logTargetBucket = target.bucketName;
  bucket.logPrefix = logPrefix;
  // Terraform must grant CLS access before COS starts delivering, and create the target before logging points at it.
  const targetDependency = dependencyInSameStack(scope, target.dependable);
  bucket.dependsOn = [
    ...(bucket.dependsOn ?? []),
    dependencyOn(authorization.grant),
    ...(targetDependency ? [targetDependency] : []),
  ];
  return logPrefix;
}
