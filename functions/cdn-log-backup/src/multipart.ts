/**
 * Multipart upload of a download stream, with several parts in flight at once, within the copy's share of the memory
 * budget (the plan comes from part-plan.ts).
 *
 * Known total size (the download sent a Content-Length): every part's offset and length are known before its first
 * byte arrives, so each part's UploadPart request starts as soon as that byte arrives and the part's bytes are handed
 * to it as they come, with no copying. A request slower than the download keeps the bytes it has not taken yet, up to
 * `streamedPartBufferBytes` (then the download waits), while the download goes on with the next part in a request of
 * its own: parts upload in parallel, and a part's request finishing its last bytes and waiting for its answer does
 * not hold the download up. A part whose request fails is sent again from a ranged re-download of just its bytes (HTTP
 * Range) while the download carries on with the following parts. If the download host ignores Range, the part's
 * original (retryable) error is raised and the whole copy is retried.
 *
 * Unknown total size (chunked download): a part's length is only known once it is full (or the body ends), so parts
 * are collected in part buffers first and uploaded in parallel while the next ones fill, with retries from the buffer.
 * A buffer is reused only after its part settled. A body that ends before the first part is full is stored with one
 * buffered PUT instead.
 *
 * Memory: at most `partsInFlight` parts are unsettled (uploading or waiting to): the download waits for the oldest
 * part before it starts one more. Each holds at most its buffer (unknown size) or `streamedPartBufferBytes` plus one
 * download chunk (known size), and the plan keeps `partsInFlight` of either within the copy's share.
 *
 * Any failure abandons the upload and aborts it in COS, so no partial object ever appears.
 */
import { PassThrough, Readable } from "node:stream";
import { isRetryableCosError, type ObjectStore, type UploadedPart } from "./cos-storage";
import { TransferError } from "./errors";
import type { PartPlan } from "./part-plan";
import { AttemptsExhaustedError, rootCause, withRetry, type RetryHooks, type RetryPolicy } from "./retry";
import { drained, feed, quietPassThrough, type ChunkWriter } from "./stream-flow";

/** COS allows at most 10,000 parts per upload. */
export const MAX_PARTS = 10_000;

export interface MultipartSettings {
  /** Part sizes, parts in flight and the memory a streamed part may hold, from the memory budget (part-plan.ts). */
  readonly parts: PartPlan;
  /**
   * Called before a part upload or the completion starts; throwing stops the copy (used to refuse steps that could
   * not finish before the invocation's deadline).
   */
  readonly beforeStep?: (step: MultipartStep) => void;
  /** The abort of an abandoned upload is waited for at most this long (it is best effort). Default: no limit. */
  readonly abortWithinMs?: number;
  readonly retry: RetryPolicy;
  readonly retryHooks?: RetryHooks;
}

export type MultipartMethod = "multipart" | "buffered-put";

/** A step of a multipart upload, see {@link MultipartSettings.beforeStep}. */
export type MultipartStep =
  { readonly kind: "part"; readonly number: number; readonly bytes: number } | { readonly kind: "complete" };

/** A re-read of part of the source; see {@link MultipartSource.readRange}. */
export interface RangeRead {
  readonly body: Readable;
  /** The first error the body failed with, if any (it is the real cause of an upload error). */
  failure(): Error | undefined;
  destroy(): void;
}

export interface MultipartSource {
  readonly body: Readable;
  /** Exact total size when known (Content-Length), else undefined. */
  readonly totalBytes: number | undefined;
  /** Bytes consumed from the body so far. */
  bytesRead(): number;
  /** Smallest acceptable total, e.g. the listed FileSize; checked before anything is completed. */
  readonly minimumBytes: number;
  /**
   * Opens exactly `length` bytes of the source starting at `start`, failing with a
   * non-retryable TransferError `RangeNotSupported` when the source cannot do that.
   */
  readRange(start: number, length: number): Promise<RangeRead>;
}

