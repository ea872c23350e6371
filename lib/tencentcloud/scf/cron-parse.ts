// Parsing an SCF cron expression field by field, with one message per bad field (the rules are in cron.ts).
import {
  DAY_OF_MONTH,
  DAY_OF_WEEK,
  DayOfMonthSpecial,
  DayOfWeekSpecial,
  FieldItem,
  FieldRule,
  FIRST_YEAR,
  HOUR,
  MINUTE,
  MONTH,
  ParsedExpression,
  ParsedField,
  SECOND,
  YEAR,
} from "./cron-fields";
import { firstMatchingDay, MS_PER_DAY } from "./cron-next";

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

/** Parses and validates `expression`: the parsed form, or every problem found. */
export function parseExpression(expression: string): { parsed?: ParsedExpression; problems: string[] } {
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
