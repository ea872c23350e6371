import { ScfCron, ScfCronError } from "../../lib";
import { cronOfTimerTriggerDesc, scfTimerTriggerDesc } from "../../lib/tencentcloud/scf/cron";

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());
/** A Beijing wall-clock time as the UTC instant it denotes. */
const beijing = (text: string) => new Date(`${text}+08:00`);

describe("ScfCron.parse / validate: valid expressions", () => {
  test.each([
    "0 0 3 * * * *",
    "0 30 2 * * * *",
    "*/10 * * * * * *",
    "0 */5 * * * * *",
    "0 0 */2 * * * *",
    "0 0 9-17 * * MON-FRI *",
    "0 0 9-17/2 * * 1-5 *",
    "0,15,30,45 0 0 * * * *",
    "0 0 0 1 * ? *",
    "0 0 0 ? * SUN *",
    "0 0 0 L * * *",
    "0 0 0 LW * * *",
    "0 0 0 15W * ? *",
    "0 0 0 ? * 5L *",
    "0 0 0 ? * FRIL *",
    "0 0 0 ? * MON#2 *",
    "0 0 0 ? * 1#5 *",
    "0 0 0 1 JAN-MAR * *",
    "0 0 0 1 jan,jul * *",
    "0 0 0 * * sat *",
    "0 0 0 * * * 2025-2030",
    "0 0 0 * * * 1970,2099",
    "0 0 0 29 2 * *",
    "5/15 * * * * * *",
    "0 0 0 1-31 * MON *",
  ])("%s", (expression) => {
    expect(ScfCron.validate(expression)).toEqual([]);
    expect(ScfCron.parse(expression).expression).toBe(expression);
  });

  test("extra whitespace is normalised in the stored expression", () => {
    expect(ScfCron.parse("  0  30   2 * * * *  ").expression).toBe("0 30 2 * * * *");
  });
});

