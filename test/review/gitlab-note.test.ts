// `review --gitlab-note` against a fake of GitLab's merge-request notes API on 127.0.0.1: one sticky note through the
// same logic as the GitHub comment (marker, pages, read-only token, 404), authenticated with PRIVATE-TOKEN.
import type * as http from "node:http";
import { LoopbackServer } from "../function/fakes/loopback-server";
import { cosLogBucket, loggedBucket, removeSynthOutputs, runCli, writeSynthOutput } from "./synth-output";

const TOKEN = "glpat-fakeTokenDoNotPrint99";
const NOTES = "/api/v4/projects/acme%2Finfra/merge_requests/5/notes";
const ENV = ["CI_API_V4_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID", "GITLAB_TOKEN"];

/** Notes of merge request !5 of `acme/infra`, two a page, under /api/v4. */
class FakeGitLab extends LoopbackServer {
  readonly requests: string[] = [];
  notes: { id: number; body: string; system: boolean }[] = [];
  status?: number;
  private nextId = 1;

  get apiUrl(): string {
    return `http://${this.hostPort}/api/v4`;
  }

  protected async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    let body = "";
    for await (const chunk of request) body += String(chunk);
    const url = new URL(request.url ?? "/", `http://${this.hostPort}`);
    this.requests.push(`${request.method} ${url.pathname}${url.search}`);
    const send = (status: number, json: unknown, headers: { [name: string]: string } = {}): void => {
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(JSON.stringify(json));
    };
    if (request.headers["private-token"] !== TOKEN) return send(401, { message: "401 Unauthorized" });
    if (this.status !== undefined && (request.method !== "GET" || this.status === 404))
      return send(this.status, { message: String(this.status) });
    if (url.pathname === NOTES && request.method === "GET") {
      const page = Number(url.searchParams.get("page") ?? 1);
      const headers: { [name: string]: string } = {};
      if (page * 2 < this.notes.length) {
        const next = new URL(url);
        next.searchParams.set("page", String(page + 1));
        headers.link = `<${next.toString()}>; rel="next"`;
      }
      return send(200, this.notes.slice((page - 1) * 2, page * 2), headers);
    }
    if (url.pathname === NOTES && request.method === "POST") {
      const note = { id: this.nextId++, body: JSON.parse(body).body as string, system: false };
      this.notes.push(note);
      return send(201, note);
    }
    const one = new RegExp(`^${NOTES}/(\\d+)$`).exec(url.pathname);
    const note = one ? this.notes.find((n) => n.id === Number(one[1])) : undefined;
    if (note && request.method === "PUT") {
      note.body = JSON.parse(body).body as string;
      return send(200, note);
    }
    send(404, { message: "404 Not found" });
  }
}

let gitlab: FakeGitLab;
let saved: { [key: string]: string | undefined };

function app(logging: boolean): string {
  return writeSynthOutput({
    app: {
      resource: {
        tencentcloud_cos_bucket: {
          logs: cosLogBucket("logs-1250000000", 180),
          site: logging
            ? loggedBucket("site-1250000000", "logs-1250000000", "site/")
            : { bucket: "site-1250000000", acl: "private", "//": { metadata: { path: "app/site" } } },
        },
      },
    },
  });
}

async function review(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await runCli("review", ...argv, "--gitlab-note", "--now", "2025-01-01T00:00:00Z");
  expect(result.stdout + result.stderr).not.toContain(TOKEN);
  return result;
}

beforeAll(async () => {
  gitlab = await new FakeGitLab().start();
});
afterAll(async () => {
  await gitlab.close();
  removeSynthOutputs();
});
beforeEach(() => {
  saved = Object.fromEntries(ENV.map((key) => [key, process.env[key]]));
  Object.assign(process.env, {
    CI_API_V4_URL: gitlab.apiUrl,
    CI_PROJECT_ID: "acme/infra",
    CI_MERGE_REQUEST_IID: "5",
    GITLAB_TOKEN: TOKEN,
  });
  gitlab.requests.length = 0;
  gitlab.notes = [];
  gitlab.status = undefined;
});
afterEach(() => {
  for (const key of ENV) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe("review --gitlab-note: one note per merge request", () => {
  test("the first run creates the note, the second updates it (found on page 2), others are left alone", async () => {
    gitlab.notes = [
      { id: 100, body: "looks good", system: false },
      { id: 101, body: "added 1 commit", system: true },
    ];
    const first = await review(app(true));
    expect(first.code).toBe(0);
    expect(first.stderr).toBe("cdktf-access-logs: created the review note on merge request !5\n");
    gitlab.notes.push({ id: 102, body: "another comment", system: false });
    const second = await review(app(false));
    expect(second.code).toBe(1);
    expect(second.stderr).toBe("cdktf-access-logs: updated the review note on merge request !5\n");
    expect(gitlab.notes.map((n) => n.body.split("\n")[0])).toEqual([
      "looks good",
      "added 1 commit",
      "<!-- cdktf-access-logs review -->",
      "another comment",
    ]);
    expect(gitlab.notes[2].body).toBe(`<!-- cdktf-access-logs review -->\n${second.stdout}`);
    expect(gitlab.requests.slice(-3)).toEqual([
      `GET ${NOTES}?per_page=100&sort=asc&order_by=created_at`,
      `GET ${NOTES}?per_page=100&sort=asc&order_by=created_at&page=2`,
      `PUT ${NOTES}/1`,
    ]);
  });

  test("a token that may not write: a line saying so, exit as the review says", async () => {
    gitlab.status = 403;
    const { code, stderr } = await review(app(false));
    expect(code).toBe(1);
    expect(stderr).toBe(
      "cdktf-access-logs: the token may not write notes on merge request !5 (GITLAB_TOKEN needs the api scope and Reporter role or more); the review is in the log above\n",
    );
  });

  test("a merge request that is gone (404) is a clear error, exit 2", async () => {
    gitlab.status = 404;
    const { code, stderr } = await review(app(true));
    expect(code).toBe(2);
    expect(stderr).toBe(
      "cdktf-access-logs: listing comments: GitLab answered 404: merge request !5 of project acme/infra does not exist (deleted, or a wrong --pr) or the token cannot see the project\n",
    );
  });

  test.each([
    ["GITLAB_TOKEN", "--gitlab-note needs a token with the api scope in GITLAB_TOKEN"],
    ["CI_PROJECT_ID", "--gitlab-note needs CI_API_V4_URL and CI_PROJECT_ID (set in GitLab CI jobs)"],
    [
      "CI_MERGE_REQUEST_IID",
      "--gitlab-note needs the merge request: run in a merge request pipeline (CI_MERGE_REQUEST_IID) or pass --pr <iid>",
    ],
  ])("without %s: a usage error naming it", async (key, message) => {
    delete process.env[key];
    const { code, stderr } = await review(app(true));
    expect(code).toBe(2);
    expect(stderr.split("\n")[0]).toBe(`cdktf-access-logs: ${message}`);
    expect(gitlab.requests).toEqual([]);
  });

  test("--pr names the merge request; --github-comment and --gitlab-note together are refused", async () => {
    delete process.env.CI_MERGE_REQUEST_IID;
    expect((await review(app(true), "--pr", "5")).code).toBe(0);
    expect(gitlab.notes).toHaveLength(1);
    const both = await review(app(true), "--github-comment");
    expect(both.code).toBe(2);
    expect(both.stderr.split("\n")[0]).toBe("cdktf-access-logs: --github-comment and --gitlab-note: choose one");
  });
});
