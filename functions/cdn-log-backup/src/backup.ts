/**
 * One backup run: list the packages of every configured domain and area in the window, then copy
 * the ones that are missing or grew, with bounded concurrency and within the time budget.
 */
import { listLogPackages, createCdnLogApi, type CdnLogApi, type LogPackage } from "./cdn-logs";
import { describeConfig, type BackupConfig } from "./config";
import { backupPackage, type CopySettings, type KnownStoredState } from "./copy";
import { COS_SDK_TRIES, CosObjectStore, isRetryableCosError, type ObjectStore } from "./cos-storage";
import { Deadline, DeadlineReachedError } from "./deadline";
import { createDownloadAgents } from "./download";
import { DownloadPolicy } from "./download-policy";
import { property } from "./errors";
import { objectKeyFor } from "./key-layout";
import { planParts } from "./part-plan";
import { createLogger, redactUrl, type Logger } from "./logger";
import { runPool } from "./pool";
import {
  AttemptsExhaustedError,
  DEFAULT_RETRY_POLICY,
  errorMessage,
  rootCause,
  withRetry,
  type RetryHooks,
  type RetryPolicy,
} from "./retry";
import { computeWindow } from "./time-window";
import { DEFAULT_TIME_BUDGET_MS, type RemainingTime } from "./time-budget";
import { madeNoProgress, type BackupFailure, type BackupSummary } from "./summary";
import {
  CDN_LOG_BACKUP_CLEANUP_RESERVE_MS,
  CDN_LOG_BACKUP_DOWNLOAD_IDLE_TIMEOUT_MS,
  CDN_LOG_BACKUP_MIN_COPY_START_MS,
} from "./timing";

const MiB = 1024 * 1024;

/** Production defaults of {@link BackupOptions}. */
export const DEFAULTS = {
  /**
   * No copy starts with less time left: the cleanup reserve plus the idle timeout (a stall takes that to notice). Shared
   * with CdnLogBackup, which refuses a timeout too short for it (timing.ts).
   */
  safetyMarginMs: CDN_LOG_BACKUP_MIN_COPY_START_MS,
  /** Kept at the end of the invocation for aborting uploads and the summary (see deadline.ts). */
  cleanupReserveMs: CDN_LOG_BACKUP_CLEANUP_RESERVE_MS,
  /** Throughput assumed when deciding whether a copy or retry can finish before the deadline (4 MiB/s). */
  assumedBytesPerSecond: 4 * MiB,
  simplePutMaxBytes: 64 * MiB,
  downloadIdleTimeoutMs: CDN_LOG_BACKUP_DOWNLOAD_IDLE_TIMEOUT_MS,
  /** Socket inactivity timeout of COS requests; bounds the completion, which cannot be interrupted. */
  cosTimeoutMs: 30_000,
  cdnTimeoutSeconds: 30,
  maxRedirects: 5,
} as const;

/** Tuning knobs and test seams; production uses the defaults. */
export interface BackupOptions {
  /** The instant the window ends at (the timer's Time). Default: now. */
  readonly triggerTime?: Date;
  /** Milliseconds left in this invocation. Default: 5 minutes from the start of the run. */
  readonly remainingTimeMs?: RemainingTime;
  /**
   * No new package starts once fewer milliseconds than this remain (and never with less than the cleanup reserve, the
   * idle timeout and the package's estimated transfer time). Default 75 s.
   */
  readonly safetyMarginMs?: number;
  /** Milliseconds kept at the end for cleanup; running copies are stopped when they begin. Default 15 s. */
  readonly cleanupReserveMs?: number;
  /** Throughput assumed to estimate transfer times against the deadline. Default 4 MiB/s. */
  readonly assumedBytesPerSecond?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Replaces the backoff sleep (tests). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1) (tests). */
  readonly random?: () => number;
  /** Largest Content-Length sent as one streamed PUT. Default 64 MiB. */
  readonly simplePutMaxBytes?: number;
  /**
   * One multipart part size for every package (tests). Default: planned from each copy's share of the memory budget
   * (see part-plan.ts): 64 MiB for a package of known size, 16 MiB for one of unknown size with the default 192 MiB
   * shared by 4 copies.
   */
  readonly partSizeBytes?: number;
  readonly downloadIdleTimeoutMs?: number;
  readonly cosTimeoutMs?: number;
  readonly cdnTimeoutSeconds?: number;
  readonly logger?: Logger;
  /** Replaces the CDN API client built from the config. */
  readonly cdnApi?: CdnLogApi;
  /** Replaces the COS store built from the config. */
  readonly store?: ObjectStore;
}

