/**
 * The run status object the function writes at the end of every run for `cdktf-access-logs verify`: its content for
 * successful and failed runs, and that a failed status write never fails a run or hides a run's own failure.
 */
import { handle, RUN_STATUS_KEY_SUFFIX, runStatusOf, type BackupSummary } from "../../functions/cdn-log-backup/src";
import { CosObjectStore, type ObjectStore } from "../../functions/cdn-log-backup/src/cos-storage";
import { BACKUP_STATUS_KEY_SUFFIX } from "../../lib/verify/backup-checks";
import {
  BUCKET,
  TRIGGER_TIME,
  captureLogs,
  domainSequence,
  fastOptions,
  listPackages,
  publishPackage,
  testConfig,
  testEnv,
  useFakes,
} from "./helpers";

const fakes = useFakes();

const freshDomain = domainSequence("status");
const STATUS_KEY = `cdn-logs/${RUN_STATUS_KEY_SUFFIX}`;

function storedStatus(): Record<string, unknown> {
  const object = fakes.cos.get(BUCKET, STATUS_KEY);
  expect(object).toBeDefined();
  return JSON.parse(object!.body!.toString("utf8")) as Record<string, unknown>;
}

/** The real COS store, except that writing the status object fails with `error`. */
function storeFailingStatusWrites(error: unknown): { store: ObjectStore; attempts: string[] } {
  const real = new CosObjectStore(testConfig(fakes), { timeoutMs: 10_000 });
  const attempts: string[] = [];
  const store = Object.create(real) as ObjectStore;
  store.putBuffer = async (key, body) => {
    if (key !== STATUS_KEY) return real.putBuffer(key, body);
    attempts.push(key);
    throw error;
  };
  return { store, attempts };
}

function invoke(domain: string, logs = captureLogs(), store?: ObjectStore): Promise<BackupSummary> {
  return handle(
    { Type: "Timer", Time: TRIGGER_TIME },
    { getRemainingTimeInMillis: () => 600_000 },
    {
      env: testEnv(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      options: fastOptions(logs, store ? { store } : {}),
    },
  );
}

describe("run status object", () => {
  test("verify reads the key the function writes", () => {
    expect(RUN_STATUS_KEY_SUFFIX).toBe(BACKUP_STATUS_KEY_SUFFIX);
  });

  test("a successful run writes outcome, times, window and counts after its summary", async () => {
    const domain = freshDomain();
    listPackages(fakes, [publishPackage(fakes, { domain, size: 2048 })]);
    const logs = captureLogs();
    const summary = await invoke(domain, logs);
    expect(summary).toMatchObject({ listed: 1, copied: 1, failed: 0 });
    const status = storedStatus();
    expect(status).toEqual({
      schema: 1,
      outcome: "succeeded",
      version: "dev",
      triggerTime: new Date(TRIGGER_TIME).toISOString(),
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
      window: { start: summary.window.startTime, end: summary.window.endTime },
      counts: { listed: 1, copied: 1, skipped: 0, deferred: 0, failed: 0, listingFailures: 0 },
    });
    expect(Date.parse(String(status.finishedAt))).toBeGreaterThanOrEqual(Date.parse(String(status.startedAt)));
    expect(logs.records.map((r) => r.event).slice(-2)).toEqual(["summary", "run_status_written"]);
  });

  test("a run with a failed package writes outcome failed with the counts and the run's error, then fails", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 1024 });
    // Listed with a download link to nothing: the package fails.
    listPackages(fakes, [{ ...published, entry: { ...published.entry, LogPath: fakes.logs.url("/gone/x.gz") } }]);
    await expect(invoke(domain)).rejects.toThrow(/CDN log backup incomplete: 1 package\(s\) failed/);
    const status = storedStatus();
    expect(status).toMatchObject({
      outcome: "failed",
      counts: { listed: 1, copied: 0, failed: 1 },
      error: expect.stringMatching(/^CDN log backup incomplete: 1 package\(s\) failed/),
    });
  });

  test("a failed status write never fails a successful run: the summary is returned, the failure logged", async () => {
    const domain = freshDomain();
    listPackages(fakes, [publishPackage(fakes, { domain, size: 512 })]);
    const logs = captureLogs();
    const { store, attempts } = storeFailingStatusWrites(
      Object.assign(new Error("Access Denied."), { code: "AccessDenied", statusCode: 403 }),
    );
    await expect(invoke(domain, logs, store)).resolves.toMatchObject({ copied: 1, failed: 0 });
    expect(attempts).toEqual([STATUS_KEY]);
    expect(logs.events("run_status_write_failed")).toEqual([
      expect.objectContaining({ level: "error", key: STATUS_KEY, error: "Access Denied." }),
    ]);
  });

  test("a failed status write never hides a failed run: the run's own error is thrown", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 1024 });
    listPackages(fakes, [{ ...published, entry: { ...published.entry, LogPath: fakes.logs.url("/gone/y.gz") } }]);
    const logs = captureLogs();
    const { store } = storeFailingStatusWrites(new Error("socket hang up"));
    await expect(invoke(domain, logs, store)).rejects.toThrow(/CDN log backup incomplete: 1 package\(s\) failed/);
    expect(logs.events("run_status_write_failed")).toHaveLength(1);
  });

  test("a status write that throws a non-Error value is still contained", async () => {
    const domain = freshDomain();
    listPackages(fakes, [publishPackage(fakes, { domain, size: 256 })]);
    const { store } = storeFailingStatusWrites({ code: "ECONNRESET" });
    await expect(invoke(domain, captureLogs(), store)).resolves.toMatchObject({ copied: 1 });
  });

  test("a run that threw before it had a summary: outcome failed, its error, no window or counts", () => {
    const at = new Date("2026-11-20T19:00:00Z");
    expect(
      runStatusOf({ failure: new Error("listing exploded") }, { triggerTime: at, startedAt: at, finishedAt: at }),
    ).toEqual({
      schema: 1,
      outcome: "failed",
      version: "dev",
      triggerTime: at.toISOString(),
      startedAt: at.toISOString(),
      finishedAt: at.toISOString(),
      error: "listing exploded",
    });
  });

  test("a run that copied none of its due packages before its time ran out is recorded as failed", () => {
    const at = new Date("2026-11-20T19:00:00Z");
    const stalled: BackupSummary = {
      window: { startTime: "2026-11-20 03:00:00", endTime: "2026-11-21 03:00:00" },
      listed: 3,
      copied: 0,
      skipped: 0,
      failed: 0,
      deferred: 3,
      listingFailures: 0,
      bytesCopied: 0,
      durationMs: 10,
      failures: [],
    };
    const status = runStatusOf({ summary: stalled }, { triggerTime: at, startedAt: at, finishedAt: at });
    expect(status.outcome).toBe("failed");
    expect(status.error).toMatch(/3 package\(s\) due and none copied/);
    expect(
      runStatusOf(
        { summary: { ...stalled, copied: 1, deferred: 2 } },
        { triggerTime: at, startedAt: at, finishedAt: at },
      ).outcome,
    ).toBe("succeeded");
  });
});
