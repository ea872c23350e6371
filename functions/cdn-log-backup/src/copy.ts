/**
 * Copies one log package into COS, or decides that the stored copy is already complete.
 *
 * Decision, per package (packages only ever grow, for up to ~24 h after their hour):
 *   1. Stored size: from the run's bucket listing when available, else a HEAD. Missing -> copy.
 *   2. Listed FileSize known: stored size >= listed size -> skip; smaller -> the package grew,
 *      copy again.
 *   3. Listed FileSize unknown: open the download and compare its Content-Length with the stored
 *      size; equal -> skip without reading the body, otherwise (or no Content-Length) copy.
 *
 * Transfer, per attempt (every attempt re-opens the download):
 *   - Content-Length known and <= simplePutMaxBytes: stream straight into one PUT that carries
 *     the same Content-Length. If the download breaks or ends early, the body stream errors, the
 *     SDK aborts the PUT and COS discards the partial body.
 *   - otherwise: multipart upload (see multipart.ts): parts of a known-size body are streamed
 *     like the simple PUT, and a failed part is re-sent from a ranged re-download of its bytes;
 *     parts of an unknown-size body are buffered, then uploaded. Any failure aborts the multipart
 *     upload, so no partial object ever appears.
 *   - the bytes read must match the Content-Length (enforced by the stream) and be >= the listed
 *     FileSize (checked against the Content-Length up front, or before completing the upload when
 *     there is none), so a short body never becomes a visible object;
 *   - a PUT is atomic and carries Content-Length = bytes read, so its success proves the stored
 *     size; a completed multipart object is checked with a HEAD, which must report exactly the
 *     bytes read (a mismatching object is deleted so the next run copies it again).
 */
import type { LogPackage } from "./cdn-logs";
import { isRetryableCosError, type ObjectStore, type StoredObject } from "./cos-storage";
import { openDownload, type DownloadSettings, type OpenedDownload } from "./download";
import { DeadlineReachedError, type Deadline } from "./deadline";
import { TransferError } from "./errors";
import { uploadMultipart, type MultipartSettings } from "./multipart";
import type { PartPlan } from "./part-plan";
import { withRetry, type RetryHooks, type RetryPolicy } from "./retry";

export interface CopySettings {
  /** Largest size sent as one streamed PUT; larger or unknown sizes use multipart. */
  readonly simplePutMaxBytes: number;
  /** Multipart part sizes and the copy's memory for parts (COS requires >= 1 MiB for all but the last part). */
  readonly parts: PartPlan;
  /** Attempts for the whole copy (each re-opens the download) and for each part upload. */
  readonly retry: RetryPolicy;
  readonly retryHooks?: RetryHooks;
  readonly download: DownloadSettings;
  /** When set, steps that could not finish before the invocation's deadline are not started (see deadline.ts). */
  readonly deadline?: CopyDeadline;
}

/** The deadline checks a copy makes; see {@link Deadline}. */
export interface CopyDeadline {
  readonly deadline: Deadline;
  /** How long a CompleteMultipartUpload may take in the worst case (it cannot be interrupted). */
  readonly completionMs: number;
}

export type CopyMethod = "put" | "multipart" | "buffered-put";

export type SkipReason = "stored-size-matches-listing" | "stored-size-matches-download";

export type CopyOutcome =
  | {
      readonly status: "copied";
      readonly bytes: number;
      readonly attempts: number;
      readonly method: CopyMethod;
      /** Size of the stored copy this one replaced (a package that grew), if any. */
      readonly replacedSize?: number;
    }
  | { readonly status: "skipped"; readonly bytes: number; readonly attempts: number; readonly reason: SkipReason };

/**
 * What the caller already knows about the destination key from listing the bucket;
 * `object: undefined` means the listing proved the key absent.
 */
export interface KnownStoredState {
  readonly object: StoredObject | undefined;
}

export async function backupPackage(
  logPackage: LogPackage,
  key: string,
  store: ObjectStore,
  settings: CopySettings,
  known?: KnownStoredState,
): Promise<CopyOutcome> {
  const stored =
    known !== undefined
      ? known.object
      : (await withRetry(() => store.head(key), isRetryableCosError, settings.retry, settings.retryHooks)).value;

  const listedSize = logPackage.listedSize;
  if (stored !== undefined && listedSize !== undefined && stored.size >= listedSize) {
    // >= rather than ==: a listing that lags behind a copy made from a later, larger download
    // must not trigger a pointless re-copy. Packages never shrink.
    return { status: "skipped", bytes: stored.size, attempts: 0, reason: "stored-size-matches-listing" };
  }

  const { value, attempts } = await withRetry(
    () => copyAttempt(logPackage, key, stored, store, settings),
    isRetryableCosError,
    settings.retry,
    settings.retryHooks,
  );
  if (value.status === "skipped") return { ...value, attempts };
  return { ...value, attempts, ...(stored === undefined ? {} : { replacedSize: stored.size }) };
}

