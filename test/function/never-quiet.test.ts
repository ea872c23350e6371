/**
 * The function never goes quiet: a run with packages due that copies none of them because its time ran out fails
 * (SCF's error metric and any alarm on it see the run), a run that made progress succeeds with the rest deferred, and
 * a run whose packages are all stored already needs no time at all. Against the loopback fakes, through the handler
 * SCF calls, with the production timing unless a test says otherwise.
 */
import {
  assertBackupSucceeded,
  DEFAULTS,
  handle,
  madeNoProgress,
  runBackup,
  type BackupSummary,
} from "../../functions/cdn-log-backup/src";
import { createLogger } from "../../functions/cdn-log-backup/src/logger";
import {
  CDN_LOG_BACKUP_CLEANUP_RESERVE_MS,
  CDN_LOG_BACKUP_DOWNLOAD_IDLE_TIMEOUT_MS,
  CDN_LOG_BACKUP_LISTING_ALLOWANCE_MS,
  CDN_LOG_BACKUP_MIN_COPY_START_MS,
  CDN_LOG_BACKUP_MIN_TIMEOUT_SECONDS,
} from "../../lib/tencentcloud/cdn/log-backup-timing";
import {
  BUCKET,
  TRIGGER_TIME,
  captureLogs,
  domainSequence,
  fastOptions,
  listPackages,
  publishPackage,
  startFakes,
  stopFakes,
  testConfig,
  testEnv,
  type Fakes,
} from "./helpers";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await stopFakes(fakes);
});

const freshDomain = domainSequence("q");
const MiB = 1024 * 1024;
const STALLED = /(\d+) package\(s\) due and none copied before the time budget ran out \(a run needs at least 90 s/;

/** Runs the handler as SCF would, with `remaining` as context.getRemainingTimeInMillis. */
function invoke(domain: string, remaining: () => number, logs = captureLogs()) {
  return handle(
    { Type: "Timer", Time: TRIGGER_TIME },
    { getRemainingTimeInMillis: remaining },
    {
      env: testEnv(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland", BACKUP_CONCURRENCY: "1" }),
      options: { logger: logs.logger },
    },
  );
}

describe("one source of truth for the time a run needs", () => {
  test("the function's defaults are the shared numbers, and the minimum timeout covers them", () => {
    expect(DEFAULTS.safetyMarginMs).toBe(CDN_LOG_BACKUP_MIN_COPY_START_MS);
    expect(DEFAULTS.cleanupReserveMs).toBe(CDN_LOG_BACKUP_CLEANUP_RESERVE_MS);
    expect(DEFAULTS.downloadIdleTimeoutMs).toBe(CDN_LOG_BACKUP_DOWNLOAD_IDLE_TIMEOUT_MS);
    expect(CDN_LOG_BACKUP_MIN_COPY_START_MS).toBe(75_000);
    expect(CDN_LOG_BACKUP_MIN_TIMEOUT_SECONDS * 1000).toBe(
      CDN_LOG_BACKUP_MIN_COPY_START_MS + CDN_LOG_BACKUP_LISTING_ALLOWANCE_MS,
    );
    expect(CDN_LOG_BACKUP_MIN_TIMEOUT_SECONDS).toBe(90);
  });
});

describe("a run that copies nothing because of its time budget fails", () => {
  test("just under the least time a copy needs: nothing starts, the run fails naming the minimum", async () => {
    const domain = freshDomain();
    const published = [1, 2].map((hour) =>
      publishPackage(fakes, { domain, size: 1000, startTime: `2026-11-21 0${hour}:00:00` }),
    );
    listPackages(fakes, published);
    const logs = captureLogs();

    const run = invoke(domain, () => CDN_LOG_BACKUP_MIN_COPY_START_MS - 1, logs);

    await expect(run).rejects.toThrow(
      "CDN log backup incomplete: 2 package(s) due and none copied before the time budget ran out (a run needs at least 90 s to copy one package, more for large ones: raise the function's timeout) (copied 0, skipped 0, deferred 2).",
    );
    for (const { path } of published) expect(fakes.logs.requests(path)).toBe(0);
    expect(logs.events("deferred")).toHaveLength(2);
    expect(logs.events("summary")).toEqual([
      expect.objectContaining({ level: "error", listed: 2, copied: 0, deferred: 2, failed: 0 }),
    ]);
  });

  test("with just enough time the same run copies and succeeds", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 1000 });
    listPackages(fakes, [published]);
    const logs = captureLogs();

    const summary = await invoke(domain, () => CDN_LOG_BACKUP_MIN_COPY_START_MS + 100, logs);

    expect(summary).toMatchObject({ copied: 1, deferred: 0, failed: 0 });
    expect(fakes.cos.get(BUCKET, published.key)?.size).toBe(1000);
    expect(logs.events("summary")).toEqual([expect.objectContaining({ level: "info" })]);
  });

  test("a copy stopped at the hard stop, with nothing else copied, fails the run; the upload is aborted", async () => {
    const domain = freshDomain();
    const size = 4 * MiB;
    const published = publishPackage(fakes, { domain, size });
    listPackages(fakes, [published]);
    // About 6.5 s for the download; the budget ends 2 s after the copy starts (1 s cleanup reserve before 3 s).
    fakes.logs.put(published.path, { size, seed: published.seed, bytesPerSecond: 640 * 1024 });
    let end: number | undefined;
    const logs = captureLogs();

    const run = handle(
      { Type: "Timer", Time: TRIGGER_TIME },
      {},
      {
        env: testEnv(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
        options: fastOptions(logs, {
          cleanupReserveMs: 1_000,
          downloadIdleTimeoutMs: 1_500,
          safetyMarginMs: 0,
          assumedBytesPerSecond: 1024 * MiB,
          simplePutMaxBytes: MiB,
          partSizeBytes: MiB,
          remainingTimeMs: () => (end ??= Date.now() + 3_000) - Date.now(),
        }),
      },
    );

    await expect(run).rejects.toThrow(STALLED);
    expect(logs.events("deferred")).toEqual([expect.objectContaining({ key: published.key })]);
    expect(fakes.cos.get(BUCKET, published.key)).toBeUndefined();
    expect(fakes.cos.openUploads).toBe(0);
  });

  test("failures and a stall are both named", () => {
    const summary: BackupSummary = {
      window: { startTime: "2026-11-20 03:00:00", endTime: "2026-11-22 03:00:00" },
      listed: 3,
      copied: 0,
      skipped: 0,
      failed: 1,
      deferred: 2,
      listingFailures: 0,
      bytesCopied: 0,
      durationMs: 1,
      failures: [{ target: "cdn-logs/a/mainland/2026/11/21/x.gz", error: "download failed (HTTP 500)" }],
    };
    expect(() => assertBackupSucceeded(summary)).toThrow(
      "CDN log backup incomplete: 1 package(s) failed, 2 package(s) due and none copied before the time budget ran out (a run needs at least 90 s to copy one package, more for large ones: raise the function's timeout) (copied 0, skipped 0, deferred 2). First failures: cdn-logs/a/mainland/2026/11/21/x.gz: download failed (HTTP 500)",
    );
  });
});