describe("ScfCron.validate: every bad field, with position, name, value and reason", () => {
  test.each([
    ["60 0 0 * * * *", 'field 1 (second) "60" is out of range 0-59'],
    ["0 60 0 * * * *", 'field 2 (minute) "60" is out of range 0-59'],
    ["0 0 24 * * * *", 'field 3 (hour) "24" is out of range 0-23'],
    ["0 0 0 0 * * *", 'field 4 (day-of-month) "0" is out of range 1-31'],
    ["0 0 0 32 * * *", 'field 4 (day-of-month) "32" is out of range 1-31'],
    ["0 0 0 * 13 * *", 'field 5 (month) "13" is out of range 1-12'],
    ["0 0 0 * 0 * *", 'field 5 (month) "0" is out of range 1-12'],
    ["0 0 0 * * 7 *", 'field 6 (day-of-week) "7" is out of range 0-6'],
    ["0 0 0 * * * 1969", 'field 7 (year) "1969" is out of range 1970-2099'],
    ["0 0 0 * * * 2100", 'field 7 (year) "2100" is out of range 1970-2099'],
    ["0 0 1,24 * * * *", 'field 3 (hour) "24" is out of range 0-23'],
    ["0 0 0 * FOO * *", 'field 5 (month) "FOO" is not a number or a name'],
    ["0 0 0 * * MONDAY *", 'field 6 (day-of-week) "MONDAY" is not a number or a name'],
    ["x 0 0 * * * *", 'field 1 (second) "x" is not a number in range 0-59'],
    ["0 */0 * * * * *", 'field 2 (minute) "*/0" has step "0"'],
    ["0 */61 * * * * *", 'field 2 (minute) "*/61" has step "61"'],
    ["0 0 */x * * * *", 'field 3 (hour) "*/x" has step "x"'],
    ["0 0 1/2/3 * * * *", "has more than one '/'"],
    ["0 0 22-2 * * * *", 'field 3 (hour) "22-2" has its start after its end'],
    ["0 0 1-2-3 * * * *", "is not a value or a range 'a-b'"],
    ["0 0 /2 * * * *", "has nothing before '/'"],
    ["0 0 0 ,1 * * *", "has an empty list item"],
    ["0 0 ? * * * *", 'field 3 (hour) "?" is not allowed'],
    ["0 0 0 * ? * *", 'field 5 (month) "?" is not allowed'],
    ["0 0 0 * * * ?", 'field 7 (year) "?" is not allowed'],
    ["0 0 L * * * *", 'field 3 (hour) "L" uses a special character that is only allowed in day-of-month'],
    ["0 0 0 * 1#2 * *", 'field 5 (month) "1#2" uses a special character'],
    ["0 0 0 1,L * * *", 'combines "L" with other list items'],
    ["0 0 0 ? * MON,5L *", 'combines "5L" with other list items'],
    ["0 0 0 *,1 * * *", 'combines "*" with other list items'],
    ["0 0 0 L-3 * * *", "uses an 'L-<offset>' form"],
    ["0 0 0 W * * *", "is not a valid use of 'L' or 'W'"],
    ["0 0 0 32W * * *", 'field 4 (day-of-month) "32" is out of range 1-31'],
    ["0 0 0 * * L *", 'field 6 (day-of-week) "L" is ambiguous'],
    ["0 0 0 ? * MON#6 *", "asks for occurrence 6"],
    ["0 0 0 ? * MON#0 *", "asks for occurrence 0"],
    ["0 0 0 ? * 7#1 *", 'field 6 (day-of-week) "7" is out of range 0-6'],
    ["0 0 0 ? * 1#x *", "is not a valid use of '#'"],
    ["0 0 0 1 * MON *", 'day-of-month "1" and day-of-week "MON" are both restricted'],
    ["0 0 0 L * 5 *", 'day-of-month "L" and day-of-week "5" are both restricted'],
    ["0 0 0 ? * ? *", "both '?'"],
    ["0 0 0 30 2 * *", "never match a real date"],
    ["0 0 0 31 4,6,9,11 * *", "never match a real date"],
    ["0 0 0 29 2 * 2025", "never match a real date"],
  ])("%s", (expression, fragment) => {
    const problems = ScfCron.validate(expression);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(fragment);
  });

  test("wrong number of fields", () => {
    expect(ScfCron.validate("* * * * *")).toEqual([
      "expected 7 fields (second minute hour day-of-month month day-of-week year), got 5; SCF cron starts with a seconds field and ends with a year field, e.g. '0 30 2 * * * *'",
    ]);
    expect(ScfCron.validate("0 0 0 * * * * *")[0]).toContain("got 8");
    expect(ScfCron.validate("")[0]).toContain("got 0");
  });

  test("lists every bad field at once, in field order", () => {
    expect(ScfCron.validate("60 60 24 32 13 7 2100")).toEqual([
      'field 1 (second) "60" is out of range 0-59',
      'field 2 (minute) "60" is out of range 0-59',
      'field 3 (hour) "24" is out of range 0-23',
      'field 4 (day-of-month) "32" is out of range 1-31',
      'field 5 (month) "13" is out of range 1-12',
      'field 6 (day-of-week) "7" is out of range 0-6',
      'field 7 (year) "2100" is out of range 1970-2099',
    ]);
  });

  test("parse throws ScfCronError carrying the same problems", () => {
    const expression = "0 0 24 * 13 * *";
    let caught: unknown;
    try {
      ScfCron.parse(expression);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScfCronError);
    expect((caught as ScfCronError).problems).toEqual(ScfCron.validate(expression));
    expect((caught as ScfCronError).problems).toHaveLength(2);
    expect((caught as Error).message).toContain('field 3 (hour) "24" is out of range 0-23');
    expect((caught as Error).message).toContain('field 5 (month) "13" is out of range 1-12');
  });
});

