/**
 * Flow control between the download and the part requests of a multipart upload (multipart.ts): the download body
 * handed chunk by chunk to a writer that can make it wait, and the request body of a streamed part, which holds a
 * bounded number of bytes the request has not taken yet.
 */
import { PassThrough, Readable } from "node:stream";
import { TransferError } from "./errors";

/** What {@link feed} hands a body's chunks to. */
export interface ChunkWriter {
  /**
   * Takes the next chunk. Returns a promise only when the body has to wait before the rest of the chunk can be taken,
   * settling once all of it is; throws to stop the body.
   */
  write(chunk: Buffer): Promise<void> | undefined;
  /** Settles (with the failure) once the writer failed, so the body is not waited on any longer. */
  whenFailed(): Promise<unknown>;
}

/**
 * Hands every chunk of `body` to the session as it arrives and pauses the body only while the session has it wait.
 * Unlike `for await`, this costs no promise for a chunk taken at once. Settles when the body ended and every chunk
 * was taken; fails with the body's error, the session's, or a truncation when the body closes before its end.
 */
export function feed(body: Readable, session: ChunkWriter): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let waiting = false;
    let ended = false;
    let done = false;
    const settle = (error?: unknown): void => {
      if (done) return;
      done = true;
      body.removeListener("data", onData);
      body.removeListener("end", onEnd);
      body.removeListener("error", settle);
      body.removeListener("close", onClose);
      if (error === undefined) {
        resolve();
        return;
      }
      // Stop reading: without a 'data' listener a flowing body would still be read to its end, into nothing, while
      // the upload is abandoned. The caller closes the download.
      body.pause();
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      let pending: Promise<void> | undefined;
      try {
        pending = session.write(chunk);
      } catch (error) {
        settle(error);
        return;
      }
      if (pending === undefined) return;
      waiting = true;
      body.pause();
      pending.then(
        () => {
          waiting = false;
          if (done) return;
          if (ended) settle();
          else body.resume();
        },
        (error: unknown) => settle(error),
      );
    };
    const onEnd = (): void => {
      ended = true;
      if (!waiting) settle();
    };
    const onClose = (): void => {
      if (!ended) settle(new TransferError("DownloadTruncated", "download closed before its end", { retryable: true }));
    };
    // A failed part ends the upload at once, also when the body has nothing more to say for a while.
    session.whenFailed().then(settle, settle);
    body.on("data", onData);
    body.on("end", onEnd);
    body.on("error", settle);
    body.on("close", onClose);
  });
}

/** Waits until `stream` accepts more data, or is closed (its request failed). */
export function drained(stream: PassThrough): Promise<void> {
  if (stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      stream.removeListener("drain", done);
      stream.removeListener("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
  });
}

/**
 * The request body of a streamed part. Its writable side holds up to `bufferBytes` the request has not taken yet (the
 * readable side only the chunk being handed over), so the download runs ahead of a slow request by that much and
 * then waits. It never crashes the process with an unhandled 'error': the SDK attaches its own error listener only
 * once the request starts, and the stream may be destroyed with an error before that (the upload is abandoned while
 * the multipart upload is initiated).
 */
export function quietPassThrough(bufferBytes: number): PassThrough {
  const stream = new PassThrough({ writableHighWaterMark: Math.max(1, bufferBytes), readableHighWaterMark: 1 });
  stream.on("error", () => undefined);
  return stream;
}
