// Tencent Cloud: shared building blocks first, then one construct per file. Modules listed by name also hold
// internal helpers (validators, patterns, timer-string conversions), which stay out of the API.
export * from "./account";
export { CamPolicyDocument, camAction } from "./cam-policy-document";
export type { CamEffect, CamPolicyJson, CamPolicyStatement, CamPrincipal } from "./cam-policy-document";
export type { ICosBucketRef } from "./cos-bucket-name";
export { COS_LOGGING_REGIONS } from "./cos-regions";
export * from "./qcs";
export * from "./cos-bucket-props";
export {
  CLS_DELIVERY_ACTIONS,
  CLS_DELIVERY_ROLE_NAME,
  CLS_PRESET_POLICY_NAME,
  CLS_SERVICE_PRINCIPAL,
  ClsDeliveryAuthorization,
} from "./cls-delivery-authorization";
export type { ClsDeliveryAuthorizationProps, ClsDeliveryPermissions } from "./cls-delivery-authorization";
export * from "./cos-log-bucket";
export * from "./cos-access-logged-bucket";
export * from "./cos-access-logging";
export { ScfCron, ScfCronError } from "./scf-cron";
export * from "./scf-execution-role";
export { SCF_MEMORY_SIZES, SCF_TIMEOUT_SECONDS } from "./scf-limits";
export * from "./cdn-log-backup-schedule";
export {
  CDN_LOG_BACKUP_CDN_ACTION,
  CDN_LOG_BACKUP_COS_ACTIONS,
  CDN_LOG_BACKUP_HANDLER,
  CDN_LOG_BACKUP_LIST_ACTION,
  CDN_LOG_BACKUP_RUNTIME,
  CDN_LOG_MAX_LOOKBACK_HOURS,
  CdnLogBackup,
} from "./cdn-log-backup";
export type { CdnLogArea, CdnLogBackupProps, CdnResourceScope } from "./cdn-log-backup";
export * from "./cdn-log-backup-key";
