/*
 * Tencent Cloud CDN offline access-log lines: the hourly gzip packages `DescribeCdnDomainLogs` lists and the CDN log
 * backup function copies. Field list: Tencent Cloud CDN, "日志服务 / Log Service", section Fields
 * (https://cloud.tencent.com/document/product/228/6316, English: https://www.tencentcloud.com/document/product/228/6316),
 * 16 space-separated fields from request time to client port; the same list is on VOD's "Downloading Logs" page
 * (https://www.tencentcloud.com/document/product/266/7983).
 *
 * Where the page is ambiguous (its sample lines are images):
 * - Request time: the page gives no text format. The packages write `YYYYMMDDHHmmss` in Beijing time (UTC+8, the zone
 *   of every other CDN time Tencent documents); that is what is read (and ISO 8601 with a zone is accepted too).
 * - Quoting: the page does not say which fields are quoted. User-Agent and Range are free text and written quoted; any
 *   field may be quoted and is unquoted on reading.
 * - Field 6 is a province id for mainland logs and a region id (may be negative, e.g. -20) outside the mainland; field 7
 *   is an ISP id, -1 outside the mainland. Both are kept as numbers; the page's mapping tables give their names.
 * - Field 16 (client port) is `-` when there is none, and older packages end after field 15: lines with 15 fields are
 *   accepted, fewer are malformed. Fields after the 16th are kept in `extraFields`.
 * - Field 14: since 2021-09-13 the protocol may read `HTTP/3`; real packages write `HTTPS` for requests over TLS (not
 *   a version), and the field is kept as the text written.
 *
 * What real packages write, beyond the page (lines quoted in public code that reads real packages: a Go test of a
 * "tencent-cdn" log parser, `20240930180135 123.45.67.8 www.example.com /wp-content/favicon.ico 6969 120 2 200
 * https://www.example.com/ 3 "Mozilla/5.0 () Chrome/96.0.4664.104 Mobile Safari/537.36" "(null)" GET HTTPS hit 32768`;
 * a Python script's sample of 2023-03-30 lines from a COS-origin domain, with ranges `"786432-786432"` and
 * `"(null)"`; a 2026-05 blog post quoting its CDN lines, `… 215 "YisouSpider" "(null)" GET HTTPS miss 58335`):
 * - a request without a Range header has Range `"(null)"`, read as absent (as `-` is) in any field but the extra ones;
 * - the Range is the byte range without a unit (`786432-786432`), the referer a bare URL, the protocol `HTTPS`;
 * - province ids beyond the page's table (`1069`, `120`, `121`) and ISP ids (`26`, `1046`) are plain integers.
 */
import { RecordCodec, RecordLayout } from "./record-layout";

/** One request from a CDN access-log package, field by field in line order. `undefined` is a `-` in the log. */
export interface CdnAccessLogRecord {
  /** 1. Request time. */
  readonly time: Date;
  /** The zone offset of `time`, in minutes east of UTC (480: Beijing time, how the packages write it). */
  readonly utcOffsetMinutes: number;
  /** 2. Client IP. */
  readonly clientIp?: string;
  /** 3. Accelerated domain. */
  readonly domain?: string;
  /** 4. Request path. */
  readonly path?: string;
  /** 5. Bytes of this access, response body and headers. */
  readonly bytes?: number;
  /** 6. Province id (mainland) or region id (outside the mainland); see the page's mapping tables. */
  readonly provinceId?: number;
  /** 7. ISP id; -1 outside the mainland. */
  readonly ispId?: number;
  /** 8. HTTP status code. */
  readonly status?: number;
  /** 9. Referer. */
  readonly referer?: string;
  /** 10. Response time, in milliseconds. */
  readonly responseTimeMs?: number;
  /** 11. User-Agent. */
  readonly userAgent?: string;
  /** 12. Range request header. */
  readonly range?: string;
  /** 13. HTTP method. */
  readonly method?: string;
  /** 14. HTTP protocol identifier, e.g. `HTTP/1.1`, `HTTP/3`. */
  readonly protocol?: string;
  /** 15. Cache `hit` or `miss` (a hit in an edge or parent node is a hit). */
  readonly cacheStatus?: string;
  /** 16. Client port of the connection to the CDN node. */
  readonly clientPort?: number;
  /** Fields after the 16th, as written (unquoted); empty when there are none. */
  readonly extraFields: readonly string[];
}

/** The CDN line layout (see the file comment for the source and the choices made). */
export const CDN_ACCESS_LOG_LAYOUT: RecordLayout = {
  format: "cdn",
  bareFreeTextMinFields: 15,
  minFields: 15,
  compactTimeUtcOffsetMinutes: 480,
  fields: [
    { name: "time", kind: "compactTime" },
    { name: "clientIp", kind: "text" },
    { name: "domain", kind: "text" },
    { name: "path", kind: "text" },
    { name: "bytes", kind: "count" },
    { name: "provinceId", kind: "integer" },
    { name: "ispId", kind: "integer" },
    { name: "status", kind: "status" },
    { name: "referer", kind: "text" },
    { name: "responseTimeMs", kind: "count" },
    { name: "userAgent", kind: "text", quoted: true, freeText: true },
    { name: "range", kind: "text", quoted: true },
    { name: "method", kind: "text" },
    { name: "protocol", kind: "text" },
    { name: "cacheStatus", kind: "text" },
    { name: "clientPort", kind: "count" },
  ],
};

const codec = new RecordCodec(CDN_ACCESS_LOG_LAYOUT);

/**
 * Parses one CDN access-log line (without its line break).
 *
 * @throws AccessLogParseError naming the field and column when the line does not have the documented shape
 */
export function parseCdnAccessLogLine(line: string): CdnAccessLogRecord {
  return codec.parse(line) as unknown as CdnAccessLogRecord;
}

/**
 * Writes a record as a CDN access-log line, the inverse of {@link parseCdnAccessLogLine}.
 *
 * @throws RangeError for a value a CDN line cannot hold (e.g. a negative byte count or the text "-")
 */
export function formatCdnAccessLogLine(record: CdnAccessLogRecord): string {
  return codec.format(record as unknown as Record<string, unknown>);
}
