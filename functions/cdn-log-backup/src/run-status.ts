/**
 * The run status object: written at the end of every run to `<prefix>_status/cdn-log-backup.json` in the destination
 * bucket, so `cdktf-access-logs verify` can tell from outside whether the backup runs and succeeds (SCF's own logs
 * and metrics need other permissions and other APIs). Domains, the first segment of every package key, never start
 * with `_`, so the key cannot collide with a package.
 *
 * Writing it is best effort: a failed write is logged and never changes the run's result (a failed run still throws
 * its own error; a successful run still returns its summary).
 */
import type { BackupConfig } from "./config";
import type { ObjectStore } from "./cos-storage";
import type { Logger } from "./logger";
import { errorMessage } from "./retry";
import { assertBackupSucceeded, type BackupSummary } from "./summary";

/** The key after the destination prefix (lib/verify/backup-checks.ts reads the same key). */
export const RUN_STATUS_KEY_SUFFIX = "_status/cdn-log-backup.json";

/** The function's version, set by the bundler (build.mjs) from package.json; `dev` when run from source. */
declare const __CDN_LOG_BACKUP_VERSION__: string | undefined;
export const FUNCTION_VERSION: string =
  typeof __CDN_LOG_BACKUP_VERSION__ === "string" ? __CDN_LOG_BACKUP_VERSION__ : "dev";

/** The status document. */
export interface RunStatus {
  readonly schema: 1;
  /** `succeeded`, or `failed` when the run threw (SCF records it as failed). */
  readonly outcome: "succeeded" | "failed";
  readonly version: string;
  /** The timer's Time (or the clock, when the event had none), ISO 8601. */
  readonly triggerTime: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The Beijing-time window the run covered; absent when the run failed before listing. */
  readonly window?: { readonly start: string; readonly end: string };
  readonly counts?: {
    readonly listed: number;
    readonly copied: number;
    readonly skipped: number;
    readonly deferred: number;
    readonly failed: number;
    readonly listingFailures: number;
  };
  /** The run's error, one line, when it failed. */
  readonly error?: string;
}

/** The status of a run that returned `summary` or threw `failure`. */
export function runStatusOf(
  run: { summary?: BackupSummary; failure?: unknown },
  times: { triggerTime: Date; startedAt: Date; finishedAt: Date },
): RunStatus {
  let error = run.failure === undefined ? undefined : errorMessage(run.failure);
  if (error === undefined && run.summary !== undefined) {
    try {
      assertBackupSucceeded(run.summary);
    } catch (incomplete) {
      error = errorMessage(incomplete);
    }
  }
  const s = run.summary;
  return {
    schema: 1,
    outcome: error === undefined && s !== undefined ? "succeeded" : "failed",
    version: FUNCTION_VERSION,
    triggerTime: times.triggerTime.toISOString(),
    startedAt: times.startedAt.toISOString(),
    finishedAt: times.finishedAt.toISOString(),
    ...(s ? { window: { start: s.window.startTime, end: s.window.endTime } } : {}),
    ...(s
      ? {
          counts: {
            listed: s.listed,
            copied: s.copied,
            skipped: s.skipped,
            deferred: s.deferred,
            failed: s.failed,
            listingFailures: s.listingFailures,
          },
        }
      : {}),
    ...(error !== undefined ? { error: error.slice(0, 500) } : {}),
  };
}

/** Writes `status`; never throws (a failure is logged as `run_status_write_failed`). */
export async function writeRunStatus(
  store: ObjectStore,
  config: BackupConfig,
  status: RunStatus,
  log: Logger,
): Promise<boolean> {
  const key = `${config.prefix}${RUN_STATUS_KEY_SUFFIX}`;
  try {
    await store.putBuffer(key, Buffer.from(`${JSON.stringify(status)}\n`));
    log.info("run_status_written", { key, outcome: status.outcome });
    return true;
  } catch (error) {
    log.error("run_status_write_failed", { key, error: errorMessage(error) });
    return false;
  }
}
