/*
 * COS access-log lines (COS "log management", delivered through CLS). Field list: Tencent Cloud COS, "日志管理概述 /
 * Logging Overview" (https://cloud.tencent.com/document/product/436/16920, English:
 * https://www.tencentcloud.com/document/product/436/16920), fields 1-31, eventVersion through vpcId. Field 31,
 * `vpcId` ("VPC 请求 ID", `"0"` for a request from outside a VPC, else the VPC's id as a string), is in the page's
 * source as kept in tencentyun/intlcloud-documents, yehe_doc/存储/对象存储/开发者指南/数据管理/日志管理/日志管理概述_intl_zh.md;
 * lines of 30 fields (before it was added) and of 31 are both read.
 *
 * Where the pages are ambiguous or disagree (the parser is tolerant, the formatter writes the current Chinese page's form):
 * - Separator: the current pages say "字段之间以空格分割" (spaces); an older English page says `\t`. A line that contains a
 *   tab is read as tab-separated, any other line as space-separated.
 * - Quoting: the table shows requestUri (`"GET /fdgfdgsf%20/… HTTP/1.1"`) and vpcId (`"0"`) quoted, and userAgent and
 *   resErrorMsg bare although real values contain spaces (`The specified key does not exist.`). Any field is read
 *   quoted or bare. A bare request line `GET /a.txt HTTP/1.1` is one field; a bare userAgent or resErrorMsg with
 *   spaces is read when exactly one split of the line makes every later field fit its type (a status after the
 *   user agent, byte counts after the message; see free-text-fields.ts), else the line is malformed. The formatter
 *   quotes userAgent, resErrorMsg, requestUri and vpcId.
 * - Field 9 is `reservedFiled` ("保留字段", always `-`) on the current pages and `reqQcsSource` on the older one; it is
 *   read as text either way and named `reserved`.
 * - eventTime is UTC (`2018-12-01T11:02:33Z`); other offsets are accepted and kept.
 * - resHttpCode: the older page shows `200 OK`; the reason phrase is accepted and dropped.
 * - "COS may append new fields" (根据用户需求…COS 可能在访问日志中新增字段): fields after the 31st are kept in
 *   `extraFields`. Lines with fewer than 23 fields (through resTurnAroundTime, which every version of the page lists)
 *   are malformed; fields 24-31 may be missing.
 */
import { RecordCodec, RecordLayout } from "./record-layout";

/** One request from a COS access log, field by field in line order. `undefined` is a `-` in the log. */
export interface CosAccessLogRecord {
  /** 1. Log record version, e.g. `1.0`. */
  readonly eventVersion?: string;
  /** 2. Bucket, with its APPID suffix. */
  readonly bucketName?: string;
  /** 3. Region of the request, e.g. `ap-beijing`. */
  readonly qcsRegion?: string;
  /** 4. Event time: when the request ended. */
  readonly eventTime: Date;
  /** The zone offset the log wrote `eventTime` in, in minutes east of UTC (0 for `Z`). */
  readonly utcOffsetMinutes: number;
  /** 5. Domain the request was sent to. */
  readonly eventSource?: string;
  /** 6. Event (API operation) name, e.g. `UploadPart`. */
  readonly eventName?: string;
  /** 7. Source IP. */
  readonly remoteIp?: string;
  /** 8. SecretId the request was signed with. */
  readonly userSecretKeyId?: string;
  /** 9. Reserved (`reservedFiled` on the page; `reqQcsSource` on an older page). */
  readonly reserved?: string;
  /** 10. Request bytes. */
  readonly reqBytesSent?: number;
  /** 11. Change in stored bytes the request made (negative for deletes). */
  readonly deltaDataSize?: number;
  /** 12. Requested object path, e.g. `/folder/text.txt`. */
  readonly reqPath?: string;
  /** 13. Request method, e.g. `put`. */
  readonly reqMethod?: string;
  /** 14. User agent. */
  readonly userAgent?: string;
  /** 15. HTTP status code. */
  readonly resHttpCode?: number;
  /** 16. COS error code, e.g. `NoSuchKey`. */
  readonly resErrorCode?: string;
  /** 17. Error message. */
  readonly resErrorMsg?: string;
  /** 18. Bytes returned. */
  readonly resBytesSent?: number;
  /** 19. Total time of the request, in milliseconds. */
  readonly resTotalTime?: number;
  /** 20. Log source type: `USER` or `CDN` (CDN origin pulls). */
  readonly logSourceType?: string;
  /** 21. Storage class, e.g. `STANDARD`. */
  readonly storageClass?: string;
  /** 22. Bucket owner's account ID. */
  readonly accountId?: string;
  /** 23. Server-side time of the request, in milliseconds. */
  readonly resTurnAroundTime?: number;
  /** 24. Requester, `<root uin>:<sub uin>`. */
  readonly requester?: string;
  /** 25. Request ID. */
  readonly requestId?: string;
  /** 26. Object size in bytes (`-` while a multipart upload is in progress). */
  readonly objectSize?: number;
  /** 27. Object version ID. */
  readonly versionId?: string;
  /** 28. Target storage class of a copy. */
  readonly targetStorageClass?: string;
  /** 29. HTTP referer. */
  readonly referer?: string;
  /** 30. Request line, e.g. `GET /a.txt HTTP/1.1` (quoted in the log, or bare). */
  readonly requestUri?: string;
  /** 31. VPC the request came through: `0` from outside a VPC, else the VPC's id (quoted in the page's example). */
  readonly vpcId?: string;
  /** Fields after the 31st, as written (unquoted); empty when there are none. */
  readonly extraFields: readonly string[];
}

