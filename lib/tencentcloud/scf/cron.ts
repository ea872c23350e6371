/**
 * SCF timer-trigger cron expressions: parsing, field-by-field validation, next fire times and an English description.
 * {@link ScfCron} is the face; the work lives beside it: the field table and parsed form in cron-fields.ts, the parser
 * in cron-parse.ts, fire-time evaluation in cron-next.ts and the English in cron-describe.ts.
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
import { describeSchedule } from "./cron-describe";
import { ParsedExpression } from "./cron-fields";
import { firingTimesOfDay, nextRuns, runGaps } from "./cron-next";
import { parseExpression } from "./cron-parse";

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
    this.timesOfDay = firingTimesOfDay(parsed);
  }

  /**
   * The next `count` fire times strictly after `after`, evaluated in Beijing time (UTC+8). Fewer are returned when
   * the expression stops firing (its year field ends, or 2099 is reached).
   */
  nextRuns(after: Date, count: number): Date[] {
    return nextRuns(this.parsed, this.timesOfDay, after, count);
  }

  /**
   * The smallest gap in seconds between consecutive runs within `horizonDays` Beijing calendar days from `from`
   * (default: the next 2923 days, 8 years, so even a leap-day-only schedule shows two runs). `Infinity` when fewer
   * than two runs fall in the horizon.
   */
  minIntervalSeconds(horizonDays = 2923, from: Date = new Date()): number {
    return runGaps(this.parsed, this.timesOfDay, horizonDays, from).min;
  }

  /**
   * The largest gap in seconds between consecutive runs within the horizon (see {@link minIntervalSeconds}).
   * A backup that looks back less than this leaves some hours uncopied. `Infinity` when fewer than two runs fall in
   * the horizon.
   */
  maxIntervalSeconds(horizonDays = 2923, from: Date = new Date()): number {
    return runGaps(this.parsed, this.timesOfDay, horizonDays, from).max;
  }

  /** The schedule in English, e.g. "every day at 03:00 Beijing time". */
  describe(): string {
    return describeSchedule(this.parsed);
  }
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
