// Where `review --github-comment` puts the Markdown besides standard output: the job's step summary (always, when the
// runner provides one) and the pull request's one review comment, falling back to a notice when the token may not
// write.
import * as fs from "fs";
import { UsageError } from "./args";
import {
  GitHubClientHooks,
  GitHubCommentError,
  GitHubCommentResult,
  pullRequestFromEvent,
  redact,
  upsertReviewComment,
} from "./github-comment";
import { upsertMergeRequestNote } from "./gitlab-note";
import { CliOutput } from "./output";

/** The variables of a GitHub Actions job the comment needs (see GitHub's "Default environment variables"). */
export interface GitHubEnvironment {
  readonly GITHUB_API_URL?: string;
  readonly GITHUB_REPOSITORY?: string;
  readonly GITHUB_EVENT_PATH?: string;
  readonly GITHUB_TOKEN?: string;
  readonly GITHUB_STEP_SUMMARY?: string;
}

/** What the command line asked for. */
export interface PublishOptions {
  /** `--pr`: the pull request number; else the one of the workflow's event. */
  readonly pullRequest?: number;
  /** `--comment-id`: one comment per id on the pull request. */
  readonly commentId?: string;
}

/** `error` as the same kind of error with `token` taken out of its message; anything unexpected as a comment error. */
function redacted(error: unknown, token: string): Error {
  if (error instanceof UsageError) return new UsageError(redact(error.message, token));
  if (error instanceof GitHubCommentError) return new GitHubCommentError(redact(error.message, token));
  return new GitHubCommentError(redact(`unexpected failure: ${(error as Error).message}`, token));
}

/** Appends the Markdown to the job's step summary, when the runner provides one. */
export function writeStepSummary(markdown: string, env: GitHubEnvironment): boolean {
  if (!env.GITHUB_STEP_SUMMARY) return false;
  try {
    fs.appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
  } catch (error) {
    throw new GitHubCommentError(
      `cannot write the step summary at GITHUB_STEP_SUMMARY: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
  return true;
}

/** A workflow command's message: `%`, CR and LF escaped as the runner expects. */
function commandMessage(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/**
 * Writes the step summary and the pull request's review comment. A token that may not write (a fork's read-only
 * token) leaves the summary and a `::notice::` instead, and is not a failure. Throws {@link GitHubCommentError} for
 * anything else that stops the comment (404: the pull request is gone), with the token redacted from the message.
 */
export async function publishReview(
  markdown: string,
  options: PublishOptions,
  env: GitHubEnvironment,
  out: CliOutput,
  hooks: GitHubClientHooks = {},
): Promise<GitHubCommentResult> {
  const token = env.GITHUB_TOKEN ?? "";
  try {
    const summarized = writeStepSummary(markdown, env);
    if (!env.GITHUB_REPOSITORY) throw new UsageError("--github-comment needs GITHUB_REPOSITORY (owner/name)");
    if (token === "") throw new UsageError("--github-comment needs the token in GITHUB_TOKEN");
    const pullRequest = options.pullRequest ?? pullRequestFromEvent(env.GITHUB_EVENT_PATH);
    if (pullRequest === undefined) {
      throw new UsageError(
        "--github-comment needs the pull request number: run on a pull_request event (GITHUB_EVENT_PATH) or pass --pr <number>",
      );
    }
    const result = await upsertReviewComment(
      {
        apiUrl: env.GITHUB_API_URL || "https://api.github.com",
        repository: env.GITHUB_REPOSITORY,
        pullRequest,
        token,
        ...(options.commentId !== undefined ? { commentId: options.commentId } : {}),
      },
      markdown,
      hooks,
    );
    if (result.outcome === "read-only") {
      const where = summarized ? "the job summary" : "the log above";
      out.stderr(
        `::notice title=Access-log review not commented::${commandMessage(
          `The token may not comment on pull request #${pullRequest} (a pull request from a fork gets a read-only token); the review is in ${where}.`,
        )}\n`,
      );
    } else {
      out.stderr(
        `cdktf-access-logs: ${result.outcome} the review comment on pull request #${pullRequest} ${result.url}\n`,
      );
    }
    return result;
  } catch (error) {
    throw redacted(error, token);
  }
}

/** The variables of a GitLab CI merge-request pipeline the note needs (see GitLab's predefined CI/CD variables). */
export interface GitLabEnvironment {
  readonly CI_API_V4_URL?: string;
  readonly CI_PROJECT_ID?: string;
  readonly CI_MERGE_REQUEST_IID?: string;
  /** A project or personal access token with the `api` scope (the job token may not write notes). */
  readonly GITLAB_TOKEN?: string;
}

/**
 * Writes the merge request's review note (GitLab has no step summary: the review is in the job log). A token that may
 * not write leaves a line saying so, and is not a failure; anything else throws {@link GitHubCommentError}, the token
 * redacted.
 */
export async function publishReviewToGitLab(
  markdown: string,
  options: PublishOptions,
  env: GitLabEnvironment,
  out: CliOutput,
  hooks: GitHubClientHooks = {},
): Promise<GitHubCommentResult> {
  const token = env.GITLAB_TOKEN ?? "";
  try {
    if (!env.CI_API_V4_URL || !env.CI_PROJECT_ID)
      throw new UsageError("--gitlab-note needs CI_API_V4_URL and CI_PROJECT_ID (set in GitLab CI jobs)");
    if (token === "") throw new UsageError("--gitlab-note needs a token with the api scope in GITLAB_TOKEN");
    const iid = env.CI_MERGE_REQUEST_IID ?? "";
    const mergeRequest = options.pullRequest ?? (/^[1-9]\d{0,9}$/.test(iid) ? Number(iid) : undefined);
    if (mergeRequest === undefined) {
      throw new UsageError(
        "--gitlab-note needs the merge request: run in a merge request pipeline (CI_MERGE_REQUEST_IID) or pass --pr <iid>",
      );
    }
    const result = await upsertMergeRequestNote(
      {
        apiUrl: env.CI_API_V4_URL,
        project: env.CI_PROJECT_ID,
        mergeRequest,
        token,
        ...(options.commentId !== undefined ? { commentId: options.commentId } : {}),
      },
      markdown,
      hooks,
    );
    out.stderr(
      result.outcome === "read-only"
        ? `cdktf-access-logs: the token may not write notes on merge request !${mergeRequest} (GITLAB_TOKEN needs the api scope and Reporter role or more); the review is in the log above\n`
        : `cdktf-access-logs: ${result.outcome} the review note on merge request !${mergeRequest}\n`,
    );
    return result;
  } catch (error) {
    throw redacted(error, token);
  }
}