describe("ScfCron.dailyAt", () => {
  test("builds the 7-field expression", () => {
    expect(ScfCron.dailyAt(3, 0).expression).toBe("0 0 3 * * * *");
    expect(ScfCron.dailyAt(23, 59).expression).toBe("0 59 23 * * * *");
    expect(ScfCron.dailyAt(0, 5).expression).toBe("0 5 0 * * * *");
  });

  test.each([
    [24, 0, "hour 24"],
    [-1, 0, "hour -1"],
    [1.5, 0, "hour 1.5"],
    [3, 60, "minute 60"],
    [3, Number.NaN, "minute NaN"],
  ])("rejects %p:%p", (hour, minute, fragment) => {
    expect(() => ScfCron.dailyAt(hour, minute)).toThrow(ScfCronError);
    expect(() => ScfCron.dailyAt(hour, minute)).toThrow(fragment);
  });
});

describe("ScfCron.nextRuns: Beijing time", () => {
  test("daily 03:00 Beijing is 19:00 UTC the previous day", () => {
    const runs = ScfCron.dailyAt(3, 0).nextRuns(new Date("2024-06-01T12:00:00Z"), 3);
    expect(iso(runs)).toEqual(["2024-06-01T19:00:00.000Z", "2024-06-02T19:00:00.000Z", "2024-06-03T19:00:00.000Z"]);
  });

  test("the Beijing date decides, not the UTC date: 18:59 UTC is before, 19:00 UTC is the run itself", () => {
    const cron = ScfCron.dailyAt(3, 0);
    expect(iso(cron.nextRuns(new Date("2024-06-01T18:59:59Z"), 1))).toEqual(["2024-06-01T19:00:00.000Z"]);
    // strictly after: a run exactly at `after` is not returned
    expect(iso(cron.nextRuns(new Date("2024-06-01T19:00:00Z"), 1))).toEqual(["2024-06-02T19:00:00.000Z"]);
    expect(iso(cron.nextRuns(new Date("2024-06-01T18:59:59.999Z"), 1))).toEqual(["2024-06-01T19:00:00.000Z"]);
  });

  test("day-of-week is the Beijing weekday: Monday 01:00 Beijing is Sunday 17:00 UTC", () => {
    const runs = ScfCron.parse("0 0 1 ? * MON *").nextRuns(new Date("2024-06-01T00:00:00Z"), 2);
    expect(iso(runs)).toEqual(["2024-06-02T17:00:00.000Z", "2024-06-09T17:00:00.000Z"]);
    expect(runs[0].getUTCDay()).toBe(0);
  });

  test("across a month boundary and a year boundary", () => {
    const cron = ScfCron.parse("0 0 0 1 * * *");
    expect(iso(cron.nextRuns(beijing("2024-11-15T00:00:00"), 3))).toEqual([
      beijing("2024-12-01T00:00:00").toISOString(),
      beijing("2025-01-01T00:00:00").toISOString(),
      beijing("2025-02-01T00:00:00").toISOString(),
    ]);
  });

  test("New Year's midnight Beijing is still 2024 in UTC", () => {
    const runs = ScfCron.parse("0 0 0 1 1 * *").nextRuns(new Date("2024-06-01T00:00:00Z"), 1);
    expect(iso(runs)).toEqual(["2024-12-31T16:00:00.000Z"]);
  });

  test("Feb 29 only fires in leap years", () => {
    const runs = ScfCron.parse("0 0 12 29 2 * *").nextRuns(new Date("2023-01-01T00:00:00Z"), 3);
    expect(iso(runs)).toEqual(["2024-02-29T04:00:00.000Z", "2028-02-29T04:00:00.000Z", "2032-02-29T04:00:00.000Z"]);
  });

  test("day 31 skips short months", () => {
    const runs = ScfCron.parse("0 0 0 31 * * *").nextRuns(beijing("2024-01-31T12:00:00"), 3);
    expect(iso(runs)).toEqual([
      beijing("2024-03-31T00:00:00").toISOString(),
      beijing("2024-05-31T00:00:00").toISOString(),
      beijing("2024-07-31T00:00:00").toISOString(),
    ]);
  });

  test("L is the last day of each month, leap February included", () => {
    const runs = ScfCron.parse("0 0 2 L * * *").nextRuns(beijing("2024-01-15T00:00:00"), 4);
    expect(iso(runs)).toEqual(
      ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"].map((day) => beijing(`${day}T02:00:00`).toISOString()),
    );
  });

  test("LW is the last weekday of the month", () => {
    // 2024-03-31 is a Sunday, 2024-08-31 a Saturday
    const runs = ScfCron.parse("0 0 2 LW * * *").nextRuns(beijing("2024-03-01T00:00:00"), 1);
    expect(iso(runs)).toEqual([beijing("2024-03-29T02:00:00").toISOString()]);
    const august = ScfCron.parse("0 0 2 LW 8 * *").nextRuns(beijing("2024-08-01T00:00:00"), 1);
    expect(iso(august)).toEqual([beijing("2024-08-30T02:00:00").toISOString()]);
  });

  test("nW is the nearest weekday, never crossing the month", () => {
    // 2024-06-15 is a Saturday -> Friday 14th; 2024-09-15 a Sunday -> Monday 16th; 2024-06-01 a Saturday -> Monday 3rd
    expect(iso(ScfCron.parse("0 0 2 15W 6 * *").nextRuns(beijing("2024-06-01T00:00:00"), 1))).toEqual([
      beijing("2024-06-14T02:00:00").toISOString(),
    ]);
    expect(iso(ScfCron.parse("0 0 2 15W 9 * *").nextRuns(beijing("2024-09-01T00:00:00"), 1))).toEqual([
      beijing("2024-09-16T02:00:00").toISOString(),
    ]);
    expect(iso(ScfCron.parse("0 0 2 1W 6 * *").nextRuns(beijing("2024-05-01T00:00:00"), 1))).toEqual([
      beijing("2024-06-03T02:00:00").toISOString(),
    ]);
    // 2024-03-31 is a Sunday -> Friday 29th (not Monday April 1st)
    expect(iso(ScfCron.parse("0 0 2 31W 3 * *").nextRuns(beijing("2024-03-01T00:00:00"), 1))).toEqual([
      beijing("2024-03-29T02:00:00").toISOString(),
    ]);
    // 2024-06-12 is a Wednesday: the day itself
    expect(iso(ScfCron.parse("0 0 2 12W 6 * *").nextRuns(beijing("2024-06-01T00:00:00"), 1))).toEqual([
      beijing("2024-06-12T02:00:00").toISOString(),
    ]);
  });

  test("dL is the last such weekday, d#k the k-th", () => {
    expect(iso(ScfCron.parse("0 0 2 ? * 5L *").nextRuns(beijing("2024-03-01T00:00:00"), 2))).toEqual(
      [beijing("2024-03-29T02:00:00"), beijing("2024-04-26T02:00:00")].map((d) => d.toISOString()),
    );
    expect(iso(ScfCron.parse("0 0 2 ? * MON#2 *").nextRuns(beijing("2024-03-01T00:00:00"), 2))).toEqual(
      [beijing("2024-03-11T02:00:00"), beijing("2024-04-08T02:00:00")].map((d) => d.toISOString()),
    );
    // A fifth Friday exists in March 2024 (29th) and May 2024 (31st) but not April
    expect(iso(ScfCron.parse("0 0 2 ? * FRI#5 *").nextRuns(beijing("2024-03-01T00:00:00"), 2))).toEqual(
      [beijing("2024-03-29T02:00:00"), beijing("2024-05-31T02:00:00")].map((d) => d.toISOString()),
    );
  });

  test("seconds, steps and lists within a day", () => {
    const runs = ScfCron.parse("0,30 */20 9 * * * *").nextRuns(beijing("2024-06-01T09:39:59"), 4);
    expect(iso(runs)).toEqual(
      ["09:40:00", "09:40:30", "2024-06-02T09:00:00", "2024-06-02T09:00:30"].map((t) =>
        beijing(t.includes("T") ? t : `2024-06-01T${t}`).toISOString(),
      ),
    );
  });

  test("stops when the year field ends", () => {
    const cron = ScfCron.parse("0 0 0 1 1 * 2025-2026");
    expect(iso(cron.nextRuns(new Date("2020-01-01T00:00:00Z"), 5))).toEqual([
      "2024-12-31T16:00:00.000Z",
      "2025-12-31T16:00:00.000Z",
    ]);
    expect(cron.nextRuns(new Date("2027-01-01T00:00:00Z"), 5)).toEqual([]);
  });

  test("for every daily time, runs are 24 h apart at the UTC time 8 h earlier", () => {
    const after = new Date("2024-12-30T10:20:30Z");
    for (let hour = 0; hour < 24; hour++) {
      for (let minute = 0; minute < 60; minute += 7) {
        const runs = ScfCron.dailyAt(hour, minute).nextRuns(after, 3);
        expect(runs).toHaveLength(3);
        expect(runs[0].getTime()).toBeGreaterThan(after.getTime());
        expect(runs[0].getTime() - after.getTime()).toBeLessThanOrEqual(86400 * 1000);
        for (const run of runs) {
          expect(run.getUTCHours()).toBe((hour + 16) % 24);
          expect(run.getUTCMinutes()).toBe(minute);
          expect(run.getUTCSeconds()).toBe(0);
        }
        expect(runs[1].getTime() - runs[0].getTime()).toBe(86400 * 1000);
        expect(runs[2].getTime() - runs[1].getTime()).toBe(86400 * 1000);
      }
    }
  });

  test("count 0 returns nothing; bad arguments throw", () => {
    const cron = ScfCron.dailyAt(3, 0);
    expect(cron.nextRuns(new Date(), 0)).toEqual([]);
    expect(() => cron.nextRuns(new Date("nope"), 1)).toThrow(RangeError);
    expect(() => cron.nextRuns(new Date(), -1)).toThrow(RangeError);
    expect(() => cron.nextRuns(new Date(), 1.5)).toThrow(RangeError);
  });

  test("runs are strictly increasing and each one matches when re-derived", () => {
    const cron = ScfCron.parse("0 15 */3 ? * MON-FRI *");
    const runs = cron.nextRuns(new Date("2024-02-20T00:00:00Z"), 200);
    expect(runs).toHaveLength(200);
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i].getTime()).toBeGreaterThan(runs[i - 1].getTime());
      // the next run after run i-1 is run i
      expect(cron.nextRuns(runs[i - 1], 1)[0].getTime()).toBe(runs[i].getTime());
    }
    for (const run of runs) {
      const local = new Date(run.getTime() + 8 * 3600 * 1000);
      expect(local.getUTCMinutes()).toBe(15);
      expect(local.getUTCHours() % 3).toBe(0);
      expect([1, 2, 3, 4, 5]).toContain(local.getUTCDay());
    }
  });
});