interface CopyTask {
  readonly logPackage: LogPackage;
  readonly key: string;
}

export async function runBackup(config: BackupConfig, options: BackupOptions = {}): Promise<BackupSummary> {
  const startedAt = Date.now();
  const log = options.logger ?? createLogger();
  const window = computeWindow(options.triggerTime ?? new Date(startedAt), config.lookbackHours);
  const remaining = options.remainingTimeMs ?? (() => startedAt + DEFAULT_TIME_BUDGET_MS - Date.now());
  const safetyMarginMs = options.safetyMarginMs ?? DEFAULTS.safetyMarginMs;
  const cosTimeoutMs = options.cosTimeoutMs ?? DEFAULTS.cosTimeoutMs;
  const deadline = new Deadline({
    remaining,
    cleanupReserveMs: options.cleanupReserveMs ?? DEFAULTS.cleanupReserveMs,
    idleTimeoutMs: options.downloadIdleTimeoutMs ?? DEFAULTS.downloadIdleTimeoutMs,
    assumedBytesPerSecond: options.assumedBytesPerSecond ?? DEFAULTS.assumedBytesPerSecond,
    minimumStartMs: safetyMarginMs,
  });
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const baseHooks: RetryHooks = {
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    ...(options.random === undefined ? {} : { random: options.random }),
  };

  log.info("backup_started", {
    config: describeConfig(config),
    window: { startTime: window.startTime, endTime: window.endTime },
  });

  const agents = createDownloadAgents();
  const store = options.store ?? new CosObjectStore(config, { timeoutMs: cosTimeoutMs });
  const cdnApi =
    options.cdnApi ??
    createCdnLogApi(config, { requestTimeoutSeconds: options.cdnTimeoutSeconds ?? DEFAULTS.cdnTimeoutSeconds });

  const failures: BackupFailure[] = [];
  let listingFailures = 0;
  let copied = 0;
  let skipped = 0;
  let bytesCopied = 0;
  const stoppedByDeadline: string[] = [];

  try {
    // 1. Listing. Sequential on purpose: it is a handful of calls per domain and the API is
    //    rate-limited (20 req/s), so parallel listing would mostly buy throttling errors.
    const tasksByKey = new Map<string, CopyTask>();
    for (const domain of config.domains) {
      for (const area of config.areas) {
        try {
          const result = await listLogPackages(
            cdnApi,
            { domain, area, window },
            {
              retry,
              retryHooks: {
                ...baseHooks,
                onRetry: (info) =>
                  log.warn("retry", {
                    operation: "list",
                    domain,
                    area,
                    attempt: info.attempt,
                    delayMs: info.delayMs,
                    ...errorFields(info.error),
                  }),
              },
            },
          );
          log.info("listed", { domain, area, packages: result.packages.length, pages: result.pages });
          if (result.invalidEntries > 0) {
            const error = `${result.invalidEntries} listed entries had no LogPath, LogName or StartTime`;
            failures.push({ target: `${domain}/${area}`, error });
            log.error("failed", { domain, area, error });
          }
          for (const logPackage of result.packages) {
            let key: string;
            try {
              key = objectKeyFor({
                prefix: config.prefix,
                domain,
                area: logPackage.area,
                startTime: logPackage.startTime,
                logName: logPackage.logName,
              });
            } catch (error) {
              failures.push({
                target: `${domain}/${logPackage.area}/${logPackage.logName}`,
                error: errorMessage(error),
              });
              log.error("failed", {
                domain,
                area: logPackage.area,
                logName: logPackage.logName,
                ...errorFields(error),
              });
              continue;
            }
            // The same key can only mean the same package (domain, area, day and name), e.g.
            // when an entry was listed twice while paging; copy it once.
            if (!tasksByKey.has(key)) tasksByKey.set(key, { logPackage, key });
          }
        } catch (error) {
          listingFailures += 1;
          const fields = errorFields(error);
          failures.push({ target: `${domain}/${area}`, error: describeFailure(fields), kind: "listing" });
          log.error("list_failed", { domain, area, ...fields });
        }
      }
    }

    // 2. Order: oldest first, those are closest to leaving the window and the 30-day retention.
    const tasks = [...tasksByKey.values()].sort(
      (a, b) => compare(a.logPackage.startTime, b.logPackage.startTime) || compare(a.key, b.key),
    );

    // 3. What is stored already: one bucket listing per domain and area instead of a HEAD per
    //    package (most packages of a run are unchanged). Without list permission, or if the
    //    listing fails, the copy falls back to a HEAD per package.
    const storedIndex = await indexStoredObjects(tasks, config.prefix, store, {
      retry,
      retryHooks: baseHooks,
      log,
    });
    // 4. Copy with bounded concurrency while the time budget lasts.
    const download = {
      idleTimeoutMs: options.downloadIdleTimeoutMs ?? DEFAULTS.downloadIdleTimeoutMs,
      maxRedirects: DEFAULTS.maxRedirects,
      policy: new DownloadPolicy({ extraHosts: config.extraLogHosts, loopbackHosts: config.loopbackLogHosts }),
      ...agents,
    };
    // Each copy's share of the memory budget, spent on parts uploading in parallel.
    const parts = planParts(config.memoryBudgetMiB, config.concurrency, options.partSizeBytes);
    const copySettingsFor = (key: string, logPackage: LogPackage): CopySettings => ({
      simplePutMaxBytes: options.simplePutMaxBytes ?? DEFAULTS.simplePutMaxBytes,
      parts,
      retry,
      retryHooks: {
        ...baseHooks,
        // A retry re-reads up to the whole package; it starts only if that can finish before the deadline.
        beforeRetry: (info) => {
          if (!deadline.mayStartStep(logPackage.listedSize ?? 0, info.delayMs)) {
            throw new DeadlineReachedError(
              `attempt ${info.attempt + 1} not started, too close to the deadline; attempt ${info.attempt} failed: ${errorMessage(info.error)}`,
            );
          }
        },
        onRetry: (info) =>
          log.warn("retry", {
            operation: "copy",
            key,
            attempt: info.attempt,
            delayMs: info.delayMs,
            ...errorFields(info.error),
          }),
      },
      download,
      // A completion is not interrupted: it needs the COS SDK's worst case, all its tries timing out.
      deadline: { deadline, completionMs: COS_SDK_TRIES * cosTimeoutMs },
    });

    // Packages the bucket listing shows stored whole need no copy, and no time: they are never deferred, so a run
    // whose only packages are stored already is not mistaken for one that ran out of time.
    const due = tasks.filter((task) => {
      const stored = storedIndex.lookup(task)?.object;
      const listedSize = task.logPackage.listedSize;
      if (stored === undefined || listedSize === undefined || stored.size < listedSize) return true;
      skipped += 1;
      log.info("skipped", {
        key: task.key,
        bytes: stored.size,
        attempts: 0,
        ms: 0,
        reason: "stored-size-matches-listing",
      });
      return false;
    });
    const { notStarted } = await runPool(
      due,
      config.concurrency,
      async (task) => {
        const { logPackage, key } = task;
        const taskStart = Date.now();
        try {
          const outcome = await backupPackage(
            logPackage,
            key,
            store,
            copySettingsFor(key, logPackage),
            storedIndex.lookup(task),
          );
          const ms = Date.now() - taskStart;
          if (outcome.status === "copied") {
            copied += 1;
            bytesCopied += outcome.bytes;
            log.info("copied", {
              key,
              bytes: outcome.bytes,
              attempts: outcome.attempts,
              ms,
              method: outcome.method,
              ...(outcome.replacedSize === undefined ? {} : { replacedBytes: outcome.replacedSize }),
            });
          } else {
            skipped += 1;
            log.info("skipped", { key, bytes: outcome.bytes, attempts: outcome.attempts, ms, reason: outcome.reason });
          }
        } catch (error) {
          if (rootCause(error) instanceof DeadlineReachedError) {
            // Not a failure: nothing was stored or left open, and the next run copies it.
            stoppedByDeadline.push(key);
            log.warn("deferred", { key, reason: errorMessage(error), ms: Date.now() - taskStart });
            return;
          }
          failures.push({ target: key, error: describeFailure(errorFields(error)) });
          log.error("failed", {
            key,
            source: redactUrl(logPackage.url),
            attempts: error instanceof AttemptsExhaustedError ? error.attempts : 1,
            ms: Date.now() - taskStart,
            ...errorFields(error),
          });
        }
      },
      (task) => deadline.mayStartCopy(task.logPackage.listedSize),
    );

    for (const { key } of notStarted) log.info("deferred", { key, reason: "not started: too close to the deadline" });

    const summary: BackupSummary = {
      window: { startTime: window.startTime, endTime: window.endTime },
      listed: tasks.length,
      copied,
      skipped,
      failed: failures.filter((failure) => failure.kind !== "listing").length,
      deferred: notStarted.length + stoppedByDeadline.length,
      listingFailures,
      bytesCopied,
      durationMs: Date.now() - startedAt,
      failures,
    };
    const counts = {
      window: summary.window,
      listed: summary.listed,
      copied: summary.copied,
      skipped: summary.skipped,
      failed: summary.failed,
      deferred: summary.deferred,
      listingFailures: summary.listingFailures,
      bytesCopied: summary.bytesCopied,
      durationMs: summary.durationMs,
    };
    log[summary.failed > 0 || listingFailures > 0 || madeNoProgress(summary) ? "error" : "info"]("summary", counts);
    return summary;
  } finally {
    agents.httpAgent.destroy();
    agents.httpsAgent.destroy();
  }
}

