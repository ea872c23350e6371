/*
 * Writes one field the way {@link FieldCursor} reads it back: bare when that is unambiguous, otherwise in double
 * quotes with `"` and `\` escaped by a backslash and control characters as `\xHH`.
 */

/** `-` is how every format writes "no value", so a missing value and the literal text "-" cannot both be kept. */
export const NO_VALUE = "-";

/** How CDN log packages write some missing values (a Range header); read as "no value" in any field, so not writable. */
export const NULL_VALUE = "(null)";

// Characters that force quoting of a field that is normally written bare: separators, quotes, backslashes at the
// start (harmless elsewhere), control characters and anything Unicode treats as a line break.
// (\p{Cc} is every C0 and C1 control and DEL, U+0085 NEXT LINE among them.)
const NEEDS_QUOTES = /[\s"\p{Cc}\u2028\u2029]/u;
const ESCAPE_IN_QUOTES = /["\\\p{Cc}\u2028\u2029]/gu;

/**
 * Renders a string field.
 *
 * @param value the value; undefined is written as `-`
 * @param alwaysQuoted whether the vendor writes this field in quotes (e.g. a user agent)
 */
export function writeTextField(value: string | undefined, alwaysQuoted: boolean): string {
  if (value === undefined) return alwaysQuoted ? `"${NO_VALUE}"` : NO_VALUE;
  if (value === NO_VALUE || value === NULL_VALUE) {
    throw new RangeError(
      `the text ${JSON.stringify(value)} cannot be written: the readers take "-" and "(null)" as "no value"`,
    );
  }
  if (!alwaysQuoted && value !== "" && !NEEDS_QUOTES.test(value)) return value;
  return `"${value.replace(ESCAPE_IN_QUOTES, escapeChar)}"`;
}

function escapeChar(c: string): string {
  if (c === '"' || c === "\\") return `\\${c}`;
  // Control and line-break characters become their UTF-8 bytes, each as \xHH, so a record stays on one line.
  return Array.from(Buffer.from(c, "utf8"), (b) => `\\x${b.toString(16).padStart(2, "0")}`).join("");
}
