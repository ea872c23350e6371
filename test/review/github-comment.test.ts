// `review --github-comment` against a fake GitHub REST API on 127.0.0.1: one sticky comment, pagination, forks'
// read-only tokens, a pull request that is gone, rate limits, the size limit, and a token that is never printed.
import * as fs from "fs";
import * as path from "path";
import { GitHubCommentError, nextPageUrl, upsertReviewComment } from "../../lib/cli/github-comment";
import { PR_COMMENT_MAX_CHARS } from "../../lib/markdown/budget";
import { FAKE_GITHUB_TOKEN, FakeGitHub } from "./fake-github";
import { cosLogBucket, loggedBucket, makeTempDir, removeSynthOutputs, runCli, writeSynthOutput } from "./synth-output";

const NOW = "2025-01-01T00:00:00Z";
const TOKEN = FAKE_GITHUB_TOKEN;
const MARKER = "<!-- cdktf-access-logs review -->";
const ENV_KEYS = ["GITHUB_API_URL", "GITHUB_REPOSITORY", "GITHUB_EVENT_PATH", "GITHUB_TOKEN", "GITHUB_STEP_SUMMARY"];

let github: FakeGitHub;
let saved: { [key: string]: string | undefined };
let summary: string;

/** One stack whose bucket logs into a log bucket, plus `extra` buckets; written as a synth output. */
function appWith(extra: { [id: string]: object } = {}): string {
  const buckets = {
    logs: cosLogBucket("logs-1250000000", 180),
    site: loggedBucket("site-1250000000", "logs-1250000000", "site/"),
    ...extra,
  };
  return writeSynthOutput({ app: { resource: { tencentcloud_cos_bucket: buckets } } });
}

/** A clean review. */
const cleanApp = (): string => appWith();

/** The same app with one more bucket that does not log: one error. */
const appWithError = (): string =>
  appWith({ open: { bucket: "open-1250000000", acl: "private", "//": { metadata: { path: "app/open" } } } });

beforeAll(async () => {
  github = await new FakeGitHub().start();
});
afterAll(async () => {
  await github.close();
  removeSynthOutputs();
});

beforeEach(() => {
  saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  github.requests.length = 0;
  github.comments.clear();
  github.readOnly = false;
  github.gone.clear();
  github.rateLimits = [];
  github.maxPerPage = 100;
  github.linkOverride = undefined;
  const dir = makeTempDir();
  summary = path.join(dir, "summary.md");
  const event = path.join(dir, "event.json");
  fs.writeFileSync(event, JSON.stringify({ action: "synchronize", number: 7, pull_request: { number: 7 } }));
  Object.assign(process.env, {
    GITHUB_API_URL: github.apiUrl,
    GITHUB_REPOSITORY: "acme/infra",
    GITHUB_EVENT_PATH: event,
    GITHUB_TOKEN: TOKEN,
    GITHUB_STEP_SUMMARY: summary,
  });
});

