/*
 * One parser and one formatter for all three formats, driven by a declarative field list per format (see
 * bos-access-log.ts, cos-access-log.ts, cdn-access-log.ts). Keeping the per-format files to data means a field's
 * name, type and position are written down once and the parser and formatter cannot drift apart.
 */
import { FieldCursor, FieldSpan } from "./field-cursor";
import { NO_VALUE, NULL_VALUE, writeTextField } from "./field-writer";
import { bestFreeTextReading, isHttpVersion, isRequestMethod, joinedSpan, MAX_TARGET_TOKENS } from "./free-text-fields";
import { AccessLogParseError } from "./parse-error";

/**
 * How a field's text becomes a value:
 * - `text`: a string; `-` (or `(null)`) is undefined;
 * - `count`: a whole number of 0 or more (bytes, milliseconds); `-` (or `(null)`) is undefined;
 * - `integer`: a whole number that may be negative (e.g. a region id of -1); `-` (or `(null)`) is undefined;
 * - `status`: an HTTP status code 100-599, optionally followed by its reason phrase (`200 OK`); `-` (or `(null)`) is
 *   undefined;
 * - `time`: required; ISO 8601 with seconds and an explicit zone (`2016-09-05T09:02:03+08:00`, `...Z`);
 * - `compactTime`: required; `YYYYMMDDHHmmss` in the layout's fixed zone, or ISO 8601 as for `time`.
 */
export type FieldKind = "text" | "count" | "integer" | "status" | "time" | "compactTime";

/** One field of a format, in line order. */
export interface FieldSpec {
  /** The record property the field fills. */
  readonly name: string;
  /** How the field's text is read and written. */
  readonly kind: FieldKind;
  /** Whether the vendor writes the field in double quotes (the formatter does too; the parser accepts either). */
  readonly quoted?: boolean;
  /**
   * Whether the field holds free text with spaces (a user agent, an error message). Written bare, it may span several
   * space-separated tokens, and is read when exactly one split of the line makes every other field fit its type.
   * @default false
   */
  readonly freeText?: boolean;
  /**
   * Whether the field holds an HTTP request line; written bare, `METHOD target HTTP/x.y` is read as one field.
   * @default false
   */
  readonly requestLine?: boolean;
}

/** A format's line layout. */
export interface RecordLayout {
  /** Short format name for messages: `bos`, `cos`, `cdn`. */
  readonly format: string;
  /** The fields, in the order a line lists them. */
  readonly fields: readonly FieldSpec[];
  /** Lines with fewer fields are malformed; fields past this count may be missing (older vendor formats). */
  readonly minFields: number;
  /** Whether a line that contains a tab is tab-separated (one vendor page documents `\t`, another spaces). */
  readonly tabSeparatedWhenTabbed?: boolean;
  /** UTC offset, in minutes, of `compactTime` fields. @default 480 (Beijing time) */
  readonly compactTimeUtcOffsetMinutes?: number;
  /**
   * Fewest fields a line must have when a bare free-text field in it spans several tokens: the field counts the service
   * writes today, so that free text cannot swallow later fields into a shorter, older form of the line.
   * @default the number of fields
   */
  readonly bareFreeTextMinFields?: number;
}

/** Property that receives the zone offset of a record's time field. */
export const UTC_OFFSET_PROPERTY = "utcOffsetMinutes";
/** Property that receives the fields a line has beyond the documented ones. */
export const EXTRA_FIELDS_PROPERTY = "extraFields";

const EMPTY: readonly string[] = Object.freeze([]);
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):?(\d{2}))$/;
const COMPACT_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** Parses and formats lines of one layout. Not re-entrant: one instance per layout and thread of control. */
export class RecordCodec {
  private readonly cursor: FieldCursor;
  private readonly compactOffset: number;
  // Consecutive lines usually share their timestamp text: remember the last one parsed.
  private lastTimeText = "";
  private lastTimeMs = 0;
  private lastTimeOffset = 0;
  // The first free-text field without quotes in the last line read token per field (-1: none), and its column.
  private bareFreeTextIndex = -1;
  private bareFreeTextColumn = 0;

  // Values of the record being parsed, in property order; `build` turns them into an object of one fixed shape.
  private readonly values: unknown[];
  private readonly slots: number[];
  private readonly build: (values: unknown[]) => Record<string, unknown>;

