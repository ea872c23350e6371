/*
 * Reads the fields of one access-log line, left to right, without allocating a token object per field: the line is
 * sliced, and `quoted`/`column` describe the field just read.
 *
 * Rules shared by the three formats:
 * - fields are separated by one separator character (space or tab); for spaces, a run of spaces counts as one
 *   separator, so a doubled space does not invent an empty field;
 * - a field may be wrapped in double quotes, in which case it may contain separators; inside quotes `\"` is a quote,
 *   `\\` a backslash and `\xHH` a byte (runs of `\xHH` are decoded together as UTF-8, the way nginx-style loggers
 *   escape non-printable bytes); any other backslash is kept as written;
 * - the closing quote must be followed by a separator or the end of the line.
 */
import { AccessLogParseError } from "./parse-error";

const QUOTE = 34; // "
const OPEN_PAREN = 40; // (
const BACKSLASH = 92; // \
const SPACE = 32;
const TAB = 9;

/** Where one field lies in its line, as {@link FieldCursor.skip} found it; {@link FieldCursor.use} makes it current. */
export interface FieldSpan {
  /** Start of the content (after an opening quote). */
  readonly start: number;
  /** End of the content (exclusive; before a closing quote). */
  readonly end: number;
  /** Whether the field was wrapped in quotes. */
  readonly quoted: boolean;
  /** Whether the quoted content holds backslash escapes. */
  readonly escapes: boolean;
  /** 1-based column of the field's first character. */
  readonly column: number;
}

/** Reads one line's fields in order. Reused across lines to keep parsing allocation-light. */
export class FieldCursor {
  /** The line being read. */
  line = "";
  private position = 0;
  private separator = SPACE;
  /** Whether the field just read was wrapped in quotes. */
  quoted = false;
  /** 1-based column of the first character of the field just read (its opening quote, if quoted). */
  column = 0;

  constructor(private readonly format: string) {}

  /** Starts reading `line`; tab-separated when `separator` is `"\t"`. */
  reset(line: string, separator: " " | "\t"): void {
    this.line = line;
    this.separator = separator === "\t" ? TAB : SPACE;
    this.position = 0;
    if (this.separator === SPACE) this.skipSpaces();
  }

  /** Whether every field has been read. */
  atEnd(): boolean {
    return this.position >= this.line.length;
  }

  /** 1-based column just past the last character read; where a missing field would have started. */
  endColumn(): number {
    return this.line.length + 1;
  }

  /** Start of the field's content in the line (after an opening quote). Valid after {@link skip} returned true. */
  start = 0;
  /** End of the field's content (exclusive; before a closing quote). */
  end = 0;
  private escapes = false;

  /**
   * Moves to the next field without copying it: `start`/`end` delimit its content, `quoted` and `column` describe it.
   * Callers read it with {@link value}, or straight from the line (numbers), so no string is made when none is needed.
   *
   * @param field the field's name, for errors
   * @param fieldNumber the field's 1-based position, for errors
   * @returns false when the line has no more fields
   */
  skip(field: string, fieldNumber: number): boolean {
    const line = this.line;
    const start = this.position;
    if (start >= line.length) return false;
    this.column = start + 1;
    let end: number;
    if (line.charCodeAt(start) === QUOTE) {
      this.quoted = true;
      let close = line.indexOf('"', start + 1);
      while (close !== -1 && isEscaped(line, close, start + 1)) close = line.indexOf('"', close + 1);
      if (close === -1) {
        throw new AccessLogParseError(this.format, field, fieldNumber, start + 1, "opens a quote that is never closed");
      }
      this.start = start + 1;
      this.end = close;
      end = close + 1;
      const backslash = line.indexOf("\\", start + 1);
      this.escapes = backslash !== -1 && backslash < close;
      if (end < line.length && line.charCodeAt(end) !== this.separator) {
        throw new AccessLogParseError(
          this.format,
          field,
          fieldNumber,
          end + 1,
          `has text after its closing quote (${JSON.stringify(line.slice(end, end + 10))}); a separator was expected`,
        );
      }
    } else {
      this.quoted = false;
      this.escapes = false;
      end = line.indexOf(this.separator === TAB ? "\t" : " ", start);
      if (end === -1) end = line.length;
      this.start = start;
      this.end = end;
    }
    this.position = end;
    if (end < line.length) {
      this.position = end + 1;
      if (this.separator === SPACE) this.skipSpaces();
      // A trailing separator ends the line; it does not open an empty last field.
    }
    return true;
  }

