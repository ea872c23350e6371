// The package's public surface: what `cdktf-access-logs` exports is the API documented in docs/api (typedoc, checked
// by `npm test`). Internal helpers that once leaked through `export *` stay out, so nobody builds on them.
import * as library from "../../lib";

/** Validators, derivations, patterns and wiring the constructs use internally. */
const INTERNAL = [
  "invalidProp",
  "showValue",
  "normalizeKeyPrefix",
  "applyBosAccessLogging",
  "isBosLogBucket",
  "normalizeBosLogPrefixRoot",
  "validateBosBucketName",
  "BOS_BUCKET_NAME_RULES",
  "validateBosRegion",
  "BOS_REGION_PATTERN",
  "addProviderRegionCheck",
  "addLiteralCredentialCheck",
  "normalizeBosLogPrefix",
  "deriveBosLogPrefix",
  "isUnderBosLogPrefix",
  "BOS_LOG_PREFIX_RULE",
  "BOS_LOG_PREFIX_ROOT_MAX_LENGTH",
  "bosDaysAfterLastModified",
  "bosLogRetentionRules",
  "validateRetentionDays",
  "validateTransition",
  "validateCamName",
  "CAM_NAME_PATTERN",
  "COS_BUCKET_NAME_PATTERN",
  "COS_BUCKET_NAME_MAX_LENGTH",
  "COS_APPID_PATTERN",
  "splitCosBucketName",
  "validateCosBucketName",
  "validateCosShortName",
  "validateAppId",
  "COS_REGION_PATTERN",
  "scfTimerTriggerDesc",
  "cronOfTimerTriggerDesc",
  "isValidScfMemorySize",
  "isValidScfTimeout",
  "SCF_FUNCTION_NAME_PATTERN",
  "SCF_NAMESPACE_PATTERN",
  "formatBeijingTime",
  "requireLiteral",
  "requireWholeNumber",
  "isToken",
  "validateTags",
  "TENCENT_TAG_RULE",
  "BAIDU_TAG_RULE",
];

test.each(INTERNAL)("%s is internal, not exported", (name) => {
  expect(Object.keys(library)).not.toContain(name);
});

test("the constructs and their entry points are exported", () => {
  for (const name of [
    "CosLogBucket",
    "CosAccessLoggedBucket",
    "CosAccessLogging",
    "ClsDeliveryAuthorization",
    "CdnLogBackup",
    "BackupSchedule",
    "ScfCron",
    "BosLogBucket",
    "BosAccessLoggedBucket",
    "enableBosAccessLogging",
    "AccessLogChecks",
    "PropValidationError",
    "checkSchemaConformance",
  ]) {
    expect({ name, exported: name in library }).toEqual({ name, exported: true });
  }
});
