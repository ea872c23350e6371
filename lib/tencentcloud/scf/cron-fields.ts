// The fields of an SCF cron expression (positions, ranges, names) and the parsed form the other cron modules share.
// The syntax and its semantics are described in cron.ts.

export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2099;

const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

export interface FieldRule {
  /** 1-based position, as users count. */
  readonly position: number;
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Upper-case names accepted instead of numbers; index + min is the value. */
  readonly names?: readonly string[];
}

export const FIELD_RULES: readonly FieldRule[] = [
  { position: 1, name: "second", min: 0, max: 59 },
  { position: 2, name: "minute", min: 0, max: 59 },
  { position: 3, name: "hour", min: 0, max: 23 },
  { position: 4, name: "day-of-month", min: 1, max: 31 },
  { position: 5, name: "month", min: 1, max: 12, names: MONTH_NAMES },
  { position: 6, name: "day-of-week", min: 0, max: 6, names: WEEKDAY_NAMES },
  { position: 7, name: "year", min: FIRST_YEAR, max: LAST_YEAR },
];

export const [SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK, YEAR] = FIELD_RULES;

/** One list item of a field as written, kept for the description. */
export interface FieldItem {
  readonly start: number;
  readonly end: number;
  readonly step: number;
  /** Written as `*` or `*\/n` (covers the whole range). */
  readonly fromStar: boolean;
  /** Written as a single value with no range and no step. */
  readonly single: boolean;
}

/** Special day-of-month forms. */
export type DayOfMonthSpecial =
  | { readonly kind: "last" }
  | { readonly kind: "lastWeekday" }
  | { readonly kind: "nearestWeekday"; readonly day: number };

/** Special day-of-week forms. */
export type DayOfWeekSpecial =
  | { readonly kind: "lastInMonth"; readonly weekday: number }
  | { readonly kind: "nth"; readonly weekday: number; readonly nth: number };

export interface ParsedField {
  /** `*` alone: every value. */
  readonly star: boolean;
  /** `?` alone: no specific value. */
  readonly question: boolean;
  /** Matching values (index = value); all true for `*` and `?`. */
  readonly allowed: readonly boolean[];
  readonly items: readonly FieldItem[];
}

export interface ParsedExpression {
  readonly fields: readonly ParsedField[];
  readonly dayOfMonthSpecial?: DayOfMonthSpecial;
  readonly dayOfWeekSpecial?: DayOfWeekSpecial;
}
