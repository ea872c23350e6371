/**
 * Injected faults found by the fault harness of issue #11, one test per failure class, each with the total number of
 * requests the function makes for it (these totals are what functions/cdn-log-backup/README.md documents).
 */
import { handle, objectKeyFor, runBackup, type BackupSummary } from "../../functions/cdn-log-backup/src";
import { THROTTLED } from "./fakes/cdn-api";
import { createDownloadAgents, openDownload } from "../../functions/cdn-log-backup/src/download";
import { DownloadPolicy } from "../../functions/cdn-log-backup/src/download-policy";
import {
  BUCKET,
  TRIGGER_TIME,
  captureLogs,
  fastOptions,
  listPackages,
  publishPackage,
  useFakes,
  expectStoredComplete,
  testConfig,
  testEnv,
  domainSequence,
  type Fakes,
  type PublishedPackage,
} from "./helpers";

const fakes = useFakes();

const freshDomain = domainSequence("f");

const MiB = 1024 * 1024;

/** Fails the test with a clear message instead of a jest timeout when `run` hangs. */
async function withinMs<T>(ms: number, run: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${ms} ms (hang)`)), ms);
  });
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** COS requests of `operation` made since `before` (a copy of fakes.cos.requests.length). */
function cosCount(operation: Parameters<Fakes["cos"]["count"]>[0], before: number): number {
  return fakes.cos.requests.slice(before).filter((request) => request.operation === operation).length;
}

function failedOf(summary: BackupSummary): string {
  return summary.failures.map((failure) => `${failure.target}: ${failure.error}`).join("\n");
}

describe("InitiateMultipartUpload failures never hang the copy", () => {
  test.each([
    ["403 AccessDenied", 403, 1],
    ["503 until the retries run out", 503, 4],
  ])("%s: the package fails, named, and nothing is left behind", async (_name, status, initiateRequests) => {
    const domain = freshDomain();
    // Parts of 2 MiB: a part's request body buffers 1 MiB, so the download must wait for a request that never starts.
    const published = publishPackage(fakes, { domain, size: 6 * MiB });
    listPackages(fakes, [published]);
    fakes.cos.failNext("InitiateMultipartUpload", status, 20);
    const before = fakes.cos.requests.length;
    const logs = captureLogs();

    const summary = await withinMs(
      4_000,
      runBackup(
        testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
        fastOptions(logs, { simplePutMaxBytes: MiB, partSizeBytes: 2 * MiB }),
      ),
    );

    expect(summary.failed).toBe(1);
    expect(failedOf(summary)).toContain(published.key);
    expect(logs.events("failed")).toEqual([expect.objectContaining({ key: published.key, statusCode: status })]);
    // 403: once. 5xx: the COS SDK's own four tries, not multiplied by the function's attempts.
    expect(cosCount("InitiateMultipartUpload", before)).toBe(initiateRequests);
    expect(cosCount("UploadPart", before)).toBe(0);
    expect(fakes.cos.openUploads).toBe(0);
    expect(fakes.cos.get(BUCKET, published.key)).toBeUndefined();
    fakes.cos.clearFaults();
  });
});

describe("the real cause of a failed copy is reported", () => {
  test("a part that fails while the download still streams, on a host that ignores Range, restarts the copy", async () => {
    const domain = freshDomain();
    const size = 4 * MiB;
    const published = publishPackage(fakes, { domain, size });
    listPackages(fakes, [published]);
    // About a second per download: the part's failure is known long before the download ends.
    fakes.logs.put(published.path, { size, seed: published.seed, ranges: false, bytesPerSecond: 4 * MiB });
    fakes.cos.failNext("UploadPart", 503);
    const before = fakes.cos.requests.length;
    const logs = captureLogs();

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland", BACKUP_CONCURRENCY: "1" }),
      fastOptions(logs, { simplePutMaxBytes: MiB, partSizeBytes: 256 * 1024 }),
    );

    expect(failedOf(summary)).toBe("");
    // The part's 503 is what the copy retried on (after the part's own ranged re-read was refused), not the
    // AbortError its consumer destroyed the download with.
    expect(logs.events("retry").map((r) => r.statusCode)).toEqual([503, 503]);
    expect(logs.text()).not.toContain("ABORT_ERR");
    expect(logs.events("copied")).toEqual([expect.objectContaining({ attempts: 2, method: "multipart" })]);
    expect(cosCount("AbortMultipartUpload", before)).toBe(1);
    expect(fakes.cos.openUploads).toBe(0);
    expectStoredComplete(fakes, published, size);
  });
});

describe("a copy that fails stops reading its download", () => {
  test("after a part is refused, the rest of the package is not downloaded while the upload is aborted", async () => {
    const domain = freshDomain();
    const size = 64 * MiB;
    const published = publishPackage(fakes, { domain, size });
    listPackages(fakes, [published]);
    fakes.cos.failNext("UploadPart", 403);
    // The abort takes a while: time enough to read the whole package into nothing if nobody stops the download.
    fakes.cos.delayNext("AbortMultipartUpload", 500);
    const servedBefore = fakes.logs.bytesServed;
    const before = fakes.cos.requests.length;
    const logs = captureLogs();

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland", BACKUP_CONCURRENCY: "1" }),
      fastOptions(logs, { simplePutMaxBytes: MiB, partSizeBytes: MiB }),
    );

    expect(summary.failures).toEqual([
      expect.objectContaining({ target: published.key, error: expect.stringContaining("403") }),
    ]);
    expect(cosCount("AbortMultipartUpload", before)).toBe(1);
    expect(fakes.cos.openUploads).toBe(0);
    // What the parts in flight hold (8 parts x 24 MiB / 8) plus socket buffers, far from the 64 MiB package.
    expect(fakes.logs.bytesServed - servedBefore).toBeLessThan(40 * MiB);
  });
});

describe("a download host that ignores Range", () => {
  test("the refused ranged read is closed at once, not read to the end", async () => {
    const size = 64 * MiB;
    fakes.logs.put("/no-ranges.gz", { size, ranges: false });
    const agents = createDownloadAgents();
    const servedBefore = fakes.logs.bytesServed;
    try {
      const read = openDownload(
        fakes.logs.url("/no-ranges.gz"),
        {
          idleTimeoutMs: 5_000,
          maxRedirects: 0,
          policy: new DownloadPolicy({ loopbackHosts: [fakes.logs.endpoint] }),
          ...agents,
        },
        { start: MiB, length: MiB },
      );
      await expect(read).rejects.toMatchObject({ code: "RangeNotSupported", retryable: false });
      // Give a draining client time to pull the rest of the body through.
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      agents.httpAgent.destroy();
      agents.httpsAgent.destroy();
    }
    // Only what was in flight before the socket closed (socket buffers), never the 64 MiB body.
    expect(fakes.logs.bytesServed - servedBefore).toBeLessThan(8 * MiB);
  });
});

describe("listing failures are named in the run's error", () => {
  test("the thrown error names the domain, area and cause of each failed listing", async () => {
    const broken = freshDomain();
    const throttled = freshDomain();
    const healthy = freshDomain();
    const published = publishPackage(fakes, { domain: healthy, size: 100 });
    listPackages(fakes, [published]);
    fakes.cdn.failNext({ kind: "api", code: "ResourceNotFound.CdnHostNotExists", message: "domain does not exist" });
    fakes.cdn.failNext(THROTTLED, 3); // = the test's maxAttempts
    const logs = captureLogs();

    const run = handle(
      { Type: "Timer", Time: TRIGGER_TIME },
      { getRemainingTimeInMillis: () => 600_000 },
      {
        env: testEnv(fakes, { BACKUP_DOMAINS: `${broken},${throttled},${healthy}`, BACKUP_AREA: "mainland" }),
        options: fastOptions(logs),
      },
    );

    await expect(run).rejects.toThrow(
      new RegExp(
        `2 listing\\(s\\) failed.*${broken}/mainland: .*CdnHostNotExists.*${throttled}/mainland: .*RequestLimitExceeded`,
      ),
    );
    // Not retryable: one request. Throttled: every attempt.
    expect(fakes.cdn.requestsFor(broken)).toHaveLength(1);
    expect(fakes.cdn.requestsFor(throttled)).toHaveLength(3);
    expectStoredComplete(fakes, published, 100);
  });
});

describe("StartTime must be a real Beijing wall-clock time", () => {
  test.each([
    ["month 13", "2026-13-45 01:00:00"],
    ["day 31 of November", "2026-11-31 01:00:00"],
    ["hour 24", "2026-11-20 24:00:00"],
    ["minute 60", "2026-11-20 05:60:00"],
    ["no seconds", "2026-11-20 05:00"],
    ["trailing text", "2026-11-20 05:00:00/../x"],
    ["ISO T separator", "2026-11-20T05:00:00"],
  ])("%s (%s) is refused", (_name, startTime) => {
    expect(() =>
      objectKeyFor({ prefix: "p/", domain: "www.example.com", area: "mainland", startTime, logName: "x.gz" }),
    ).toThrow(`StartTime ${JSON.stringify(startTime)}, expected "YYYY-MM-DD HH:mm:ss"`);
  });

  test("a leap day and the last second of a day are fine", () => {
    expect(
      objectKeyFor({
        prefix: "",
        domain: "a.example.com",
        area: "overseas",
        startTime: "2028-02-29 23:59:59",
        logName: "x.gz",
      }),
    ).toBe("a.example.com/overseas/2028/02/29/x.gz");
  });

  test("a listed package with an impossible StartTime is reported failed and never stored", async () => {
    const domain = freshDomain();
    const good = publishPackage(fakes, { domain, size: 100 });
    /** A package published for `startTime` whose listing says `listedStartTime` instead. */
    const listedAt = (logName: string, startTime: string, listedStartTime: string): PublishedPackage => {
      const published = publishPackage(fakes, { domain, size: 100, startTime, logName });
      published.entry.StartTime = listedStartTime;
      return published;
    };
    const noSeconds = listedAt("no-seconds.gz", "2026-11-20 05:00:00", "2026-11-20 05:00");
    const hour25 = listedAt("hour-25.gz", "2026-11-20 06:00:00", "2026-11-20 25:00:00");
    listPackages(fakes, [good, noSeconds, hour25]);
    const before = fakes.cos.requests.length;

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      fastOptions(captureLogs()),
    );

    expect(summary).toMatchObject({ copied: 1, failed: 2 });
    expect(failedOf(summary)).toContain('"no-seconds.gz" has StartTime "2026-11-20 05:00"');
    expect(failedOf(summary)).toContain('"hour-25.gz" has StartTime "2026-11-20 25:00:00"');
    expect(fakes.logs.requests(noSeconds.path) + fakes.logs.requests(hour25.path)).toBe(0);
    expect(
      fakes.cos.requests.slice(before).filter((r) => r.key.includes("hour-25") || r.key.includes("no-seconds")),
    ).toEqual([]);
  });
});

describe("CompleteMultipartUpload", () => {
  test("200 with an <Error> body on every attempt: the package fails, named, and the upload is aborted", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 300_000 });
    listPackages(fakes, [published]);
    fakes.cos.failNext("CompleteMultipartUpload", 200, 3); // = the test's maxAttempts
    const before = fakes.cos.requests.length;
    const logs = captureLogs();

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      fastOptions(logs, { simplePutMaxBytes: 100_000, partSizeBytes: 64 * 1024 }),
    );

    expect(summary.failed).toBe(1);
    expect(logs.events("failed")).toEqual([
      expect.objectContaining({ key: published.key, code: "InternalError", statusCode: 200 }),
    ]);
    expect(cosCount("CompleteMultipartUpload", before)).toBe(3);
    expect(cosCount("InitiateMultipartUpload", before)).toBe(1);
    expect(cosCount("AbortMultipartUpload", before)).toBe(1);
    expect(fakes.cos.openUploads).toBe(0);
    expect(fakes.cos.get(BUCKET, published.key)).toBeUndefined();
  });

  test("an answer lost after COS completed the upload: the stored object is recognised, not reported failed", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 300_000 });
    listPackages(fakes, [published]);
    fakes.cos.loseAnswerNext("CompleteMultipartUpload");
    const before = fakes.cos.requests.length;
    const logs = captureLogs();

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      fastOptions(logs, { simplePutMaxBytes: 100_000, partSizeBytes: 64 * 1024 }),
    );

    expect(failedOf(summary)).toBe("");
    expect(logs.events("copied")).toEqual([
      expect.objectContaining({ key: published.key, attempts: 1, method: "multipart", bytes: 300_000 }),
    ]);
    // The lost answer and the SDK's own retry (NoSuchUpload: already completed); no second upload.
    expect(cosCount("CompleteMultipartUpload", before)).toBe(2);
    expect(cosCount("InitiateMultipartUpload", before)).toBe(1);
    expect(fakes.cos.openUploads).toBe(0);
    expectStoredComplete(fakes, published, 300_000);
  });
});

describe("nothing runs into the invocation's deadline", () => {
  /** A budget that starts counting at the first look (the first copy's start), so listing time does not matter. */
  function budgetFromFirstLook(ms: number): () => number {
    let end: number | undefined;
    return () => (end ??= Date.now() + ms) - Date.now();
  }

  // Deadline settings for these tests: 1 s cleanup reserve, 1.5 s idle timeout, throughput estimates negligible.
  const deadlineOptions = {
    cleanupReserveMs: 1_000,
    downloadIdleTimeoutMs: 1_500,
    safetyMarginMs: 0,
    assumedBytesPerSecond: 1024 * MiB,
  };

  test.each([
    ["multipart", { simplePutMaxBytes: MiB, partSizeBytes: MiB }],
    ["put", {}],
  ] as const)(
    "a %s copy still running at the hard stop is stopped, cleaned up and deferred",
    async (method, transfer) => {
      const domain = freshDomain();
      const size = 4 * MiB;
      const published = publishPackage(fakes, { domain, size });
      listPackages(fakes, [published]);
      // About 6.5 s for the download, far beyond the 3 s budget.
      fakes.logs.put(published.path, { size, seed: published.seed, bytesPerSecond: 640 * 1024 });
      const before = fakes.cos.requests.length;
      const logs = captureLogs();
      const started = Date.now();

      const summary = await runBackup(
        testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
        fastOptions(logs, { ...deadlineOptions, ...transfer, remainingTimeMs: budgetFromFirstLook(3_000) }),
      );

      // Stopped at the hard stop (2 s in), cleaned up within the 1 s reserve.
      expect(Date.now() - started).toBeLessThan(3_000 + 500);
      expect(summary).toMatchObject({ copied: 0, failed: 0, deferred: 1 });
      expect(logs.events("deferred")).toEqual([
        expect.objectContaining({ key: published.key, reason: expect.stringContaining("deadline") }),
      ]);
      expect(fakes.cos.get(BUCKET, published.key)).toBeUndefined();
      expect(fakes.cos.openUploads).toBe(0);
      if (method === "multipart") expect(cosCount("AbortMultipartUpload", before)).toBe(1);
    },
  );

  test("a retry that could not finish before the hard stop is not started", async () => {
    const domain = freshDomain();
    const size = MiB;
    const published = publishPackage(fakes, { domain, size });
    listPackages(fakes, [published]);
    // The first attempt breaks after about 0.5 s, leaving ~2.2 s: less than the 1 s reserve + 1.5 s a retry needs.
    fakes.logs.put(published.path, { size, seed: published.seed, bytesPerSecond: MiB });
    fakes.logs.failNext(published.path, { kind: "truncate", afterBytes: 512 * 1024 });
    const logs = captureLogs();

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      fastOptions(logs, { ...deadlineOptions, remainingTimeMs: budgetFromFirstLook(2_700) }),
    );

    expect(summary).toMatchObject({ copied: 0, failed: 0, deferred: 1 });
    expect(fakes.logs.requests(published.path)).toBe(1);
    expect(logs.events("retry")).toEqual([]);
    expect(logs.events("deferred")).toEqual([
      expect.objectContaining({
        key: published.key,
        reason: expect.stringMatching(/attempt 2 not started, too close to the deadline; attempt 1 failed: download/),
      }),
    ]);
    expect(fakes.cos.get(BUCKET, published.key)).toBeUndefined();
  });

  test("a completion that could outlast the deadline is not started; the upload is aborted", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 300_000 });
    listPackages(fakes, [published]);
    const before = fakes.cos.requests.length;
    const logs = captureLogs();

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      // A completion may take 4 tries x 2 s; only ~4 s are left before the hard stop.
      fastOptions(logs, {
        ...deadlineOptions,
        cosTimeoutMs: 2_000,
        simplePutMaxBytes: 100_000,
        partSizeBytes: 64 * 1024,
        remainingTimeMs: budgetFromFirstLook(5_000),
      }),
    );

    expect(summary).toMatchObject({ copied: 0, failed: 0, deferred: 1 });
    expect(logs.events("deferred")).toEqual([
      expect.objectContaining({ reason: expect.stringContaining("CompleteMultipartUpload not started") }),
    ]);
    expect(cosCount("UploadPart", before)).toBe(5);
    expect(cosCount("CompleteMultipartUpload", before)).toBe(0);
    expect(cosCount("AbortMultipartUpload", before)).toBe(1);
    expect(fakes.cos.openUploads).toBe(0);
  });

  test("an unlimited budget (beyond what a timer can hold) never stops a copy", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 300_000 });
    listPackages(fakes, [published]);

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      fastOptions(captureLogs(), { remainingTimeMs: () => Number.MAX_SAFE_INTEGER }),
    );

    expect(summary).toMatchObject({ copied: 1, deferred: 0, failed: 0 });
    expectStoredComplete(fakes, published, 300_000);
  });
});
