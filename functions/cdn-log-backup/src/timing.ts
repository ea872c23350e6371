/**
 * The function's timing: how long before the deadline a copy may still start, the cleanup reserve, the idle timeout.
 *
 * The numbers live in the library (lib/tencentcloud/cdn/log-backup-timing.ts), where CdnLogBackup refuses a timeout
 * too short for them, so the construct and the function cannot drift apart; esbuild bundles the file into the function.
 */
export {
  CDN_LOG_BACKUP_CLEANUP_RESERVE_MS,
  CDN_LOG_BACKUP_DOWNLOAD_IDLE_TIMEOUT_MS,
  CDN_LOG_BACKUP_MIN_COPY_START_MS,
  CDN_LOG_BACKUP_MIN_TIMEOUT_SECONDS,
} from "../../../lib/tencentcloud/cdn/log-backup-timing";
