/**
 * SCF timer-trigger cron expressions: parsing, field-by-field validation, next fire times and an English description.
 *
 * SCF cron has 7 space-separated fields, evaluated in Beijing time (UTC+8, no daylight saving):
 *
 * | # | field        | values                 | special characters |
 * |---|--------------|------------------------|--------------------|
 * | 1 | second       | 0-59                   | `, - * /`          |
 * | 2 | minute       | 0-59                   | `, - * /`          |
 * | 3 | hour         | 0-23                   | `, - * /`          |
 * | 4 | day-of-month | 1-31                   | `, - * / ? L W`    |
 * | 5 | month        | 1-12 or JAN-DEC        | `, - * /`          |
 * | 6 | day-of-week  | 0-6 or SUN-SAT         | `, - * / ? L #`    |
 * | 7 | year         | 1970-2099              | `, - * /`          |
 *
 * Semantics implemented for the special characters (Quartz-style, which SCF follows):
 * - `?` (day-of-month or day-of-week only): no specific value; the other day field decides.
 * - `L` in day-of-month: the last day of the month; `LW`: the last weekday (Mon-Fri) of the month.
 * - `<n>W` in day-of-month: the weekday nearest to day n, never crossing into another month (`1W` on a Saturday
 *   fires on Monday the 3rd; `31W` on a Sunday fires on Friday the 29th); months without day n are skipped.
 * - `<d>L` in day-of-week: the last weekday d of the month (`5L`/`FRIL`: last Friday).
 * - `<d>#<k>` in day-of-week: the k-th weekday d of the month, k in 1-5 (`1#2`: second Monday); months without a
 *   k-th occurrence are skipped.
 *
 * Rejected with a clear message rather than guessed at:
 * - day-of-month AND day-of-week both restricted (e.g. `0 0 0 1 * MON *`). Quartz refuses this and classic cron ORs
 *   the two; SCF does not document which it does, so the expression must restrict one and put `*` or `?` in the other.
 * - `?` in both day fields, `L` alone in day-of-week (write `6`/`SAT`, or `5L` for "last Friday"), `L-<n>` offsets,
 *   and special tokens combined with other list items (`1,L`), because their meaning is not documented for SCF.
 * - ranges whose start is after their end (`22-2`): wrap-around is not documented for SCF; write `22-23,0-2`.
 * - expressions that can never fire (e.g. `0 0 0 30 2 * *`, February 30th).
 */

/** Thrown by {@link ScfCron.parse}; `problems` lists every bad field, one message each. */
export class ScfCronError extends Error {
  /** Every bad field of the expression, one message each. */
  readonly problems: readonly string[];

  constructor(expression: string, problems: readonly string[]) {
    super(`invalid SCF cron expression ${JSON.stringify(expression)}: ${problems.join("; ")}`);
    this.name = "ScfCronError";
    this.problems = problems;
  }
}

const BEIJING_OFFSET_SECONDS = 8 * 3600;
const SECONDS_PER_DAY = 86400;
const MS_PER_DAY = SECONDS_PER_DAY * 1000;
const FIRST_YEAR = 1970;
const LAST_YEAR = 2099;
const LAST_DAY_NUMBER = Date.UTC(LAST_YEAR, 11, 31) / MS_PER_DAY;

const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTH_WORDS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAY_WORDS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

interface FieldRule {
  /** 1-based position, as users count. */
  readonly position: number;
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Upper-case names accepted instead of numbers; index + min is the value. */
  readonly names?: readonly string[];
}

const FIELD_RULES: readonly FieldRule[] = [
  { position: 1, name: "second", min: 0, max: 59 },
  { position: 2, name: "minute", min: 0, max: 59 },
  { position: 3, name: "hour", min: 0, max: 23 },
  { position: 4, name: "day-of-month", min: 1, max: 31 },
  { position: 5, name: "month", min: 1, max: 12, names: MONTH_NAMES },
  { position: 6, name: "day-of-week", min: 0, max: 6, names: WEEKDAY_NAMES },
  { position: 7, name: "year", min: FIRST_YEAR, max: LAST_YEAR },
];

const [SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK, YEAR] = FIELD_RULES;

/** One list item of a field as written, kept for the description. */
interface FieldItem {
  readonly start: number;
  readonly end: number;
  readonly step: number;
  /** Written as `*` or `*\/n` (covers the whole range). */
  readonly fromStar: boolean;
  /** Written as a single value with no range and no step. */
  readonly single: boolean;
}