/** Marks parts cut short because the copy is being abandoned; never retried. */
class PartAbandonedError extends Error {
  constructor(message = "multipart upload abandoned") {
    super(message);
    this.name = "PartAbandonedError";
  }
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Observed through `promise` by whoever needs it; an unobserved rejection is not an error.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** A part of a known-size body, streamed into its request as the bytes arrive. */
interface StreamedPart {
  readonly kind: "streamed";
  readonly number: number;
  /** Offset of the part's first byte in the whole body. */
  readonly start: number;
  readonly length: number;
  written: number;
  /** The request body; it holds the bytes written but not yet sent (at most the part). */
  readonly live: PassThrough;
  /** Set once the streamed request failed: later bytes of this part are dropped. */
  liveFailed: boolean;
  upload?: Promise<UploadedPart>;
  settled: boolean;
}

/** A part of an unknown-size body, collected in a buffer before it is uploaded. */
interface BufferedPart {
  readonly kind: "buffered";
  readonly number: number;
  readonly buffer: Buffer;
  filled: number;
  /** Resolves with the final length once every byte of the part is in `buffer`. */
  readonly complete: Deferred<number>;
  upload?: Promise<UploadedPart>;
  settled: boolean;
}

type Part = StreamedPart | BufferedPart;

export async function uploadMultipart(
  store: ObjectStore,
  key: string,
  source: MultipartSource,
  settings: MultipartSettings,
): Promise<MultipartMethod> {
  const session = new MultipartSession(store, key, source, settings);
  try {
    await feed(source.body, session);
    const total = source.bytesRead();
    if (total < source.minimumBytes) {
      // Without a Content-Length the listed size is the only yardstick for a body that ended
      // early but cleanly; it is checked before anything becomes visible in the bucket.
      throw new TransferError(
        "DownloadTruncated",
        `download ended after ${total} bytes, listed size is ${source.minimumBytes}`,
        {
          retryable: true,
        },
      );
    }
    return await session.finish();
  } catch (error) {
    await session.abandon();
    throw error;
  }
}

class MultipartSession implements ChunkWriter {
  private readonly partSize: number;
  private readonly partsInFlight: number;
  private readonly parts: Part[] = [];
  private current: Part | undefined;
  private uploadId: Promise<string> | undefined;
  private failure: unknown;
  private failed = false;
  private abandoned = false;
  /**
   * Settles when the first part fails. The writer waits on it next to a part's 'drain': a part whose request never
   * started (e.g. InitiateMultipartUpload was refused) never drains, and without this the copy would wait forever.
   */
  private readonly failedSignal = deferred<void>();

  /** Settles with the first part failure, so the body is not waited on any longer (see feed() in stream-flow.ts). */
  whenFailed(): Promise<unknown> {
    return this.failedSignal.promise.then(() => this.failure);
  }

  constructor(
    private readonly store: ObjectStore,
    private readonly key: string,
    private readonly source: MultipartSource,
    private readonly settings: MultipartSettings,
  ) {
    const { parts } = settings;
    this.partsInFlight = Math.max(2, Math.floor(parts.partsInFlight));
    const total = source.totalBytes;
    // Grow the part size when a known size would otherwise need more than MAX_PARTS parts.
    this.partSize =
      total === undefined ? parts.bufferedPartBytes : Math.max(parts.streamedPartBytes, Math.ceil(total / MAX_PARTS));
  }

