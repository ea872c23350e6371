// One sticky review comment on a pull or merge request, whatever the forge: found by a hidden marker (following the
// comment list's pages), updated in place on every push, created once. The REST client sends the token only to the
// API's own origin, waits out rate limits that say how long (bounded), and never puts the token in a message.
import { PR_COMMENT_MAX_CHARS } from "../markdown/budget";

/** A comment could not be written: a clear message, never the token. Exit code 2. */
export class CommentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommentError";
  }
}

/** What the client waits with and fetches with; tests pass their own. */
export interface CommentClientHooks {
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
export type CommentResult =
  | { readonly outcome: "created" | "updated"; readonly url: string }
  /** The token may not write (a pull request from a fork gets a read-only token). */
  | { readonly outcome: "read-only" };

/** The most comment pages followed looking for the marker (100 comments a page). */
export const MAX_COMMENT_PAGES = 100;

const COMMENT_ID = /^[A-Za-z0-9._/-]{1,100}$/;

/** The hidden first line that identifies the review's comment. */
export function commentMarker(commentId?: string): string {
  if (commentId !== undefined && !COMMENT_ID.test(commentId)) {
    throw new CommentError(
      `comment id ${JSON.stringify(commentId.slice(0, 100))} may hold only letters, digits, ".", "_", "/" and "-" (at most 100)`,
    );
  }
  return `<!-- cdktf-access-logs review${commentId ? ` ${commentId}` : ""} -->`;
}

/** Characters the marker and its line break take from the comment's limit. */
export function markerLength(commentId?: string): number {
  return commentMarker(commentId).length + 1;
}

/** One answer of the API: status, headers and the parsed JSON body (undefined when empty or not JSON). */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly json: unknown;
}

/** A forge's REST API: where it is, how to authenticate, and what to call it in messages. */
export interface RestApi {
  /** `GitHub`, `GitLab`. */
  readonly service: string;
  /** The API root as configured. */
  readonly apiUrl: string;
  /** The variable the root comes from, for messages, e.g. `GITHUB_API_URL`. */
  readonly apiVariable: string;
  /** Headers sent with every request, the token's among them. */
  readonly headers: { readonly [name: string]: string };
}

/** Sends requests to one REST API, never to another origin, waiting out rate limits a bounded number of times. */
export class RestClient {
  private readonly origin: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fetch: typeof fetch;
  private readonly maxRetryAfter: number;
  private readonly maxRetries: number;