/** Special day-of-month forms. */
type DayOfMonthSpecial =
  | { readonly kind: "last" }
  | { readonly kind: "lastWeekday" }
  | { readonly kind: "nearestWeekday"; readonly day: number };

/** Special day-of-week forms. */
type DayOfWeekSpecial =
  | { readonly kind: "lastInMonth"; readonly weekday: number }
  | { readonly kind: "nth"; readonly weekday: number; readonly nth: number };

interface ParsedField {
  /** `*` alone: every value. */
  readonly star: boolean;
  /** `?` alone: no specific value. */
  readonly question: boolean;
  /** Matching values (index = value); all true for `*` and `?`. */
  readonly allowed: readonly boolean[];
  readonly items: readonly FieldItem[];
}

interface ParsedExpression {
  readonly fields: readonly ParsedField[];
  readonly dayOfMonthSpecial?: DayOfMonthSpecial;
  readonly dayOfWeekSpecial?: DayOfWeekSpecial;
}

function fieldLabel(rule: FieldRule, text: string): string {
  return `field ${rule.position} (${rule.name}) ${JSON.stringify(text)}`;
}

/** Parses one value (number or name); pushes a problem and returns undefined when it is not one. */
function parseValue(rule: FieldRule, text: string, problems: string[]): number | undefined {
  if (/^[0-9]+$/.test(text)) {
    const value = Number(text);
    if (value < rule.min || value > rule.max) {
      problems.push(`${fieldLabel(rule, text)} is out of range ${rule.min}-${rule.max}`);
      return undefined;
    }
    return value;
  }
  if (rule.names) {
    const index = rule.names.indexOf(text.toUpperCase());
    if (index >= 0) return index + rule.min;
    problems.push(`${fieldLabel(rule, text)} is not a number or a name (${rule.names.join(", ")})`);
    return undefined;
  }
  problems.push(`${fieldLabel(rule, text)} is not a number in range ${rule.min}-${rule.max}`);
  return undefined;
}

/** Parses `*`, `a`, `a-b`, with an optional `/step`, into a list item. */
function parseItem(rule: FieldRule, text: string, problems: string[]): FieldItem | undefined {
  const slash = text.split("/");
  if (slash.length > 2) {
    problems.push(`${fieldLabel(rule, text)} has more than one '/'`);
    return undefined;
  }
  const [base, stepText] = slash;
  let step = 1;
  if (stepText !== undefined) {
    const span = rule.max - rule.min + 1;
    if (!/^[0-9]+$/.test(stepText) || Number(stepText) < 1 || Number(stepText) > span) {
      problems.push(
        `${fieldLabel(rule, text)} has step ${JSON.stringify(stepText)}; a step must be a whole number from 1 to ${span}`,
      );
      return undefined;
    }
    step = Number(stepText);
  }
  if (base === "*") {
    return { start: rule.min, end: rule.max, step, fromStar: true, single: false };
  }
  if (base === "") {
    problems.push(`${fieldLabel(rule, text)} has nothing before '/'; write '*/${stepText}' or '<start>/${stepText}'`);
    return undefined;
  }
  const dash = base.split("-");
  if (dash.length > 2 || dash.some((part) => part === "")) {
    problems.push(`${fieldLabel(rule, text)} is not a value or a range 'a-b'`);
    return undefined;
  }
  const start = parseValue(rule, dash[0], problems);
  const end = dash.length === 2 ? parseValue(rule, dash[1], problems) : stepText !== undefined ? rule.max : start;
  if (start === undefined || end === undefined) return undefined;
  if (start > end) {
    problems.push(
      `${fieldLabel(rule, text)} has its start after its end; wrap-around ranges are not supported, split it (e.g. '${dash[0]}-${rule.max},${rule.min}-${dash[1]}')`,
    );
    return undefined;
  }
  return { start, end, step, fromStar: false, single: dash.length === 1 && stepText === undefined };
}

