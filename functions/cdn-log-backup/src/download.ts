/**
 * Streaming download of a log package over HTTP(S) with Node's own client (the SCF runtime ships
 * no libraries, and a fetch wrapper would hide the socket-level signals needed here).
 *
 * The returned body is length-checked: when the response announced a Content-Length, the body
 * errors instead of ending if fewer (or more) bytes arrive. A consumer that streams it into an
 * upload therefore sees a failure before it could finish the upload with a short body.
 */
import * as http from "node:http";
import * as https from "node:https";
import { Transform, type TransformCallback, type Readable } from "node:stream";
import type { DownloadPolicy, PermittedTarget } from "./download-policy";
import { TransferError, isTransientHttpStatus, isTransientNetworkCode, property } from "./errors";
import { redactUrl } from "./logger";

export interface DownloadSettings {
  /** A stalled connection (no bytes for this long, also while waiting for headers) fails the attempt. */
  readonly idleTimeoutMs: number;
  readonly maxRedirects: number;
  /** Which links and redirect targets may be fetched, and from which addresses. */
  readonly policy: DownloadPolicy;
  readonly httpAgent: http.Agent;
  readonly httpsAgent: https.Agent;
}

export interface OpenedDownload {
  /** From the Content-Length header; undefined for chunked responses. */
  readonly contentLength: number | undefined;
  /** Length-checked body; see the module comment. */
  readonly body: Readable;
  /** Bytes that have passed through {@link body} so far. */
  bytesRead(): number;
  /** The first error the body failed with, if any. */
  failure(): Error | undefined;
  /**
   * Releases the connection; safe to call at any time and more than once. With `error`, the body fails with it (and
   * {@link failure} reports it when it is a TransferError).
   */
  destroy(error?: Error): void;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const STREAM_BUFFER_BYTES = 16 * 1024;

export function createDownloadAgents(): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  // Keep-alive matters: a run copies hundreds of packages from the same download host.
  return {
    httpAgent: new http.Agent({ keepAlive: true }),
    httpsAgent: new https.Agent({ keepAlive: true }),
  };
}

/** A byte range of the source: `length` bytes starting at offset `start`. */
export interface ByteRange {
  readonly start: number;
  readonly length: number;
}

/**
 * Opens the download. With `range`, asks for just those bytes (HTTP Range) and insists on a
 * matching 206 answer: a server that ignores Range (200) fails with the non-retryable
 * `RangeNotSupported`, so callers can fall back to re-reading the whole package.
 */
export async function openDownload(
  url: string,
  settings: DownloadSettings,
  range?: ByteRange,
): Promise<OpenedDownload> {
  // Refusals (host off the allowlist, downgrade, blocked address) are thrown before anything is sent.
  let permitted = settings.policy.permit(parseUrl(url));
  for (let redirects = 0; ; redirects += 1) {
    const response = await requestHeaders(permitted, settings, range);
    const target = permitted.url;
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (REDIRECT_STATUSES.has(status) && typeof location === "string" && redirects < settings.maxRedirects) {
      discard(response);
      permitted = settings.policy.permit(parseUrl(new URL(location, target).toString()), target);
      continue;
    }
    if (status < 200 || status > 299) {
      discard(response);
      throw new TransferError("DownloadStatus", `download ${redactUrl(target.toString())} answered HTTP ${status}`, {
        retryable: isTransientHttpStatus(status),
        statusCode: status,
      });
    }
    if (range !== undefined) checkRangeAnswer(response, range, target);
    return wrapBody(response);
  }
}

function checkRangeAnswer(response: http.IncomingMessage, range: ByteRange, target: URL): void {
  const last = range.start + range.length - 1;
  const contentRange = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers["content-range"] ?? "");
  if (
    response.statusCode === 206 &&
    contentRange !== null &&
    Number(contentRange[1]) === range.start &&
    Number(contentRange[2]) === last
  ) {
    return;
  }
  discard(response);
  throw new TransferError(
    "RangeNotSupported",
    `download ${redactUrl(target.toString())} did not honour Range bytes=${range.start}-${last} (HTTP ${response.statusCode ?? 0})`,
    { retryable: false },
  );
}

/**
 * Closes a response whose body is not wanted. Reading it to the end would keep the connection for reuse, but a body
 * can be anything up to a whole package (a host that ignores Range answers with all of it), so the connection is
 * closed instead.
 */
