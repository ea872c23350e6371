/*
 * Where the CDN log backup function stores each hourly package, and how to read that key back. One module for both
 * directions: the function (functions/cdn-log-backup, bundled by esbuild) writes keys with
 * {@link cdnLogBackupObjectKey}; readers list them with {@link parseCdnLogBackupObjectKey}. It imports nothing, so the
 * bundle stays free of cdktf.
 *
 *   <prefix><domain>/<area>/<YYYY>/<MM>/<DD>/<LogName>
 *
 * - `area` is `mainland` or `overseas`: the two areas are packaged separately and may use the same LogName, so the
 *   area is part of the key and the two can never collide.
 * - the date is the package's StartTime as returned by the CDN API, which is Beijing time.
 * - the key depends only on listing data, so re-running maps a package to the same key.
 * - Tencent names packages `<YYYYMMDDHH>-<domain>…` ("[time]-[domain name]-[acceleration region]", CDN "Log Service"
 *   page); the hour a package covers is read from that leading time, Beijing time.
 */

/** One of the two separately packaged CDN acceleration areas. */
export type CdnLogPackageArea = "mainland" | "overseas";

/** UTC offset, in minutes, of the dates in backup keys and package names: Beijing time, UTC+8. */
export const CDN_LOG_TIME_UTC_OFFSET_MINUTES = 480;

/** A listed package whose metadata cannot be turned into a safe key. */
export class CdnLogBackupKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CdnLogBackupKeyError";
  }
}

/** What a backup key is made of. */
export interface CdnLogBackupKeyParts {
  /** Destination prefix: `""` or ending in `/`. */
  readonly prefix: string;
  /** The CDN domain. */
  readonly domain: string;
  /** The acceleration area the package belongs to. */
  readonly area: CdnLogPackageArea;
  /** Package StartTime from the API, `YYYY-MM-DD HH:mm:ss` Beijing time. */
  readonly startTime: string;
  /** The package's LogName, the last key segment. */
  readonly logName: string;
}

// Exactly `YYYY-MM-DD HH:mm:ss`, the form DescribeCdnDomainLogs returns; the date must exist (checked below).
const START_TIME = /^(\d{4})-(\d{2})-(\d{2}) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

/**
 * The object key a package is backed up under.
 *
 * @throws CdnLogBackupKeyError when the StartTime is not `YYYY-MM-DD HH:mm:ss` or the LogName could add or climb key
 *   segments
 */
export function cdnLogBackupObjectKey(parts: CdnLogBackupKeyParts): string {
  const date = START_TIME.exec(parts.startTime);
  if (date === null || !validDay(Number(date[1]), Number(date[2]), Number(date[3]))) {
    throw new CdnLogBackupKeyError(
      `package ${JSON.stringify(parts.logName)} has StartTime ${JSON.stringify(parts.startTime)}, expected "YYYY-MM-DD HH:mm:ss"`,
    );
  }
  const [, year, month, day] = date;
  return `${parts.prefix}${parts.domain}/${parts.area}/${year}/${month}/${day}/${safeLogName(parts.logName)}`;
}

/** The LogName becomes the last key segment, so it must not be able to add or climb segments. */
function safeLogName(logName: string): string {
  if (logName === "" || logName === "." || logName === ".." || /[/\\\p{Cc}]/u.test(logName)) {
    throw new CdnLogBackupKeyError(`package LogName ${JSON.stringify(logName)} cannot be used as a key segment`);
  }
  return logName;
}

/** A backup key taken apart. */
export interface CdnLogBackupObjectKey {
  /** The destination prefix the key starts with (may be empty). */
  readonly prefix: string;
  /** The CDN domain. */
  readonly domain: string;
  /** The acceleration area. */
  readonly area: CdnLogPackageArea;
  /** The package's day as written in the key, `YYYY/MM/DD` (Beijing time). */
  readonly day: string;
  /** The package's LogName. */
  readonly logName: string;
  /**
   * Start of the hour the package covers, from the LogName's leading `YYYYMMDDHH` (Beijing time); undefined when the
   * LogName does not start with one.
   */
  readonly hourStart?: Date;
  /** End of that hour (exclusive). */
  readonly hourEnd?: Date;
}

const KEY_TAIL = /(?:^|\/)([^/]+)\/(mainland|overseas)\/(\d{4})\/(\d{2})\/(\d{2})\/([^/]+)$/;
const LOG_NAME_HOUR = /^(\d{4})(\d{2})(\d{2})(\d{2})(?!\d)/;

/**
 * Recognises a key written by the CDN log backup function.
 *
 * @param key the object key
 * @param prefix the destination prefix the key must start with; when omitted, everything before `<domain>/<area>/` is
 *   taken as the prefix
 * @returns the parts, or undefined when the key does not follow the layout
 */
export function parseCdnLogBackupObjectKey(key: string, prefix?: string): CdnLogBackupObjectKey | undefined {
  if (prefix !== undefined && !key.startsWith(prefix)) return undefined;
  const rest = prefix === undefined ? key : key.slice(prefix.length);
  const match = KEY_TAIL.exec(rest);
  if (match === null) return undefined;
  const [whole, domain, area, year, month, day, logName] = match;
  const foundPrefix = key.slice(0, (prefix?.length ?? 0) + match.index + (whole.startsWith("/") ? 1 : 0));
  if (prefix !== undefined && foundPrefix !== prefix) return undefined;
  if (!validDay(Number(year), Number(month), Number(day)) || logName === "." || logName === "..") return undefined;
  const hour = LOG_NAME_HOUR.exec(logName);
  let hourStart: Date | undefined;
  if (hour !== null) {
    const [, y, mo, d, h] = hour.map(Number);
    if (validDay(y, mo, d) && h <= 23)
      hourStart = new Date(Date.UTC(y, mo - 1, d, h) - CDN_LOG_TIME_UTC_OFFSET_MINUTES * 60_000);
  }
  return {
    prefix: foundPrefix,
    domain,
    area: area as CdnLogPackageArea,
    day: `${year}/${month}/${day}`,
    logName,
    hourStart,
    hourEnd: hourStart === undefined ? undefined : new Date(hourStart.getTime() + 3_600_000),
  };
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}