type AttemptOutcome =
  | { readonly status: "copied"; readonly bytes: number; readonly method: CopyMethod }
  | { readonly status: "skipped"; readonly bytes: number; readonly reason: SkipReason };

async function copyAttempt(
  logPackage: LogPackage,
  key: string,
  stored: StoredObject | undefined,
  store: ObjectStore,
  settings: CopySettings,
): Promise<AttemptOutcome> {
  const download = await openDownload(logPackage.url, settings.download);
  // At the hard stop the download is failed, which stops the upload (a streamed PUT is abandoned by COS, a multipart
  // upload is aborted) so that everything is cleaned up before SCF ends the invocation.
  const cancelStop = settings.deadline?.deadline.atHardStop(() =>
    download.destroy(
      new DeadlineReachedError(
        "copy stopped at the invocation's deadline; its upload was abandoned and the next run copies it",
      ),
    ),
  );
  try {
    const announced = download.contentLength;
    const listedSize = logPackage.listedSize;

    if (stored !== undefined && listedSize === undefined && announced !== undefined && announced === stored.size) {
      return { status: "skipped", bytes: stored.size, reason: "stored-size-matches-download" };
    }
    if (listedSize !== undefined && announced !== undefined && announced < listedSize) {
      throw new TransferError(
        "DownloadTruncated",
        `download announces ${announced} bytes but the package was listed with ${listedSize}`,
        { retryable: true },
      );
    }

    let method: CopyMethod;
    if (announced !== undefined && (announced <= settings.simplePutMaxBytes || announced === 0)) {
      await streamedPut(download, announced, key, store);
      method = "put";
    } else {
      method = await multipartCopy(download, logPackage.url, key, store, settings, listedSize ?? 0);
    }

    const bytes = download.bytesRead();
    // A PUT is atomic and carried Content-Length = bytes read (the stream enforces it), so its
    // success already proves the stored size. A multipart object is assembled from parts by
    // COS, so its size is checked with a HEAD.
    if (method === "multipart") await verifyStoredSize(store, key, bytes);
    return { status: "copied", bytes, method };
  } finally {
    cancelStop?.();
    download.destroy();
  }
}

async function streamedPut(
  download: OpenedDownload,
  contentLength: number,
  key: string,
  store: ObjectStore,
): Promise<void> {
  try {
    await store.putStream(key, download.body, contentLength);
  } catch (error) {
    // When the download broke, that is the real cause; the upload error is only its echo.
    throw download.failure() ?? error;
  }
  const failure = download.failure();
  if (failure !== undefined) throw failure;
}

async function multipartCopy(
  download: OpenedDownload,
  url: string,
  key: string,
  store: ObjectStore,
  settings: CopySettings,
  minimumBytes: number,
): Promise<CopyMethod> {
  try {
    return await uploadMultipart(
      store,
      key,
      {
        body: download.body,
        totalBytes: download.contentLength,
        bytesRead: download.bytesRead,
        minimumBytes,
        // A failed part is re-read from the same link with a Range request.
        readRange: (start, length) => openDownload(url, settings.download, { start, length }),
      },
      settings.deadline === undefined ? settings : { ...settings, ...deadlineSteps(settings.deadline) },
    );
  } catch (error) {
    // A part (or initiate/complete) that used up its own retries surfaces as
    // AttemptsExhaustedError, which the outer copy loop does not retry again: the retries are
    // not multiplied. A broken download is reported as itself.
    throw download.failure() ?? error;
  }
}

/** Multipart steps start only when they can finish before the deadline; an abort never waits into the next one. */
function deadlineSteps({
  deadline,
  completionMs,
}: CopyDeadline): Pick<MultipartSettings, "beforeStep" | "abortWithinMs"> {
  return {
    beforeStep: (step) => {
      if (step.kind === "complete") deadline.requireTime("CompleteMultipartUpload", completionMs);
      else deadline.requireStep(`UploadPart ${step.number}`, step.bytes);
    },
    abortWithinMs: deadline.cleanupReserveMs / 2,
  };
}

async function verifyStoredSize(store: ObjectStore, key: string, bytes: number): Promise<void> {
  const stored = await store.head(key);
  if (stored?.size === bytes) return;
  await deleteQuietly(store, key);
  throw new TransferError(
    "StoredSizeMismatch",
    `after upload COS reports ${stored === undefined ? "no object" : `${stored.size} bytes`} for ${key}, expected ${bytes}`,
    { retryable: true },
  );
}

async function deleteQuietly(store: ObjectStore, key: string): Promise<void> {
  try {
    await store.delete(key);
  } catch {
    // The next run sees the wrong size again and re-copies; the original failure is reported.
  }
}
