/**
 * Builds the esbuild bundle exactly as `npm run build:function` does, and runs its
 * `main_handler` in a separate Node process (fresh module state, real process.env, a TZ far from
 * UTC+8) against the fake servers running in this process.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { bodySha256 } from "./fakes/content";
import {
  BUCKET,
  SECRET_KEY,
  SESSION_TOKEN,
  TRIGGER_TIME,
  listPackages,
  publishPackage,
  requestCount,
  startFakes,
  stopFakes,
  testEnv,
  type Fakes,
} from "./helpers";

const run = promisify(execFile);
const repoRoot = join(__dirname, "..", "..");
// Built into a private folder so that tests reading the package's own dist/ (the construct's)
// never race with this build.
const outDir = mkdtempSync(join(tmpdir(), "cdn-log-backup-bundle-"));
const bundlePath = join(outDir, "index.js");

// Invokes the handler like SCF would and prints the outcome on the last line.
const INVOKER = `
const { main_handler } = require(process.argv[1]);
const event = JSON.parse(process.argv[2]);
const remaining = Number(process.argv[3]);
const context = { request_id: "bundle-test", getRemainingTimeInMillis: () => remaining };
main_handler(event, context).then(
  (summary) => console.log("HANDLER_RESULT " + JSON.stringify({ ok: true, summary })),
  (error) => console.log("HANDLER_RESULT " + JSON.stringify({ ok: false, message: error.message })),
);
`;

interface Invocation {
  readonly ok: boolean;
  readonly summary?: Record<string, unknown>;
  readonly message?: string;
  readonly records: Array<Record<string, unknown>>;
  readonly stdout: string;
}

async function invokeBundle(
  env: Record<string, string>,
  event: Record<string, unknown>,
  remainingMs = 600_000,
): Promise<Invocation> {
  // Asynchronous on purpose: the fakes live in this process and must keep serving.
  const { stdout } = await run(
    process.execPath,
    ["-e", INVOKER, bundlePath, JSON.stringify(event), String(remainingMs)],
    {
      // Only what SCF would provide (plus PATH); TZ far from Beijing proves the window ignores it.
      env: { PATH: process.env.PATH ?? "", TZ: "America/Los_Angeles", ...env },
      timeout: 20_000,
    },
  );
  const lines = stdout.trim().split("\n");
  const resultLine = lines.find((line) => line.startsWith("HANDLER_RESULT "));
  if (resultLine === undefined) throw new Error(`handler printed no result:\n${stdout}`);
  const result = JSON.parse(resultLine.slice("HANDLER_RESULT ".length)) as {
    ok: boolean;
    summary?: Record<string, unknown>;
    message?: string;
  };
  const records = lines
    .filter((line) => !line.startsWith("HANDLER_RESULT "))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { ...result, records, stdout };
}

let fakes: Fakes;

beforeAll(async () => {
  await run(process.execPath, [join(repoRoot, "functions", "cdn-log-backup", "build.mjs"), "--outdir", outDir], {
    cwd: repoRoot,
    timeout: 60_000,
  });
  fakes = await startFakes();
}, 90_000);

afterAll(async () => {
  await stopFakes(fakes);
  rmSync(outDir, { recursive: true, force: true });
});

test("the build produces a self-contained CommonJS bundle exporting main_handler", async () => {
  expect(existsSync(bundlePath)).toBe(true);
  expect(readdirSync(outDir).sort()).toEqual(["THIRD_PARTY_LICENSES.txt", "index.js", "package.json"]);
  const { stdout } = await run(
    process.execPath,
    ["-e", `const m = require(${JSON.stringify(bundlePath)}); console.log(typeof m.main_handler)`],
    {
      // No NODE_PATH and a cwd outside the repo: nothing can be resolved from node_modules.
      cwd: "/",
      env: { PATH: process.env.PATH ?? "" },
    },
  );
  expect(stdout.trim()).toBe("function");
});

test("main_handler from the bundle backs up both areas, in Beijing time, under a foreign TZ", async () => {
  // Unknown size and larger than the default 8 MiB part: exercises multipart in the bundle.
  const OVERSEAS_SIZE = 16 * 1024 * 1024 + 7;
  const domain = "bundle.example.com";
  const mainland = publishPackage(fakes, { domain, area: "mainland", logName: "2026112102.gz", size: 90_000 });
  const overseas = publishPackage(fakes, {
    domain,
    area: "overseas",
    logName: "2026112102.gz",
    size: OVERSEAS_SIZE,
    fileSize: null,
    chunked: true,
  });
  listPackages(fakes, [mainland, overseas]);

  const result = await invokeBundle(testEnv(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "global" }), {
    Type: "Timer",
    TriggerName: "cdn-log-backup",
    Time: TRIGGER_TIME,
    Message: "",
  });

  expect(result).toMatchObject({ ok: true, summary: { listed: 2, copied: 2, failed: 0, deferred: 0 } });
  expect(
    fakes.cdn.requestsFor(domain).map((r) => [r.body.Area, r.body.StartTime, r.body.EndTime, r.body.Limit]),
  ).toEqual([
    ["mainland", "2026-11-20 03:00:00", "2026-11-21 03:00:00", 1000],
    ["overseas", "2026-11-20 03:00:00", "2026-11-21 03:00:00", 1000],
  ]);
  expect(fakes.cos.get(BUCKET, mainland.key)?.sha256).toBe(bodySha256(mainland.seed, 90_000));
  expect(fakes.cos.get(BUCKET, overseas.key)?.sha256).toBe(bodySha256(overseas.seed, OVERSEAS_SIZE));
  expect(result.records.map((r) => r.event)).toEqual([
    "invocation",
    "backup_started",
    "listed",
    "listed",
    "copied",
    "copied",
    "summary",
    "run_status_written",
  ]);
  // The run status verify reads, with the package version the bundler put in.
  const status = JSON.parse(fakes.cos.get(BUCKET, "cdn-logs/_status/cdn-log-backup.json")!.body!.toString("utf8"));
  expect(status).toMatchObject({
    schema: 1,
    outcome: "succeeded",
    version: (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version,
    triggerTime: new Date(TRIGGER_TIME).toISOString(),
    window: { start: "2026-11-20 03:00:00", end: "2026-11-21 03:00:00" },
    counts: { listed: 2, copied: 2, skipped: 0, deferred: 0, failed: 0, listingFailures: 0 },
  });
  expect(
    result.records
      .filter((r) => r.event === "copied")
      .map((r) => r.method)
      .sort(),
  ).toEqual(["multipart", "put"]);
  expect(result.stdout).not.toContain(SECRET_KEY);
  expect(result.stdout).not.toContain(SESSION_TOKEN);

  // A second invocation skips the package whose size is known. The overseas one has neither a
  // listed FileSize nor a Content-Length, so (as documented) it cannot be compared and is copied
  // again, through multipart.
  const again = await invokeBundle(testEnv(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "global" }), {
    Type: "Timer",
    Time: TRIGGER_TIME,
  });
  expect(again).toMatchObject({ ok: true, summary: { listed: 2, copied: 1, skipped: 1 } });
  expect(again.records.filter((r) => r.event === "skipped" || r.event === "copied")).toEqual([
    expect.objectContaining({ event: "skipped", key: mainland.key, reason: "stored-size-matches-listing" }),
    expect.objectContaining({ event: "copied", key: overseas.key, method: "multipart" }),
  ]);
}, 30_000);

test("main_handler from the bundle rejects bad configuration before any request", async () => {
  const before = requestCount(fakes);

  const result = await invokeBundle(testEnv(fakes, { BACKUP_BUCKET: "no-appid", BACKUP_LOOKBACK_HOURS: "0" }), {
    Type: "Timer",
    Time: TRIGGER_TIME,
  });

  expect(result.ok).toBe(false);
  expect(result.message).toMatch(/BACKUP_BUCKET="no-appid"/);
  expect(result.message).toMatch(/BACKUP_LOOKBACK_HOURS="0"/);
  expect(result.records).toEqual([expect.objectContaining({ event: "config_invalid", level: "error" })]);
  expect(requestCount(fakes)).toBe(before);
}, 30_000);

test("main_handler from the bundle fails the invocation when a package fails", async () => {
  const domain = "bundle-fail.example.com";
  const gone = publishPackage(fakes, { domain, size: 1000 });
  const fine = publishPackage(fakes, { domain, size: 2000 });
  listPackages(fakes, [gone, fine]);
  fakes.logs.failNext(gone.path, { kind: "status", status: 404 }); // expired link: not retried

  const result = await invokeBundle(testEnv(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }), {
    Type: "Timer",
    Time: TRIGGER_TIME,
  });

  expect(result.ok).toBe(false);
  expect(result.message).toMatch(/1 package\(s\) failed/);
  expect(result.records.filter((r) => r.event === "failed")).toEqual([
    expect.objectContaining({ key: gone.key, statusCode: 404 }),
  ]);
  expect(fakes.cos.get(BUCKET, fine.key)?.size).toBe(2000);
}, 30_000);
