/**
 * The failures `verify` tells apart. A call that fails for one delivery (a bucket that does not exist, a server error
 * after the retries) becomes part of that delivery's verdict; credentials that the service rejects stop the whole run
 * (exit 2), because every further call would fail the same way.
 */

/** Which cloud answered. */
export type CloudService = "COS" | "BOS" | "CAM" | "SCF";

/** A failed cloud call, normalised over the SDKs. The message never carries credentials (see {@link redacted}). */
export class VerifyApiError extends Error {
  readonly service: CloudService;
  readonly operation: string;
  /** HTTP status, when the request got an answer. */
  readonly status?: number;
  /** The service's error code (`NoSuchBucket`, `RequestLimitExceeded`, `AuthFailure.SignatureExpire`, ...). */
  readonly code?: string;
  /**
   * The SDK already repeated the request on its own (cos-nodejs-sdk-v5 sends a request without a stream body up to
   * 4 times on a 5xx or a network error, without backoff): verify then retries it once more at most.
   */
  sdkRetried = false;

  constructor(service: CloudService, operation: string, details: { status?: number; code?: string; message: string }) {
    super(`${service} ${operation} failed: ${details.message}`);
    this.name = "VerifyApiError";
    this.service = service;
    this.operation = operation;
    this.status = details.status;
    this.code = details.code;
  }
}

/**
 * The run cannot go on: no credentials, credentials the service rejects (expired, unknown, bad signature) or lacking
 * a permission verify needs, or an SDK that is not installed. Exit code 2.
 */
export class VerifySetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VerifySetupError";
  }
}

/** Tencent Cloud API error codes of throttling (the API's `RequestLimitExceeded` family). */
const THROTTLING_CODES = /^(RequestLimitExceeded|Throttling|SlowDown|TooManyRequests|LimitExceeded\.Frequency)/;
/** Network failures worth another attempt. */
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ESOCKETTIMEDOUT"]);

/** Throttling, a server error or a dropped connection: the same call may succeed later. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof VerifyApiError)) return false;
  if (error.code !== undefined && (THROTTLING_CODES.test(error.code) || NETWORK_CODES.has(error.code))) return true;
  if (error.code !== undefined && /^(InternalError|ServiceUnavailable|InternalServerError)/.test(error.code))
    return true;
  return error.status === 429 || (error.status !== undefined && error.status >= 500);
}

/**
 * The service rejected who is asking rather than what was asked: Tencent Cloud API `AuthFailure.*` and
 * `UnauthorizedOperation*`, COS and BOS 401/403 (expired, unknown or mis-signed keys, or a missing permission).
 */
export function isCredentialFailure(error: unknown): boolean {
  if (!(error instanceof VerifyApiError)) return false;
  if (
    error.code !== undefined &&
    /^(AuthFailure|UnauthorizedOperation|OperationDenied\.?Unauthorized)/.test(error.code)
  )
    return true;
  return error.status === 401 || error.status === 403;
}

/** The message for a credential failure: what was refused, why in the service's words, and what to do. */
export function credentialFailureMessage(error: VerifyApiError): string {
  const expired = /expire|ExpiredToken|TokenFailure|RequestTimeTooSkewed/i.test(`${error.code ?? ""} ${error.message}`);
  const what = expired
    ? "the credentials have expired (or the clock is off)"
    : error.code !== undefined && /Unauthorized|AccessDenied/i.test(error.code)
      ? "the credentials lack a permission verify needs"
      : "the credentials were rejected";
  const fix =
    error.service === "BOS"
      ? "set BAIDUCLOUD_ACCESS_KEY / BAIDUCLOUD_SECRET_KEY (and BAIDUCLOUD_SESSION_TOKEN for temporary keys) to valid keys with the BOS read permissions in the README's Verify section"
      : "set TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY (and TENCENTCLOUD_SECURITY_TOKEN for temporary keys) to valid keys of a role with VerifyReadOnlyPolicy";
  return `${error.service} ${error.operation}: ${what} (${error.code ?? `HTTP ${error.status ?? "?"}`}). Fix: ${fix}.`;
}

/** `text` with every secret replaced by `***`: service messages may echo a key id back. */
export function redacted(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret !== undefined && secret.length >= 4) out = out.split(secret).join("***");
  return out;
}
