// The review as ONE sticky pull-request comment: found by a hidden marker (following the comment list's pages),
// updated in place on every push, created once. Talks to the GitHub REST API with Node's fetch; the token is sent only
// to the API's own origin and never printed.
import * as fs from "fs";
import { PR_COMMENT_MAX_CHARS } from "../markdown/budget";

/** A comment could not be written: a clear message, never the token. Exit code 2. */
export class GitHubCommentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GitHubCommentError";
  }
}

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

/** What the client waits with and fetches with; tests pass their own. */
export interface GitHubClientHooks {
  /** Waits `ms` milliseconds (rate limits). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /**
   * The longest single wait a rate limit may ask for, in seconds; a longer `Retry-After` is an error instead of a
   * stalled job. @default 60
   */
  readonly maxRetryAfterSeconds?: number;
  /** How many times a rate-limited request is retried. @default 3 */
  readonly maxRetries?: number;
}

/** What happened to the comment. */
export type GitHubCommentResult =
  | { readonly outcome: "created" | "updated"; readonly url: string }
  /** The token may not write (a pull request from a fork gets a read-only token). */
  | { readonly outcome: "read-only" };

/** The most comment pages followed looking for the marker (100 comments a page). */
export const MAX_COMMENT_PAGES = 100;

const COMMENT_ID = /^[A-Za-z0-9._/-]{1,100}$/;

/** The hidden first line that identifies the review's comment. */
export function commentMarker(commentId?: string): string {
  if (commentId !== undefined && !COMMENT_ID.test(commentId)) {
    throw new GitHubCommentError(
      `comment id ${JSON.stringify(commentId.slice(0, 100))} may hold only letters, digits, ".", "_", "/" and "-" (at most 100)`,
    );
  }
  return `<!-- cdktf-access-logs review${commentId ? ` ${commentId}` : ""} -->`;
}

/** Characters the marker and its line break take from GitHub's limit. */
export function markerLength(commentId?: string): number {
  return commentMarker(commentId).length + 1;
}

interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly json: unknown;
}

class GitHubApi {
  private readonly origin: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fetch: typeof fetch;
  private readonly maxRetryAfter: number;
  private readonly maxRetries: number;

