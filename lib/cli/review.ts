import { ACCESS_LOG_RULES } from "../checks/engine";
import { runLogsCli } from "../logs/cli";
import { diffReviews } from "./diff";
import { renderDiffMarkdown } from "./diff-markdown";
import { loadSynthesizedStacks, ReviewInputError } from "./load";
import { renderReviewMarkdown } from "./markdown";
import { MIN_MAX_CHARS, PR_COMMENT_MAX_CHARS } from "./markdown-budget";
import { buildReview } from "./model";

/** Where the CLI writes; tests pass their own. */
export interface CliOutput {
  /** Receives what the command prints to standard output (the review, the rule list). */
  stdout(text: string): void;
  /** Receives errors and usage messages. */
  stderr(text: string): void;
}

const PROCESS_OUTPUT: CliOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** The command line's help text. */
export const USAGE = `Usage:
  cdktf-access-logs review [cdktf.out] [--base <dir>] [--json] [--max-chars <n>] [--now <ISO time>]
  cdktf-access-logs rules [--json]
  cdktf-access-logs logs summarize --format bos|cos|cdn [--json] <path>...   (see: cdktf-access-logs logs --help)

review  Reads the stacks \`cdktf synth\` wrote (default ./cdktf.out) and prints a Markdown summary for a pull
        request: the check pack's findings, access logging per bucket, roles and what they grant, scheduled
        functions with their next runs (Beijing time) and the pinned provider versions. Refuses output without
        manifest.json, with stacks missing, or mixed from two synth runs.
        --base <dir>     also read the base branch's synth output and report first what the change does:
                         deliveries added, removed or retargeted, retention, grants widened or narrowed,
                         schedules and lookback, new and fixed findings. Exits 1 only on NEW errors.
        --json           print the complete review (with --base: {base, head, diff}) as JSON
        --max-chars <n>  most characters of Markdown (default ${PR_COMMENT_MAX_CHARS}, one GitHub PR comment; at
                         least ${MIN_MAX_CHARS}); sections are cut to fit and what was left out is counted
        --now <time>     compute next runs after this time (default: now), e.g. 2025-01-01T00:00:00Z
rules   Lists the check pack's rules.

Exit codes: 0 no error finding; 1 an unsuppressed error finding (with --base: a new one); 2 usage error or synth
output that cannot be reviewed.
`;

class UsageError extends Error {}

interface ReviewOptions {
  outdir: string;
  base?: string;
  json: boolean;
  maxChars: number;
  now: Date;
}

/** The value of `--name value` or `--name=value`; advances past it. */
function optionValue(args: string[], index: { i: number }, name: string): string {
  const arg = args[index.i];
  if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  const value = args[++index.i];
  if (value === undefined) throw new UsageError(`${name} needs a value`);
  return value;
}

function parseReviewArgs(args: string[]): ReviewOptions {
  let outdir: string | undefined;
  let base: string | undefined;
  let json = false;
  let maxChars = PR_COMMENT_MAX_CHARS;
  let now = new Date();
  for (const index = { i: 0 }; index.i < args.length; index.i++) {
    const arg = args[index.i];
    const is = (name: string): boolean => arg === name || arg.startsWith(`${name}=`);
    if (arg === "--json") json = true;
    else if (is("--now")) {
      const value = optionValue(args, index, "--now");
      const parsed = Date.parse(value);
      if (Number.isNaN(parsed))
        throw new UsageError(`--now needs an ISO 8601 time such as 2025-01-01T00:00:00Z, got ${JSON.stringify(value)}`);
      now = new Date(parsed);
    } else if (is("--base")) {
      base = optionValue(args, index, "--base");
    } else if (is("--max-chars")) {
      const value = optionValue(args, index, "--max-chars");
      if (!/^\d+$/.test(value) || Number(value) < MIN_MAX_CHARS || !Number.isSafeInteger(Number(value))) {
        throw new UsageError(
          `--max-chars needs a whole number of at least ${MIN_MAX_CHARS}, got ${JSON.stringify(value)}`,
        );
      }
      maxChars = Number(value);
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    else if (outdir === undefined) outdir = arg;
    else
      throw new UsageError(
        `only one synth output directory can be reviewed, got ${JSON.stringify(outdir)} and ${JSON.stringify(arg)}`,
      );
  }
  return { outdir: outdir ?? "cdktf.out", base, json, maxChars, now };
}

function review(args: string[], out: CliOutput): number {
  const options = parseReviewArgs(args);
  const head = buildReview(loadSynthesizedStacks(options.outdir), options.now);
  if (options.base === undefined) {
    out.stdout(
      options.json ? `${JSON.stringify(head, null, 2)}\n` : renderReviewMarkdown(head, { maxChars: options.maxChars }),
    );
    return head.totals.errors > 0 ? 1 : 0;
  }
  const base = buildReview(loadSynthesizedStacks(options.base), options.now);
  const diff = diffReviews(base, head);
  out.stdout(
    options.json
      ? `${JSON.stringify({ base, head, diff }, null, 2)}\n`
      : renderDiffMarkdown(diff, base, head, { maxChars: options.maxChars }),
  );
  return diff.newErrors > 0 ? 1 : 0;
}

function rules(args: string[], out: CliOutput): number {
  const unknown = args.find((a) => a !== "--json");
  if (unknown) throw new UsageError(`unknown argument ${unknown}`);
  const list = ACCESS_LOG_RULES.map(({ id, level, reason, fix }) => ({ id, level, reason, fix }));
  if (args.includes("--json")) {
    out.stdout(`${JSON.stringify(list, null, 2)}\n`);
  } else {
    const lines = [
      "| id | level | reason | fix |",
      "| --- | --- | --- | --- |",
      ...list.map((r) => `| ${r.id} | ${r.level} | ${r.reason} | ${r.fix} |`),
    ];
    out.stdout(`${lines.join("\n")}\n`);
  }
  return 0;
}

/**
 * The `cdktf-access-logs` command line. Returns the exit code: 0 clean, 1 error findings, 2 usage errors.
 *
 * @param argv the arguments after the program name, e.g. `["review", "cdktf.out", "--json"]`
 */
export async function main(argv: string[], out: CliOutput = PROCESS_OUTPUT): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "review") return review(rest, out);
    if (command === "rules") return rules(rest, out);
    if (command === "logs") return await runLogsCli(rest, out);
    if (command === "--help" || command === "-h" || command === "help") {
      out.stdout(USAGE);
      return 0;
    }
    throw new UsageError(command === undefined ? "no command given" : `unknown command ${JSON.stringify(command)}`);
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr(`cdktf-access-logs: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ReviewInputError) {
      out.stderr(`cdktf-access-logs: ${error.message}\n`);
      return 2;
    }
    // Anything else is a bug of ours: say so in one line; a stack trace in CI logs helps nobody reviewing a PR.
    out.stderr(`cdktf-access-logs: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`cdktf-access-logs: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
