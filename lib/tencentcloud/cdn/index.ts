// CDN: the log backup that copies hourly CDN log packages into COS (schedule, key layout and the construct).
export * from "./log-backup-schedule";
export {
  CDN_LOG_BACKUP_CDN_ACTION,
  CDN_LOG_BACKUP_COS_ACTIONS,
  CDN_LOG_BACKUP_HANDLER,
  CDN_LOG_BACKUP_LIST_ACTION,
  CDN_LOG_BACKUP_RUNTIME,
  CDN_LOG_MAX_LOOKBACK_HOURS,
} from "./log-backup-props";
export type { CdnLogArea, CdnLogBackupProps, CdnResourceScope } from "./log-backup-props";
export { CdnLogBackup } from "./log-backup";
export { CDN_LOG_BACKUP_MIN_TIMEOUT_SECONDS } from "./log-backup-timing";
export { CDN_LOG_BACKUP_ALARM_PERIODS, CDN_LOG_BACKUP_ALARM_TAG_KEY } from "./log-backup-alarm";
export type { CdnLogBackupAlarmOptions } from "./log-backup-alarm";
export * from "./log-backup-key";
