import fc from "fast-check";
import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import { decodeInlineCode, inlineCode, MAX_SHOWN_VALUE_LENGTH } from "../../lib/markdown/text";

// GitHub renders PR comments with cmark-gfm; markdown-it with HTML and linkify on is a parser at least as eager to find
// links, autolinks and HTML, so what it cannot find there GitHub cannot either.
const markdown = new MarkdownIt({ html: true, linkify: true });

/** Every inline token of a document, flattened. */
function inlineTokens(source: string): Token[] {
  return markdown.parse(source, {}).flatMap((token) => [token, ...(token.children ?? [])]);
}

/** Fragments that open Markdown or HTML constructs, or GitHub mentions and references, when not escaped. */
const HOSTILE = [
  "`",
  "``",
  "```",
  "\\",
  "|",
  "\n",
  "\r\n",
  "\t",
  " ",
  "[**security review: approved**](https://evil.example/)",
  "![x](https://evil.example/x.png)",
  "<img src=x onerror=alert(1)>",
  "<script>alert(1)</script>",
  "<!--",
  "<https://evil.example>",
  "https://evil.example/",
  "www.evil.example",
  "admin@evil.example",
  "@octocat",
  "@org/team",
  "#1",
  "*",
  "_",
  "~~",
  "&amp;",
  "&#x3C;",
  ":+1:",
  "\u202e",
  "\u200b",
  "\u0000",
  "\u2028",
  "\ud800",
  "\udc00",
  "😀",
  "# heading",
  "> quote",
  "- item",
  "---",
];

const hostileString = fc
  .array(
    fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: "binary", maxLength: 8 }), fc.string({ maxLength: 8 })),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));

/** What a reader sees of one rendered value: the code spans' text, decoded, and everything else. */
function rendered(source: string): { code: string[]; others: Token[] } {
  const tokens = inlineTokens(source);
  return {
    code: tokens.filter((t) => t.type === "code_inline").map((t) => decodeInlineCode(t.content)),
    others: tokens.filter((t) => t.type !== "code_inline" && t.type !== "inline"),
  };
}

/** Asserts no token can be a link, image, HTML or a mention, and only the allowed structure exists. */
function expectInert(source: string, allowedTypes: readonly string[]): void {
  for (const token of inlineTokens(source)) {
    expect([
      "link_open",
      "link_close",
      "image",
      "html_inline",
      "html_block",
      "heading_open",
      "blockquote_open",
      "fence",
      "code_block",
    ]).not.toContain(token.type);
    if (token.type === "text") expect(token.content).not.toMatch(/@[A-Za-z0-9]/);
    if (token.type !== "inline" && token.type !== "code_inline" && token.type !== "text")
      expect(allowedTypes).toContain(token.type);
  }
}

describe("inlineCode", () => {
  test("renders any string as one code span that decodes back to it, in running text (property)", () => {
    fc.assert(
      fc.property(hostileString, (value) => {
        fc.pre(value !== "" && Array.from(value).length <= MAX_SHOWN_VALUE_LENGTH);
        const source = `- name: ${inlineCode(value)} end\n`;
        expectInert(source, [
          "bullet_list_open",
          "list_item_open",
          "paragraph_open",
          "paragraph_close",
          "list_item_close",
          "bullet_list_close",
        ]);
        expect(rendered(source).code).toEqual([value]);
      }),
      { numRuns: 400, seed: 12 },
    );
  });

  test("renders any string as one code span that decodes back to it, in a table cell (property)", () => {
    const tableTokens = [
      "table_open",
      "thead_open",
      "tr_open",
      "th_open",
      "th_close",
      "tr_close",
      "thead_close",
      "tbody_open",
      "td_open",
      "td_close",
      "tbody_close",
      "table_close",
    ];
    fc.assert(
      fc.property(hostileString, hostileString, (a, b) => {
        fc.pre(
          a !== "" &&
            b !== "" &&
            Array.from(a).length <= MAX_SHOWN_VALUE_LENGTH &&
            Array.from(b).length <= MAX_SHOWN_VALUE_LENGTH,
        );
        const source = `| x | y |\n| --- | --- |\n| ${inlineCode(a, "table")} | ${inlineCode(b, "table")} |\n`;
        expectInert(source, tableTokens);
        const cells = markdown.parse(source, {}).filter((t) => t.type === "td_open").length;
        expect(cells).toBe(2);
        expect(rendered(source).code).toEqual([a, b]);
      }),
      { numRuns: 400, seed: 12 },
    );
  });

  test.each([
    ["a ``double`` backtick name", "```a ``double`` backtick name```"],
    ["`", "`` ` ``"],
    [" padded ", "`  padded  `"],
    ["   ", "`   `"],
    ["line\nbreak", "`line\\nbreak`"],
    ["back\\slash", "`back\\\\slash`"],
    ["rtl\u202eoverride", "`rtl\\u{202e}override`"],
    ["@octocat", "`@octocat`"],
  ])("%j renders as %s", (value, expected) => {
    expect(inlineCode(value)).toBe(expected);
  });

  test("escapes table pipes only in table cells", () => {
    expect(inlineCode("a|b", "table")).toBe("`a\\|b`");
    expect(inlineCode("a|b")).toBe("`a|b`");
  });

  test("the empty string is shown as (empty), outside code", () => {
    expect(inlineCode("")).toBe("*(empty)*");
  });

  test(`cuts values after ${MAX_SHOWN_VALUE_LENGTH} characters and counts the rest`, () => {
    const exact = "a".repeat(MAX_SHOWN_VALUE_LENGTH);
    expect(inlineCode(exact)).toBe(`\`${exact}\``);
    expect(inlineCode(`${exact}bc`)).toBe(`\`${exact}\` *(2 more characters)*`);
    // Characters, not UTF-16 units: an emoji is one.
    expect(inlineCode(`${"😀".repeat(MAX_SHOWN_VALUE_LENGTH)}😀`)).toBe(
      `\`${"😀".repeat(MAX_SHOWN_VALUE_LENGTH)}\` *(1 more characters)*`,
    );
  });
});