  constructor(readonly layout: RecordLayout) {
    this.cursor = new FieldCursor(layout.format);
    this.compactOffset = layout.compactTimeUtcOffsetMinutes ?? 480;
    const properties: string[] = [];
    this.slots = layout.fields.map((spec) => {
      properties.push(spec.name);
      if (spec.kind === "time" || spec.kind === "compactTime") properties.push(UTC_OFFSET_PROPERTY);
      return properties.indexOf(spec.name);
    });
    properties.push(EXTRA_FIELDS_PROPERTY);
    this.values = new Array<unknown>(properties.length);
    // Records are built by an object literal with the layout's property names, so every record of a format has one
    // hidden class: filling an object key by key from the layout was most of the parse time. The names come from
    // the layout constants, and JSON.stringify quotes them, so no text from a log line reaches this source.
    const source = `return {${properties.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(", ")}};`;
    this.build = new Function("v", source) as (values: unknown[]) => Record<string, unknown>;
  }

  /** Parses one line (without its line break) into a plain record. Throws {@link AccessLogParseError}. */
  parse(line: string): Record<string, unknown> {
    let record: Record<string, unknown>;
    try {
      record = this.parseTokenPerField(line);
    } catch (error) {
      if (!(error instanceof AccessLogParseError)) throw error;
      // A bare free-text field (see free-text-fields.ts) shifts every later field; read the line again, letting such
      // fields take several tokens, and keep the first error when that does not give one best reading.
      const reading = this.parseWithFreeText(line);
      if (reading === undefined) throw error;
      return reading;
    }
    const bare = this.bareFreeTextIndex;
    if (bare === -1 || (record[EXTRA_FIELDS_PROPERTY] as readonly string[]).length === 0) return record;
    // The line reads, but a bare free-text field's words may have been taken for the fields after it (and those for
    // extra fields): the best reading decides, and a line that splits equally well more than one way is malformed.
    const best = this.parseWithFreeText(line);
    if (best === undefined) {
      throw new AccessLogParseError(
        this.layout.format,
        this.layout.fields[bare].name,
        bare + 1,
        this.bareFreeTextColumn,
        "is free text without quotes, and the line splits into fields more than one way",
      );
    }
    return best;
  }

  private separatorOf(line: string): " " | "\t" {
    return this.layout.tabSeparatedWhenTabbed && line.indexOf("\t") !== -1 ? "\t" : " ";
  }

  /** The common case: every field one token (a bare request line three). */
  private parseTokenPerField(line: string): Record<string, unknown> {
    const { fields, minFields, format } = this.layout;
    const cursor = this.cursor;
    cursor.reset(line, this.separatorOf(line));
    const record = this.values;
    this.bareFreeTextIndex = -1;
    for (let i = 0; i < fields.length; i++) {
      const spec = fields[i];
      if (!cursor.skip(spec.name, i + 1)) {
        if (i < minFields) {
          throw new AccessLogParseError(
            format,
            spec.name,
            i + 1,
            cursor.endColumn(),
            `is missing: the line ends after ${i} field${i === 1 ? "" : "s"}, and a ${format} line has at least ${minFields}`,
          );
        }
        record[this.slots[i]] = undefined;
        continue;
      }
      if (!cursor.quoted) {
        if (spec.requestLine === true) this.joinBareRequestLine(spec, i);
        else if (spec.freeText === true && this.bareFreeTextIndex === -1) {
          this.bareFreeTextIndex = i;
          this.bareFreeTextColumn = cursor.column;
        }
      }
      this.readField(spec, i, record);
    }
    let extra: string[] | undefined;
    for (let n = fields.length + 1; !cursor.atEnd(); n++) {
      (extra ??= []).push(cursor.next("extra field", n) as string);
    }
    record[record.length - 1] = extra ?? EMPTY;
    return this.build(record);
  }

  /**
   * Makes a bare `METHOD target HTTP/x.y` at the cursor the current field, when the next tokens are that (a target with
   * unencoded spaces spans several tokens: the request line ends at the first HTTP version after the method).
   */
  private joinBareRequestLine(spec: FieldSpec, index: number): void {
    const cursor = this.cursor;
    const { line } = cursor;
    if (!isRequestMethod(line.slice(cursor.start, cursor.end))) return;
    const method = cursor.span();
    const after = cursor.resumePosition;
    let targetTokens = 0;
    while (cursor.skip(spec.name, index + 1) && !cursor.quoted && targetTokens <= MAX_TARGET_TOKENS) {
      if (targetTokens > 0 && isHttpVersion(line.slice(cursor.start, cursor.end))) {
        cursor.use(joinedSpan(method, cursor.span()));
        return;
      }
      targetTokens++;
    }
    cursor.use(method, after);
  }

  /** Reads the field at the cursor into `values`. Throws {@link AccessLogParseError}. */
  private readField(spec: FieldSpec, i: number, values: unknown[]): void {
    const cursor = this.cursor;
    const slot = this.slots[i];
    switch (spec.kind) {
      case "text":
        values[slot] = cursor.isAbsent() ? undefined : cursor.value();
        break;
      case "count":
      case "integer":
        values[slot] = cursor.isAbsent() ? undefined : this.wholeNumber(spec, i, spec.kind === "integer");
        break;
      case "status":
        values[slot] = cursor.isAbsent() ? undefined : this.status(spec, i);
        break;
      case "time":
      case "compactTime":
        this.time(cursor.value(), spec, i, values, slot);
        break;
    }
  }

