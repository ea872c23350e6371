import { IConstruct } from "constructs";
import { invalidProp } from "../../shared/errors";
import { requireLiteral, requireWholeNumber } from "../../shared/literals";
import { ScfCron } from "../scf/cron";

/** A time of day in Beijing time (UTC+8). */
export interface BeijingTimeOfDay {
  /** Hour, 0-23. @default 3 */
  readonly hour?: number;
  /** Minute, 0-59. @default 0 */
  readonly minute?: number;
}

/**
 * When a {@link CdnLogBackup} runs. SCF evaluates timer triggers in Beijing time (UTC+8, no daylight saving), so
 * `daily({ hour: 3 })` runs at 19:00 UTC the previous day.
 *
 * Values are checked when the schedule is given to a construct, so errors name that construct and the property.
 */
export abstract class BackupSchedule {
  /** Every day at `hour:minute` Beijing time (default 03:00, when the previous day's packages are complete). */
  static daily(time: BeijingTimeOfDay = {}): BackupSchedule {
    return new DailySchedule(time.hour ?? 3, time.minute ?? 0);
  }

  /**
   * A custom SCF cron expression with 7 fields: `second minute hour day-of-month month day-of-week year`, in Beijing
   * time, e.g. `0 30 2 * * * *` (02:30 daily) or `0 0 0/6 * * * *` (every 6 hours). See `ScfCron` for the rules.
   */
  static cron(expression: string): BackupSchedule {
    return new CronSchedule(expression);
  }

  /**
   * Validates the schedule for `scope` and returns the cron expression. Throws a `PropValidationError` naming `prop`
   * for bad input.
   */
  abstract toCron(scope: IConstruct, prop: string): ScfCron;
}

class DailySchedule extends BackupSchedule {
  constructor(
    private readonly hour: number,
    private readonly minute: number,
  ) {
    super();
  }

  toCron(scope: IConstruct, prop: string): ScfCron {
    requireWholeNumber(scope, `${prop}.hour`, this.hour, {
      min: 0,
      max: 23,
      unit: "",
      source: "an hour of the day, Beijing time",
    });
    requireWholeNumber(scope, `${prop}.minute`, this.minute, {
      min: 0,
      max: 59,
      unit: "",
      source: "a minute of the hour",
    });
    return ScfCron.dailyAt(this.hour, this.minute);
  }
}

class CronSchedule extends BackupSchedule {
  constructor(private readonly expression: string) {
    super();
  }

  toCron(scope: IConstruct, prop: string): ScfCron {
    if (typeof this.expression !== "string") {
      invalidProp(
        scope,
        prop,
        this.expression,
        "is not a string",
        "give a 7-field SCF cron expression such as '0 30 2 * * * *'",
      );
    }
    requireLiteral(
      scope,
      prop,
      this.expression,
      "'0 30 2 * * * *'",
      "the schedule can be checked against the lookback",
    );
    const problems = ScfCron.validate(this.expression);
    if (problems.length > 0) {
      invalidProp(
        scope,
        prop,
        this.expression,
        `is not a valid SCF cron expression (${problems.join("; ")})`,
        "write 7 fields 'second minute hour day-of-month month day-of-week year' in Beijing time, e.g. '0 30 2 * * * *' for 02:30 every day",
      );
    }
    const cron = ScfCron.parse(this.expression);
    const now = new Date();
    if (cron.nextRuns(now, 1).length === 0) {
      invalidProp(
        scope,
        prop,
        this.expression,
        `never fires after ${now.toISOString().slice(0, 10)} (its year field allows only past years), so the backup would never run`,
        "use '*' in the year field (the 7th), or a range that includes future years",
      );
    }
    return cron;
  }
}
