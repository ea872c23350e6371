// README.md's TypeScript snippets, as the README tests and the consumer test read them.
import * as fs from "fs";
import * as path from "path";

export const README = path.resolve(__dirname, "..", "..", "README.md");

/**
 * Put this HTML comment on the line before a snippet that cannot run on its own (e.g. it reads a file the reader
 * has): it is still type-checked, but not executed.
 */
export const TYPECHECK_ONLY_MARKER = "<!-- readme-test: typecheck-only -->";

export interface ReadmeSnippet {
  /** 1-based position among README's TypeScript snippets. */
  readonly number: number;
  /** Line of the opening fence in README.md. */
  readonly line: number;
  readonly code: string;
  /** False when the snippet carries {@link TYPECHECK_ONLY_MARKER}. */
  readonly run: boolean;
  /** A file name for the snippet, e.g. `readme-03-line-97.ts`. */
  readonly fileName: string;
}

/** Every ```ts / ```typescript block of README.md, in order. */
export function readmeSnippets(text = fs.readFileSync(README, "utf8")): ReadmeSnippet[] {
  const lines = text.split("\n");
  const snippets: ReadmeSnippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript)\s*$/.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j].trim() !== fence) body.push(lines[j++]);
    let previous = i - 1;
    while (previous >= 0 && lines[previous].trim() === "") previous--;
    const number = snippets.length + 1;
    snippets.push({
      number,
      line: i + 1,
      code:
        body.map((line) => line.slice(Math.min(open[1].length, line.length - line.trimStart().length))).join("\n") +
        "\n",
      run: previous < 0 || lines[previous].trim() !== TYPECHECK_ONLY_MARKER,
      fileName: `readme-${String(number).padStart(2, "0")}-line-${i + 1}.ts`,
    });
    i = j;
  }
  return snippets;
}

/** The compiler options `cdktf init --template=typescript` (cdktf-cli 0.21) writes into a new project's tsconfig.json. */
export function cdktfInitTsconfig(): {
  compilerOptions: { [option: string]: unknown };
  include: string[];
  exclude: string[];
} {
  const file = path.resolve(
    __dirname,
    "..",
    "..",
    "node_modules",
    "cdktf-cli",
    "bundle",
    "templates",
    "typescript",
    "tsconfig.json",
  );
  return JSON.parse(fs.readFileSync(file, "utf8")) as {
    compilerOptions: { [option: string]: unknown };
    include: string[];
    exclude: string[];
  };
}