describe("ScfCron intervals", () => {
  const from = new Date("2024-01-01T00:00:00Z");

  test("daily: one day either way", () => {
    const cron = ScfCron.dailyAt(3, 0);
    expect(cron.minIntervalSeconds(30, from)).toBe(86400);
    expect(cron.maxIntervalSeconds(30, from)).toBe(86400);
  });

  test("several times a day", () => {
    const cron = ScfCron.parse("0 0 2,6 * * * *");
    expect(cron.minIntervalSeconds(10, from)).toBe(4 * 3600);
    expect(cron.maxIntervalSeconds(10, from)).toBe(20 * 3600);
  });

  test("weekdays only: the weekend gap is the longest", () => {
    const cron = ScfCron.parse("0 0 3 ? * MON-FRI *");
    expect(cron.minIntervalSeconds(60, from)).toBe(86400);
    expect(cron.maxIntervalSeconds(60, from)).toBe(3 * 86400);
  });

  test("monthly: 28 to 31 days", () => {
    const cron = ScfCron.parse("0 0 3 1 * * *");
    expect(cron.minIntervalSeconds(400, from)).toBe(29 * 86400); // Feb 2024 has 29 days
    expect(cron.maxIntervalSeconds(400, from)).toBe(31 * 86400);
  });

  test("every 10 seconds", () => {
    const cron = ScfCron.parse("*/10 * * * * * *");
    expect(cron.minIntervalSeconds(3, from)).toBe(10);
    expect(cron.maxIntervalSeconds(3, from)).toBe(10);
  });

  test("leap day only: four years, seen with the default 8-year horizon", () => {
    const cron = ScfCron.parse("0 0 0 29 2 * *");
    expect(cron.minIntervalSeconds(undefined, from)).toBe((366 + 365 * 3) * 86400);
    expect(cron.minIntervalSeconds(365, from)).toBe(Infinity);
  });

  test("fewer than two runs in the horizon gives Infinity", () => {
    const cron = ScfCron.parse("0 0 0 1 1 * 2024");
    expect(cron.minIntervalSeconds(1000, from)).toBe(Infinity);
    expect(cron.maxIntervalSeconds(1000, from)).toBe(Infinity);
  });

  test("rejects a bad horizon", () => {
    expect(() => ScfCron.dailyAt(3, 0).minIntervalSeconds(0)).toThrow(RangeError);
  });
});