afterEach(() => {
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

/** Runs the CLI and checks the token appears nowhere it wrote. */
async function review(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await runCli("review", ...argv, "--now", NOW);
  expect(result.stdout).not.toContain(TOKEN);
  expect(result.stderr).not.toContain(TOKEN);
  if (fs.existsSync(summary)) expect(fs.readFileSync(summary, "utf8")).not.toContain(TOKEN);
  return result;
}

/** Pull request #7 has exactly one comment, the marker and `markdown`; the run listed comments once, then wrote. */
function expectOneComment(markdown: string, write: string): void {
  expect(github.comments.get(7)).toHaveLength(1);
  expect(github.comments.get(7)![0].body).toBe(`${MARKER}\n${markdown}`);
  expect(github.requests.slice(-2).map((r) => `${r.method} ${r.path}`)).toEqual([
    "GET /api/v3/repos/acme/infra/issues/7/comments?per_page=100",
    write,
  ]);
}

/** One `review <outdir> --github-comment` run: its exit code, its one line on stderr, and the one comment it wrote by `write`. */
async function publishOnce(
  outdir: string,
  code: number,
  expected: { stderr: string; write: string },
): Promise<Awaited<ReturnType<typeof review>>> {
  const result = await review(outdir, "--github-comment");
  expect(result.code).toBe(code);
  expect(result.stderr).toBe(`cdktf-access-logs: ${expected.stderr}\n`);
  expectOneComment(result.stdout, expected.write);
  return result;
}

describe("review --github-comment: one comment per pull request", () => {
  test("the first run creates the comment, the second updates the same one", async () => {
    const first = await publishOnce(cleanApp(), 0, {
      stderr: "created the review comment on pull request #7 https://github.test/acme/infra/pull/7#c1000",
      write: "POST /api/v3/repos/acme/infra/issues/7/comments",
    });
    expect(github.requests).toHaveLength(2);
    expect(github.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);

    const second = await publishOnce(appWithError(), 1, {
      stderr: "updated the review comment on pull request #7 https://github.test/acme/infra/pull/c1000",
      write: "PATCH /api/v3/repos/acme/infra/issues/comments/1000",
    });
    expect(github.requests).toHaveLength(4);
    expect(second.stdout).toContain("1 error");
    // Both runs are in the step summary.
    expect(fs.readFileSync(summary, "utf8")).toBe(`${first.stdout}\n${second.stdout}\n`);
  });

  test("the marker on page 3 of the comment list is found and updated; other comments are left alone", async () => {
    github.maxPerPage = 30;
    const others = Array.from({ length: 75 }, (_, i) => `comment ${i} mentioning ${MARKER} in the middle`);
    github.seed(7, others.slice(0, 70));
    const [ours] = github.seed(7, [`${MARKER}\nold review`]).slice(-1);
    github.seed(7, others.slice(70));
    const { code } = await review(cleanApp(), "--github-comment");
    expect(code).toBe(0);
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /api/v3/repos/acme/infra/issues/7/comments?per_page=100",
      "GET /api/v3/repos/acme/infra/issues/7/comments?per_page=100&page=2",
      "GET /api/v3/repos/acme/infra/issues/7/comments?per_page=100&page=3",
      `PATCH /api/v3/repos/acme/infra/issues/comments/${ours.id}`,
    ]);
    expect(github.comments.get(7)).toHaveLength(76);
    expect(github.comments.get(7)!.filter((c) => c.body.startsWith(MARKER))).toHaveLength(1);
    expect(ours.body).toMatch(/^<!-- cdktf-access-logs review -->\n# Access-log review/);
  });

  test("--comment-id keeps one comment per app; --pr overrides the event", async () => {
    await review(cleanApp(), "--github-comment", "--comment-id", "apps/site", "--pr", "9");
    await review(cleanApp(), "--github-comment", "--comment-id", "apps/cdn", "--pr", "9");
    await review(cleanApp(), "--github-comment", "--comment-id", "apps/site", "--pr", "9");
    expect(github.comments.get(9)!.map((c) => c.body.split("\n")[0])).toEqual([
      "<!-- cdktf-access-logs review apps/site -->",
      "<!-- cdktf-access-logs review apps/cdn -->",
    ]);
    expect(github.comments.get(7)).toBeUndefined();
  });

  test("a read-only token (pull request from a fork): the step summary and a notice, exit as the review says", async () => {
    github.readOnly = true;
    const { code, stdout, stderr } = await review(appWithError(), "--github-comment");
    expect(code).toBe(1);
    expect(stderr).toBe(
      "::notice title=Access-log review not commented::The token may not comment on pull request #7 (a pull request from a fork gets a read-only token); the review is in the job summary.\n",
    );
    expect(fs.readFileSync(summary, "utf8")).toBe(`${stdout}\n`);
    expect(github.comments.get(7)).toBeUndefined();
  });

  test("a pull request that is gone (404) is a clear error, exit 2; the summary is still written", async () => {
    github.gone.add(7);
    const { code, stdout, stderr } = await review(cleanApp(), "--github-comment");
    expect(code).toBe(2);
    expect(stderr).toBe(
      "cdktf-access-logs: listing comments: GitHub answered 404: pull request #7 of acme/infra does not exist " +
        "(closed and deleted, or a wrong --pr) or the token cannot see the repository\n",
    );
    expect(fs.readFileSync(summary, "utf8")).toBe(`${stdout}\n`);
  });

  test("a bad token (401) is named without the token", async () => {
    process.env.GITHUB_TOKEN = "ghs_wrongTokenAlsoSecret99";
    const { code, stderr } = await runCli("review", cleanApp(), "--github-comment", "--now", NOW);
    expect(code).toBe(2);
    expect(stderr).toBe(
      "cdktf-access-logs: listing comments: GitHub answered 401: the token is not valid (expired?)\n",
    );
  });

  test.each([
    ["GITHUB_TOKEN", "--github-comment needs the token in GITHUB_TOKEN"],
    ["GITHUB_REPOSITORY", "--github-comment needs GITHUB_REPOSITORY (owner/name)"],
    [
      "GITHUB_EVENT_PATH",
      "--github-comment needs the pull request number: run on a pull_request event (GITHUB_EVENT_PATH) or pass --pr <number>",
    ],
  ])("without %s: a usage error naming it", async (key, message) => {
    delete process.env[key];
    const { code, stderr } = await review(cleanApp(), "--github-comment");
    expect(code).toBe(2);
    expect(stderr.split("\n")[0]).toBe(`cdktf-access-logs: ${message}`);
    expect(github.requests).toEqual([]);
  });

  test.each([
    [["--github-comment", "--json"], "--github-comment writes Markdown; leave out --json"],
    [["--pr", "7"], "--pr and --comment-id go with --github-comment or --gitlab-note"],
    [["--github-comment", "--pr", "0"], '--pr needs a pull request number, got "0"'],
    [["--github-comment", "--comment-id", "a b"], '--comment-id: comment id "a b" may hold only letters'],
    [["--github-comment", "--max-chars", "65536"], "--max-chars can be at most 65502 with --github-comment"],
    [["--fail-on", "sometimes"], '--fail-on needs one of new-errors, any-error, never, got "sometimes"'],
  ])("%j is a usage error", async (argv, message) => {
    const { code, stderr } = await review(cleanApp(), ...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(`cdktf-access-logs: ${message}`);
  });

  test("a large review stays within GitHub's limit together with the marker", async () => {
    const buckets: { [id: string]: object } = {};
    for (let i = 0; i < 1500; i++)
      buckets[`b${i}`] = {
        bucket: `bucket-${i}-1250000000`,
        acl: "private",
        "//": { metadata: { path: `app/B${i}` } },
      };
    const dir = writeSynthOutput({ app: { resource: { tencentcloud_cos_bucket: buckets } } });
    const { code } = await review(dir, "--github-comment");
    expect(code).toBe(1);
    const sent = JSON.parse(github.requests.find((r) => r.method === "POST")!.body).body as string;
    expect(sent.length).toBeLessThanOrEqual(PR_COMMENT_MAX_CHARS);
    expect(sent.length).toBeGreaterThan(PR_COMMENT_MAX_CHARS - 2000);
    expect(sent.includes("Left out to fit 65502 characters")).toBe(true);
  });
});

describe("fail-on", () => {
  test("new-errors (default), any-error and never", async () => {
    const base = appWithError();
    const head = appWithError();
    expect((await review(head, "--base", base)).code).toBe(0);
    expect((await review(head, "--base", base, "--fail-on", "new-errors")).code).toBe(0);
    expect((await review(head, "--base", base, "--fail-on", "any-error")).code).toBe(1);
    expect((await review(head, "--base", cleanApp(), "--fail-on", "never")).code).toBe(0);
    expect((await review(head, "--base", cleanApp())).code).toBe(1);
    expect((await review(head, "--fail-on", "never")).code).toBe(0);
    expect((await review(head)).code).toBe(1);
    // never still refuses output that cannot be reviewed
    expect((await review(makeTempDir(), "--fail-on", "never")).code).toBe(2);
  });
});

describe("the comment client", () => {
  const target = (): Parameters<typeof upsertReviewComment>[0] => ({
    apiUrl: github.apiUrl,
    repository: "acme/infra",
    pullRequest: 7,
    token: TOKEN,
  });

  test("a secondary rate limit's Retry-After is waited out, then the comment is written", async () => {
    github.rateLimits = ["7", "3"];
    const waits: number[] = [];
    const result = await upsertReviewComment(target(), "review", { sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([7000, 3000]);
    expect(result.outcome).toBe("created");
    expect(github.comments.get(7)![0].body).toBe(`${MARKER}\nreview`);
  });

  test("waits are bounded: a Retry-After past the limit, or more retries than allowed, is an error", async () => {
    const waits: number[] = [];
    const sleep = async (ms: number): Promise<void> => void waits.push(ms);
    github.rateLimits = ["61"];
    await expect(upsertReviewComment(target(), "review", { sleep })).rejects.toThrow(
      new GitHubCommentError(
        "listing comments: GitHub's rate limit asks to wait 61 s, more than the 60 s this step waits; run the job again later",
      ),
    );
    github.rateLimits = ["60", "60", "60", "60"];
    await expect(upsertReviewComment(target(), "review", { sleep })).rejects.toThrow(
      "listing comments: still rate-limited after 3 waits; run the job again later",
    );
    expect(waits).toEqual([60_000, 60_000, 60_000]);
    expect(github.comments.get(7)).toBeUndefined();
  });

  test("a body over 65,536 characters is never sent; exactly 65,536 is", async () => {
    const room = PR_COMMENT_MAX_CHARS - MARKER.length - 1;
    await expect(upsertReviewComment(target(), "x".repeat(room + 1))).rejects.toThrow(
      `the comment would be ${PR_COMMENT_MAX_CHARS + 1} characters, more than GitHub's 65536; not sent`,
    );
    expect(github.requests).toEqual([]);
    await upsertReviewComment(target(), "x".repeat(room));
    expect(github.comments.get(7)![0].body).toHaveLength(PR_COMMENT_MAX_CHARS);
  });

  test("a Link header pointing to another origin is not followed with the token", async () => {
    github.seed(7, ["someone else's comment"]);
    github.linkOverride = '<https://attacker.example/steal?page=2>; rel="next"';
    const error = await upsertReviewComment(target(), "review").catch((e: Error) => e);
    expect((error as Error).message).toBe(
      `listing comments: GitHub pointed to https://attacker.example, not the API at ${new URL(github.apiUrl).origin}`,
    );
    expect(github.requests).toHaveLength(1);
  });

  test("Link headers: next among other relations, or none", () => {
    expect(nextPageUrl('<https://a/x?page=1>; rel="prev", <https://a/x?page=3>; rel="next"')).toBe(
      "https://a/x?page=3",
    );
    expect(nextPageUrl('<https://a/x?page=1>; rel="first"')).toBeUndefined();
    expect(nextPageUrl(null)).toBeUndefined();
  });

  test("an unreachable API is named by its origin, never with the token", async () => {
    const closed = await new FakeGitHub().start();
    const apiUrl = closed.apiUrl;
    await closed.close();
    const error = await upsertReviewComment({ ...target(), apiUrl }, "review").catch((e: Error) => e);
    expect((error as Error).message).toBe(`listing comments: cannot reach ${new URL(apiUrl).origin} (ECONNREFUSED)`);
  });
});