/** Whether a list item is one of the day fields' special forms (`L`, `LW`, `15W`, `5L`, `MON#2`, `?`). */
function isSpecialDayToken(rule: FieldRule, part: string): boolean {
  if (rule === DAY_OF_MONTH) return /[?LW#]/i.test(part);
  if (rule === DAY_OF_WEEK) return /[?#]/.test(part) || /^([0-9]+|[A-Z]{3})?L$/i.test(part);
  return false;
}

function emptyAllowed(rule: FieldRule): boolean[] {
  return new Array<boolean>(rule.max + 1).fill(false);
}

/** Parses a plain field: `*`, `?` (when allowed) or a list of items. */
function parsePlainField(
  rule: FieldRule,
  text: string,
  problems: string[],
  allowQuestion: boolean,
): ParsedField | undefined {
  if (text === "*" || text === "?") {
    if (text === "?" && !allowQuestion) {
      problems.push(`${fieldLabel(rule, text)} is not allowed: '?' is only for day-of-month and day-of-week; use '*'`);
      return undefined;
    }
    const allowed = emptyAllowed(rule);
    for (let value = rule.min; value <= rule.max; value++) allowed[value] = true;
    return {
      star: text === "*",
      question: text === "?",
      allowed,
      items: [{ start: rule.min, end: rule.max, step: 1, fromStar: true, single: false }],
    };
  }
  const parts = text.split(",");
  if (parts.some((part) => part === "")) {
    problems.push(`${fieldLabel(rule, text)} has an empty list item; remove the stray ','`);
    return undefined;
  }
  const before = problems.length;
  const items: FieldItem[] = [];
  for (const part of parts) {
    if (parts.length > 1 && (part === "*" || part === "?" || isSpecialDayToken(rule, part))) {
      problems.push(
        `${fieldLabel(rule, text)} combines ${JSON.stringify(part)} with other list items; '*', '?', 'L', 'W' and '#' forms must stand alone in the field`,
      );
      continue;
    }
    if (rule !== DAY_OF_MONTH && rule !== DAY_OF_WEEK && (/[?#]/.test(part) || (!rule.names && /[LW]/i.test(part)))) {
      problems.push(
        `${fieldLabel(rule, part)} uses a special character that is only allowed in day-of-month ('? L W') or day-of-week ('? L #')`,
      );
      continue;
    }
    const item = parseItem(rule, part, problems);
    if (item) items.push(item);
  }
  if (problems.length > before) return undefined;
  const allowed = emptyAllowed(rule);
  for (const item of items) {
    for (let value = item.start; value <= item.end; value += item.step) allowed[value] = true;
  }
  return { star: false, question: false, allowed, items };
}

function parseDayOfMonth(text: string, problems: string[]): { field?: ParsedField; special?: DayOfMonthSpecial } {
  const rule = DAY_OF_MONTH;
  const upper = text.toUpperCase();
  const specialField: ParsedField = { star: false, question: false, allowed: emptyAllowed(rule), items: [] };
  if (upper === "L") return { field: specialField, special: { kind: "last" } };
  if (upper === "LW") return { field: specialField, special: { kind: "lastWeekday" } };
  const nearest = /^([0-9]+)W$/.exec(upper);
  if (nearest) {
    const day = parseValue(rule, nearest[1], problems);
    return day === undefined ? {} : { field: specialField, special: { kind: "nearestWeekday", day } };
  }
  if (/^L-/.test(upper)) {
    problems.push(
      `${fieldLabel(rule, text)} uses an 'L-<offset>' form that SCF does not document; use 'L' (last day) or a day number`,
    );
    return {};
  }
  if (text !== "?" && !text.includes(",") && /[LW?#]/.test(upper)) {
    problems.push(
      `${fieldLabel(rule, text)} is not a valid use of 'L' or 'W'; use 'L' (last day), 'LW' (last weekday) or '<day>W' (weekday nearest that day, e.g. '15W')`,
    );
    return {};
  }
  const field = parsePlainField(rule, text, problems, true);
  return field ? { field } : {};
}

function parseDayOfWeek(text: string, problems: string[]): { field?: ParsedField; special?: DayOfWeekSpecial } {
  const rule = DAY_OF_WEEK;
  const upper = text.toUpperCase();
  const specialField: ParsedField = { star: false, question: false, allowed: emptyAllowed(rule), items: [] };
  if (upper === "L") {
    problems.push(
      `${fieldLabel(rule, text)} is ambiguous; write '6' or 'SAT' for Saturday, or '<weekday>L' for the last such weekday of the month (e.g. '5L')`,
    );
    return {};
  }
  const last = /^([0-9]+|[A-Z]{3})L$/.exec(upper);
  if (last) {
    const weekday = parseValue(rule, last[1], problems);
    return weekday === undefined ? {} : { field: specialField, special: { kind: "lastInMonth", weekday } };
  }
  const nth = /^([0-9]+|[A-Z]{3})#([0-9]+)$/.exec(upper);
  if (nth) {
    const weekday = parseValue(rule, nth[1], problems);
    const k = Number(nth[2]);
    if (k < 1 || k > 5) {
      problems.push(
        `${fieldLabel(rule, text)} asks for occurrence ${nth[2]}; a month has occurrences 1 to 5 of a weekday`,
      );
      return {};
    }
    return weekday === undefined ? {} : { field: specialField, special: { kind: "nth", weekday, nth: k } };
  }
  if (!text.includes(",") && /#/.test(upper)) {
    problems.push(
      `${fieldLabel(rule, text)} is not a valid use of '#'; write '<weekday>#<1-5>', e.g. 'MON#2' for the second Monday`,
    );
    return {};
  }
  const field = parsePlainField(rule, text, problems, true);
  return field ? { field } : {};
}

function parseExpression(expression: string): { parsed?: ParsedExpression; problems: string[] } {
  const problems: string[] = [];
  if (typeof expression !== "string") {
    return { problems: [`expected a string, got ${typeof expression}`] };
  }
  const parts = expression
    .trim()
    .split(/\s+/)
    .filter((part) => part !== "");
  if (parts.length !== 7) {
    return {
      problems: [
        `expected 7 fields (second minute hour day-of-month month day-of-week year), got ${parts.length}` +
          (parts.length === 5
            ? "; SCF cron starts with a seconds field and ends with a year field, e.g. '0 30 2 * * * *'"
            : ""),
      ],
    };
  }
  const fields: (ParsedField | undefined)[] = [];
  fields[0] = parsePlainField(SECOND, parts[0], problems, false);
  fields[1] = parsePlainField(MINUTE, parts[1], problems, false);
  fields[2] = parsePlainField(HOUR, parts[2], problems, false);
  const dayOfMonth = parseDayOfMonth(parts[3], problems);
  fields[3] = dayOfMonth.field;
  fields[4] = parsePlainField(MONTH, parts[4], problems, false);
  const dayOfWeek = parseDayOfWeek(parts[5], problems);
  fields[5] = dayOfWeek.field;
  fields[6] = parsePlainField(YEAR, parts[6], problems, false);

  const dom = fields[3];
  const dow = fields[5];
  if (dom && dow) {
    // A field that allows every value (`*`, `?`, `1-31`, `*/1`) does not restrict the days.
    const domOpen = !dayOfMonth.special && dom.allowed.slice(1).every(Boolean);
    const dowOpen = !dayOfWeek.special && dow.allowed.every(Boolean);
    if (dom.question && dow.question) {
      problems.push(`day-of-month and day-of-week are both '?'; put '*' in one of them`);
    } else if (!domOpen && !dowOpen) {
      problems.push(
        `day-of-month ${JSON.stringify(parts[3])} and day-of-week ${JSON.stringify(parts[5])} are both restricted; ` +
          `restrict only one of them and put '*' or '?' in the other`,
      );
    }
  }
  if (problems.length > 0) return { problems };
  const parsed: ParsedExpression = {
    fields: fields as ParsedField[],
    ...(dayOfMonth.special ? { dayOfMonthSpecial: dayOfMonth.special } : {}),
    ...(dayOfWeek.special ? { dayOfWeekSpecial: dayOfWeek.special } : {}),
  };
  if (firstMatchingDay(parsed, Date.UTC(FIRST_YEAR, 0, 1) / MS_PER_DAY) === undefined) {
    return {
      problems: [
        "the day-of-month, month, day-of-week and year fields never match a real date (e.g. February 30th); check those fields",
      ],
    };
  }
  return { parsed, problems };
}

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
function firstMatchingDay(
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

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** A parsed, valid SCF timer cron expression. */
export class ScfCron {
  /**
   * Parses and validates an expression.
   * @throws ScfCronError listing every bad field, e.g. `field 3 (hour) "24" is out of range 0-23`
   */
  static parse(expression: string): ScfCron {
    const { parsed, problems } = parseExpression(expression);
    if (!parsed) throw new ScfCronError(String(expression), problems);
    return new ScfCron(expression.trim().split(/\s+/).join(" "), parsed);
  }

  /** The problems {@link parse} would report; `[]` when the expression is valid. */
  static validate(expression: string): string[] {
    return parseExpression(expression).problems;
  }

  /** Every day at `hour:minute` Beijing time: `0 <minute> <hour> * * * *`. */
  static dailyAt(hour: number, minute: number): ScfCron {
    const problems: string[] = [];
    if (!Number.isInteger(hour) || hour < 0 || hour > 23)
      problems.push(`hour ${hour} must be a whole number from 0 to 23`);
    if (!Number.isInteger(minute) || minute < 0 || minute > 59)
      problems.push(`minute ${minute} must be a whole number from 0 to 59`);
    const expression = `0 ${minute} ${hour} * * * *`;
    if (problems.length > 0) throw new ScfCronError(expression, problems);
    return ScfCron.parse(expression);
  }

  /** The expression, trimmed and single-spaced, as it goes into the trigger. */
  readonly expression: string;
  private readonly parsed: ParsedExpression;
  private readonly timesOfDay: readonly number[];

  private constructor(expression: string, parsed: ParsedExpression) {
    this.expression = expression;
    this.parsed = parsed;
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
    this.timesOfDay = times;
  }

  /**
   * The next `count` fire times strictly after `after`, evaluated in Beijing time (UTC+8). Fewer are returned when
   * the expression stops firing (its year field ends, or 2099 is reached).
   */
  nextRuns(after: Date, count: number): Date[] {
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
      const match = firstMatchingDay(this.parsed, dayNumber);
      if (match === undefined) break;
      if (match !== dayNumber) firstSecondOfDay = 0;
      for (const time of this.timesOfDay) {
        if (time < firstSecondOfDay) continue;
        runs.push(new Date((match * SECONDS_PER_DAY + time - BEIJING_OFFSET_SECONDS) * 1000));
        if (runs.length === count) break;
      }
      dayNumber = match + 1;
      firstSecondOfDay = 0;
    }
    return runs;
  }

  /**
   * The smallest gap in seconds between consecutive runs within `horizonDays` Beijing calendar days from `from`
   * (default: the next 2923 days, 8 years, so even a leap-day-only schedule shows two runs). `Infinity` when fewer
   * than two runs fall in the horizon.
   */
  minIntervalSeconds(horizonDays = 2923, from: Date = new Date()): number {
    return this.gapStatistics(horizonDays, from).min;
  }

  /**
   * The largest gap in seconds between consecutive runs within the horizon (see {@link minIntervalSeconds}).
   * A backup that looks back less than this leaves some hours uncopied. `Infinity` when fewer than two runs fall in
   * the horizon.
   */
  maxIntervalSeconds(horizonDays = 2923, from: Date = new Date()): number {
    return this.gapStatistics(horizonDays, from).max;
  }

  private gapStatistics(horizonDays: number, from: Date): { min: number; max: number } {
    if (!Number.isInteger(horizonDays) || horizonDays < 1)
      throw new RangeError(`horizonDays ${horizonDays} must be a whole number >= 1`);
    if (Number.isNaN(from.getTime())) throw new RangeError("'from' must be a valid Date");
    const firstDay = Math.floor((Math.floor(from.getTime() / 1000) + BEIJING_OFFSET_SECONDS) / SECONDS_PER_DAY);
    const lastDay = Math.min(firstDay + horizonDays - 1, LAST_DAY_NUMBER);
    const times = this.timesOfDay;
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
    let day = firstMatchingDay(this.parsed, firstDay, lastDay);
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
      day = firstMatchingDay(this.parsed, day + 1, lastDay);
    }
    return max === -Infinity ? { min: Infinity, max: Infinity } : { min, max };
  }

  /** The schedule in English, e.g. "every day at 03:00 Beijing time". */
  describe(): string {
    const days = this.describeDays();
    const calendar = [days, this.describeMonths(), this.describeYears()].filter((part) => part !== "").join(", ");
    const clock = this.singleClockTime();
    if (clock !== undefined) return `${calendar} at ${clock} Beijing time`;
    return `${this.describeTimes()}, ${calendar}, Beijing time`;
  }

  /** `HH:MM` (or `HH:MM:SS`) when second, minute and hour are single values. */
  private singleClockTime(): string | undefined {
    const [seconds, minutes, hours] = this.parsed.fields;
    const single = (field: ParsedField) =>
      field.items.length === 1 && field.items[0].single ? field.items[0].start : undefined;
    const second = single(seconds);
    const minute = single(minutes);
    const hour = single(hours);
    if (second === undefined || minute === undefined || hour === undefined) return undefined;
    return second === 0 ? `${pad2(hour)}:${pad2(minute)}` : `${pad2(hour)}:${pad2(minute)}:${pad2(second)}`;
  }

  private describeTimes(): string {
    const [seconds, minutes, hours] = this.parsed.fields;
    return `at ${describeField(seconds, "second")}, ${describeField(minutes, "minute")} of ${describeField(hours, "hour")}`;
  }

  private describeDays(): string {
    const dom = this.parsed.fields[3];
    const dow = this.parsed.fields[5];
    const domSpecial = this.parsed.dayOfMonthSpecial;
    const dowSpecial = this.parsed.dayOfWeekSpecial;
    if (domSpecial) {
      if (domSpecial.kind === "last") return "on the last day of the month";
      if (domSpecial.kind === "lastWeekday") return "on the last weekday of the month";
      return `on the weekday nearest day ${domSpecial.day} of the month`;
    }
    if (dowSpecial) {
      const name = WEEKDAY_WORDS[dowSpecial.weekday];
      return dowSpecial.kind === "lastInMonth"
        ? `on the last ${name} of the month`
        : `on the ${ordinal(dowSpecial.nth)} ${name} of the month`;
    }
    // A field allowing every value (`*`, `?`, `1-31`) does not restrict the days, whatever its spelling.
    if (!dom.allowed.slice(1).every(Boolean)) return `on ${describeField(dom, "day")} of the month`;
    if (!dow.allowed.every(Boolean)) return `on ${describeField(dow, "day of the week", WEEKDAY_WORDS, true)}`;
    return "every day";
  }

  private describeMonths(): string {
    const month = this.parsed.fields[4];
    return month.star ? "" : `in ${describeField(month, "month", [""].concat(MONTH_WORDS), true)}`;
  }

  private describeYears(): string {
    const year = this.parsed.fields[6];
    return year.star ? "" : `in ${describeField(year, "year")}`;
  }
}

/**
 * One field in words: "every hour", "every 2nd hour", "minute 30", "hours 9 through 17", "seconds 0 and 30".
 * With `words`, values are named ("Monday through Friday") and the unit is dropped.
 */
function describeField(field: ParsedField, unit: string, words?: readonly string[], namedOnly = false): string {
  const name = (value: number) => (words ? words[value] : String(value));
  if (field.star) return `every ${unit}`;
  const phrases = field.items.map((item) => {
    if (item.single) return name(item.start);
    if (item.step === 1) return `${name(item.start)} through ${name(item.end)}`;
    const every = `every ${ordinal(item.step)} ${unit}`;
    if (item.fromStar) return every;
    return `${every} from ${name(item.start)} through ${name(item.end)}`;
  });
  const onlyValues = field.items.every((item) => item.single || item.step === 1);
  if (!onlyValues) {
    // Steps read as their own sentence parts: "every 2nd hour", "every 15th minute from 5 through 59".
    return joinWords(
      phrases.map((phrase, i) => (field.items[i].single || field.items[i].step === 1 ? `${unit} ${phrase}` : phrase)),
    );
  }
  if (namedOnly) return joinWords(phrases);
  const plural = field.items.length > 1 || !field.items[0].single;
  return `${plural ? `${unit}s` : unit} ${joinWords(phrases)}`;
}

/**
 * The `trigger_desc` of an SCF timer trigger for `cron`: the bare expression, e.g. `0 30 3 * * * *`.
 *
 * SCF reports a timer trigger's description back as `{"cron":"<expression>"}`, but the tencentcloud provider 1.83.25
 * unwraps it before storing: `resourceTencentCloudScfTriggerRead` (`tencentcloud/services/scf/resource_tc_scf_trigger.go`)
 * passes it through `cleanTriggerDescFieldsByConfig` / `cleanTriggerDescEmptyStringFields`, which return
 * `triggerDescMap["cron"]` for `type = "timer"`, and `trigger_desc` has no DiffSuppressFunc. So the state holds the bare
 * expression, and only a bare expression in the configuration plans clean after apply. Create sends the text as given;
 * SCF accepts the bare form (the provider's own timer example uses it).
 */
export function scfTimerTriggerDesc(cron: ScfCron): string {
  return cron.expression;
}

/** The cron expression inside a timer trigger's `trigger_desc`, written either as `{"cron":"..."}` or bare. */
export function cronOfTimerTriggerDesc(triggerDesc: string): string {
  const trimmed = triggerDesc.trim();
  if (!trimmed.startsWith("{")) return trimmed;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (typeof parsed === "object" && parsed !== null && typeof (parsed as { cron?: unknown }).cron === "string") {
      return (parsed as { cron: string }).cron;
    }
  } catch {
    // Not JSON after all: validation reports the text as it is.
  }
  return trimmed;
}
