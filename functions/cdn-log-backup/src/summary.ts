/**
 * What a run reports (the summary) and when SCF must see it as failed: failed packages or listings, or a run whose
 * time budget let none of its due packages be copied.
 */
import { CDN_LOG_BACKUP_MIN_TIMEOUT_SECONDS } from "./timing";

export interface BackupFailure {
  /**
   * Destination key, `<domain>/<area>/<LogName>` when the package could not be mapped to a key, or `<domain>/<area>`
   * for a listing.
   */
  readonly target: string;
  readonly error: string;
  /** `listing` for a DescribeCdnDomainLogs listing that failed; absent for packages. */
  readonly kind?: "listing";
}

export interface BackupSummary {
  readonly window: { readonly startTime: string; readonly endTime: string };
  /** Unique packages listed (after de-duplication by key). */
  readonly listed: number;
  readonly copied: number;
  readonly skipped: number;
  /** Packages that could not be copied, plus unusable listing entries. */
  readonly failed: number;
  /**
   * Packages not started, or stopped, because they could not finish before the invocation's deadline; the next run
   * picks them up.
   */
  readonly deferred: number;
  /** Domain/area listings that failed after retries; their packages are unknown. */
  readonly listingFailures: number;
  readonly bytesCopied: number;
  readonly durationMs: number;
  readonly failures: readonly BackupFailure[];
}

/**
 * Whether the run had packages due and copied none of them because its time ran out: every such run would be followed
 * by another just like it, so it is a failure (SCF's error metrics and alarms see it), not a deferral. A run that copied
 * some and deferred the rest made progress and succeeds.
 */
export function madeNoProgress(summary: BackupSummary): boolean {
  return summary.deferred > 0 && summary.copied === 0;
}

/**
 * Throws when a run should be marked failed in SCF: any package or listing failed, or packages were due and the time
 * budget let none of them be copied.
 */
export function assertBackupSucceeded(summary: BackupSummary): void {
  const stalled = madeNoProgress(summary);
  if (summary.failed === 0 && summary.listingFailures === 0 && !stalled) return;
  const parts = [
    summary.failed > 0 ? `${summary.failed} package(s) failed` : "",
    summary.listingFailures > 0 ? `${summary.listingFailures} listing(s) failed` : "",
    stalled
      ? `${summary.deferred} package(s) due and none copied before the time budget ran out (a run needs at least ` +
        `${CDN_LOG_BACKUP_MIN_TIMEOUT_SECONDS} s to copy one package, more for large ones: raise the function's timeout)`
      : "",
  ].filter((part) => part !== "");
  const examples = summary.failures.slice(0, 5).map((failure) => `${failure.target}: ${failure.error}`);
  throw new Error(
    `CDN log backup incomplete: ${parts.join(", ")} (copied ${summary.copied}, skipped ${summary.skipped}, deferred ${summary.deferred}).` +
      (examples.length > 0 ? ` First failures: ${examples.join("; ")}` : ""),
  );
}
