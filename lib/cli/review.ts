import { MIN_MAX_CHARS, PR_COMMENT_MAX_CHARS } from "../markdown/budget";
import { diffReviews } from "../review/diff";
import { renderDiffMarkdown } from "../review/diff-markdown";
import { DEFAULT_REVIEW_INPUT_LIMITS, loadSynthesizedStacks, SynthOutputRole } from "../review/load";
import { renderReviewMarkdown } from "../review/markdown";
import { buildReview, ReviewReport } from "../review/model";
import { isOption, optionValue, UsageError } from "./args";
import { commentMarker, GitHubClientHooks, markerLength } from "./github-comment";
import { CliOutput } from "./output";
import { publishReview, publishReviewToGitLab } from "./publish";

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
        --fail-on <when> new-errors (exit 1 on errors --base does not have; the default), any-error (exit 1
                         on any unsuppressed error of the output) or never (exit 0 whatever is found)
        --github-comment also write the Markdown to $GITHUB_STEP_SUMMARY and as ONE pull-request comment,
                         updated on every run (found by a hidden marker); needs GITHUB_REPOSITORY and
                         GITHUB_TOKEN, takes the PR from GITHUB_EVENT_PATH and the API from GITHUB_API_URL.
                         A read-only token (pull requests from forks) leaves a notice and the summary.
        --gitlab-note    the same as ONE GitLab merge-request note, in a merge request pipeline: needs
                         CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID and a token with the api scope
                         in GITLAB_TOKEN
        --pr <number>    the pull request (GitLab: merge request IID) to comment on, instead of the event's
        --comment-id <id> one comment per id on a pull request (several apps in one repository)
