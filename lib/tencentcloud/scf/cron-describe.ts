// An SCF cron expression in English, e.g. "every day at 03:00 Beijing time".
import { ParsedExpression, ParsedField } from "./cron-fields";

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

/** The schedule in English, e.g. "every day at 03:00 Beijing time". */
export function describeSchedule(parsed: ParsedExpression): string {
  const days = describeDays(parsed);
  const calendar = [days, describeMonths(parsed), describeYears(parsed)].filter((part) => part !== "").join(", ");
  const clock = singleClockTime(parsed);
  if (clock !== undefined) return `${calendar} at ${clock} Beijing time`;
  return `${describeTimes(parsed)}, ${calendar}, Beijing time`;
}

/** `HH:MM` (or `HH:MM:SS`) when second, minute and hour are single values. */
function singleClockTime(parsed: ParsedExpression): string | undefined {
  const [seconds, minutes, hours] = parsed.fields;
  const single = (field: ParsedField) =>
    field.items.length === 1 && field.items[0].single ? field.items[0].start : undefined;
  const second = single(seconds);
  const minute = single(minutes);
  const hour = single(hours);
  if (second === undefined || minute === undefined || hour === undefined) return undefined;
  return second === 0 ? `${pad2(hour)}:${pad2(minute)}` : `${pad2(hour)}:${pad2(minute)}:${pad2(second)}`;
}

function describeTimes(parsed: ParsedExpression): string {
  const [seconds, minutes, hours] = parsed.fields;
  return `at ${describeField(seconds, "second")}, ${describeField(minutes, "minute")} of ${describeField(hours, "hour")}`;
}

function describeDays(parsed: ParsedExpression): string {
  const dom = parsed.fields[3];
  const dow = parsed.fields[5];
  const domSpecial = parsed.dayOfMonthSpecial;
  const dowSpecial = parsed.dayOfWeekSpecial;
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

function describeMonths(parsed: ParsedExpression): string {
  const month = parsed.fields[4];
  return month.star ? "" : `in ${describeField(month, "month", [""].concat(MONTH_WORDS), true)}`;
}

function describeYears(parsed: ParsedExpression): string {
  const year = parsed.fields[6];
  return year.star ? "" : `in ${describeField(year, "year")}`;
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