/** The COS line layout (see the file comment for the source and the choices made). */
export const COS_ACCESS_LOG_LAYOUT: RecordLayout = {
  format: "cos",
  bareFreeTextMinFields: 30,
  minFields: 23,
  tabSeparatedWhenTabbed: true,
  fields: [
    { name: "eventVersion", kind: "text" },
    { name: "bucketName", kind: "text" },
    { name: "qcsRegion", kind: "text" },
    { name: "eventTime", kind: "time" },
    { name: "eventSource", kind: "text" },
    { name: "eventName", kind: "text" },
    { name: "remoteIp", kind: "text" },
    { name: "userSecretKeyId", kind: "text" },
    { name: "reserved", kind: "text" },
    { name: "reqBytesSent", kind: "count" },
    { name: "deltaDataSize", kind: "integer" },
    { name: "reqPath", kind: "text" },
    { name: "reqMethod", kind: "text" },
    { name: "userAgent", kind: "text", quoted: true, freeText: true },
    { name: "resHttpCode", kind: "status" },
    { name: "resErrorCode", kind: "text" },
    { name: "resErrorMsg", kind: "text", quoted: true, freeText: true },
    { name: "resBytesSent", kind: "count" },
    { name: "resTotalTime", kind: "count" },
    { name: "logSourceType", kind: "text" },
    { name: "storageClass", kind: "text" },
    { name: "accountId", kind: "text" },
    { name: "resTurnAroundTime", kind: "count" },
    { name: "requester", kind: "text" },
    { name: "requestId", kind: "text" },
    { name: "objectSize", kind: "count" },
    { name: "versionId", kind: "text" },
    { name: "targetStorageClass", kind: "text" },
    { name: "referer", kind: "text" },
    { name: "requestUri", kind: "text", quoted: true, requestLine: true },
    { name: "vpcId", kind: "text", quoted: true },
  ],
};

const codec = new RecordCodec(COS_ACCESS_LOG_LAYOUT);

/**
 * Parses one COS access-log line (without its line break).
 *
 * @throws AccessLogParseError naming the field and column when the line does not have the documented shape
 */
export function parseCosAccessLogLine(line: string): CosAccessLogRecord {
  return codec.parse(line) as unknown as CosAccessLogRecord;
}

/**
 * Writes a record as a COS access-log line (space-separated), the inverse of {@link parseCosAccessLogLine}.
 *
 * @throws RangeError for a value a COS line cannot hold (e.g. a negative byte count or the text "-")
 */
export function formatCosAccessLogLine(record: CosAccessLogRecord): string {
  return codec.format(record as unknown as Record<string, unknown>);
}
