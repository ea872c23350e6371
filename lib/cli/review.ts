import { MIN_MAX_CHARS, PR_COMMENT_MAX_CHARS } from "../markdown/budget";
import { diffReviews } from "../review/diff";
import { renderDiffMarkdown } from "../review/diff-markdown";
import { DEFAULT_REVIEW_INPUT_LIMITS, loadSynthesizedStacks } from "../review/load";
import { renderReviewMarkdown } from "../review/markdown";
import { buildReview } from "../review/model";
import { isOption, optionValue, UsageError } from "./args";
import { CliOutput } from "./output";

/** The `review` lines of the command's help text. */
export const REVIEW_USAGE = `review  Reads the stacks \`cdktf synth\` wrote (default ./cdktf.out) and prints a Markdown summary for a pull
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
`;

interface ReviewOptions {
  outdir: string;
  base?: string;
  json: boolean;
  maxChars: number;
  now: Date;
}

function parseReviewArgs(args: string[]): ReviewOptions {
  let outdir: string | undefined;
  let base: string | undefined;
  let json = false;
  let maxChars = PR_COMMENT_MAX_CHARS;
  let now = new Date();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    let value: string;
    if (arg === "--json") json = true;
    else if (isOption(arg, "--now")) {
      [value, i] = optionValue(args, i, "--now");
      const parsed = Date.parse(value);
      if (Number.isNaN(parsed))
        throw new UsageError(`--now needs an ISO 8601 time such as 2025-01-01T00:00:00Z, got ${JSON.stringify(value)}`);
      now = new Date(parsed);
    } else if (isOption(arg, "--base")) {
      [base, i] = optionValue(args, i, "--base");
    } else if (isOption(arg, "--max-chars")) {
      [value, i] = optionValue(args, i, "--max-chars");
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

/**
 * `cdktf-access-logs review [cdktf.out] [--base <dir>] …`: the review of one synth output, or with `--base` what a
 * change does. Returns 1 on an error finding (with `--base`: a new one), else 0.
 */
export function runReview(args: string[], out: CliOutput): number {
  const options = parseReviewArgs(args);
  const withBase = options.base !== undefined;
  const headStacks = loadSynthesizedStacks(options.outdir, DEFAULT_REVIEW_INPUT_LIMITS, withBase ? "head" : undefined);
  const head = buildReview(headStacks, options.now);
  if (options.base === undefined) {
    out.stdout(
      options.json ? `${JSON.stringify(head, null, 2)}\n` : renderReviewMarkdown(head, { maxChars: options.maxChars }),
    );
    return head.totals.errors > 0 ? 1 : 0;
  }
  const base = buildReview(loadSynthesizedStacks(options.base, DEFAULT_REVIEW_INPUT_LIMITS, "base"), options.now);
  const diff = diffReviews(base, head);
  out.stdout(
    options.json
      ? `${JSON.stringify({ base, head, diff }, null, 2)}\n`
      : renderDiffMarkdown(diff, base, head, { maxChars: options.maxChars }),
  );
  return diff.newErrors > 0 ? 1 : 0;
}
