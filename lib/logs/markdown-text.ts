/*
 * Log contents are user-controlled: anyone who can send a request chooses its path, user agent and referer. Rendered
 * into a PR comment or a wiki page, they must stay text. This escapes for GitHub-flavoured Markdown inside a table
 * cell: no raw HTML (`<`, `>`, `&` become entities), no formatting or links (Markdown punctuation is
 * backslash-escaped), no code spans to break out of (backticks are escaped too), no cell breaks (`|`), no line
 * breaks or control characters, and no @-mentions or #-references (a zero-width space follows `@` and `#`).
 */

// Markdown punctuation that can start or end formatting, links, images, headings, lists or tables.
const PUNCTUATION = /[\\`*_{}[\]()#+\-.!|~:]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * `text` made safe to show as plain text in a Markdown table cell, cut to `maxLength` characters (ending in `…`).
 *
 * @param text any string, e.g. an object key taken from a log line
 * @param maxLength longest text kept before escaping
 */
export function markdownCellText(text: string, maxLength = 200): string {
  const cut = text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
  return cut
    .replace(CONTROL, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(PUNCTUATION, "\\$&")
    .replace(/[@#]/g, "$&\u200b");
}
