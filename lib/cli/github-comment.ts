// The review as ONE sticky pull-request comment on GitHub (REST API, GITHUB_API_URL honoured for GitHub Enterprise).
import * as fs from "fs";
import {
  CommentClientHooks,
  CommentError,
  CommentResult,
  CommentThread,
  RestClient,
  statusFailure,
  upsertStickyComment,
} from "./sticky-comment";

export {
  CommentError as GitHubCommentError,
  commentMarker,
  markerLength,
  MAX_COMMENT_PAGES,
  nextPageUrl,
  redact,
} from "./sticky-comment";
export type { CommentClientHooks as GitHubClientHooks, CommentResult as GitHubCommentResult } from "./sticky-comment";

/** Where and as whom the comment is written. */
export interface GitHubCommentTarget {
  /** The REST API root, e.g. `https://api.github.com` or `https://ghe.example.com/api/v3` (`GITHUB_API_URL`). */
  readonly apiUrl: string;
  /** `owner/name` (`GITHUB_REPOSITORY`). */
  readonly repository: string;
  /** The pull request's number. */
  readonly pullRequest: number;
  /** A token allowed to write pull-request comments (`GITHUB_TOKEN`). */
  readonly token: string;
  /**
   * Tells this review's comment apart from others of the same tool on the pull request (a monorepo reviewing several
   * apps posts one comment per app). Letters, digits, `.`, `_`, `/` and `-`. @default - one comment per pull request
   */
  readonly commentId?: string;
}

/**
 * Writes `markdown` as the pull request's one review comment: updates the comment carrying the marker, or creates it.
 * A token that may not write (403 without a rate limit: a fork's read-only token) gives `read-only`; 404 and other
 * failures throw {@link CommentError}. A body over GitHub's 65,536 characters is never sent.
 */
export async function upsertReviewComment(
  target: GitHubCommentTarget,
  markdown: string,
  hooks: CommentClientHooks = {},
): Promise<CommentResult> {
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(target.repository))
    throw new CommentError(`GITHUB_REPOSITORY ${JSON.stringify(target.repository)} is not "owner/name"`);
  if (!Number.isSafeInteger(target.pullRequest) || target.pullRequest < 1)
    throw new CommentError(`pull request number ${target.pullRequest} is not a positive whole number`);
  if (target.token === "") throw new CommentError("no token: set GITHUB_TOKEN (in the action: github-token)");
  const client = new RestClient(
    {
      service: "GitHub",
      apiUrl: target.apiUrl,
      apiVariable: "GITHUB_API_URL",
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${target.token}`,
        "x-github-api-version": "2022-11-28",
      },
    },
    hooks,
  );
  const repo = `/repos/${target.repository}`;
  const thread: CommentThread = {
    client,
    name: `pull request #${target.pullRequest}`,
    listUrl: client.url(`${repo}/issues/${target.pullRequest}/comments?per_page=100`),
    createUrl: client.url(`${repo}/issues/${target.pullRequest}/comments`),
    update: (id) => ({ method: "PATCH", url: client.url(`${repo}/issues/comments/${id}`) }),
    failure: (what, status) =>
      statusFailure(
        "GitHub",
        what,
        status,
        `pull request #${target.pullRequest} of ${target.repository} does not exist (closed and deleted, or a wrong --pr) or the token cannot see the repository`,
      ),
    webUrl: (json) => {
      const url = (json as { html_url?: unknown } | undefined)?.html_url;
      return typeof url === "string" ? url : "";
    },
  };
  return upsertStickyComment(thread, markdown, target.commentId);
}

/** The pull request number of the event that started the workflow (`GITHUB_EVENT_PATH`), if it is about one. */
export function pullRequestFromEvent(eventPath: string | undefined): number | undefined {
  if (!eventPath) return undefined;
  let event: unknown;
  try {
    event = JSON.parse(fs.readFileSync(eventPath, "utf8"));
  } catch {
    throw new CommentError(`cannot read the workflow event at GITHUB_EVENT_PATH ${JSON.stringify(eventPath)}`);
  }
  const e = event as { pull_request?: { number?: unknown }; issue?: { number?: unknown; pull_request?: unknown } };
  const number = e.pull_request?.number ?? (e.issue?.pull_request ? e.issue.number : undefined);
  return typeof number === "number" && Number.isSafeInteger(number) && number > 0 ? number : undefined;
}
