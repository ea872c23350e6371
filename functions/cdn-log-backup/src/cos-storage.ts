/**
 * The few COS operations the backup needs, on top of the official cos-nodejs-sdk-v5 client.
 *
 * Note on the SDK's own retries: it silently repeats requests whose body is not a stream (HEAD,
 * list, buffered PUT, initiate, complete, abort, delete) up to 3 more times on 5xx/network errors,
 * without backoff, and neither 2.x nor 3.x lets that be switched off. Those errors are therefore
 * marked as already retried ({@link isRetryableCosError} says no), so the function's own attempts
 * never multiply the SDK's: such a request is sent at most {@link COS_SDK_TRIES} times. The SDK
 * never repeats a request with a stream body (streamed PUT, parts), which is why the copy logic
 * retries those itself: a streamed PUT by re-opening the download, a part from a ranged re-read of
 * its bytes or from its part buffer.
 */
import type { Readable } from "node:stream";
import COS from "cos-nodejs-sdk-v5";
import type { BackupConfig } from "./config";
import { TransferError, isTransientHttpStatus, isTransientNetworkCode, property } from "./errors";

export interface StoredObject {
  readonly size: number;
  readonly etag?: string;
}

export interface UploadedPart {
  readonly PartNumber: number;
  readonly ETag: string;
}

