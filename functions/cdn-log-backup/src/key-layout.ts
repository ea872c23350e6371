/**
 * Destination key layout:
 *
 *   <prefix><domain>/<area>/<YYYY>/<MM>/<DD>/<LogName>
 *
 * - `area` is `mainland` or `overseas`: the two areas are packaged separately and may use the
 *   same LogName, so the area is part of the key and the two can never collide.
 * - the date is the package's StartTime as returned by the CDN API, which is Beijing time.
 * - the key depends only on listing data, so re-running maps a package to the same key and the
 *   size comparison decides whether it needs copying.
 */
import type { Area } from "./config";

/** A listed package whose metadata cannot be turned into a safe key. Not retryable. */
export class UnusableLogEntryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnusableLogEntryError";
  }
}

const START_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T]\d{2}:\d{2}(:\d{2})?/;

export interface KeyParts {
  readonly prefix: string;
  readonly domain: string;
  readonly area: Area;
  /** Package StartTime from the API, `YYYY-MM-DD HH:mm:ss` Beijing time. */
  readonly startTime: string;
  readonly logName: string;
}

export function objectKeyFor(parts: KeyParts): string {
  const date = START_TIME.exec(parts.startTime);
  if (date === null) {
    throw new UnusableLogEntryError(
      `package ${JSON.stringify(parts.logName)} has StartTime ${JSON.stringify(parts.startTime)}, expected "YYYY-MM-DD HH:mm:ss"`,
    );
  }
  const [, year, month, day] = date;
  return `${parts.prefix}${parts.domain}/${parts.area}/${year}/${month}/${day}/${safeLogName(parts.logName)}`;
}

/** The LogName becomes the last key segment, so it must not be able to add or climb segments. */
function safeLogName(logName: string): string {
  // eslint-disable-next-line no-control-regex
  if (logName === "" || logName === "." || logName === ".." || /[/\\\u0000-\u001f\u007f]/.test(logName)) {
    throw new UnusableLogEntryError(`package LogName ${JSON.stringify(logName)} cannot be used as a key segment`);
  }
  return logName;
}
