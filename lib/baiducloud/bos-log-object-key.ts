import { invalidProp } from "../shared/errors";
import { requireWholeNumber } from "../shared/literals";
import { BOS_BUCKET_NAME_RULES, validateBosBucketName } from "./bos-bucket-name";

/*
 * BOS names each access-log object `<TargetPrefix><SourceBucketName>-YYYY-mm-DD-HH-MM-SS-<UniqueString>`, e.g.
 * `mylog/mybucket-2016-05-17-10-00-00-00000` (Baidu, "Set access logs"). The timestamp is the earliest request the
 * object records. Baidu does not name its time zone; the log lines themselves carry +08:00, so Beijing time is
 * assumed (override with `utcOffsetMinutes`). The unique string is assumed to hold no `-`, which lets the timestamp be
 * found from the right and so keeps source names that contain `-` and digits unambiguous.
 */

/** UTC offset, in minutes, assumed for the timestamp in log object names: Beijing time, UTC+8. */
export const BOS_LOG_TIMESTAMP_UTC_OFFSET_MINUTES = 480;

/**
 * The key prefix every access-log object of `sourceBucketName` delivered under `targetPrefix` starts with:
 * `<targetPrefix><sourceBucketName>-`. Lifecycle rules use it to reach exactly one source's logs.
 *
 * @param sourceBucketName the logged bucket (a literal or a token)
 * @param targetPrefix the logging prefix, as configured (normally ending in `/`); may be empty
 */
export function bosLogObjectKeyPrefix(sourceBucketName: string, targetPrefix: string): string {
  const where = "bosLogObjectKeyPrefix";
  if (typeof sourceBucketName !== "string") {
    invalidProp(where, "sourceBucketName", sourceBucketName, "is not a string", "pass the logged bucket's name, e.g. 'my-site'");
  }
  validateBosBucketName(where, "sourceBucketName", sourceBucketName);
  if (typeof targetPrefix !== "string") {
    invalidProp(where, "targetPrefix", targetPrefix, "is not a string", "pass the logging prefix as configured, e.g. 'logs/my-site/' (or '' for none)");
  }
  return `${targetPrefix}${sourceBucketName}-`;
}

/** A recognised access-log object key, taken apart. */
export interface BosLogObjectKey {
  /** The logging prefix the key starts with (may be empty). */
  readonly targetPrefix: string;
  /** The bucket whose requests the object records. */
  readonly sourceBucket: string;
  /** When the earliest recorded request happened, read in the assumed time zone (see `utcOffsetMinutes`). */
  readonly timestamp: Date;
  /** The timestamp exactly as written in the key, `YYYY-mm-DD-HH-MM-SS`. */
  readonly timestampText: string;
  /** BOS's unique string that ends the key. */
  readonly unique: string;
}

/** How {@link parseBosLogObjectKey} reads a key. */
export interface ParseBosLogObjectKeyOptions {
  /**
   * The logging prefix the key must start with. When it is not given, the prefix is taken to be everything up to and
   * including the last `/` (empty if there is none), which holds for every prefix this library configures.
   * @default - up to the last `/`
   */
  readonly targetPrefix?: string;
  /** Only recognise logs of this source bucket. @default - any source */
  readonly sourceBucketName?: string;
  /** UTC offset, in minutes, of the timestamp in the key. @default BOS_LOG_TIMESTAMP_UTC_OFFSET_MINUTES (UTC+8) */
  readonly utcOffsetMinutes?: number;
}

const NAME_PART = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)-(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-([A-Za-z0-9_]+)$/;

/**
 * Recognises a BOS access-log object key and extracts the source bucket and timestamp.
 *
 * @returns the parts, or undefined when the key is not an access-log object (of the given prefix and source)
 */
export function parseBosLogObjectKey(key: string, options: ParseBosLogObjectKeyOptions = {}): BosLogObjectKey | undefined {
  if (typeof key !== "string") invalidProp("parseBosLogObjectKey", "key", key, "is not a string", "pass the object key, e.g. 'logs/my-site/my-site-2024-05-17-10-00-00-abc'");
  if (options === null || typeof options !== "object") invalidProp("parseBosLogObjectKey", "options", options, "is not an object", "pass { targetPrefix?, sourceBucketName?, utcOffsetMinutes? } or nothing");
  if (options.targetPrefix !== undefined && typeof options.targetPrefix !== "string") {
    invalidProp("parseBosLogObjectKey", "options.targetPrefix", options.targetPrefix, "is not a string", "pass the logging prefix, e.g. 'logs/my-site/'");
  }
  if (options.utcOffsetMinutes !== undefined) {
    requireWholeNumber("parseBosLogObjectKey", "options.utcOffsetMinutes", options.utcOffsetMinutes, {
      min: -720,
      max: 840,
      unit: "minutes",
      source: "UTC offsets run from -12:00 to +14:00",
      example: BOS_LOG_TIMESTAMP_UTC_OFFSET_MINUTES,
    });
  }
  let targetPrefix: string;
  if (options.targetPrefix !== undefined) {
    if (!key.startsWith(options.targetPrefix)) return undefined;
    targetPrefix = options.targetPrefix;
  } else {
    targetPrefix = key.slice(0, key.lastIndexOf("/") + 1);
  }
  const match = NAME_PART.exec(key.slice(targetPrefix.length));
  if (!match) return undefined;
  const [, sourceBucket, year, month, day, hour, minute, second, unique] = match;
  if (sourceBucket.length < BOS_BUCKET_NAME_RULES.minLength || sourceBucket.length > BOS_BUCKET_NAME_RULES.maxLength) return undefined;
  if (options.sourceBucketName !== undefined && options.sourceBucketName !== sourceBucket) return undefined;

  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number);
  const wallClock = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wallClock);
  // Date.UTC rolls over out-of-range parts (Feb 30 -> Mar 2); a real timestamp survives the round trip unchanged.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return undefined;
  }
  const offset = options.utcOffsetMinutes ?? BOS_LOG_TIMESTAMP_UTC_OFFSET_MINUTES;
  return {
    targetPrefix,
    sourceBucket,
    timestamp: new Date(wallClock - offset * 60_000),
    timestampText: `${year}-${month}-${day}-${hour}-${minute}-${second}`,
    unique,
  };
}
