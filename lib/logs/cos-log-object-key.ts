/*
 * COS log management writes each log file to `<prefix>{YYYY}/{MM}/{DD}/{time}_{random}_{index}` in the target bucket
 * (Tencent Cloud COS, "Logging Overview", https://cloud.tencent.com/document/product/436/16920). A file covers five
 * minutes and is split at 256 MB (hence the index). An older English version of the page and the provider's docs add
 * `.gz`; both forms are recognised.
 *
 * What the page leaves open, and how it is read here:
 * - the text of `{time}`: a 14-digit `YYYYMMDDHHmmss`, a 12-digit `YYYYMMDDHHmm` and a 10-digit Unix time in seconds
 *   are recognised; any other text is kept as written and the file is only placed on its day;
 * - the zone of the date path and of `{time}`: not stated. Beijing time is assumed, like the console and the BOS and
 *   CDN keys; pass `utcOffsetMinutes` to read them otherwise. (The log lines' own eventTime is UTC.)
 */

/** A recognised COS access-log object key, taken apart. */
export interface CosLogObjectKey {
  /** The logging prefix the key starts with (may be empty). */
  readonly prefix: string;
  /** The day path as written, `YYYY/MM/DD`. */
  readonly day: string;
  /** `{time}` as written. */
  readonly timeText: string;
  /** `{random}` as written. */
  readonly random: string;
  /** `{index}`: the part number when five minutes of logs exceed 256 MB. */
  readonly index: number;
  /** Whether the key ends in `.gz`. */
  readonly gzipSuffix: boolean;
  /** When the file's time window starts: `{time}` when recognised, else the start of the day. */
  readonly coversFrom: Date;
  /** When the window ends (exclusive): five minutes after `{time}`, else the end of the day. */
  readonly coversUntil: Date;
  /** Start of the hour the file belongs to; undefined when `{time}` was not recognised. */
  readonly hourStart?: Date;
}

/** How {@link parseCosLogObjectKey} reads a key. */
export interface ParseCosLogObjectKeyOptions {
  /**
   * The logging prefix the key must start with. When it is not given, everything before the `YYYY/MM/DD/` part is
   * taken as the prefix.
   * @default - found from the key
   */
  readonly prefix?: string;
  /** UTC offset, in minutes, of the date path and `{time}`. @default 480 (Beijing time, assumed) */
  readonly utcOffsetMinutes?: number;
}

const KEY = /(?:^|\/)(\d{4})\/(\d{2})\/(\d{2})\/([^/_]+)_([^/_]+)_(\d+)(\.gz)?$/;
const FIVE_MINUTES = 5 * 60_000;
const DAY = 24 * 3_600_000;

/**
 * Recognises a COS access-log object key and works out the time it covers.
 *
 * @returns the parts, or undefined when the key does not follow the layout
 */
export function parseCosLogObjectKey(
  key: string,
  options: ParseCosLogObjectKeyOptions = {},
): CosLogObjectKey | undefined {
  const { prefix } = options;
  if (prefix !== undefined && !key.startsWith(prefix)) return undefined;
  const rest = prefix === undefined ? key : key.slice(prefix.length);
  const match = KEY.exec(rest);
  if (match === null) return undefined;
  const [whole, year, month, day, timeText, random, index, gz] = match;
  const foundPrefix = key.slice(0, (prefix?.length ?? 0) + match.index + (whole.startsWith("/") ? 1 : 0));
  if (prefix !== undefined && foundPrefix !== prefix) return undefined;
  const offsetMs = (options.utcOffsetMinutes ?? 480) * 60_000;
  const dayStart = utc(Number(year), Number(month), Number(day), 0, 0, 0);
  if (dayStart === undefined) return undefined;
  const time = timeOf(timeText, offsetMs);
  const from = time ?? dayStart - offsetMs;
  return {
    prefix: foundPrefix,
    day: `${year}/${month}/${day}`,
    timeText,
    random,
    index: Number(index),
    gzipSuffix: gz !== undefined,
    coversFrom: new Date(from),
    coversUntil: new Date(time === undefined ? from + DAY : from + FIVE_MINUTES),
    hourStart:
      time === undefined ? undefined : new Date(Math.floor((time + offsetMs) / 3_600_000) * 3_600_000 - offsetMs),
  };
}

function timeOf(text: string, offsetMs: number): number | undefined {
  if (/^\d{10}$/.test(text)) return Number(text) * 1000;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(text);
  if (m === null) return undefined;
  const wall = utc(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    m[6] === undefined ? 0 : Number(m[6]),
  );
  return wall === undefined ? undefined : wall - offsetMs;
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return new Date(ms).getUTCDate() === d ? ms : undefined;
}