/** What the copy logic needs from the destination; implemented for COS by {@link CosObjectStore}. */
export interface ObjectStore {
  /** Size of the stored object, or undefined when the key does not exist. */
  head(key: string): Promise<StoredObject | undefined>;
  /**
   * Sizes of the objects under `prefix` whose keys sort after `startAfter`, in key order, read
   * page by page until `isPastEnd(key)` is true for a key or the listing ends.
   */
  listSizes(prefix: string, startAfter: string, isPastEnd: (key: string) => boolean): Promise<Map<string, number>>;
  /** Simple upload of a stream whose exact length is known up front. */
  putStream(key: string, body: Readable, contentLength: number): Promise<void>;
  putBuffer(key: string, body: Buffer): Promise<void>;
  initMultipart(key: string): Promise<string>;
  /** Uploads one part of exactly `contentLength` bytes from `body`. */
  uploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    body: Readable,
    contentLength: number,
  ): Promise<UploadedPart>;
  completeMultipart(key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<void>;
  abortMultipart(key: string, uploadId: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface CosStoreSettings {
  /** Socket inactivity timeout of COS requests. */
  readonly timeoutMs: number;
}

/** How often cos-nodejs-sdk-v5 sends a request without a stream body that fails with 5xx or a network error. */
export const COS_SDK_TRIES = 4;

const RETRIED_BY_SDK = Symbol("retriedBySdk");

/**
 * Marks `error` of a request without a stream body when the SDK already sent it {@link COS_SDK_TRIES} times (the
 * SDK's rule with AutoSwitchHost off: any 5xx, ECONNRESET, or no HTTP status at all).
 */
function markSdkRetries(error: unknown): never {
  const status = property(error, "statusCode");
  const sdkRetried =
    (typeof status === "number" && status >= 500 && status <= 599) ||
    property(error, "code") === "ECONNRESET" ||
    !(typeof status === "number" && status > 0);
  if (sdkRetried && typeof error === "object" && error !== null) {
    Object.defineProperty(error, RETRIED_BY_SDK, { value: true, enumerable: false });
  }
  throw error;
}

/** Whether the COS SDK already retried the request that failed with `error` (see {@link COS_SDK_TRIES}). */
export function wasRetriedBySdk(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && (error as { [RETRIED_BY_SDK]?: boolean })[RETRIED_BY_SDK] === true
  );
}

/** Log packages are gzip files; anything else is stored as opaque bytes. */
export function contentTypeFor(key: string): string {
  return key.endsWith(".gz") ? "application/gzip" : "application/octet-stream";
}

export class CosObjectStore implements ObjectStore {
  private readonly client: COS;
  private readonly bucket: string;
  private readonly region: string;

  constructor(config: BackupConfig, settings: CosStoreSettings) {
    this.bucket = config.bucket;
    this.region = config.region;
    this.client = new COS({
      SecretId: config.credentials.secretId,
      SecretKey: config.credentials.secretKey,
      ...(config.credentials.sessionToken === undefined ? {} : { SecurityToken: config.credentials.sessionToken }),
      Timeout: settings.timeoutMs,
      KeepAlive: true,
      // Never fall back to another host (the SDK would switch *.myqcloud.com to *.tencentcos.cn on network errors):
      // the function talks to the bucket's own endpoint only, and retries are counted here, not in the SDK.
      AutoSwitchHost: false,
      // Test-only: plain HTTP, path-style requests to a local fake (see README).
      ...(config.cosEndpoint === undefined ? {} : { Protocol: "http:", Domain: `${config.cosEndpoint}/{Bucket}` }),
    });
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const result = await this.client
        .headObject({ Bucket: this.bucket, Region: this.region, Key: key })
        .catch(markSdkRetries);
      const size = Number(result.headers?.["content-length"]);
      if (!Number.isSafeInteger(size) || size < 0) {
        throw new Error(`HEAD ${key} returned no usable Content-Length`);
      }
      return result.ETag ? { size, etag: result.ETag } : { size };
    } catch (error) {
      if (property(error, "statusCode") === 404) return undefined;
      throw error;
    }
  }

  async listSizes(
    prefix: string,
    startAfter: string,
    isPastEnd: (key: string) => boolean,
  ): Promise<Map<string, number>> {
    const sizes = new Map<string, number>();
    let marker = startAfter;
    for (;;) {
      const page = await this.client
        .getBucket({
          Bucket: this.bucket,
          Region: this.region,
          Prefix: prefix,
          Marker: marker,
          MaxKeys: 1000,
          // URL-encoded keys survive the XML round trip whatever characters they contain.
          EncodingType: "url",
        })
        .catch(markSdkRetries);
      let lastKey: string | undefined;
      for (const entry of page.Contents) {
        const key = decodeURIComponent(entry.Key);
        if (isPastEnd(key)) return sizes;
        const size = Number(entry.Size);
        if (Number.isSafeInteger(size) && size >= 0) sizes.set(key, size);
        lastKey = key;
      }
      if (String(page.IsTruncated) !== "true") return sizes;
      const next =
        page.NextMarker === undefined || page.NextMarker === "" ? lastKey : decodeURIComponent(page.NextMarker);
      if (next === undefined || next <= marker) {
        throw new Error(
          `COS listing of ${prefix} is truncated but gives no way to continue after ${JSON.stringify(marker)}`,
        );
      }
      marker = next;
    }
  }

  async putStream(key: string, body: Readable, contentLength: number): Promise<void> {
    // Content-Length is sent explicitly so COS itself refuses to store a body that ends early.
    await this.client.putObject({
      Bucket: this.bucket,
      Region: this.region,
      Key: key,
      Body: body,
      ContentLength: contentLength,
      ContentType: contentTypeFor(key),
    });
  }

  async putBuffer(key: string, body: Buffer): Promise<void> {
    await this.client
      .putObject({
        Bucket: this.bucket,
        Region: this.region,
        Key: key,
        Body: body,
        ContentLength: body.length,
        ContentType: contentTypeFor(key),
      })
      .catch(markSdkRetries);
  }

  async initMultipart(key: string): Promise<string> {
    const result = await this.client
      .multipartInit({
        Bucket: this.bucket,
        Region: this.region,
        Key: key,
        ContentType: contentTypeFor(key),
      })
      .catch(markSdkRetries);
    if (typeof result.UploadId !== "string" || result.UploadId === "") {
      throw new Error(`COS returned no UploadId when starting a multipart upload of ${key}`);
    }
    return result.UploadId;
  }

  async uploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    body: Readable,
    contentLength: number,
  ): Promise<UploadedPart> {
    // Parts are always streams: the SDK's HTTP library copies Buffer bodies, which for
    // multi-MiB parts costs memory and GC time. Stream bodies are not retried by the SDK; the
    // multipart logic retries parts itself.
    const result = await this.client.multipartUpload({
      Bucket: this.bucket,
      Region: this.region,
      Key: key,
      UploadId: uploadId,
      PartNumber: partNumber,
      Body: body,
      ContentLength: contentLength,
    });
    if (!result.ETag) throw new Error(`COS returned no ETag for part ${partNumber} of ${key}`);
    return { PartNumber: partNumber, ETag: result.ETag };
  }

  async completeMultipart(key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<void> {
    await this.client
      .multipartComplete({
        Bucket: this.bucket,
        Region: this.region,
        Key: key,
        UploadId: uploadId,
        // The SDK normalises the ETag quoting in place, so it gets its own copies.
        Parts: parts.map((part) => ({ PartNumber: part.PartNumber, ETag: part.ETag })),
      })
      .catch(markSdkRetries);
  }

  async abortMultipart(key: string, uploadId: string): Promise<void> {
    await this.client
      .multipartAbort({ Bucket: this.bucket, Region: this.region, Key: key, UploadId: uploadId })
      .catch(markSdkRetries);
  }

  async delete(key: string): Promise<void> {
    await this.client.deleteObject({ Bucket: this.bucket, Region: this.region, Key: key }).catch(markSdkRetries);
  }
}

// COS error codes that are worth another try although they may come with a 4xx status.
const TRANSIENT_COS_CODES = new Set(["RequestTimeout", "SlowDown", "ServiceUnavailable", "InternalError"]);

/** Throttling, 5xx, timeouts and broken connections; also our own retryable transfer errors. */
export function isRetryableCosError(error: unknown): boolean {
  if (error instanceof TransferError) return error.retryable;
  if (wasRetriedBySdk(error)) return false;
  const code = property(error, "code");
  if (typeof code === "string" && TRANSIENT_COS_CODES.has(code)) return true;
  const status = property(error, "statusCode");
  if (typeof status === "number" && status > 0) return isTransientHttpStatus(status);
  return isTransientNetworkCode(code);
}