  constructor(
    private readonly target: GitHubCommentTarget,
    hooks: GitHubClientHooks,
  ) {
    let url: URL;
    try {
      url = new URL(target.apiUrl);
    } catch {
      throw new GitHubCommentError(`GITHUB_API_URL ${JSON.stringify(target.apiUrl)} is not a URL`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:")
      throw new GitHubCommentError(`GITHUB_API_URL ${JSON.stringify(target.apiUrl)} is not an http(s) URL`);
    this.origin = url.origin;
    this.sleep = hooks.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.fetch = hooks.fetch ?? globalThis.fetch;
    this.maxRetryAfter = hooks.maxRetryAfterSeconds ?? 60;
    this.maxRetries = hooks.maxRetries ?? 3;
  }

  /** `<api>/repos/<owner>/<name><path>`. */
  url(path: string): string {
    return `${this.target.apiUrl.replace(/\/+$/, "")}/repos/${this.target.repository}${path}`;
  }

  /** Sends one request, waiting out secondary rate limits (`Retry-After`) a bounded number of times. */
  async request(method: string, url: string, what: string, body?: string): Promise<ApiResponse> {
    // The token goes only to the API's own origin, whatever a Link header says.
    if (new URL(url).origin !== this.origin)
      throw new GitHubCommentError(`${what}: GitHub pointed to ${new URL(url).origin}, not the API at ${this.origin}`);
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetch(url, {
          method,
          headers: {
            accept: "application/vnd.github+json",
            authorization: `Bearer ${this.target.token}`,
            "x-github-api-version": "2022-11-28",
            "user-agent": "cdktf-access-logs",
            ...(body !== undefined ? { "content-type": "application/json" } : {}),
          },
          ...(body !== undefined ? { body } : {}),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const reason = cause?.code ?? cause?.message ?? (error as Error).message;
        throw new GitHubCommentError(`${what}: cannot reach ${this.origin} (${reason})`);
      }
      const text = await response.text();
      const retryAfter = retryAfterSeconds(response, text);
      if (retryAfter !== undefined) {
        if (retryAfter > this.maxRetryAfter)
          throw new GitHubCommentError(
            `${what}: GitHub's rate limit asks to wait ${retryAfter} s, more than the ${this.maxRetryAfter} s this step waits; run the job again later`,
          );
        if (attempt >= this.maxRetries)
          throw new GitHubCommentError(
            `${what}: still rate-limited after ${this.maxRetries} waits; run the job again later`,
          );
        await this.sleep(retryAfter * 1000);
        continue;
      }
      let json: unknown;
      try {
        json = text === "" ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, json };
    }
  }
}

/** How long GitHub says to wait, in seconds, when a 403 or 429 is a rate limit rather than a refusal. */
function retryAfterSeconds(response: Response, body: string): number | undefined {
  if (response.status !== 403 && response.status !== 429) return undefined;
  const header = response.headers.get("retry-after");
  if (header !== null && /^\d+$/.test(header.trim())) return Number(header.trim());
  // The primary limit is spent: wait until it resets.
  if (response.headers.get("x-ratelimit-remaining") === "0") {
    const reset = Number(response.headers.get("x-ratelimit-reset"));
    if (Number.isFinite(reset) && reset > 0) return Math.max(1, Math.ceil(reset - Date.now() / 1000));
  }
  // A secondary limit without Retry-After: GitHub's guidance is to wait at least a minute.
  if (/secondary rate limit|rate limit exceeded/i.test(body) || response.status === 429) return 60;
  return undefined;
}

/** The `rel="next"` URL of a Link header. */
export function nextPageUrl(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}

interface IssueComment {
  readonly id: number;
  readonly body?: string;
  readonly html_url?: string;
}

function isComment(value: unknown): value is IssueComment {
  return typeof value === "object" && value !== null && typeof (value as IssueComment).id === "number";
}

/** A status GitHub answered that is not what was asked for: 404 and the rest, in words. */
function failure(what: string, target: GitHubCommentTarget, status: number): GitHubCommentError {
  if (status === 404) {
    return new GitHubCommentError(
      `${what}: GitHub answered 404: pull request #${target.pullRequest} of ${target.repository} does not exist ` +
        "(closed and deleted, or a wrong --pr) or the token cannot see the repository",
    );
  }
  if (status === 401) return new GitHubCommentError(`${what}: GitHub answered 401: the token is not valid (expired?)`);
  if (status === 422)
    return new GitHubCommentError(`${what}: GitHub answered 422: the comment was refused as invalid (too long?)`);
  return new GitHubCommentError(`${what}: GitHub answered ${status}`);
}

/** The review's earlier comment on the pull request, following every page of the comment list. */
async function findMarkedComment(
  api: GitHubApi,
  target: GitHubCommentTarget,
  marker: string,
): Promise<IssueComment | "read-only" | undefined> {
  let url: string | undefined = api.url(`/issues/${target.pullRequest}/comments?per_page=100`);
  for (let page = 1; url !== undefined; page++) {
    if (page > MAX_COMMENT_PAGES)
      throw new GitHubCommentError(
        `listing comments: more than ${MAX_COMMENT_PAGES} pages of comments on pull request #${target.pullRequest}; not posting another`,
      );
    const response: ApiResponse = await api.request("GET", url, "listing comments");
    if (response.status === 403) return "read-only";
    if (response.status !== 200 || !Array.isArray(response.json))
      throw failure("listing comments", target, response.status);
    const found = response.json.filter(isComment).find((c) => (c.body ?? "").startsWith(marker));
    if (found) return found;
    url = nextPageUrl(response.headers.get("link"));
  }
  return undefined;
}

/**
 * Writes `markdown` as the pull request's one review comment: updates the comment carrying the marker, or creates it.
 * A token that may not write (403 without a rate limit: a fork's read-only token) gives `read-only`; 404 and other
 * failures throw {@link GitHubCommentError}. A body over GitHub's 65,536 characters is never sent.
 */
export async function upsertReviewComment(
  target: GitHubCommentTarget,
  markdown: string,
  hooks: GitHubClientHooks = {},
): Promise<GitHubCommentResult> {
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(target.repository))
    throw new GitHubCommentError(`GITHUB_REPOSITORY ${JSON.stringify(target.repository)} is not "owner/name"`);
  if (!Number.isSafeInteger(target.pullRequest) || target.pullRequest < 1)
    throw new GitHubCommentError(`pull request number ${target.pullRequest} is not a positive whole number`);
  if (target.token === "") throw new GitHubCommentError("no token: set GITHUB_TOKEN (in the action: github-token)");
  const marker = commentMarker(target.commentId);
  const body = `${marker}\n${markdown}`;
  if (body.length > PR_COMMENT_MAX_CHARS) {
    // The review renders within the limit less the marker; reaching here is a bug, and GitHub would refuse it anyway.
    throw new GitHubCommentError(
      `the comment would be ${body.length} characters, more than GitHub's ${PR_COMMENT_MAX_CHARS}; not sent`,
    );
  }
  const api = new GitHubApi(target, hooks);
  const existing = await findMarkedComment(api, target, marker);
  if (existing === "read-only") return { outcome: "read-only" };
  const payload = JSON.stringify({ body });
  const response = existing
    ? await api.request("PATCH", api.url(`/issues/comments/${existing.id}`), "updating the comment", payload)
    : await api.request("POST", api.url(`/issues/${target.pullRequest}/comments`), "creating the comment", payload);
  if (response.status === 403) return { outcome: "read-only" };
  const expected = existing ? 200 : 201;
  if (response.status !== expected)
    throw failure(existing ? "updating the comment" : "creating the comment", target, response.status);
  const url = isComment(response.json) && typeof response.json.html_url === "string" ? response.json.html_url : "";
  return { outcome: existing ? "updated" : "created", url };
}

/** The pull request number of the event that started the workflow (`GITHUB_EVENT_PATH`), if it is about one. */
export function pullRequestFromEvent(eventPath: string | undefined): number | undefined {
  if (!eventPath) return undefined;
  let event: unknown;
  try {
    event = JSON.parse(fs.readFileSync(eventPath, "utf8"));
  } catch {
    throw new GitHubCommentError(`cannot read the workflow event at GITHUB_EVENT_PATH ${JSON.stringify(eventPath)}`);
  }
  const e = event as { pull_request?: { number?: unknown }; issue?: { number?: unknown; pull_request?: unknown } };
  const number = e.pull_request?.number ?? (e.issue?.pull_request ? e.issue.number : undefined);
  return typeof number === "number" && Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

/** Replaces every occurrence of `secret` in `text`, so no message can carry the token. */
export function redact(text: string, secret: string): string {
  return secret.length >= 4 ? text.split(secret).join("***") : text;
}
