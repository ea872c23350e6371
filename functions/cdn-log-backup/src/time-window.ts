/**
 * Query window arithmetic. The CDN API takes and returns wall-clock times in Beijing time
 * (UTC+8, no daylight saving), formatted `YYYY-MM-DD HH:mm:ss`. All conversions here work on
 * epoch milliseconds and UTC getters, so the result does not depend on the process's TZ.
 */

export const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export interface TimeWindow {
  /** Inclusive start as sent to the CDN API (Beijing time). */
  readonly startTime: string;
  /** Inclusive end as sent to the CDN API (Beijing time). */
  readonly endTime: string;
  readonly start: Date;
  readonly end: Date;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** Formats an instant as Beijing wall-clock time `YYYY-MM-DD HH:mm:ss`. */
export function formatBeijingTime(instant: Date): string {
  const shifted = new Date(instant.getTime() + BEIJING_OFFSET_MS);
  return (
    `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())} ` +
    `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`
  );
}

/** `[trigger - lookbackHours, trigger]`, formatted for DescribeCdnDomainLogs. */
export function computeWindow(trigger: Date, lookbackHours: number): TimeWindow {
  const end = new Date(Math.floor(trigger.getTime() / 1000) * 1000);
  const start = new Date(end.getTime() - lookbackHours * HOUR_MS);
  return { start, end, startTime: formatBeijingTime(start), endTime: formatBeijingTime(end) };
}

// ISO 8601 as sent by SCF timer triggers, e.g. 2026-11-20T19:00:00Z (zone designator optional).
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export interface TriggerTime {
  readonly time: Date;
  /** `event` when taken from the timer event, `clock` when the event had no usable Time. */
  readonly source: "event" | "clock";
}

/**
 * The timer event's `Time` (UTC), or `now` when it is missing or unparseable. A `Time` without a
 * zone designator is read as UTC, which is what SCF sends; Date.parse would otherwise use the
 * process TZ.
 */
export function resolveTriggerTime(eventTime: unknown, now: Date): TriggerTime {
  if (typeof eventTime === "string") {
    const text = eventTime.trim();
    if (ISO_INSTANT.test(text)) {
      const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text)
        ? text.replace(/([+-]\d{2})(\d{2})$/, "$1:$2") // ES date format wants +HH:mm
        : `${text}Z`;
      const millis = Date.parse(zoned);
      if (Number.isFinite(millis)) return { time: new Date(millis), source: "event" };
    }
  }
  return { time: now, source: "clock" };
}