  /** The slow path: tokens first, then the one assignment of tokens to fields that fits (see free-text-fields.ts). */
  private parseWithFreeText(line: string): Record<string, unknown> | undefined {
    const { fields, minFields } = this.layout;
    const cursor = this.cursor;
    cursor.reset(line, this.separatorOf(line));
    const tokens: FieldSpan[] = [];
    const texts: string[] = [];
    try {
      while (cursor.skip("field", tokens.length + 1)) {
        tokens.push(cursor.span());
        texts.push(cursor.value());
      }
    } catch {
      return undefined; // an unclosed quote: no reading helps
    }
    const scratch = new Array<unknown>(this.values.length);
    const fits = (index: number, span: FieldSpan): boolean => {
      cursor.use(span);
      try {
        this.readField(fields[index], index, scratch);
        return true;
      } catch (error) {
        if (error instanceof AccessLogParseError) return false;
        throw error;
      }
    };
    const assignment = bestFreeTextReading(
      fields,
      minFields,
      this.layout.bareFreeTextMinFields ?? fields.length,
      tokens,
      texts,
      fits,
    );
    if (assignment === undefined) return undefined;
    const record = this.values;
    for (let i = 0; i < fields.length; i++) {
      if (i < assignment.spans.length) {
        cursor.use(assignment.spans[i]);
        this.readField(fields[i], i, record);
      } else {
        record[this.slots[i]] = undefined;
      }
    }
    record[record.length - 1] = assignment.next < texts.length ? texts.slice(assignment.next) : EMPTY;
    return this.build(record);
  }

  /** Writes a record as one line (without a line break). Throws RangeError for a value the format cannot hold. */
  format(record: Readonly<Record<string, unknown>>): string {
    const { fields, format } = this.layout;
    const parts: string[] = [];
    for (const spec of fields) {
      const value = record[spec.name];
      const where = `${format} field ${spec.name}`;
      switch (spec.kind) {
        case "text":
          if (value !== undefined && typeof value !== "string")
            throw new RangeError(`${where} must be a string or undefined`);
          parts.push(writeTextField(value, spec.quoted === true));
          break;
        case "count":
        case "integer":
        case "status": {
          if (value === undefined) {
            parts.push(writeTextField(undefined, spec.quoted === true));
            break;
          }
          if (typeof value !== "number" || !Number.isSafeInteger(value))
            throw new RangeError(`${where} must be a whole number, got ${String(value)}`);
          if (spec.kind === "count" && value < 0) throw new RangeError(`${where} must be 0 or more, got ${value}`);
          if (spec.kind === "status" && (value < 100 || value > 599))
            throw new RangeError(`${where} must be an HTTP status 100-599, got ${value}`);
          parts.push(spec.quoted ? `"${value}"` : String(value));
          break;
        }
        case "time":
        case "compactTime": {
          const offset = record[UTC_OFFSET_PROPERTY];
          if (!(value instanceof Date) || Number.isNaN(value.getTime()))
            throw new RangeError(`${where} must be a valid Date`);
          if (typeof offset !== "number" || !Number.isInteger(offset) || Math.abs(offset) > 14 * 60) {
            throw new RangeError(`${format} ${UTC_OFFSET_PROPERTY} must be a whole number of minutes within ±14 hours`);
          }
          const text =
            spec.kind === "compactTime" && offset === this.compactOffset && value.getTime() % 1000 === 0
              ? compactTimeText(value, offset)
              : isoTimeText(value, offset);
          parts.push(spec.quoted ? `"${text}"` : text);
          break;
        }
      }
    }
    const extra = record[EXTRA_FIELDS_PROPERTY];
    if (Array.isArray(extra)) {
      for (const value of extra) {
        if (typeof value !== "string") throw new RangeError(`${format} ${EXTRA_FIELDS_PROPERTY} must hold strings`);
        // Extra fields keep "-" and "(null)" as text, so they are written bare.
        parts.push(value === NO_VALUE || value === NULL_VALUE ? value : writeTextField(value, false));
      }
    }
    return parts.join(" ");
  }

