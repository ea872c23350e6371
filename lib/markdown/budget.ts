/**
 * Lays out a Markdown PR comment within a character budget: a head that is always shown, then sections of items (list
 * items or table rows), open or collapsed in `<details>`, filled in order until the budget is spent. What does not fit
 * is counted, and a closing line says how much of each section was left out.
 */

/** GitHub's limit for the body of a pull-request comment, in characters. */
export const PR_COMMENT_MAX_CHARS = 65_536;

/** The smallest budget accepted: room for the head, the section headings and the closing line. */
export const MIN_MAX_CHARS = 4_000;

/** Room kept for the closing line that counts what was left out (at most one entry of ~80 characters per section). */
const FOOTER_RESERVE = 1_500;

/** Room kept in each section for its `… N more not shown` line. */
const MORE_LINE_RESERVE = 40;

/**
 * Items rendered on demand: a 10,000-row table is cut to a few hundred rows, so only those are rendered and the
 * rendering cost does not grow with what is left out.
 */
export interface LazyItems {
  readonly length: number;
  /** The item at `index`, rendered. */
  item(index: number): string;
}

function itemAt(items: readonly string[] | LazyItems, index: number): string {
  return Array.isArray(items) ? (items as readonly string[])[index] : (items as LazyItems).item(index);
}

/** A part of the comment made of items, e.g. the findings or the access-logging table. */
export interface MarkdownSection {
  /** Heading text (ours, never user input), e.g. `Access logging`. */
  readonly title: string;
  /** What one item is, for the closing count: `delivery`, `finding`. Plural adds `s` unless `plural` is given. */
  readonly noun: string;
  /** The plural of `noun`, when it is not `noun` + `s`. */
  readonly plural?: string;
  /** Collapsed in `<details>` (true; left out when empty) or shown under a `###` heading (false). */
  readonly collapsed: boolean;
  /** Table headers; without them items are list items (each already starting with `- `). */
  readonly headers?: readonly string[];
  /** The items, each one line: rendered, or rendered on demand. */
  readonly items: readonly string[] | LazyItems;
  /** Shown instead of items when there are none, e.g. `_No scheduled functions._`. */
  readonly empty?: string;
}

function countOf(count: number, noun: string, plural?: string): string {
  return `${count} ${count === 1 ? noun : (plural ?? `${noun}s`)}`;
}

/**
 * Renders `head` and `sections` in at most `maxChars` characters (UTF-16 code units, which never undercounts what
 * GitHub counts). The head must fit; sections take items in order until the next one would not, and the rest of that
 * section is counted as left out. The closing line names the counts and points to `--json`.
 */
export function renderWithinBudget(
  head: readonly string[],
  sections: readonly MarkdownSection[],
  maxChars: number,
): string {
  const out: string[] = [];
  let used = 0;
  const add = (text: string): void => {
    out.push(text);
    used += text.length + 1;
  };
  for (const line of head) add(line);
  const budget = maxChars - FOOTER_RESERVE;
  if (used > budget)
    throw new RangeError(`the review's summary needs ${used} characters, more than the budget of ${maxChars}`);

  const leftOut: string[] = [];
  for (const section of sections) {
    // An empty collapsed section says nothing a reader would open it for.
    if (section.collapsed && section.items.length === 0) continue;
    const opening = section.collapsed
      ? ["<details>", `<summary>${section.title} (${section.items.length})</summary>`, ""]
      : [`### ${section.title} (${section.items.length})`, ""];
    const tableHead = section.headers
      ? [`| ${section.headers.join(" | ")} |`, `| ${section.headers.map(() => "---").join(" | ")} |`]
      : [];
    const closing = section.collapsed ? ["", "</details>", ""] : [""];
    const fixedLength =
      [...opening, ...tableHead, ...closing].reduce((sum, line) => sum + line.length + 1, 0) +
      (section.empty?.length ?? 0) +
      1;
    if (used + fixedLength > budget) {
      if (section.items.length > 0)
        leftOut.push(`${countOf(section.items.length, section.noun, section.plural)} (${section.title})`);
      continue;
    }
    opening.forEach(add);
    if (section.items.length === 0) {
      add(section.empty ?? "_None._");
    } else {
      tableHead.forEach(add);
      const closingLength = closing.reduce((sum, line) => sum + line.length + 1, 0);
      let shown = 0;
      for (let index = 0; index < section.items.length; index++) {
        const item = itemAt(section.items, index);
        if (used + item.length + 1 + closingLength + MORE_LINE_RESERVE > budget) break;
        add(item);
        shown++;
      }
      if (shown < section.items.length) {
        const omitted = section.items.length - shown;
        leftOut.push(`${countOf(omitted, section.noun, section.plural)} (${section.title})`);
        if (!section.headers) add(`- _… ${omitted} more not shown_`);
      }
    }
    closing.forEach(add);
  }
  if (leftOut.length > 0) {
    add("---");
    add(
      `_Left out to fit ${maxChars} characters: ${leftOut.join(", ")}. Run with \`--json\` for the complete review._`,
    );
  }
  const text = `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
  if (text.length > maxChars)
    throw new RangeError(`review layout overran its budget: ${text.length} > ${maxChars} characters`);
  return text;
}