  constructor(
    private readonly api: RestApi,
    hooks: CommentClientHooks,
  ) {
    let url: URL;
    try {
      url = new URL(api.apiUrl);
    } catch {
      throw new CommentError(`${api.apiVariable} ${JSON.stringify(api.apiUrl)} is not a URL`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:")
      throw new CommentError(`${api.apiVariable} ${JSON.stringify(api.apiUrl)} is not an http(s) URL`);
    this.origin = url.origin;
    this.sleep = hooks.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.fetch = hooks.fetch ?? globalThis.fetch;
    this.maxRetryAfter = hooks.maxRetryAfterSeconds ?? 60;
    this.maxRetries = hooks.maxRetries ?? 3;
  }

  /** `<api root><path>`. */
  url(path: string): string {
    return `${this.api.apiUrl.replace(/\/+$/, "")}${path}`;
  }

  /** Sends one request, waiting out rate limits (`Retry-After`) a bounded number of times. */
  async request(method: string, url: string, what: string, body?: string): Promise<ApiResponse> {
    const service = this.api.service;
    // The token goes only to the API's own origin, whatever a Link header says.
    if (new URL(url).origin !== this.origin)
      throw new CommentError(`${what}: ${service} pointed to ${new URL(url).origin}, not the API at ${this.origin}`);
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetch(url, {
          method,
          headers: {
            ...this.api.headers,
            "user-agent": "cdktf-access-logs",
            ...(body !== undefined ? { "content-type": "application/json" } : {}),
          },
          ...(body !== undefined ? { body } : {}),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const reason = cause?.code ?? cause?.message ?? (error as Error).message;
        throw new CommentError(`${what}: cannot reach ${this.origin} (${reason})`);
      }
      const text = await response.text();
      const retryAfter = retryAfterSeconds(response, text);
      if (retryAfter !== undefined) {
        if (retryAfter > this.maxRetryAfter)
          throw new CommentError(
            `${what}: ${service}'s rate limit asks to wait ${retryAfter} s, more than the ${this.maxRetryAfter} s this step waits; run the job again later`,
          );
        if (attempt >= this.maxRetries)
          throw new CommentError(`${what}: still rate-limited after ${this.maxRetries} waits; run the job again later`);
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

/** How long the API says to wait, in seconds, when a 403 or 429 is a rate limit rather than a refusal. */
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

interface ForgeComment {
  readonly id: number;
  readonly body?: string;
}

function isComment(value: unknown): value is ForgeComment {
  return typeof value === "object" && value !== null && typeof (value as ForgeComment).id === "number";
}

/** Where one forge keeps the comments of one pull or merge request. */
export interface CommentThread {
  readonly client: RestClient;
  /** The first page of the comment list (asking for 100 a page). */
  readonly listUrl: string;
  /** Where a new comment is POSTed. */
  readonly createUrl: string;
  /** Where comment `id` is updated, and with which method. */
  update(id: number): { readonly method: "PATCH" | "PUT"; readonly url: string };
  /** The error for a status that is neither success, a read-only token nor a rate limit. */
  failure(what: string, status: number): CommentError;
  /** The web address of a written comment, from the API's answer. */
  webUrl(json: unknown): string;
  /** What the list is called in messages, e.g. `pull request #7`. */
  readonly name: string;
}

/** The review's earlier comment, following every page of the comment list. */
async function findMarkedComment(
  thread: CommentThread,
  marker: string,
): Promise<ForgeComment | "read-only" | undefined> {
  let url: string | undefined = thread.listUrl;
  for (let page = 1; url !== undefined; page++) {
    if (page > MAX_COMMENT_PAGES)
      throw new CommentError(
        `listing comments: more than ${MAX_COMMENT_PAGES} pages of comments on ${thread.name}; not posting another`,
      );
    const response: ApiResponse = await thread.client.request("GET", url, "listing comments");
    if (response.status === 403) return "read-only";
    if (response.status !== 200 || !Array.isArray(response.json))
      throw thread.failure("listing comments", response.status);
    const found = response.json.filter(isComment).find((c) => (c.body ?? "").startsWith(marker));
    if (found) return found;
    url = nextPageUrl(response.headers.get("link"));
  }
  return undefined;
}

/**
 * Writes `markdown` as the thread's one review comment: updates the comment starting with the marker, or creates it.
 * A token that may not write (403 without a rate limit) gives `read-only`; 404 and other failures throw
 * {@link CommentError}. A body over 65,536 characters (GitHub's limit) is never sent.
 */
export async function upsertStickyComment(
  thread: CommentThread,
  markdown: string,
  commentId?: string,
): Promise<CommentResult> {
  const marker = commentMarker(commentId);
  const body = `${marker}\n${markdown}`;
  if (body.length > PR_COMMENT_MAX_CHARS) {
    // The review renders within the limit less the marker; reaching here is a bug, and GitHub would refuse it anyway.
    throw new CommentError(
      `the comment would be ${body.length} characters, more than GitHub's ${PR_COMMENT_MAX_CHARS}; not sent`,
    );
  }
  const existing = await findMarkedComment(thread, marker);
  if (existing === "read-only") return { outcome: "read-only" };
  const payload = JSON.stringify({ body });
  const what = existing ? "updating the comment" : "creating the comment";
  const target = existing ? thread.update(existing.id) : { method: "POST", url: thread.createUrl };
  const response = await thread.client.request(target.method, target.url, what, payload);
  if (response.status === 403) return { outcome: "read-only" };
  if (response.status !== (existing ? 200 : 201)) throw thread.failure(what, response.status);
  return { outcome: existing ? "updated" : "created", url: thread.webUrl(response.json) };
}

/**
 * The error for a status that is neither success, a read-only token nor a rate limit: `notFound` says what a 404
 * means for this thread; 401 is a bad token, 422 a refused body.
 */
export function statusFailure(service: string, what: string, status: number, notFound: string): CommentError {
  const lead = `${what}: ${service} answered ${status}`;
  if (status === 404) return new CommentError(`${lead}: ${notFound}`);
  if (status === 401) return new CommentError(`${lead}: the token is not valid (expired?)`);
  if (status === 422) return new CommentError(`${lead}: the comment was refused as invalid (too long?)`);
  return new CommentError(lead);
}

/** Replaces every occurrence of `secret` in `text`, so no message can carry the token. */
export function redact(text: string, secret: string): string {
  return secret.length >= 4 ? text.split(secret).join("***") : text;
}
