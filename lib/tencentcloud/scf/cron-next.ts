// When an SCF cron expression fires: matching Beijing calendar days, the next runs and the gaps between runs.
import { LAST_YEAR, ParsedExpression } from "./cron-fields";

const BEIJING_OFFSET_SECONDS = 8 * 3600;
const SECONDS_PER_DAY = 86400;
export const MS_PER_DAY = SECONDS_PER_DAY * 1000;
const LAST_DAY_NUMBER = Date.UTC(LAST_YEAR, 11, 31) / MS_PER_DAY;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

function isWeekday(weekday: number): boolean {
  return weekday >= 1 && weekday <= 5;
}

/** Whether the calendar date (Beijing) matches the day-of-month field. */
function dayOfMonthMatches(parsed: ParsedExpression, year: number, month: number, day: number): boolean {
  const special = parsed.dayOfMonthSpecial;
  const monthLength = daysInMonth(year, month);
  if (!special) return parsed.fields[3].allowed[day];
  switch (special.kind) {
    case "last":
      return day === monthLength;
    case "lastWeekday": {
      let candidate = monthLength;
      while (!isWeekday(weekdayOf(year, month, candidate))) candidate--;
      return day === candidate;
    }
    case "nearestWeekday": {
      if (special.day > monthLength) return false;
      const weekday = weekdayOf(year, month, special.day);
      let target = special.day;
      if (weekday === 6) target = special.day === 1 ? 3 : special.day - 1;
      else if (weekday === 0) target = special.day === monthLength ? special.day - 2 : special.day + 1;
      return day === target;
    }
  }
}

function dayOfWeekMatches(parsed: ParsedExpression, year: number, month: number, day: number): boolean {
  const special = parsed.dayOfWeekSpecial;
  const weekday = weekdayOf(year, month, day);
  if (!special) return parsed.fields[5].allowed[weekday];
  if (weekday !== special.weekday) return false;
  if (special.kind === "lastInMonth") return day + 7 > daysInMonth(year, month);
  return Math.ceil(day / 7) === special.nth;
}

/** Whether a Beijing calendar date matches the day, month and year fields. */
function dateMatches(parsed: ParsedExpression, year: number, month: number, day: number): boolean {
  return (
    parsed.fields[6].allowed[year] &&
    parsed.fields[4].allowed[month] &&
    dayOfMonthMatches(parsed, year, month, day) &&
    dayOfWeekMatches(parsed, year, month, day)
  );
}

/** The first matching Beijing day number (days since 1970-01-01) at or after `dayNumber`, or undefined before 2100. */
export function firstMatchingDay(
  parsed: ParsedExpression,
  dayNumber: number,
  lastDayNumber = LAST_DAY_NUMBER,
): number | undefined {
  let current = dayNumber;
  while (current <= lastDayNumber) {
    const date = new Date(current * MS_PER_DAY);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    if (!parsed.fields[6].allowed[year]) {
      current = Date.UTC(year + 1, 0, 1) / MS_PER_DAY;
    } else if (!parsed.fields[4].allowed[month]) {
      current = Date.UTC(year, month, 1) / MS_PER_DAY;
    } else if (dateMatches(parsed, year, month, day)) {
      return current;
    } else {
      current++;
    }
  }
  return undefined;
}

/** The seconds after Beijing midnight at which the expression fires on a matching day, in order. */
export function firingTimesOfDay(parsed: ParsedExpression): number[] {
  const times: number[] = [];
  const [seconds, minutes, hours] = parsed.fields;
  for (let hour = 0; hour <= 23; hour++) {
    if (!hours.allowed[hour]) continue;
    for (let minute = 0; minute <= 59; minute++) {
      if (!minutes.allowed[minute]) continue;
      for (let second = 0; second <= 59; second++) {
        if (seconds.allowed[second]) times.push(hour * 3600 + minute * 60 + second);
      }
    }
  }
  return times;
}

/** See {@link ScfCron.nextRuns}. */
export function nextRuns(parsed: ParsedExpression, timesOfDay: readonly number[], after: Date, count: number): Date[] {
  if (!(after instanceof Date) || Number.isNaN(after.getTime()))
    throw new RangeError("nextRuns: 'after' must be a valid Date");
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`nextRuns: count ${count} must be a whole number >= 0`);
  const runs: Date[] = [];
  if (count === 0) return runs;
  // Smallest whole second strictly after `after`, as Beijing wall-clock seconds since the epoch.
  const startUtcSeconds = Math.floor(after.getTime() / 1000) + 1;
  const startLocal = startUtcSeconds + BEIJING_OFFSET_SECONDS;
  let dayNumber = Math.floor(startLocal / SECONDS_PER_DAY);
  let firstSecondOfDay = startLocal - dayNumber * SECONDS_PER_DAY;
  while (runs.length < count) {
    const match = firstMatchingDay(parsed, dayNumber);
    if (match === undefined) break;
    if (match !== dayNumber) firstSecondOfDay = 0;
    for (const time of timesOfDay) {
      if (time < firstSecondOfDay) continue;
      runs.push(new Date((match * SECONDS_PER_DAY + time - BEIJING_OFFSET_SECONDS) * 1000));
      if (runs.length === count) break;
    }
    dayNumber = match + 1;
    firstSecondOfDay = 0;
  }
  return runs;
}

/** The smallest and largest gap between runs (see {@link ScfCron.minIntervalSeconds}). */
export function runGaps(
  parsed: ParsedExpression,
  times: readonly number[],
  horizonDays: number,
  from: Date,
): { min: number; max: number } {
  if (!Number.isInteger(horizonDays) || horizonDays < 1)
    throw new RangeError(`horizonDays ${horizonDays} must be a whole number >= 1`);
  if (Number.isNaN(from.getTime())) throw new RangeError("'from' must be a valid Date");
  const firstDay = Math.floor((Math.floor(from.getTime() / 1000) + BEIJING_OFFSET_SECONDS) / SECONDS_PER_DAY);
  const lastDay = Math.min(firstDay + horizonDays - 1, LAST_DAY_NUMBER);
  let min = Infinity;
  let max = -Infinity;
  // Gaps inside one day are the same on every matching day.
  let intraMin = Infinity;
  let intraMax = -Infinity;
  for (let i = 1; i < times.length; i++) {
    intraMin = Math.min(intraMin, times[i] - times[i - 1]);
    intraMax = Math.max(intraMax, times[i] - times[i - 1]);
  }
  let previous: number | undefined;
  let day = firstMatchingDay(parsed, firstDay, lastDay);
  while (day !== undefined) {
    if (times.length > 1) {
      min = Math.min(min, intraMin);
      max = Math.max(max, intraMax);
    }
    if (previous !== undefined) {
      const gap = (day - previous) * SECONDS_PER_DAY + times[0] - times[times.length - 1];
      min = Math.min(min, gap);
      max = Math.max(max, gap);
    }
    previous = day;
    day = firstMatchingDay(parsed, day + 1, lastDay);
  }
  return max === -Infinity ? { min: Infinity, max: Infinity } : { min, max };
}
