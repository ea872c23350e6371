/**
 * A fake of the GitHub REST API's issue-comment endpoints on 127.0.0.1, served under `/api/v3` like GitHub Enterprise
 * so the client's use of GITHUB_API_URL (with a path) is exercised: lists comments in pages with a Link header,
 * creates and updates them, and can answer as a read-only token (403), a pull request that is gone (404) or a
 * secondary rate limit (403 with Retry-After).
 */
import type * as http from "node:http";
import { LoopbackServer } from "../function/fakes/loopback-server";

/** One request the fake received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string;
  readonly body: string;
}

/** A comment held by the fake. */
export interface FakeComment {
  readonly id: number;
  body: string;
}

/** The only token the fake accepts; tests check it is never printed. */
export const FAKE_GITHUB_TOKEN = "ghs_fakeTokenDoNotPrint1234";

export class FakeGitHub extends LoopbackServer {
  readonly requests: ReceivedRequest[] = [];
  /** Comments per pull request number. */
  readonly comments = new Map<number, FakeComment[]>();
  /** Answer writes with 403, as for a fork's read-only token. */
  readOnly = false;
  /** Pull requests that answer 404. */
  readonly gone = new Set<number>();
  /** The next requests answered with a secondary rate limit, each with this Retry-After (seconds). */
  rateLimits: string[] = [];
  /** Largest page the fake serves, whatever per_page asks. */
  maxPerPage = 100;
  /** Send this Link header instead of the real one (to test where the client follows it). */
  linkOverride?: string;
  private nextId = 1000;

  /** `http://127.0.0.1:<port>/api/v3`. */
  get apiUrl(): string {
    return `http://${this.hostPort}/api/v3`;
  }

  seed(pullRequest: number, bodies: string[]): FakeComment[] {
    const list = this.comments.get(pullRequest) ?? [];
    for (const body of bodies) list.push({ id: this.nextId++, body });
    this.comments.set(pullRequest, list);
    return list;
  }

  protected async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    let body = "";
    for await (const chunk of request) body += String(chunk);
    const url = new URL(request.url ?? "/", `http://${this.hostPort}`);
    this.requests.push({
      method: request.method ?? "",
      path: `${url.pathname}${url.search}`,
      authorization: String(request.headers.authorization ?? ""),
      body,
    });
    const send = (status: number, json: unknown, headers: { [name: string]: string } = {}): void => {
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(JSON.stringify(json));
    };
    const retryAfter = this.rateLimits.shift();
    if (retryAfter !== undefined) {
      send(403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": retryAfter });
      return;
    }
    if (request.headers.authorization !== `Bearer ${FAKE_GITHUB_TOKEN}`) {
      send(401, { message: "Bad credentials" });
      return;
    }
    const list = /^\/api\/v3\/repos\/acme\/infra\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/api\/v3\/repos\/acme\/infra\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (list && this.gone.has(Number(list[1]))) {
      send(404, { message: "Not Found" });
      return;
    }
    if (list && request.method === "GET") {
      const comments = this.comments.get(Number(list[1])) ?? [];
      const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30), this.maxPerPage);
      const page = Number(url.searchParams.get("page") ?? 1);
      const items = comments.slice((page - 1) * perPage, page * perPage);
      const headers: { [name: string]: string } = {};
      if (page * perPage < comments.length) {
        const next = new URL(url);
        next.searchParams.set("page", String(page + 1));
        headers.link = `<${next.toString()}>; rel="next", <${url.toString()}>; rel="first"`;
      }
      if (this.linkOverride !== undefined) headers.link = this.linkOverride;
      send(
        200,
        items.map((c) => ({
          id: c.id,
          body: c.body,
          html_url: `https://github.test/acme/infra/pull/${list[1]}#c${c.id}`,
        })),
        headers,
      );
      return;
    }
    if (this.readOnly && (request.method === "POST" || request.method === "PATCH")) {
      send(403, { message: "Resource not accessible by integration" });
      return;
    }
    if (list && request.method === "POST") {
      const [created] = this.seed(Number(list[1]), [JSON.parse(body).body as string]);
      send(201, {
        id: created.id,
        body: created.body,
        html_url: `https://github.test/acme/infra/pull/${list[1]}#c${created.id}`,
      });
      return;
    }
    if (one && request.method === "PATCH") {
      const comment = [...this.comments.values()].flat().find((c) => c.id === Number(one[1]));
      if (!comment) {
        send(404, { message: "Not Found" });
        return;
      }
      comment.body = JSON.parse(body).body as string;
      send(200, { id: comment.id, body: comment.body, html_url: `https://github.test/acme/infra/pull/c${comment.id}` });
      return;
    }
    send(404, { message: "Not Found" });
  }
}