`;

/** When `review` exits 1. */
export type FailOn = "new-errors" | "any-error" | "never";
const FAIL_ON: readonly FailOn[] = ["new-errors", "any-error", "never"];

interface ReviewOptions {
  outdir: string;
  base?: string;
  json: boolean;
  maxChars: number;
  maxCharsGiven: boolean;
  now: Date;
  failOn: FailOn;
  githubComment: boolean;
  gitlabNote: boolean;
  pullRequest?: number;
  commentId?: string;
}

function parseReviewArgs(args: string[]): ReviewOptions {
  let outdir: string | undefined;
  let base: string | undefined;
  let json = false;
  let maxChars = PR_COMMENT_MAX_CHARS;
  let maxCharsGiven = false;
  let now = new Date();
  let failOn: FailOn = "new-errors";
  let githubComment = false;
  let gitlabNote = false;
  let pullRequest: number | undefined;
  let commentId: string | undefined;
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
      maxCharsGiven = true;
    } else if (isOption(arg, "--fail-on")) {
      [value, i] = optionValue(args, i, "--fail-on");
      if (!(FAIL_ON as readonly string[]).includes(value))
        throw new UsageError(`--fail-on needs one of ${FAIL_ON.join(", ")}, got ${JSON.stringify(value)}`);
      failOn = value as FailOn;
    } else if (arg === "--github-comment") githubComment = true;
    else if (arg === "--gitlab-note") gitlabNote = true;
    else if (isOption(arg, "--pr")) {
      [value, i] = optionValue(args, i, "--pr");
      if (!/^[1-9]\d{0,9}$/.test(value))
        throw new UsageError(`--pr needs a pull request number, got ${JSON.stringify(value)}`);
      pullRequest = Number(value);
    } else if (isOption(arg, "--comment-id")) {
      [commentId, i] = optionValue(args, i, "--comment-id");
      try {
        commentMarker(commentId);
      } catch (error) {
        throw new UsageError(`--comment-id: ${(error as Error).message}`);
      }
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    else if (outdir === undefined) outdir = arg;
    else
      throw new UsageError(
        `only one synth output directory can be reviewed, got ${JSON.stringify(outdir)} and ${JSON.stringify(arg)}`,
      );
  }
  if (githubComment && gitlabNote) throw new UsageError("--github-comment and --gitlab-note: choose one");
  if ((githubComment || gitlabNote) && json)
    throw new UsageError(`${githubComment ? "--github-comment" : "--gitlab-note"} writes Markdown; leave out --json`);
  if (!githubComment && !gitlabNote && (pullRequest !== undefined || commentId !== undefined))
    throw new UsageError("--pr and --comment-id go with --github-comment or --gitlab-note");
  return {
    outdir: outdir ?? "cdktf.out",
    base,
    json,
    maxChars,
    maxCharsGiven,
    now,
    failOn,
    githubComment,
    gitlabNote,
    ...(pullRequest !== undefined ? { pullRequest } : {}),
    ...(commentId !== undefined ? { commentId } : {}),
  };
}

/**
 * Reads and reviews one synth output. With two outputs, a failure that is not a refusal (a bug of ours) also says
 * which output it happened on, so the report can name the input that triggers it.
 */
function reviewOutput(outdir: string, role: SynthOutputRole | undefined, now: Date): ReviewReport {
  const stacks = loadSynthesizedStacks(outdir, DEFAULT_REVIEW_INPUT_LIMITS, role);
  try {
    return buildReview(stacks, now);
  } catch (error) {
    if (role !== undefined && error instanceof Error)
      error.message = `${role} output ${JSON.stringify(outdir)}: ${error.message}`;
    throw error;
  }
}

function exitCode(failOn: FailOn, newErrors: number, errors: number): number {
  if (failOn === "never") return 0;
  return (failOn === "any-error" ? errors : newErrors) > 0 ? 1 : 0;
}

/**
 * `cdktf-access-logs review [cdktf.out] [--base <dir>] …`: the review of one synth output, or with `--base` what a
 * change does; with `--github-comment` also the step summary and the pull request's one comment. Returns 1 on an
 * error finding as `--fail-on` says (default: with `--base` a new one), else 0.
 */
export async function runReview(args: string[], out: CliOutput, hooks: GitHubClientHooks = {}): Promise<number> {
  const options = parseReviewArgs(args);
  // The comment carries a hidden marker line: the review gets GitHub's limit less what the marker takes.
  const commenting = options.githubComment || options.gitlabNote;
  const commentRoom = PR_COMMENT_MAX_CHARS - markerLength(options.commentId);
  if (commenting && options.maxCharsGiven && options.maxChars > commentRoom)
    throw new UsageError(
      `--max-chars can be at most ${commentRoom} with ${options.githubComment ? "--github-comment" : "--gitlab-note"} (GitHub's limit less the marker)`,
    );
  const maxChars = commenting ? Math.min(options.maxChars, commentRoom) : options.maxChars;
  const withBase = options.base !== undefined;
  const head = reviewOutput(options.outdir, withBase ? "head" : undefined, options.now);
  let markdown: string;
  let code: number;
  if (options.base === undefined) {
    if (options.json) {
      out.stdout(`${JSON.stringify(head, null, 2)}\n`);
      return exitCode(options.failOn, head.totals.errors, head.totals.errors);
    }
    markdown = renderReviewMarkdown(head, { maxChars });
    code = exitCode(options.failOn, head.totals.errors, head.totals.errors);
  } else {
    const base = reviewOutput(options.base, "base", options.now);
    const diff = diffReviews(base, head);
    if (options.json) {
      out.stdout(`${JSON.stringify({ base, head, diff }, null, 2)}\n`);
      return exitCode(options.failOn, diff.newErrors, head.totals.errors);
    }
    markdown = renderDiffMarkdown(diff, base, head, { maxChars });
    code = exitCode(options.failOn, diff.newErrors, head.totals.errors);
  }
  out.stdout(markdown);
  const publish = {
    ...(options.pullRequest !== undefined ? { pullRequest: options.pullRequest } : {}),
    ...(options.commentId !== undefined ? { commentId: options.commentId } : {}),
  };
  if (options.githubComment) await publishReview(markdown, publish, process.env, out, hooks);
  if (options.gitlabNote) await publishReviewToGitLab(markdown, publish, process.env, out, hooks);
  return code;
}
