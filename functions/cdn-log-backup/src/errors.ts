/**
 * Error types raised by this function's own checks and the shared rules for deciding whether a
 * failure is worth retrying.
 */

export type TransferErrorCode =
  /** The download host answered with a non-2xx status. */
  | "DownloadStatus"
  /** The download ended before the announced length (or the listed size) was reached. */
  | "DownloadTruncated"
  /** The download connection failed or stalled. */
  | "DownloadNetwork"
  /** A ranged re-read of part of the download was not answered with exactly that range. */
  | "RangeNotSupported"
  /** The object stored in COS does not have the size that was uploaded. */
  | "StoredSizeMismatch"
  /** The link (or a redirect) points off the download allowlist, downgrades to http, or resolves to a blocked address. */
  | "DownloadRefused"
  /** A step could not finish before the invocation's deadline; the package is deferred to the next run. */
  | "DeadlineReached";

/** A failure detected by this function while moving bytes; carries its own retry decision. */
export class TransferError extends Error {
  readonly code: TransferErrorCode;
  readonly retryable: boolean;
  readonly statusCode?: number;

  constructor(code: TransferErrorCode, message: string, options: { retryable: boolean; statusCode?: number }) {
    super(message);
    this.name = "TransferError";
    this.code = code;
    this.retryable = options.retryable;
    if (options.statusCode !== undefined) this.statusCode = options.statusCode;
  }
}

/** HTTP statuses that signal throttling or a server-side hiccup. */
export function isTransientHttpStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

// Socket-level failures worth another attempt: resets, refused/unreachable peers during a
// deploy or failover, timeouts and transient DNS failures.
const TRANSIENT_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ERR_STREAM_PREMATURE_CLOSE",
  "UND_ERR_SOCKET",
]);

export function isTransientNetworkCode(code: unknown): boolean {
  return typeof code === "string" && TRANSIENT_NETWORK_CODES.has(code);
}

/** Reads a property of an unknown thrown value without trusting its shape. */
export function property(error: unknown, name: string): unknown {
  return typeof error === "object" && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}