describe("progress is a success", () => {
  test("one package copied, the rest deferred: the run succeeds and says what it deferred", async () => {
    const domain = freshDomain();
    const packages = [1, 2, 3].map((hour) =>
      publishPackage(fakes, { domain, size: 500, startTime: `2026-11-21 0${hour}:00:00` }),
    );
    listPackages(fakes, packages);
    let left = 120_000;
    const records: { event: string; [key: string]: unknown }[] = [];
    // After the first copy, less time is left than a copy needs.
    const logger = createLogger((record) => {
      records.push(record as { event: string });
      if (record.event === "copied") left = CDN_LOG_BACKUP_MIN_COPY_START_MS - 1;
    });

    const summary = await handle(
      { Type: "Timer", Time: TRIGGER_TIME },
      { getRemainingTimeInMillis: () => left },
      {
        env: testEnv(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland", BACKUP_CONCURRENCY: "1" }),
        options: { logger },
      },
    );

    expect(summary).toMatchObject({ listed: 3, copied: 1, deferred: 2, failed: 0 });
    expect(madeNoProgress(summary)).toBe(false);
    expect(records.filter((r) => r.event === "deferred").map((r) => r.key)).toEqual(
      packages.slice(1).map((p) => p.key),
    );
    expect(records.filter((r) => r.event === "summary")).toEqual([expect.objectContaining({ level: "info" })]);
  });

  test("packages the bucket listing shows stored already are skipped even without time to copy: nothing was due", async () => {
    const domain = freshDomain();
    const packages = [1, 2].map((hour) =>
      publishPackage(fakes, { domain, size: 300, startTime: `2026-11-21 0${hour}:00:00` }),
    );
    listPackages(fakes, packages);
    // A first run with time copies both.
    await runBackup(testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }), fastOptions(captureLogs()));
    const logs = captureLogs();

    const summary = await invoke(domain, () => 1_000, logs);

    expect(summary).toMatchObject({ listed: 2, copied: 0, skipped: 2, deferred: 0, failed: 0 });
    expect(logs.events("skipped").map((r) => r.reason)).toEqual([
      "stored-size-matches-listing",
      "stored-size-matches-listing",
    ]);
    for (const { path } of packages) expect(fakes.logs.requests(path)).toBe(1);
  });

  test("a package that grew is due again: without time for it the run fails", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 300 });
    listPackages(fakes, [published]);
    await runBackup(testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }), fastOptions(captureLogs()));
    const grown = { ...published, entry: { ...published.entry, FileSize: 400 } };
    fakes.logs.put(published.path, { size: 400, seed: published.seed });
    listPackages(fakes, [grown]);

    await expect(invoke(domain, () => 1_000)).rejects.toThrow(STALLED);
    expect(fakes.cos.get(BUCKET, published.key)?.size).toBe(300);
  });
});
