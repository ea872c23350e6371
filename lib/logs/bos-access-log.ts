/*
 * BOS access-log lines. Field list: Baidu AI Cloud, BOS "设置访问日志 / Set access logs", section 日志格式 / Log format
 * (https://cloud.baidu.com/doc/BOS/s/zk1rm7uwr, English: https://intl.cloud.baidu.com/doc/BOS/s/zk1rm7uwr-en).
 * The page lists 27 space-separated output fields; Request URI, Referer, User Agent, Multiple Delete and Rename Src are
 * written in double quotes and may contain spaces; `-` means "no value".
 *
 * The page's own sample line is the reference (where the page's table and its sample disagree, the sample wins):
 *
 *   2016-09-05T09:02:03+08:00 e13b… bos-logging - - 127.0.0.1 e13b… 98a20094-… GetBucket bj.bcebos.com
 *   "/bos-logging?delimiter=%2F&maxKeys=1000&prefix=" 200 success 2335 - 10 - "-" "bce-sdk-python/… (default, Jun 24
 *   2016, 15:08:42) [GCC 3.4.5 20051201 (Red Hat 3.4.5-2)]/linux2" - - - - 123 cdn 302 STANDARD
 *
 * Read with quotes honoured, it has exactly 27 fields, which map one to one onto the table (counting the user agent's
 * spaces, as a plain split on spaces does, gives 38 "fields": the reason the quotes matter). Where the sample differs
 * from the table, the parser follows the sample:
 * - Multiple Delete and Rename Src are documented as quoted but the sample writes them bare (`-`): either is accepted;
 * - Error Code holds `success` for a successful request, not `-`; it is kept as text;
 * - the sample's last four fields (`123 cdn 302 STANDARD`) sit in the positions of AK, Source, Mirror Type and Copy Src.
 *   `STANDARD` reads like a storage class and `302` like a status, but nothing in the page says the order differs from
 *   the table, so the positions are kept; the values stay plain text so that nothing is lost if Baidu's real order
 *   differs. Storage Class (field 20) is `-` in the sample.
 * Fields after the 27th (BOS may add some) are kept, as text, in `extraFields`. Lines with fewer than the first 19
 * fields (through User Agent, the fields every BOS log has carried) are malformed; fields 20-27 may be missing.
 */
import { RecordCodec, RecordLayout } from "./record-layout";

/** One request from a BOS access log, field by field in line order. `undefined` is a `-` in the log. */
export interface BosAccessLogRecord {
  /** 1. Time the request was made. */
  readonly time: Date;
  /** The zone offset the log wrote `time` in, in minutes east of UTC (480 for `+08:00`). */
  readonly utcOffsetMinutes: number;
  /** 2. Owner ID of the bucket. */
  readonly bucketOwner?: string;
  /** 3. Bucket the request was for. */
  readonly bucket?: string;
  /** 4. Object key the request was for. */
  readonly key?: string;
  /** 5. Reserved. */
  readonly reserved?: string;
  /** 6. Requester's IP address. */
  readonly remoteIp?: string;
  /** 7. Requester's ID. */
  readonly requester?: string;
  /** 8. Request ID. */
  readonly requestId?: string;
  /** 9. Operation, e.g. `GetObject`. */
  readonly operation?: string;
  /** 10. Host the request was sent to, e.g. `bj.bcebos.com`. */
  readonly host?: string;
  /** 11. Request URI (quoted in the log). */
  readonly requestUri?: string;
  /** 12. HTTP status code. */
  readonly status?: number;
  /** 13. Error code (`success` for successful requests in Baidu's sample). */
  readonly errorCode?: string;
  /** 14. Bytes sent in the response. */
  readonly bytesSent?: number;
  /** 15. Object size in bytes. */
  readonly objectSize?: number;
  /** 16. Total time of the request, in milliseconds. */
  readonly totalTimeMs?: number;
  /** 17. Time the server spent, in milliseconds. */
  readonly serverTimeMs?: number;
  /** 18. Referer (quoted in the log). */
  readonly referer?: string;
  /** 19. User agent (quoted in the log). */
  readonly userAgent?: string;
  /** 20. Storage class of the object. */
  readonly storageClass?: string;
  /** 21. Multiple Delete: the objects of a multi-object delete (quoted per the table, bare in the sample). */
  readonly multipleDelete?: string;
  /** 22. VIP the request reached. */
  readonly vip?: string;
  /** 23. Rename Src: source of a rename (quoted per the table, bare in the sample). */
  readonly renameSource?: string;
  /** 24. Access key the request was signed with. */
  readonly accessKey?: string;
  /** 25. Source of the request. */
  readonly source?: string;
  /** 26. Mirror (back-to-origin) type. */
  readonly mirrorType?: string;
  /** 27. Copy Src: source of a copy. */
  readonly copySource?: string;
  /** Fields after the 27th, as written (unquoted); empty when there are none. */
  readonly extraFields: readonly string[];
}

/** The BOS line layout (see the file comment for the source and the choices made). */
export const BOS_ACCESS_LOG_LAYOUT: RecordLayout = {
  format: "bos",
  minFields: 19,
  fields: [
    { name: "time", kind: "time" },
    { name: "bucketOwner", kind: "text" },
    { name: "bucket", kind: "text" },
    { name: "key", kind: "text" },
    { name: "reserved", kind: "text" },
    { name: "remoteIp", kind: "text" },
    { name: "requester", kind: "text" },
    { name: "requestId", kind: "text" },
    { name: "operation", kind: "text" },
    { name: "host", kind: "text" },
    { name: "requestUri", kind: "text", quoted: true, freeText: true },
    { name: "status", kind: "status" },
    { name: "errorCode", kind: "text" },
    { name: "bytesSent", kind: "count" },
    { name: "objectSize", kind: "count" },
    { name: "totalTimeMs", kind: "count" },
    { name: "serverTimeMs", kind: "count" },
    { name: "referer", kind: "text", quoted: true, freeText: true },
    { name: "userAgent", kind: "text", quoted: true, freeText: true },
    { name: "storageClass", kind: "text" },
    { name: "multipleDelete", kind: "text" },
    { name: "vip", kind: "text" },
    { name: "renameSource", kind: "text" },
    { name: "accessKey", kind: "text" },
    { name: "source", kind: "text" },
    { name: "mirrorType", kind: "text" },
    { name: "copySource", kind: "text" },
  ],
};

const codec = new RecordCodec(BOS_ACCESS_LOG_LAYOUT);

/**
 * Parses one BOS access-log line (without its line break).
 *
 * @throws AccessLogParseError naming the field and column when the line does not have the documented shape
 */
export function parseBosAccessLogLine(line: string): BosAccessLogRecord {
  return codec.parse(line) as unknown as BosAccessLogRecord;
}

/**
 * Writes a record as a BOS access-log line, the inverse of {@link parseBosAccessLogLine}.
 *
 * @throws RangeError for a value a BOS line cannot hold (e.g. a negative byte count or the text "-")
 */
export function formatBosAccessLogLine(record: BosAccessLogRecord): string {
  return codec.format(record as unknown as Record<string, unknown>);
}
