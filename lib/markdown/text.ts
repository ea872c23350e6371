/**
 * Putting user-controlled strings (bucket and role names, regions, prefixes, policy statements, suppression reasons)
 * into a Markdown PR comment without letting them become Markdown. Every such string is shown as a code span, the one
 * GitHub construct whose content is never parsed: no links, images, HTML, autolinks, @mentions, #references or
 * emphasis. What a code span cannot hold is made visible instead:
 *
 * - the fence is one backtick longer than the longest backtick run inside, so the content cannot close it;
 * - line breaks and other control, invisible or direction-changing characters become `\n`, `\u{202e}`, …, and `\`
 *   becomes `\\`, so the shown text decodes back to the original exactly ({@link decodeInlineCode});
 * - in table cells `|` becomes `\|` (GFM splits cells before it parses code spans and removes that backslash).
 */

/** Longest value shown in full; longer values are cut, with the number of characters left out. */
export const MAX_SHOWN_VALUE_LENGTH = 300;

/** Characters shown escaped: C0/C1 controls, DEL, zero-width and bidirectional controls, line/paragraph separators. */
// (\p{Cc}: C0/C1 controls and DEL; \p{Cs} in a /u pattern matches only lone surrogates, never a surrogate pair.)
const INVISIBLE = /[\p{Cc}\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|\p{Cs}/gu;

const NAMED_ESCAPES: { readonly [c: string]: string } = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeInvisible(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(INVISIBLE, (c) => NAMED_ESCAPES[c] ?? `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/** Where a code span goes: a table cell needs its pipes escaped, other places must not have them escaped. */
export type MarkdownContext = "text" | "table";

/**
 * `text` as a Markdown code span that renders exactly `text` (invisible characters and `\` escaped as described
 * above) and cannot be closed, linked or turned into HTML by its content. Values longer than
 * {@link MAX_SHOWN_VALUE_LENGTH} characters are cut and followed by the count of characters left out; the empty string
 * is shown as `(empty)` in italics.
 */
export function inlineCode(
  text: string,
  context: MarkdownContext = "text",
  maxLength = MAX_SHOWN_VALUE_LENGTH,
): string {
  if (text === "") return "*(empty)*";
  const codePoints = Array.from(text);
  const cut = codePoints.length > maxLength;
  let content = escapeInvisible(cut ? codePoints.slice(0, maxLength).join("") : text);
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  // CommonMark strips one space from each end when both ends are spaces, and a backtick at either end would touch the
  // fence: pad with a space on each side, which the parser removes again.
  const allSpaces = /^ +$/.test(content);
  if (
    content.startsWith("`") ||
    content.endsWith("`") ||
    (!allSpaces && content.startsWith(" ") && content.endsWith(" "))
  ) {
    content = ` ${content} `;
  }
  if (context === "table") content = content.replace(/\|/g, "\\|");
  const span = `${fence}${content}${fence}`;
  return cut ? `${span} *(${codePoints.length - maxLength} more characters)*` : span;
}

/**
 * The original text of a code span's content as a Markdown parser reports it (fence and padding already removed,
 * table pipes already unescaped): the inverse of the escaping {@link inlineCode} applies.
 */
export function decodeInlineCode(content: string): string {
  return content.replace(/\\(\\|n|r|t|u\{([0-9a-f]+)\})/g, (_, what: string, hex?: string) => {
    if (what === "\\") return "\\";
    if (hex !== undefined) return String.fromCharCode(parseInt(hex, 16));
    return what === "n" ? "\n" : what === "r" ? "\r" : "\t";
  });
}