  /** Whether the current field is `-`, bare or quoted: "no value". */
  isDash(): boolean {
    return this.end - this.start === 1 && this.line.charCodeAt(this.start) === 45;
  }

  /**
   * Whether the current field spells "no value": `-` (every format), or `(null)`, bare or quoted, which CDN log
   * packages write for a request without a Range header (see cdn-access-log.ts for where that was seen).
   */
  isAbsent(): boolean {
    const length = this.end - this.start;
    if (length === 1) return this.line.charCodeAt(this.start) === 45;
    return (
      length === 6 && this.line.charCodeAt(this.start) === OPEN_PAREN && this.line.startsWith("(null)", this.start)
    );
  }

  /** The current field's place in the line. */
  span(): FieldSpan {
    return { start: this.start, end: this.end, quoted: this.quoted, escapes: this.escapes, column: this.column };
  }

  /** Makes `span` (of the current line) the current field; reading then goes on after `resumeAt`. */
  use(span: FieldSpan, resumeAt = this.position): void {
    this.start = span.start;
    this.end = span.end;
    this.quoted = span.quoted;
    this.escapes = span.escapes;
    this.column = span.column;
    this.position = resumeAt;
  }

  /** Where reading goes on; with {@link use}, for looking ahead and coming back. */
  get resumePosition(): number {
    return this.position;
  }

  /** The current field's text, unquoted and unescaped. */
  value(): string {
    const inner = this.line.slice(this.start, this.end);
    return this.escapes ? unescapeQuoted(inner) : inner;
  }

  /**
   * Reads the next field, unquoted and unescaped.
   *
   * @param field the field's name, for errors
   * @param fieldNumber the field's 1-based position, for errors
   * @returns the text, or undefined when the line has no more fields
   */
  next(field: string, fieldNumber: number): string | undefined {
    return this.skip(field, fieldNumber) ? this.value() : undefined;
  }

  private skipSpaces(): void {
    const line = this.line;
    let p = this.position;
    while (p < line.length && line.charCodeAt(p) === SPACE) p++;
    this.position = p;
  }
}

/** Whether the quote at `index` is preceded by an odd number of backslashes (not counting before `from`). */
function isEscaped(line: string, index: number, from: number): boolean {
  let backslashes = 0;
  for (let p = index - 1; p >= from && line.charCodeAt(p) === BACKSLASH; p--) backslashes++;
  return backslashes % 2 === 1;
}

const HEX = /^[0-9a-fA-F]{2}$/;

/** Undoes the escaping of a quoted field's content (see the file comment). */
export function unescapeQuoted(inner: string): string {
  let out = "";
  let bytes: number[] | undefined;
  const flushBytes = () => {
    if (bytes !== undefined) {
      out += Buffer.from(bytes).toString("utf8");
      bytes = undefined;
    }
  };
  for (let i = 0; i < inner.length; i++) {
    const c = inner.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < inner.length) {
      const n = inner[i + 1];
      if (n === "x" && HEX.test(inner.slice(i + 2, i + 4))) {
        (bytes ??= []).push(parseInt(inner.slice(i + 2, i + 4), 16));
        i += 3;
        continue;
      }
      flushBytes();
      if (n === '"' || n === "\\") {
        out += n;
        i += 1;
        continue;
      }
      out += "\\";
      continue;
    }
    flushBytes();
    out += inner[i];
  }
  flushBytes();
  return out;
}