  /**
   * Takes the next chunk of the body. Returns a promise only when the body has to wait before the rest of this chunk
   * can be taken (for the oldest part to settle, or for a part's request to take some of its bytes); it settles once
   * the whole chunk is taken. Synchronous otherwise, so the usual chunk costs no promise.
   */
  write(chunk: Buffer): Promise<void> | undefined {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.failed) throw this.failure;
      let part = this.current;
      if (part === undefined) {
        const oldest = this.parts[this.parts.length - this.partsInFlight];
        if (oldest !== undefined && !oldest.settled) {
          // At most partsInFlight parts are unsettled: part n starts once part n - partsInFlight settled (and with it
          // every earlier part, which part n - 1 waited for). This is what bounds the copy's memory.
          const rest = chunk.subarray(offset);
          return settledQuietly(oldest).then(() => this.write(rest));
        }
        part = this.openPart(oldest);
      }
      if (part.kind === "streamed") {
        const length = Math.min(part.length - part.written, chunk.length - offset);
        // Most chunks fall into one part whole: they are passed on as they are, without a view object per chunk.
        const slice = length === chunk.length ? chunk : chunk.subarray(offset, offset + length);
        part.written += length;
        offset += length;
        const accepted = part.liveFailed || part.live.write(slice);
        if (part.written === part.length) this.closePart(part);
        else if (!accepted) {
          // The part holds as much as its request may fall behind: the body waits until the request takes some. The
          // part did not end inside this chunk, so the slice was all of the chunk that was left. A part whose request
          // never started (failed initiation) never drains, hence the failure signal.
          return Promise.race([drained(part.live), this.failedSignal.promise]);
        }
      } else {
        const length = Math.min(part.buffer.length - part.filled, chunk.length - offset);
        chunk.copy(part.buffer, part.filled, offset, offset + length);
        part.filled += length;
        offset += length;
        if (part.filled === part.buffer.length) this.closePart(part);
      }
    }
    return undefined;
  }

  async finish(): Promise<MultipartMethod> {
    const first = this.parts[0];
    if (first === undefined || (first.kind === "buffered" && this.parts.length === 1 && this.current === first)) {
      // Unknown size and the body fit into the first buffer (or was empty): no multipart upload
      // was started, one buffered PUT stores it.
      const body = first?.kind === "buffered" ? first.buffer.subarray(0, first.filled) : Buffer.alloc(0);
      this.current = undefined;
      await this.retried(() => this.store.putBuffer(this.key, body));
      return "buffered-put";
    }
    if (this.current?.kind === "streamed") {
      // Unreachable while the length-checked download works: it fails rather than ending short.
      throw new TransferError("DownloadTruncated", `download ended inside part ${this.current.number}`, {
        retryable: true,
      });
    }
    if (this.current !== undefined) this.closePart(this.current);
    const uploaded = await Promise.all(this.parts.map((part) => part.upload as Promise<UploadedPart>));
    const uploadId = await this.ensureUpload();
    this.settings.beforeStep?.({ kind: "complete" });
    try {
      await this.retried(() => this.store.completeMultipart(this.key, uploadId, uploaded));
    } catch (error) {
      if (!(await this.completedAnyway())) throw error;
    }
    return "multipart";
  }

  /**
   * Whether COS holds the object although completing the upload failed: when the answer to a completion that took
   * effect is lost, the retry finds the upload gone (NoSuchUpload) or the connection broke with no answer at all. An
   * object of exactly the bytes read is this upload's result: the copy only runs when the stored size (if any) differs
   * from the package's (see copy.ts), and the caller verifies the size again.
   */
  private async completedAnyway(): Promise<boolean> {
    try {
      const stored = await this.store.head(this.key);
      return stored?.size === this.source.bytesRead();
    } catch {
      return false;
    }
  }

  /** Stops every part, waits for them to settle and aborts the upload in COS (best effort). */
  async abandon(): Promise<void> {
    this.abandoned = true;
    this.current = undefined;
    for (const part of this.parts) {
      if (part.settled) continue;
      if (part.kind === "streamed") {
        // With an error, so the SDK aborts the request instead of waiting for (or sending) the rest of the part.
        part.live.destroy(new PartAbandonedError());
      } else {
        // A part still filling never starts; one already uploading finishes from its buffer.
        part.complete.reject(new PartAbandonedError());
      }
    }
    await Promise.allSettled(this.parts.map((part) => part.upload));
    if (this.uploadId === undefined) return;
    try {
      const abort = this.uploadId.then((uploadId) => this.store.abortMultipart(this.key, uploadId));
      const limit = this.settings.abortWithinMs;
      if (limit === undefined) await abort;
      else {
        abort.catch(() => undefined);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([abort, new Promise<void>((resolve) => (timer = setTimeout(resolve, limit)))]).finally(() =>
          clearTimeout(timer),
        );
      }
    } catch {
      // An upload that could not be aborted stays invisible and expires via the bucket's
      // lifecycle rule for incomplete multipart uploads; the original failure is what matters.
    }
  }

  /** Starts the next part; `settled` is the settled part whose buffer may be reused (see write()). */
  private openPart(settled: Part | undefined): Part {
    const number = this.parts.length + 1;
    if (number > MAX_PARTS) throw new Error(`${this.key} needs more than ${MAX_PARTS} parts`);
    let part: Part;
    if (this.source.totalBytes !== undefined) {
      part = this.createStreamedPart(number);
    } else {
      const buffer = settled?.kind === "buffered" ? settled.buffer : Buffer.allocUnsafe(this.partSize);
      part = { kind: "buffered", number, buffer, filled: 0, complete: deferred<number>(), settled: false };
      this.parts.push(part);
    }
    this.current = part;
    return part;
  }

  /** Adds streamed part `number` (known total size) and starts its upload request. */
  private createStreamedPart(number: number): StreamedPart {
    const start = (number - 1) * this.partSize;
    const length = Math.min(this.partSize, (this.source.totalBytes ?? 0) - start);
    this.settings.beforeStep?.({ kind: "part", number, bytes: length });
    const part: StreamedPart = {
      kind: "streamed",
      number,
      start,
      length,
      written: 0,
      live: quietPassThrough(this.settings.parts.streamedPartBufferBytes),
      liveFailed: false,
      settled: false,
    };
    this.parts.push(part);
    this.startStreamedUpload(part);
    return part;
  }

  private closePart(part: Part): void {
    if (this.current === part) this.current = undefined;
    if (part.kind === "streamed") {
      // A failed request's body was destroyed; its part is being re-sent from a ranged read.
      if (!part.live.destroyed) part.live.end();
    } else {
      this.settings.beforeStep?.({ kind: "part", number: part.number, bytes: part.filled });
      part.complete.resolve(part.filled);
      this.startBufferedUpload(part);
    }
  }

  private startStreamedUpload(part: StreamedPart): void {
    let liveError: unknown;
    const upload = withRetry(
      async (attempt) => {
        const uploadId = await this.ensureUpload();
        if (this.abandoned) throw new PartAbandonedError();
        if (attempt === 1) {
          // The copy may have been abandoned while the upload was being initiated. The SDK
          // attaches its error listener synchronously inside uploadPart, so a stream destroyed
          // before that point would never abort the request: do not start it at all.
          if (part.live.destroyed) throw new PartAbandonedError("the part's body was closed before its upload started");
          try {
            return await this.store.uploadPart(this.key, uploadId, part.number, part.live, part.length);
          } catch (error) {
            liveError = error;
            // Stop feeding the failed request; the bytes are re-read from the source instead.
            part.liveFailed = true;
            part.live.destroy();
            throw error;
          }
        }
        return this.resendFromSource(part, uploadId);
      },
      (error) => isRetryablePartError(error),
      this.settings.retry,
      this.settings.retryHooks,
    ).then(
      ({ value }) => value,
      (error: unknown) => {
        // No ranged re-read possible: surface the part's original error, which the copy-level
        // retry handles by starting over with a fresh download.
        const cause = rootCause(error);
        if (cause instanceof TransferError && cause.code === "RangeNotSupported" && liveError !== undefined)
          throw liveError;
        throw error;
      },
    );
    this.track(part, upload);
  }

  private async resendFromSource(part: StreamedPart, uploadId: string): Promise<UploadedPart> {
    const range = await this.source.readRange(part.start, part.length);
    try {
      return await this.store.uploadPart(this.key, uploadId, part.number, range.body, part.length);
    } catch (error) {
      throw range.failure() ?? error;
    } finally {
      range.destroy();
    }
  }

  private startBufferedUpload(part: BufferedPart): void {
    const upload = withRetry(
      async () => {
        const uploadId = await this.ensureUpload();
        if (this.abandoned) throw new PartAbandonedError();
        const length = await part.complete.promise;
        return this.store.uploadPart(
          this.key,
          uploadId,
          part.number,
          Readable.from([part.buffer.subarray(0, length)]),
          length,
        );
      },
      (error) => isRetryablePartError(error),
      this.settings.retry,
      this.settings.retryHooks,
    ).then(({ value }) => value);
    this.track(part, upload);
  }

  /** Records the first failure so writing stops early; the rejection is re-observed in finish(). */
  private track(part: Part, upload: Promise<UploadedPart>): void {
    upload.then(
      () => {
        part.settled = true;
      },
      (error: unknown) => {
        part.settled = true;
        if (!this.failed) {
          this.failed = true;
          this.failure = error;
          this.failedSignal.resolve();
        }
      },
    );
    part.upload = upload;
  }

  private ensureUpload(): Promise<string> {
    if (this.uploadId === undefined) {
      this.uploadId = this.retried(() => this.store.initMultipart(this.key));
      this.uploadId.catch(() => undefined);
    }
    return this.uploadId;
  }

  private retried<T>(operation: () => Promise<T>): Promise<T> {
    return withRetry(operation, isRetryableCosError, this.settings.retry, this.settings.retryHooks).then(
      ({ value }) => value,
    );
  }
}

function isRetryablePartError(error: unknown): boolean {
  // An initiation that used up its own retries (AttemptsExhaustedError) is not retried again.
  if (error instanceof PartAbandonedError || error instanceof AttemptsExhaustedError) return false;
  return isRetryableCosError(error);
}

/** Settles when `part`'s upload did, whatever the outcome (a failure is seen through the session's failure). */
function settledQuietly(part: Part): Promise<void> {
  return (part.upload ?? Promise.resolve()).then(
    () => undefined,
    () => undefined,
  );
}