interface StoredIndex {
  /** The listed state of the task's key, or undefined when its group could not be listed. */
  lookup(task: CopyTask): KnownStoredState | undefined;
}

/** The key prefix shared by all packages of one domain and area. */
function groupOf(prefix: string, logPackage: LogPackage): string {
  return `${prefix}${logPackage.domain}/${logPackage.area}/`;
}

/** Length of the `YYYY/MM/DD` segment that follows `<prefix><domain>/<area>/` in every key. */
const DAY_PATH_LENGTH = "YYYY/MM/DD".length;

/**
 * Lists the stored sizes of each `<prefix><domain>/<area>/` group, limited to the days that
 * have packages in this run: keys sort by day, so one listing starts at the first day and stops
 * after the last one.
 */
async function indexStoredObjects(
  tasks: readonly CopyTask[],
  prefix: string,
  store: ObjectStore,
  settings: { readonly retry: RetryPolicy; readonly retryHooks: RetryHooks; readonly log: Logger },
): Promise<StoredIndex> {
  const groups = new Map<string, { first: string; last: string }>();
  for (const { logPackage, key } of tasks) {
    const group = groupOf(prefix, logPackage);
    const day = key.slice(group.length, group.length + DAY_PATH_LENGTH);
    const range = groups.get(group);
    if (range === undefined) groups.set(group, { first: day, last: day });
    else {
      if (day < range.first) range.first = day;
      if (day > range.last) range.last = day;
    }
  }

  const listed = new Map<string, Map<string, number>>();
  let listingDenied = false;
  for (const [group, { first, last }] of groups) {
    if (listingDenied) break;
    try {
      const { value: sizes } = await withRetry(
        // The marker `<group><first day>` sorts before every key of that day (they continue
        // with "/") and after every key of earlier days.
        () =>
          store.listSizes(
            group,
            `${group}${first}`,
            (key) => key.slice(group.length, group.length + DAY_PATH_LENGTH) > last,
          ),
        isRetryableCosError,
        settings.retry,
        settings.retryHooks,
      );
      listed.set(group, sizes);
    } catch (error) {
      // Without list permission (AccessDenied) every group would fail the same way: say so once
      // and stop trying. Other failures only affect their own group.
      listingDenied = property(rootCause(error), "statusCode") === 403;
      settings.log[listingDenied ? "info" : "warn"]("stored_listing_unavailable", {
        prefix: group,
        note: listingDenied
          ? "no permission to list the bucket (cos:GetBucket): one HEAD request per package instead, for all domains"
          : "listing failed: one HEAD request per package of this domain and area instead",
        ...errorFields(error),
      });
    }
  }

  return {
    lookup: ({ logPackage, key }) => {
      const sizes = listed.get(groupOf(prefix, logPackage));
      if (sizes === undefined) return undefined;
      const size = sizes.get(key);
      return { object: size === undefined ? undefined : { size } };
    },
  };
}

/** `message (code, HTTP status, n attempts)`: what the run's error says about one failure. */
function describeFailure(fields: Record<string, unknown>): string {
  const details = [
    typeof fields.code === "string" ? fields.code : undefined,
    typeof fields.statusCode === "number" ? `HTTP ${fields.statusCode}` : undefined,
    typeof fields.attempts === "number" ? `${fields.attempts} attempt(s)` : undefined,
  ].filter((detail) => detail !== undefined);
  return details.length > 0 ? `${String(fields.error)} (${details.join(", ")})` : String(fields.error);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Error details for log lines: attempts, message, code and HTTP status; never request data. */
function errorFields(error: unknown): Record<string, unknown> {
  const cause = rootCause(error);
  const code = property(cause, "code");
  const statusCode = property(cause, "statusCode") ?? property(cause, "httpCode");
  return {
    ...(error instanceof AttemptsExhaustedError ? { attempts: error.attempts } : {}),
    error: errorMessage(cause),
    ...(typeof code === "string" && code !== "" ? { code } : {}),
    ...(typeof statusCode === "number" ? { statusCode } : {}),
  };
}