describe("ScfCron.describe", () => {
  test.each([
    ["0 0 3 * * * *", "every day at 03:00 Beijing time"],
    ["0 30 2 * * * *", "every day at 02:30 Beijing time"],
    ["15 30 2 * * * *", "every day at 02:30:15 Beijing time"],
    ["0 30 9 * * MON-FRI *", "on Monday through Friday at 09:30 Beijing time"],
    ["0 0 1 ? * SUN,SAT *", "on Sunday and Saturday at 01:00 Beijing time"],
    ["0 0 */2 * * * *", "at second 0, minute 0 of every 2nd hour, every day, Beijing time"],
    ["0 */5 * * * * *", "at second 0, every 5th minute of every hour, every day, Beijing time"],
    ["0,30 * 9-17 * * * *", "at seconds 0 and 30, every minute of hours 9 through 17, every day, Beijing time"],
    ["0 0 2 L * * *", "on the last day of the month at 02:00 Beijing time"],
    ["0 0 2 LW * * *", "on the last weekday of the month at 02:00 Beijing time"],
    ["0 0 2 15W * * *", "on the weekday nearest day 15 of the month at 02:00 Beijing time"],
    ["0 0 2 ? * 5L *", "on the last Friday of the month at 02:00 Beijing time"],
    ["0 0 2 ? * MON#2 *", "on the 2nd Monday of the month at 02:00 Beijing time"],
    ["0 0 0 1,15 * * *", "on days 1 and 15 of the month at 00:00 Beijing time"],
    [
      "0 0 0 1 1,7 * 2025-2027",
      "on day 1 of the month, in January and July, in years 2025 through 2027 at 00:00 Beijing time",
    ],
    ["0 0 0 1 */3 * *", "on day 1 of the month, in every 3rd month at 00:00 Beijing time"],
    ["0 0 0 1-31 * MON *", "on Monday at 00:00 Beijing time"],
    ["0 0 0 1-10 * 0-6 *", "on days 1 through 10 of the month at 00:00 Beijing time"],
  ])("%s", (expression, text) => {
    expect(ScfCron.parse(expression).describe()).toBe(text);
  });
});

describe("timer trigger_desc encoding", () => {
  test("the construct writes the bare cron the provider stores, and the cron is read from either form", () => {
    const cron = ScfCron.parse("0 30 3 * * * *");
    expect(scfTimerTriggerDesc(cron)).toBe("0 30 3 * * * *");
    expect(cronOfTimerTriggerDesc('{"cron":"0 30 3 * * * *"}')).toBe("0 30 3 * * * *");
    expect(cronOfTimerTriggerDesc(scfTimerTriggerDesc(cron))).toBe("0 30 3 * * * *");
    expect(cronOfTimerTriggerDesc(" 0 30 3 * * * * ")).toBe("0 30 3 * * * *");
    expect(cronOfTimerTriggerDesc('{"schedule":"x"}')).toBe('{"schedule":"x"}');
    expect(cronOfTimerTriggerDesc("{not json")).toBe("{not json");
  });
});