function discard(response: http.IncomingMessage): void {
  response.destroy();
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TransferError("DownloadStatus", "download link is not a valid URL", { retryable: false });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new TransferError("DownloadStatus", `download link uses unsupported protocol ${parsed.protocol}`, {
      retryable: false,
    });
  }
  return parsed;
}

function requestHeaders(
  permitted: PermittedTarget,
  settings: DownloadSettings,
  range: ByteRange | undefined,
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const target = permitted.url;
    const isHttps = target.protocol === "https:";
    const request = (isHttps ? https : http).get(
      target,
      {
        agent: isHttps ? settings.httpsAgent : settings.httpAgent,
        // Checks the addresses of every new connection (a kept-alive one was checked when it was made).
        lookup: permitted.lookup,
        headers: {
          // Packages are .gz files: fetch the stored bytes as they are, never a re-encoded variant.
          "accept-encoding": "identity",
          ...(range === undefined ? {} : { range: `bytes=${range.start}-${range.start + range.length - 1}` }),
        },
      },
      resolve,
    );
    // Socket inactivity timeout; it stays armed while the body streams (until the socket goes
    // back to the agent), so a stalled body fails too.
    request.setTimeout(settings.idleTimeoutMs, () => {
      request.destroy(
        new TransferError("DownloadNetwork", `download stalled: no data for ${settings.idleTimeoutMs} ms`, {
          retryable: true,
        }),
      );
    });
    request.on("error", (error) => reject(asDownloadError(error)));
  });
}

function asDownloadError(error: unknown): TransferError {
  if (error instanceof TransferError) return error;
  const code = property(error, "code");
  const message = error instanceof Error ? error.message : String(error);
  return new TransferError(
    "DownloadNetwork",
    `download failed: ${typeof code === "string" ? `${code} ` : ""}${message}`,
    {
      // A failure with no socket error code (e.g. "aborted") is a broken connection as well.
      retryable: code === undefined || isTransientNetworkCode(code),
    },
  );
}

/**
 * Counts bytes and fails the stream when the total does not match the announced length. Node's
 * HTTP client already reports most truncations as errors; this makes the guarantee explicit and
 * independent of how the connection ended.
 */
export class LengthCheckedStream extends Transform {
  bytes = 0;

  constructor(private readonly expected: number | undefined) {
    super({ highWaterMark: STREAM_BUFFER_BYTES });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.expected !== undefined && this.bytes > this.expected) {
      callback(
        new TransferError("DownloadTruncated", `download sent more than the announced ${this.expected} bytes`, {
          retryable: true,
        }),
      );
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.expected !== undefined && this.bytes !== this.expected) {
      callback(this.truncated());
      return;
    }
    callback();
  }

  truncated(): TransferError {
    const of = this.expected === undefined ? "" : ` of ${this.expected}`;
    return new TransferError("DownloadTruncated", `download ended after ${this.bytes}${of} bytes`, { retryable: true });
  }
}

function wrapBody(response: http.IncomingMessage): OpenedDownload {
  const contentLength = parseContentLength(response);
  const checked = new LengthCheckedStream(contentLength);
  let firstFailure: Error | undefined;

  // Always listen: the body may fail before (or without) a consumer attaching its own listener. Only failures of the
  // download itself count (they are all TransferErrors, see asDownloadError): a consumer that stops reading destroys
  // the body with its own error (e.g. the AbortError of a `for await` that threw), which is an echo of the real cause,
  // never the cause.
  checked.on("error", (error: Error) => {
    if (error instanceof TransferError) firstFailure ??= error;
  });

  response.on("error", (error) => checked.destroy(asDownloadError(error)));
  // A connection that closes before the message is complete is a truncation even when the
  // socket reported no error (e.g. a chunked response cut off between chunks).
  response.on("close", () => {
    if (!response.complete && !checked.destroyed) checked.destroy(checked.truncated());
  });
  checked.on("close", () => {
    if (!response.complete) response.destroy();
  });
  response.pipe(checked);

  return {
    contentLength,
    body: checked,
    bytesRead: () => checked.bytes,
    failure: () => firstFailure,
    destroy: (error?: Error) => {
      if (!checked.destroyed) checked.destroy(error);
      if (!response.destroyed && !response.complete) response.destroy();
    },
  };
}

function parseContentLength(response: http.IncomingMessage): number | undefined {
  const header = response.headers["content-length"];
  if (header === undefined || response.headers["transfer-encoding"] !== undefined) return undefined;
  const value = Number(header);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
