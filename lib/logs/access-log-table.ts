/*
 * The typed table a format's records become for `logs export` and `logs query`: one column per documented field, named
 * in snake_case (eventTime -> event_time), typed by the field's kind; the zone a time was written in next to it; the
 * extra fields as a JSON array. Partitions (Hive style, `date=YYYY-MM-DD/source=<bucket or domain>/`) are not columns of
 * the files: engines take them from the path.
 */
import { AccessLogFormat, AccessLogRecordByFormat } from "./formats";
import { BOS_ACCESS_LOG_LAYOUT } from "./bos-access-log";
import { CDN_ACCESS_LOG_LAYOUT } from "./cdn-access-log";
import { COS_ACCESS_LOG_LAYOUT } from "./cos-access-log";
import { EXTRA_FIELDS_PROPERTY, RecordLayout, UTC_OFFSET_PROPERTY } from "./record-layout";

/**
 * A column's type: `timestamp` is an instant (Parquet TIMESTAMP(MILLIS, isAdjustedToUTC), DuckDB TIMESTAMPTZ),
 * `int32`/`int64` whole numbers, `string` UTF-8 text. Every column may be null (a `-` in the log) but the time.
 */
export type AccessLogColumnType = "timestamp" | "int32" | "int64" | "string";

/** One column of a format's table. */
export interface AccessLogColumn {
  /** Column name, snake_case. */
  readonly name: string;
  /** Its type. */
  readonly type: AccessLogColumnType;
  /** The record property it holds. */
  readonly property: string;
}

const LAYOUTS: { readonly [F in AccessLogFormat]: RecordLayout } = {
  bos: BOS_ACCESS_LOG_LAYOUT,
  cos: COS_ACCESS_LOG_LAYOUT,
  cdn: CDN_ACCESS_LOG_LAYOUT,
};

/** The record property that names a record's source partition: the bucket (BOS, COS) or the domain (CDN). */
const SOURCE_PROPERTY: { readonly [F in AccessLogFormat]: string } = {
  bos: "bucket",
  cos: "bucketName",
  cdn: "domain",
};

/** Hive's name for the partition of rows whose partition value is missing. */
export const HIVE_DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";

/** The partition columns engines add from the paths. */
export const PARTITION_COLUMNS: readonly string[] = ["date", "source"];

/** A field's column name: snake_case; BOS's own `source` field (where a request came from) is `request_source`. */
function snakeCase(name: string): string {
  const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return PARTITION_COLUMNS.includes(snake) ? `request_${snake}` : snake;
}

/** The columns of a format's table, in line order. */
export function accessLogColumns(format: AccessLogFormat): readonly AccessLogColumn[] {
  const columns: AccessLogColumn[] = [];
  for (const spec of LAYOUTS[format].fields) {
    switch (spec.kind) {
      case "time":
      case "compactTime":
        columns.push({ name: snakeCase(spec.name), type: "timestamp", property: spec.name });
        columns.push({ name: snakeCase(UTC_OFFSET_PROPERTY), type: "int32", property: UTC_OFFSET_PROPERTY });
        break;
      case "status":
        columns.push({ name: snakeCase(spec.name), type: "int32", property: spec.name });
        break;
      case "count":
      case "integer":
        columns.push({ name: snakeCase(spec.name), type: "int64", property: spec.name });
        break;
      case "text":
        columns.push({ name: snakeCase(spec.name), type: "string", property: spec.name });
        break;
    }
  }
  columns.push({ name: snakeCase(EXTRA_FIELDS_PROPERTY), type: "string", property: EXTRA_FIELDS_PROPERTY });
  return columns;
}

/** A column's value of a record: null for absent, the extra fields as a JSON array (null when there are none). */
export function columnValue(record: Readonly<Record<string, unknown>>, column: AccessLogColumn): unknown {
  const value = record[column.property];
  if (column.property === EXTRA_FIELDS_PROPERTY) return extraFieldsValue(value as readonly string[]);
  return value === undefined ? null : value;
}

/** The `extra_fields` column's value: the fields as a JSON array, null when there are none. */
export function extraFieldsValue(extra: readonly string[]): string | null {
  return extra.length === 0 ? null : JSON.stringify(extra);
}

/** The time property a format's records are partitioned by. */
const TIME_PROPERTY: { readonly [F in AccessLogFormat]: string } = { bos: "time", cos: "eventTime", cdn: "time" };

/** The partition of a record: its UTC day and its bucket (BOS, COS) or domain (CDN). */
export interface AccessLogPartition {
  /** `YYYY-MM-DD`, the UTC day of the record's time. */
  readonly date: string;
  /** The bucket or domain, or {@link HIVE_DEFAULT_PARTITION} when the log has none. */
  readonly source: string;
}

/** Reads a record's partition. */
export function partitionOf<F extends AccessLogFormat>(
  format: F,
  record: AccessLogRecordByFormat[F],
): AccessLogPartition {
  const fields = record as unknown as Readonly<Record<string, unknown>>;
  const time = fields[TIME_PROPERTY[format]] as Date;
  const source = fields[SOURCE_PROPERTY[format]];
  return {
    date: utcDay(time.getTime()),
    source: typeof source === "string" && source !== "" ? source : HIVE_DEFAULT_PARTITION,
  };
}

let lastDay = NaN;
let lastDayText = "";

/** `YYYY-MM-DD` of an instant, in UTC (the last one remembered: records come mostly in time order). */
function utcDay(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  if (day !== lastDay) {
    lastDay = day;
    lastDayText = new Date(day * 86_400_000).toISOString().slice(0, 10);
  }
  return lastDayText;
}

/**
 * A partition value as a path segment, escaped the way Hive escapes partition values: every character outside
 * `A-Z a-z 0-9 . _ -` as `%XX` per UTF-8 byte (so `/`, `=`, `%`, `..` and control characters cannot leave the folder),
 * and a value of only dots escaped in full.
 */
export function escapePartitionValue(value: string): string {
  const escaped = Array.from(value, (c) =>
    /^[A-Za-z0-9._-]$/.test(c)
      ? c
      : Array.from(Buffer.from(c, "utf8"), (b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
  ).join("");
  return /^\.+$/.test(escaped) ? escaped.replace(/\./g, "%2E") : escaped;
}
