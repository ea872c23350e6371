/*
 * Reading a line whose free-text fields came without their quotes. The vendors' field tables show some fields quoted
 * (a user agent, an error message, the request line), but the services do not always write them so: Tencent's own COS
 * field table shows `The specified key does not exist.` bare, and a request line `GET /a.txt HTTP/1.1` may come bare
 * too. Such a field then spans several space-separated tokens, and the line can still be read when exactly one way of
 * giving each such field (`FieldSpec.freeText`) its tokens makes every other field fit its type (a status where a status belongs, numbers
 * where numbers belong). When no way fits, or more than one does, the line is malformed: nothing is guessed.
 */
import type { FieldSpan } from "./field-cursor";

/** What this module needs to know of a field (record-layout.ts's FieldSpec has these). */
interface FreeTextFieldSpec {
  /** Free text that may hold spaces. */
  readonly freeText?: boolean;
  /** An HTTP request line. */
  readonly requestLine?: boolean;
}

const METHOD = /^[A-Z]{3,16}$/;
const HTTP_VERSION = /^HTTP\/\d+(?:\.\d+)?$/;

/** The most tokens the target of a bare request line may span (a path with unencoded spaces). */
export const MAX_TARGET_TOKENS = 32;

/** Whether `text` (one token) reads as an HTTP request method, e.g. `GET`, `PROPFIND`. */
export function isRequestMethod(text: string): boolean {
  return METHOD.test(text);
}

/** Whether `text` (one token) reads as an HTTP version, e.g. `HTTP/1.1`, `HTTP/2`. */
export function isHttpVersion(text: string): boolean {
  return HTTP_VERSION.test(text);
}

/** The spans of a bare request line `METHOD target HTTP/x.y` joined into one field's span. */
export function joinedSpan(first: FieldSpan, last: FieldSpan): FieldSpan {
  return { start: first.start, end: last.end, quoted: false, escapes: false, column: first.column };
}

/** How many tokens field `spec` may take starting at token `index`: its possible widths, narrowest first. */
function widths(
  spec: FreeTextFieldSpec,
  tokens: readonly FieldSpan[],
  texts: readonly string[],
  index: number,
): number[] {
  const first = tokens[index];
  if (first.quoted) return [1];
  if (spec.requestLine === true && isRequestMethod(texts[index])) {
    for (let end = index + 2; end < tokens.length && end - index - 1 <= MAX_TARGET_TOKENS; end++) {
      if (tokens[end - 1].quoted || tokens[end].quoted) break;
      if (isHttpVersion(texts[end])) return [end - index + 1];
    }
  }
  if (spec.freeText !== true) return [1];
  const out: number[] = [];
  for (let end = index; end < tokens.length && !tokens[end].quoted; end++) out.push(end - index + 1);
  return out;
}

/** The most partial assignments tried before a line is given up as too ambiguous to read. */
const STEP_BUDGET = 20_000;

/** How one reading of a line gives the layout's fields its tokens. */
export interface FreeTextReading {
  /** One span per present field (a field the line ends before is left out). */
  readonly spans: FieldSpan[];
  /** Index of the first token after the documented fields: the rest are extra fields. */
  readonly next: number;
}

/**
 * The best way to give the layout's fields the line's tokens (each field one token, a bare free-text field one or more),
 * or undefined when there is none, or when two readings are equally good. Readings are ranked by how many documented
 * fields they fill (a line may end early, in older versions of a format, so a message could otherwise swallow the
 * later fields: `… does not exist. 197 4295 USER …` is a message and counts, not a message running on to the 23rd
 * field), then by how few tokens they leave as extra fields (a bare user agent's words are its own, not new fields).
 * A reading in which a free-text field takes several tokens must fill at least `bareFreeTextMinFields` fields.
 *
 * @param fields the layout's fields, in line order
 * @param minFields fields a line must have
 * @param bareFreeTextMinFields fields a line with a multi-token bare free-text field must have
 * @param tokens the line's tokens, in order
 * @param texts the tokens' text, unquoted
 * @param fits whether field `fieldIndex` can hold the text of `span`
 */
export function bestFreeTextReading(
  fields: readonly FreeTextFieldSpec[],
  minFields: number,
  bareFreeTextMinFields: number,
  tokens: readonly FieldSpan[],
  texts: readonly string[],
  fits: (fieldIndex: number, span: FieldSpan) => boolean,
): FreeTextReading | undefined {
  let best: FreeTextReading | undefined;
  let bestTied = false;
  let steps = 0;
  const chosen: FieldSpan[] = [];
  const search = (field: number, token: number, absorbed: boolean): void => {
    if (++steps > STEP_BUDGET) return;
    if (field === fields.length || token === tokens.length) {
      if (field < minFields || (absorbed && field < bareFreeTextMinFields)) return;
      const better =
        best === undefined || field > best.spans.length || (field === best.spans.length && token > best.next);
      if (better) {
        best = { spans: chosen.slice(), next: token };
        bestTied = false;
      } else if (field === best!.spans.length && token === best!.next) {
        bestTied = true;
      }
      return;
    }
    const spec = fields[field];
    for (const width of widths(spec, tokens, texts, token)) {
      const span = width === 1 ? tokens[token] : joinedSpan(tokens[token], tokens[token + width - 1]);
      if (!fits(field, span)) continue;
      chosen.push(span);
      search(field + 1, token + width, absorbed || (width > 1 && spec.freeText === true));
      chosen.pop();
    }
  };
  search(0, 0, false);
  return bestTied || steps > STEP_BUDGET ? undefined : best;
}
