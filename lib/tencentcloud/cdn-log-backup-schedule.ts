import { IConstruct } from "constructs";
import { invalidProp } from "../shared/errors";
import { ScfCron } from "./scf-cron";

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
  constructor(private readonly hour: number, private readonly minute: number) {
    super();
  }

  toCron(scope: IConstruct, prop: string): ScfCron {
    if (!Number.isInteger(this.hour) || this.hour < 0 || this.hour > 23) {
      invalidProp(scope, `${prop}.hour`, this.hour, "is not an hour of the day", "use a whole number from 0 to 23 (Beijing time)");
    }
    if (!Number.isInteger(this.minute) || this.minute < 0 || this.minute > 59) {
      invalidProp(scope, `${prop}.minute`, this.minute, "is not a minute of the hour", "use a whole number from 0 to 59");
    }
    return ScfCron.dailyAt(this.hour, this.minute);
  }
}

class CronSchedule extends BackupSchedule {
  constructor(private readonly expression: string) {
    super();
  }

  toCron(scope: IConstruct, prop: string): ScfCron {
    if (typeof this.expression !== "string") {
      invalidProp(scope, prop, this.expression, "is not a string", "give a 7-field SCF cron expression such as '0 30 2 * * * *'");
    }
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
    return ScfCron.parse(this.expression);
  }
}
