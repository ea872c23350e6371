import { BosAccessLogRecord, formatBosAccessLogLine, parseBosAccessLogLine } from "./bos-access-log";
import { CdnAccessLogRecord, formatCdnAccessLogLine, parseCdnAccessLogLine } from "./cdn-access-log";
import { CosAccessLogRecord, formatCosAccessLogLine, parseCosAccessLogLine } from "./cos-access-log";

/** The access-log formats this library reads: BOS access logs, COS log management, Tencent CDN log packages. */
export type AccessLogFormat = "bos" | "cos" | "cdn";

/** The record type each format parses into. */
export interface AccessLogRecordByFormat {
  /** BOS access-log record. */
  readonly bos: BosAccessLogRecord;
  /** COS access-log record. */
  readonly cos: CosAccessLogRecord;
  /** CDN access-log record. */
  readonly cdn: CdnAccessLogRecord;
}

/** Any access-log record. */
export type AccessLogRecord = AccessLogRecordByFormat[AccessLogFormat];

/** A format's line parser and formatter. */
export interface AccessLogCodec<R> {
  /** Parses one line; throws AccessLogParseError. */
  readonly parse: (line: string) => R;
  /** Writes one record as a line; throws RangeError. */
  readonly format: (record: R) => string;
}

/** Parser and formatter of each format, by name. */
export const ACCESS_LOG_CODECS: { readonly [F in AccessLogFormat]: AccessLogCodec<AccessLogRecordByFormat[F]> } = {
  bos: { parse: parseBosAccessLogLine, format: formatBosAccessLogLine },
  cos: { parse: parseCosAccessLogLine, format: formatCosAccessLogLine },
  cdn: { parse: parseCdnAccessLogLine, format: formatCdnAccessLogLine },
};

/** The format names, for validating user input. */
export const ACCESS_LOG_FORMATS: readonly AccessLogFormat[] = ["bos", "cos", "cdn"];

/** Whether `value` names a supported format. */
export function isAccessLogFormat(value: string): value is AccessLogFormat {
  return (ACCESS_LOG_FORMATS as readonly string[]).includes(value);
}