  /** The current field as a whole number, read in place (no substring). */
  private wholeNumber(spec: FieldSpec, index: number, signed: boolean): number {
    const { line, start, end } = this.cursor;
    let p = start;
    const negative = signed && line.charCodeAt(p) === 45; /* - */
    if (negative) p++;
    let value = 0;
    let ok = end > p && end - p <= 16;
    for (; ok && p < end; p++) {
      const digit = line.charCodeAt(p) - 48;
      ok = digit >= 0 && digit <= 9;
      value = value * 10 + digit;
    }
    // Past 2^53 the sum is no longer exact, but it is then never a safe integer either.
    if (!ok || !Number.isSafeInteger(value)) {
      throw this.error(
        spec,
        index,
        `is not a whole number${signed ? "" : " of 0 or more"}: ${show(this.cursor.value())}`,
      );
    }
    return negative && value !== 0 ? -value : value;
  }

  /** The current field as an HTTP status: three digits 100-599, optionally followed by a space and a reason phrase. */
  private status(spec: FieldSpec, index: number): number {
    const { line, start, end } = this.cursor;
    const a = line.charCodeAt(start) - 48;
    const b = line.charCodeAt(start + 1) - 48;
    const c = line.charCodeAt(start + 2) - 48;
    const digits = a >= 1 && a <= 5 && b >= 0 && b <= 9 && c >= 0 && c <= 9;
    const shape =
      end - start === 3 ||
      (end - start > 3 && line.charCodeAt(start + 3) === 32 && line.lastIndexOf("\t", end - 1) < start);
    if (!digits || !shape)
      throw this.error(spec, index, `is not an HTTP status code (100-599): ${show(this.cursor.value())}`);
    return a * 100 + b * 10 + c;
  }

  private time(text: string, spec: FieldSpec, index: number, values: unknown[], slot: number): void {
    if (text !== this.lastTimeText) {
      const parsed = spec.kind === "compactTime" && text.length === 14 ? this.compactTime(text) : parseIsoTime(text);
      if (parsed === undefined) {
        const expected =
          spec.kind === "compactTime"
            ? "YYYYMMDDHHmmss or ISO 8601 with a zone"
            : "ISO 8601 with a zone, like 2016-09-05T09:02:03+08:00";
        throw this.error(spec, index, `is not a time (${expected}): ${show(text)}`);
      }
      this.lastTimeText = text;
      this.lastTimeMs = parsed.ms;
      this.lastTimeOffset = parsed.offset;
    }
    values[slot] = new Date(this.lastTimeMs);
    values[slot + 1] = this.lastTimeOffset;
  }

  private compactTime(text: string): { ms: number; offset: number } | undefined {
    const m = COMPACT_TIME.exec(text);
    if (m === null) return undefined;
    const wall = wallClock(m[1], m[2], m[3], m[4], m[5], m[6], 0);
    return wall === undefined ? undefined : { ms: wall - this.compactOffset * 60_000, offset: this.compactOffset };
  }

  private error(spec: FieldSpec, index: number, problem: string): AccessLogParseError {
    return new AccessLogParseError(this.layout.format, spec.name, index + 1, this.cursor.column, problem);
  }
}

function parseIsoTime(text: string): { ms: number; offset: number } | undefined {
  const m = ISO_TIME.exec(text);
  if (m === null) return undefined;
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"));
  const wall = wallClock(m[1], m[2], m[3], m[4], m[5], m[6], millis);
  if (wall === undefined) return undefined;
  let offset = 0;
  if (m[8] !== undefined) {
    const hours = Number(m[9]);
    const minutes = Number(m[10]);
    if (hours > 14 || minutes > 59) return undefined;
    offset = (m[8] === "-" ? -1 : 1) * (hours * 60 + minutes);
  }
  return { ms: wall - offset * 60_000, offset };
}

/** Milliseconds of a wall-clock time read as UTC, or undefined when a part is out of range (Feb 30, 24:00). */
function wallClock(
  year: string,
  month: string,
  day: string,
  hour: string,
  minute: string,
  second: string,
  millis: number,
): number | undefined {
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s, millis);
  // Date.UTC rolls over (Feb 30 -> Mar 2); a real date survives unchanged. Years below 100 are not log times.
  if (new Date(ms).getUTCDate() !== d || y < 1000) return undefined;
  return ms;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** `2016-09-05T09:02:03+08:00` (milliseconds only when not zero; `Z` for UTC). */
export function isoTimeText(date: Date, utcOffsetMinutes: number): string {
  const local = new Date(date.getTime() + utcOffsetMinutes * 60_000);
  const ms = local.getUTCMilliseconds();
  const abs = Math.abs(utcOffsetMinutes);
  const zone =
    utcOffsetMinutes === 0 ? "Z" : `${utcOffsetMinutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${ms === 0 ? "" : `.${pad(ms, 3)}`}${zone}`
  );
}

function compactTimeText(date: Date, utcOffsetMinutes: number): string {
  const local = new Date(date.getTime() + utcOffsetMinutes * 60_000);
  return (
    `${pad(local.getUTCFullYear(), 4)}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}` +
    `${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${pad(local.getUTCSeconds())}`
  );
}

function show(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}
