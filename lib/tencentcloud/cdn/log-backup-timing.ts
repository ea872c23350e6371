// How much time the CDN log backup function needs, in one place for both sides: the function
// (functions/cdn-log-backup/src, which esbuild bundles this file into) decides by these numbers when a copy may still
// start, and CdnLogBackup refuses a timeout in which no copy could ever start. Plain constants, no imports: the
// function's bundle must not pull in cdktf.

/** Kept free at the end of every run to abort open uploads and write the summary before SCF stops the run. */
export const CDN_LOG_BACKUP_CLEANUP_RESERVE_MS = 15_000;

/** A download that sends nothing for this long counts as stalled; a stall is only noticed after it. */
export const CDN_LOG_BACKUP_DOWNLOAD_IDLE_TIMEOUT_MS = 60_000;

/**
 * No copy starts with less time left than this: the cleanup reserve plus the idle timeout, so even a copy that stalls
 * at once is noticed and cleaned up before SCF stops the run (75 s).
 */
export const CDN_LOG_BACKUP_MIN_COPY_START_MS =
  CDN_LOG_BACKUP_CLEANUP_RESERVE_MS + CDN_LOG_BACKUP_DOWNLOAD_IDLE_TIMEOUT_MS;

/**
 * What a run spends before its first copy: the DescribeCdnDomainLogs listings and the listing of what is stored, a
 * request or two per domain and area (15 s).
 */
export const CDN_LOG_BACKUP_LISTING_ALLOWANCE_MS = 15_000;

/**
 * The shortest SCF timeout in which a run can copy one package: the listing allowance plus the least time a copy
 * needs to start (90 s). With less, every run would defer every package.
 */
export const CDN_LOG_BACKUP_MIN_TIMEOUT_SECONDS = Math.ceil(
  (CDN_LOG_BACKUP_LISTING_ALLOWANCE_MS + CDN_LOG_BACKUP_MIN_COPY_START_MS) / 1000,
);
