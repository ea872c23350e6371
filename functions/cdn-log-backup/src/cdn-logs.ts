/**
 * Listing of access-log packages through the CDN API action DescribeCdnDomainLogs
 * (cdn 2018-06-06), with the official tencentcloud-sdk-nodejs-cdn client (TC3-HMAC-SHA256).
 *
 * Areas are queried one at a time (`mainland`, `overseas`) rather than with Area=global: each
 * query then has its own TotalCount/Offset sequence, and every listed package is known to belong
 * to the queried area even if the entry's Area field were missing.
 */
import { cdn } from "tencentcloud-sdk-nodejs-cdn";
import type { BackupConfig, Area } from "./config";
import { isTransientHttpStatus, property } from "./errors";
import { withRetry, type RetryHooks, type RetryPolicy } from "./retry";
import type { TimeWindow } from "./time-window";

/** One log package as listed by the API. */
export interface LogPackage {
  readonly domain: string;
  readonly area: Area;
  readonly logName: string;
  /** Package start, `YYYY-MM-DD HH:mm:ss` Beijing time, as returned by the API. */
  readonly startTime: string;
  readonly endTime: string;
  /** Signed download link, valid for one day. Never log it unredacted. */
  readonly url: string;
  /** FileSize from the listing; undefined when the API returned null/0 (unknown). */
  readonly listedSize: number | undefined;
}

export interface DescribeCdnDomainLogsRequest {
  Domain: string;
  StartTime: string;
  EndTime: string;
  Offset: number;
  Limit: number;
  Area: Area;
  LogType: "access";
}

/** Response fields as documented; typed loosely because the SDK's own model is not exhaustive. */
export interface DescribeCdnDomainLogsResponse {
  DomainLogs?: ReadonlyArray<{
    StartTime?: string | null;
    EndTime?: string | null;
    LogPath?: string | null;
    Area?: string | null;
    LogName?: string | null;
    FileSize?: number | null;
  }> | null;
  TotalCount?: number | null;
  RequestId?: string;
}

/** The single API call used; lets the listing logic be driven by the real client or a double. */
export interface CdnLogApi {
  describeCdnDomainLogs(request: DescribeCdnDomainLogsRequest): Promise<DescribeCdnDomainLogsResponse>;
}

export interface CdnClientSettings {
  readonly requestTimeoutSeconds: number;
}

export function createCdnLogApi(config: BackupConfig, settings: CdnClientSettings): CdnLogApi {
  const client = new cdn.v20180606.Client({
    credential: {
      secretId: config.credentials.secretId,
      secretKey: config.credentials.secretKey,
      ...(config.credentials.sessionToken === undefined ? {} : { token: config.credentials.sessionToken }),
    },
    // CDN is not a regional API; an empty region omits the X-TC-Region header.
    region: "",
    profile: {
      httpProfile: {
        reqTimeout: settings.requestTimeoutSeconds,
        // Test-only: plain HTTP to a local fake (see README); production uses the SDK default.
        ...(config.cdnEndpoint === undefined ? {} : { endpoint: config.cdnEndpoint, protocol: "http://" }),
      },
    },
  });
  return {
    // The SDK's request model marks Offset/Limit/Area optional; ours always sets them.
    describeCdnDomainLogs: (request) => client.DescribeCdnDomainLogs(request),
  };
}

/** The API rejects Limit above 1000. */
export const MAX_PAGE_SIZE = 1000;

/**
 * Errors worth retrying: throttling (RequestLimitExceeded*), InternalError*, HTTP 429/5xx, and
 * transport failures. The SDK surfaces all of them as TencentCloudSDKHttpException; that class
 * is not exported, so it is recognised by shape: API errors carry `code`, non-200 answers carry
 * `httpCode`, transport failures carry neither but do carry the `traceId` every instance has.
 */
export function isRetryableCdnError(error: unknown): boolean {
  const code = property(error, "code");
  if (typeof code === "string" && code !== "") {
    return /^(RequestLimitExceeded|InternalError)(\.|$)/.test(code);
  }
  const httpCode = property(error, "httpCode");
  if (typeof httpCode === "number") return isTransientHttpStatus(httpCode);
  return typeof property(error, "traceId") === "string";
}

export interface ListingRequest {
  readonly domain: string;
  readonly area: Area;
  readonly window: TimeWindow;
}

export interface ListingSettings {
  readonly retry: RetryPolicy;
  readonly retryHooks?: RetryHooks;
  readonly pageSize?: number;
}

export interface ListingResult {
  readonly packages: readonly LogPackage[];
  /** Entries the API returned that could not be used (no link or name). */
  readonly invalidEntries: number;
  readonly pages: number;
}

/** Reads every page (Offset += page length) until TotalCount entries have been seen. */
export async function listLogPackages(
  api: CdnLogApi,
  request: ListingRequest,
  settings: ListingSettings,
): Promise<ListingResult> {
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, settings.pageSize ?? MAX_PAGE_SIZE));
  const packages: LogPackage[] = [];
  let invalidEntries = 0;
  let offset = 0;
  let pages = 0;
  for (;;) {
    const { value: page } = await withRetry(
      () =>
        api.describeCdnDomainLogs({
          Domain: request.domain,
          StartTime: request.window.startTime,
          EndTime: request.window.endTime,
          Offset: offset,
          Limit: pageSize,
          Area: request.area,
          LogType: "access",
        }),
      isRetryableCdnError,
      settings.retry,
      settings.retryHooks,
    );
    pages += 1;
    const entries = page.DomainLogs ?? [];
    for (const entry of entries) {
      const logPackage = toLogPackage(entry, request);
      if (logPackage === undefined) invalidEntries += 1;
      else packages.push(logPackage);
    }
    offset += entries.length;
    const total = typeof page.TotalCount === "number" ? page.TotalCount : offset;
    // An empty page ends the walk even if TotalCount promised more (the list can shrink while
    // paging as packages age out), so a short page can never cause an endless loop.
    if (entries.length === 0 || offset >= total) break;
  }
  return { packages, invalidEntries, pages };
}

type ListedEntry = NonNullable<DescribeCdnDomainLogsResponse["DomainLogs"]>[number];

function toLogPackage(entry: ListedEntry, request: ListingRequest): LogPackage | undefined {
  const { LogPath: url, LogName: logName, StartTime: startTime } = entry;
  if (typeof url !== "string" || url === "" || typeof logName !== "string" || typeof startTime !== "string") {
    return undefined;
  }
  // The entry's own Area is authoritative when present; the queried area is the fallback.
  const area: Area = entry.Area === "mainland" || entry.Area === "overseas" ? entry.Area : request.area;
  const size = entry.FileSize;
  return {
    domain: request.domain,
    area,
    logName,
    startTime,
    endTime: typeof entry.EndTime === "string" ? entry.EndTime : "",
    url,
    // A gzip package is never empty, so 0 is treated like null: "size not known yet".
    listedSize: typeof size === "number" && Number.isSafeInteger(size) && size > 0 ? size : undefined,
  };
}
