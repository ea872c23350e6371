/**
 * End-to-end behaviour of runBackup with the real CDN and COS SDK clients pointed at local fakes
 * (loopback only). Each test uses its own domain so listings from other tests never interfere.
 */
import {
  assertBackupSucceeded,
  handle,
  runBackup,
  type BackupSummary,
  type Logger,
} from "../../functions/cdn-log-backup/src";
import { COS_SDK_TRIES, CosObjectStore } from "../../functions/cdn-log-backup/src/cos-storage";
import { THROTTLED, type FakeDomainLog } from "./fakes/cdn-api";
import {
  BUCKET,
  SECRET_ID,
  SECRET_KEY,
  SESSION_TOKEN,
  TRIGGER_TIME,
  captureLogs,
  fastOptions,
  listPackages,
  publishPackage,
  requestCount,
  useFakes,
  expectStoredComplete,
  testConfig,
  testEnv,
  domainSequence,
} from "./helpers";

const fakes = useFakes();

const freshDomain = domainSequence("d");

function counts(summary: BackupSummary): Record<string, number> {
  const { listed, copied, skipped, failed, deferred, listingFailures } = summary;
  return { listed, copied, skipped, failed, deferred, listingFailures };
}

describe("listing", () => {
  test("pages past 1,000 entries with Offset/Limit until TotalCount is reached", async () => {
    const domain = freshDomain();
    const entries: FakeDomainLog[] = [];
    // 2,345 packages; all but 5 are already stored, so the run only HEADs them.
    for (let i = 0; i < 2345; i += 1) {
      const hour = String(i % 24).padStart(2, "0");
      const logName = `p${i}.gz`;
      const day = i % 24 < 3 ? "21" : "20"; // window is 2026-11-20 03:00 .. 2026-11-21 03:00
      entries.push({
        StartTime: `2026-11-${day} ${hour}:00:00`,
        EndTime: `2026-11-${day} ${hour}:59:59`,
        LogPath: fakes.logs.url(`/bulk/${logName}`),
        Area: "mainland",
        LogName: logName,
        FileSize: 16,
      });
      fakes.logs.put(`/bulk/${logName}`, { size: 16 });
      if (i >= 5) {
        fakes.cos.seed(BUCKET, `cdn-logs/${domain}/mainland/2026/11/${day}/${logName}`, Buffer.alloc(16));
      }
    }
    fakes.cdn.setLogs(domain, entries);
    const logs = captureLogs();
    const listingsBefore = fakes.cos.count("GetBucket");
    const headsBefore = fakes.cos.count("HeadObject");

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland", BACKUP_CONCURRENCY: "16" }),
      fastOptions(logs),
    );

    // What is stored comes from three pages of bucket listing, not 2,345 HEAD requests.
    expect(fakes.cos.count("GetBucket") - listingsBefore).toBe(3);
    expect(fakes.cos.count("HeadObject") - headsBefore).toBe(0);

    const pages = fakes.cdn
      .requestsFor(domain)
      .map((r) => ({ Offset: r.body.Offset, Limit: r.body.Limit, Area: r.body.Area }));
    expect(pages).toEqual([
      { Offset: 0, Limit: 1000, Area: "mainland" },
      { Offset: 1000, Limit: 1000, Area: "mainland" },
      { Offset: 2000, Limit: 1000, Area: "mainland" },
    ]);
    expect(counts(summary)).toEqual({
      listed: 2345,
      copied: 5,
      skipped: 2340,
      failed: 0,
      deferred: 0,
      listingFailures: 0,
    });
    expect(logs.events("listed")).toEqual([
      expect.objectContaining({ domain, area: "mainland", packages: 2345, pages: 3 }),
    ]);
    // 2,345 listed packages take a few seconds on a loaded 2-core machine; the default 5 s made this test flaky.
  }, 30_000);

  test("global backs up mainland and overseas separately; the same LogName gets two keys", async () => {
    const domain = freshDomain();
    const mainland = publishPackage(fakes, { domain, area: "mainland", logName: "2026112101.gz", size: 1000 });
    const overseas = publishPackage(fakes, { domain, area: "overseas", logName: "2026112101.gz", size: 1700 });
    listPackages(fakes, [mainland, overseas]);

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "global" }),
      fastOptions(captureLogs()),
    );

    expect(fakes.cdn.requestsFor(domain).map((r) => r.body.Area)).toEqual(["mainland", "overseas"]);
    expect(mainland.key).toBe(`cdn-logs/${domain}/mainland/2026/11/21/2026112101.gz`);
    expect(overseas.key).toBe(`cdn-logs/${domain}/overseas/2026/11/21/2026112101.gz`);
    expect(counts(summary)).toMatchObject({ listed: 2, copied: 2, failed: 0 });
    expectStoredComplete(fakes, mainland, 1000);
    expectStoredComplete(fakes, overseas, 1700);
  });

  test("BACKUP_AREA=overseas queries only overseas", async () => {
    const domain = freshDomain();
    const overseas = publishPackage(fakes, { domain, area: "overseas", size: 10 });
    const mainland = publishPackage(fakes, { domain, area: "mainland", size: 10 });
    listPackages(fakes, [overseas, mainland]);

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "overseas" }),
      fastOptions(captureLogs()),
    );

    expect(fakes.cdn.requestsFor(domain).map((r) => r.body.Area)).toEqual(["overseas"]);
    expect(summary.copied).toBe(1);
    expect(fakes.cos.get(BUCKET, mainland.key)).toBeUndefined();
  });

  test("the window sent to the API is Beijing time, from the timer event's Time", async () => {
    const domain = freshDomain();
    const logs = captureLogs();
    await handle(
      { Type: "Timer", TriggerName: "backup", Time: "2026-12-31T17:30:00Z" },
      { getRemainingTimeInMillis: () => 600_000 },
      {
        env: testEnv(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland", BACKUP_LOOKBACK_HOURS: "48" }),
        options: { logger: logs.logger },
      },
    );

    // 17:30 UTC on 2026-12-31 is 01:30 on 2027-01-01 in Beijing; 48 h earlier is 2026-12-30.
    expect(fakes.cdn.requestsFor(domain).map((r) => [r.body.StartTime, r.body.EndTime, r.body.LogType])).toEqual([
      ["2026-12-30 01:30:00", "2027-01-01 01:30:00", "access"],
    ]);
  });

  test("throttled CDN API calls are retried with backoff", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 500 });
    listPackages(fakes, [published]);
    fakes.cdn.failNext(THROTTLED, 2);
    const logs = captureLogs();
    const delays: number[] = [];

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      fastOptions(logs, {
        retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 1000 },
        sleep: async (ms) => {
          delays.push(ms);
        },
      }),
    );

    expect(fakes.cdn.requestsFor(domain)).toHaveLength(3);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(5); // equal jitter: [base/2, base]
    expect(delays[0]).toBeLessThanOrEqual(10);
    expect(delays[1]).toBeGreaterThanOrEqual(10); // doubled: [base, 2*base]
    expect(delays[1]).toBeLessThanOrEqual(20);
    expect(logs.events("retry")).toEqual([
      expect.objectContaining({ operation: "list", code: "RequestLimitExceeded", attempt: 1 }),
      expect.objectContaining({ operation: "list", code: "RequestLimitExceeded", attempt: 2 }),
    ]);
    expect(counts(summary)).toMatchObject({ copied: 1, listingFailures: 0 });
  });

  test("a listing that keeps failing is reported while other domains are still backed up", async () => {
    const broken = freshDomain();
    const healthy = freshDomain();
    const published = publishPackage(fakes, { domain: healthy, size: 300 });
    listPackages(fakes, [published]);
    // Not retryable: fails the first listing (the broken domain) once, for good.
    fakes.cdn.failNext({ kind: "api", code: "ResourceNotFound.CdnHostNotExists", message: "domain does not exist" });
    const logs = captureLogs();

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: `${broken},${healthy}`, BACKUP_AREA: "mainland" }),
      fastOptions(logs),
    );

    expect(counts(summary)).toMatchObject({ listingFailures: 1, copied: 1, failed: 0 });
    expect(logs.events("list_failed")).toEqual([
      expect.objectContaining({ domain: broken, code: "ResourceNotFound.CdnHostNotExists", attempts: 1 }),
    ]);
    expectStoredComplete(fakes, published, 300);
    expect(() => assertBackupSucceeded(summary)).toThrow(/1 listing\(s\) failed/);
  });

  test("HTTP 5xx from the CDN API is retried", async () => {
    const domain = freshDomain();
    listPackages(fakes, [publishPackage(fakes, { domain, size: 10 })]);
    fakes.cdn.failNext({ kind: "http", status: 502 });

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      fastOptions(captureLogs()),
    );

    expect(fakes.cdn.requestsFor(domain)).toHaveLength(2);
    expect(counts(summary)).toMatchObject({ copied: 1, listingFailures: 0 });
  });
});

describe("incremental copies", () => {
  test("a second run skips everything: no downloads and no uploads", async () => {
    const domain = freshDomain();
    const packages = [
      publishPackage(fakes, { domain, size: 4000 }),
      publishPackage(fakes, { domain, size: 5000, area: "overseas" }),
      publishPackage(fakes, { domain, size: 70_000 }), // multipart with the small threshold below
    ];
    listPackages(fakes, packages);
    const config = testConfig(fakes, { BACKUP_DOMAINS: domain });
    const options = { simplePutMaxBytes: 50_000, partSizeBytes: 16 * 1024 };

    const first = await runBackup(config, fastOptions(captureLogs(), options));
    expect(counts(first)).toMatchObject({ copied: 3, skipped: 0 });

    const downloadsBefore = fakes.logs.totalRequests;
    const uploadsBefore =
      fakes.cos.count("PutObject") + fakes.cos.count("UploadPart") + fakes.cos.count("InitiateMultipartUpload");
    const cosBefore = fakes.cos.requests.length;
    const logs = captureLogs();
    const second = await runBackup(config, fastOptions(logs, options));

    // One listing per domain and area is all the COS traffic.
    expect(fakes.cos.requests.slice(cosBefore).map((r) => r.operation)).toEqual(["GetBucket", "GetBucket"]);

    expect(counts(second)).toMatchObject({ listed: 3, copied: 0, skipped: 3, failed: 0 });
    expect(second.bytesCopied).toBe(0);
    expect(fakes.logs.totalRequests).toBe(downloadsBefore);
    expect(
      fakes.cos.count("PutObject") + fakes.cos.count("UploadPart") + fakes.cos.count("InitiateMultipartUpload"),
    ).toBe(uploadsBefore);
    expect(logs.events("skipped").map((r) => r.reason)).toEqual(Array(3).fill("stored-size-matches-listing"));
  });

  test("without list permission the stored sizes come from one HEAD per package", async () => {
    const domain = freshDomain();
    const stored = publishPackage(fakes, { domain, size: 600 });
    const missing = publishPackage(fakes, { domain, size: 700 });
    const overseas = publishPackage(fakes, { domain, size: 800, area: "overseas" });
    listPackages(fakes, [stored, missing, overseas]);
    fakes.cos.seed(BUCKET, stored.key, Buffer.alloc(600));
    fakes.cos.failNext("GetBucket", 403);
    const headsBefore = fakes.cos.count("HeadObject");
    const listingsBefore = fakes.cos.count("GetBucket");
    const logs = captureLogs();

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "global" }),
      fastOptions(logs),
    );

    expect(counts(summary)).toMatchObject({ copied: 2, skipped: 1, failed: 0 });
    // AccessDenied is not retried and not tried again for the other area.
    expect(fakes.cos.count("GetBucket") - listingsBefore).toBe(1);
    expect(fakes.cos.count("HeadObject") - headsBefore).toBe(3);
    expect(logs.events("stored_listing_unavailable")).toEqual([
      expect.objectContaining({ level: "info", prefix: `cdn-logs/${domain}/mainland/`, statusCode: 403 }),
    ]);
    expectStoredComplete(fakes, missing, 700);
    expectStoredComplete(fakes, overseas, 800);
  });

  test("a failing bucket listing falls back to HEAD for that domain and area only", async () => {
    const domain = freshDomain();
    const mainland = publishPackage(fakes, { domain, size: 100 });
    const overseas = publishPackage(fakes, { domain, size: 200, area: "overseas" });
    listPackages(fakes, [mainland, overseas]);
    fakes.cos.failNext("GetBucket", 500, COS_SDK_TRIES); // the SDK's own tries; the function adds none
    const headsBefore = fakes.cos.count("HeadObject");
    const logs = captureLogs();

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "global" }),
      fastOptions(logs),
    );

    expect(counts(summary)).toMatchObject({ copied: 2, failed: 0 });
    expect(fakes.cos.count("HeadObject") - headsBefore).toBe(1); // mainland only; overseas was listed
    expect(logs.events("stored_listing_unavailable")).toEqual([
      expect.objectContaining({ level: "warn", prefix: `cdn-logs/${domain}/mainland/`, statusCode: 500 }),
    ]);
  });

  test("the bucket listing covers exactly the days that have packages", async () => {
    const domain = freshDomain();
    const group = `cdn-logs/${domain}/mainland/`;
    for (const day of ["19", "20", "21", "22"])
      fakes.cos.seed(BUCKET, `${group}2026/11/${day}/x.gz`, Buffer.alloc(Number(day)));
    fakes.cos.seed(BUCKET, `cdn-logs/${domain}/mainlandish/2026/11/20/x.gz`, Buffer.alloc(1));
    const store = new CosObjectStore(testConfig(fakes), { timeoutMs: 5_000 });

    const sizes = await store.listSizes(
      group,
      `${group}2026/11/20`,
      (key) => key.slice(group.length, group.length + 10) > "2026/11/21",
    );

    expect([...sizes]).toEqual([
      [`${group}2026/11/20/x.gz`, 20],
      [`${group}2026/11/21/x.gz`, 21],
    ]);
  });

  test("a package that grew since the last copy is copied again", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 1000 });
    listPackages(fakes, [published]);
    const config = testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" });
    await runBackup(config, fastOptions(captureLogs()));
    expectStoredComplete(fakes, published, 1000);

    // The CDN appended to the package: same content seed, larger size, larger FileSize.
    fakes.logs.put(published.path, { size: 1600, seed: published.seed });
    published.entry.FileSize = 1600;
    const logs = captureLogs();
    const summary = await runBackup(config, fastOptions(logs));

    expect(counts(summary)).toMatchObject({ copied: 1, skipped: 0 });
    expect(logs.events("copied")).toEqual([
      expect.objectContaining({ key: published.key, bytes: 1600, replacedBytes: 1000 }),
    ]);
    expectStoredComplete(fakes, published, 1600);
  });

  test("a listing that lags behind the stored copy does not trigger a re-copy", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 900 });
    listPackages(fakes, [published]);
    // An earlier run already stored a larger, later version of the package.
    fakes.cos.seed(BUCKET, published.key, Buffer.alloc(1200));

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      fastOptions(captureLogs()),
    );

    expect(counts(summary)).toMatchObject({ skipped: 1, copied: 0 });
    expect(fakes.logs.requests(published.path)).toBe(0);
  });

  test("unknown FileSize: compares the download's Content-Length with the stored size", async () => {
    const domain = freshDomain();
    const unchanged = publishPackage(fakes, { domain, size: 800, fileSize: null });
    const grown = publishPackage(fakes, { domain, size: 900, fileSize: null });
    listPackages(fakes, [unchanged, grown]);
    const config = testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" });
    await runBackup(config, fastOptions(captureLogs()));
    expectStoredComplete(fakes, unchanged, 800);
    expectStoredComplete(fakes, grown, 900);

    fakes.logs.put(grown.path, { size: 1300, seed: grown.seed });
    const putsBefore = fakes.cos.count("PutObject");
    const logs = captureLogs();
    const summary = await runBackup(config, fastOptions(logs));

    expect(counts(summary)).toMatchObject({ copied: 1, skipped: 1 });
    expect(logs.events("skipped")).toEqual([
      expect.objectContaining({ key: unchanged.key, reason: "stored-size-matches-download", bytes: 800 }),
    ]);
    expect(fakes.cos.count("PutObject")).toBe(putsBefore + 1);
    expectStoredComplete(fakes, grown, 1300);
  });
});

describe("transfer paths", () => {
  test("size <= threshold: one streamed PUT with Content-Length, no extra requests", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 200_000 });
    listPackages(fakes, [published]);
    const logs = captureLogs();
    const headsBefore = fakes.cos.count("HeadObject");

    await runBackup(testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }), fastOptions(logs));

    expect(logs.events("copied")).toEqual([expect.objectContaining({ method: "put", bytes: 200_000, attempts: 1 })]);
    expect(fakes.cos.get(BUCKET, published.key)?.via).toBe("put");
    expect(fakes.cos.get(BUCKET, published.key)?.contentType).toBe("application/gzip");
    // Existence comes from the bucket listing, and the PUT's own Content-Length proves the size.
    expect(fakes.cos.count("HeadObject") - headsBefore).toBe(0);
    expectStoredComplete(fakes, published, 200_000);
  });

  test("size above the threshold: multipart with parts uploaded in order", async () => {
    const domain = freshDomain();
    const size = 5 * 64 * 1024 + 123;
    const published = publishPackage(fakes, { domain, size });
    listPackages(fakes, [published]);
    const partsBefore = fakes.cos.count("UploadPart");
    const headsBefore = fakes.cos.count("HeadObject");
    const logs = captureLogs();

    await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      fastOptions(logs, { simplePutMaxBytes: 100_000, partSizeBytes: 64 * 1024 }),
    );

    expect(logs.events("copied")).toEqual([expect.objectContaining({ method: "multipart", bytes: size })]);
    expect(fakes.cos.count("UploadPart") - partsBefore).toBe(6);
    expect(fakes.cos.count("HeadObject") - headsBefore).toBe(1); // size verification of the assembled object
    expect(fakes.cos.get(BUCKET, published.key)?.via).toBe("multipart");
    expect(fakes.cos.openUploads).toBe(0);
    expectStoredComplete(fakes, published, size);
  });

  test("unknown size (chunked, FileSize null): multipart, or one buffered PUT when it fits one part", async () => {
    const domain = freshDomain();
    const large = publishPackage(fakes, { domain, size: 300_000, fileSize: null, chunked: true });
    const small = publishPackage(fakes, { domain, size: 20_000, fileSize: null, chunked: true });
    listPackages(fakes, [large, small]);
    const logs = captureLogs();

    await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      fastOptions(logs, { partSizeBytes: 64 * 1024 }),
    );

    const methods = Object.fromEntries(logs.events("copied").map((r) => [r.key, r.method]));
    expect(methods).toEqual({ [large.key]: "multipart", [small.key]: "buffered-put" });
    expectStoredComplete(fakes, large, 300_000);
    expectStoredComplete(fakes, small, 20_000);
  });

  test("listed size known but download chunked: multipart, and a body shorter than FileSize is rejected", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 150_000, fileSize: 150_000, chunked: true });
    listPackages(fakes, [published]);
    // First attempt: the chunked body ends cleanly but short of the listed size.
    fakes.logs.put(published.path, { size: 100_000, seed: published.seed, chunked: true });
    const logs = captureLogs();
    const run = runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      fastOptions(logs, {
        partSizeBytes: 64 * 1024,
        // Restore the full package before the retry.
        sleep: async () => {
          fakes.logs.put(published.path, { size: 150_000, seed: published.seed, chunked: true });
        },
      }),
    );
    const summary = await run;

    expect(counts(summary)).toMatchObject({ copied: 1, failed: 0 });
    expect(logs.events("retry")).toEqual([expect.objectContaining({ operation: "copy", code: "DownloadTruncated" })]);
    expect(logs.events("copied")).toEqual([
      expect.objectContaining({ attempts: 2, method: "multipart", bytes: 150_000 }),
    ]);
    expectStoredComplete(fakes, published, 150_000);
  });
});

describe("failures and retries", () => {
  test("download throttling (429) and 5xx are retried, re-opening the download", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 64_000 });
    listPackages(fakes, [published]);
    fakes.logs.failNext(published.path, { kind: "status", status: 429 });
    fakes.logs.failNext(published.path, { kind: "status", status: 503 });
    const logs = captureLogs();

    await runBackup(testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }), fastOptions(logs));

    expect(fakes.logs.requests(published.path)).toBe(3);
    expect(logs.events("retry").map((r) => r.statusCode)).toEqual([429, 503]);
    expect(logs.events("copied")).toEqual([expect.objectContaining({ attempts: 3 })]);
    expectStoredComplete(fakes, published, 64_000);
  });

  test.each([
    ["reset mid-stream", { kind: "reset", afterBytes: 150_000 }],
    ["truncated body (Content-Length larger than the body)", { kind: "truncate", afterBytes: 150_000 }],
  ] as const)("streamed PUT: %s is retried and the partial body is never stored", async (_name, fault) => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 400_000 });
    listPackages(fakes, [published]);
    fakes.logs.failNext(published.path, fault);
    const incompleteBefore = fakes.cos.incompleteBodies;
    const logs = captureLogs();

    await runBackup(testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }), fastOptions(logs));

    expect(logs.events("copied")).toEqual([expect.objectContaining({ attempts: 2, method: "put", bytes: 400_000 })]);
    expect(logs.events("retry")).toEqual([
      expect.objectContaining({ operation: "copy", code: expect.stringMatching(/^Download/) }),
    ]);
    expect(fakes.cos.incompleteBodies).toBeGreaterThan(incompleteBefore);
    expectStoredComplete(fakes, published, 400_000);
  });

  test("a download shorter than the listed FileSize is retried before anything is uploaded", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 50_000 });
    listPackages(fakes, [published]);
    fakes.logs.failNext(published.path, { kind: "short", bytes: 30_000 });
    const putsBefore = fakes.cos.count("PutObject");
    const logs = captureLogs();

    await runBackup(testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }), fastOptions(logs));

    expect(logs.events("retry")).toEqual([
      expect.objectContaining({ code: "DownloadTruncated", error: expect.stringContaining("30000") }),
    ]);
    expect(fakes.cos.count("PutObject") - putsBefore).toBe(1);
    expectStoredComplete(fakes, published, 50_000);
  });

  test("multipart: a reset mid-download aborts the upload and the retry stores the whole file", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 500_000 });
    listPackages(fakes, [published]);
    fakes.logs.failNext(published.path, { kind: "reset", afterBytes: 300_000 });
    const abortsBefore = fakes.cos.count("AbortMultipartUpload");
    const logs = captureLogs();

    await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      fastOptions(logs, { simplePutMaxBytes: 100_000, partSizeBytes: 64 * 1024 }),
    );

    expect(fakes.cos.count("AbortMultipartUpload") - abortsBefore).toBe(1);
    expect(fakes.cos.openUploads).toBe(0);
    expect(logs.events("copied")).toEqual([expect.objectContaining({ attempts: 2, method: "multipart" })]);
    expectStoredComplete(fakes, published, 500_000);
  });

  test("multipart: a download that breaks while the upload is still being initiated is abandoned cleanly", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 400_000 });
    listPackages(fakes, [published]);
    // Initiation takes long enough for several parts to open (and their bodies to be fed)
    // before it returns, and the download breaks in the meantime.
    fakes.cos.delayNext("InitiateMultipartUpload", 150);
    fakes.logs.failNext(published.path, { kind: "truncate", afterBytes: 100_000 });
    const abortsBefore = fakes.cos.count("AbortMultipartUpload");
    const logs = captureLogs();

    await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      fastOptions(logs, { simplePutMaxBytes: 50_000, partSizeBytes: 16 * 1024 }),
    );

    expect(logs.events("copied")).toEqual([expect.objectContaining({ attempts: 2, method: "multipart" })]);
    expect(fakes.cos.count("AbortMultipartUpload") - abortsBefore).toBe(1);
    expect(fakes.cos.openUploads).toBe(0);
    expectStoredComplete(fakes, published, 400_000);
  });

  test("multipart: a part that keeps failing fails the copy once; retries re-read only that part", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 300_000 });
    listPackages(fakes, [published]);
    fakes.cos.failNext("UploadPart", 503, 3); // = maxAttempts; one part, so all hit it
    const abortsBefore = fakes.cos.count("AbortMultipartUpload");
    const partsBefore = fakes.cos.count("UploadPart");
    const logs = captureLogs();

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      fastOptions(logs, { simplePutMaxBytes: 100_000, partSizeBytes: 512 * 1024 }),
    );

    expect(summary.failed).toBe(1);
    // The streamed attempt, then two resends from ranged re-reads of the part; the part's
    // retries are not multiplied by the copy-level retry.
    expect(fakes.logs.requests(published.path)).toBe(3);
    expect(fakes.logs.ranges(published.path)).toEqual(["bytes=0-299999", "bytes=0-299999"]);
    // One copy attempt; its part used up its own three attempts.
    expect(logs.events("failed")).toEqual([
      expect.objectContaining({ key: published.key, statusCode: 503, attempts: 1 }),
    ]);
    expect(fakes.cos.count("UploadPart") - partsBefore).toBe(3);
    expect(fakes.cos.count("AbortMultipartUpload") - abortsBefore).toBe(1);
    expect(fakes.cos.openUploads).toBe(0);
    expect(fakes.cos.get(BUCKET, published.key)).toBeUndefined();
  });

  test("a download that keeps breaking is reported failed, never stored, and other files still copy", async () => {
    const domain = freshDomain();
    const brokenPut = publishPackage(fakes, { domain, size: 300_000, startTime: "2026-11-21 00:00:00" });
    const brokenMultipart = publishPackage(fakes, {
      domain,
      size: 300_000,
      startTime: "2026-11-21 00:00:00",
      fileSize: null,
      chunked: true,
    });
    const healthy = publishPackage(fakes, { domain, size: 1000, startTime: "2026-11-21 02:00:00" });
    listPackages(fakes, [brokenPut, brokenMultipart, healthy]);
    fakes.logs.failNext(brokenPut.path, { kind: "truncate", afterBytes: 200_000 }, 3);
    fakes.logs.failNext(brokenMultipart.path, { kind: "reset", afterBytes: 200_000 }, 3);
    const logs = captureLogs();

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland", BACKUP_CONCURRENCY: "1" }),
      fastOptions(logs, { partSizeBytes: 64 * 1024 }),
    );

    expect(counts(summary)).toMatchObject({ listed: 3, copied: 1, failed: 2 });
    expect(fakes.cos.get(BUCKET, brokenPut.key)).toBeUndefined();
    expect(fakes.cos.get(BUCKET, brokenMultipart.key)).toBeUndefined();
    expect(fakes.cos.openUploads).toBe(0);
    expectStoredComplete(fakes, healthy, 1000);
    const failed = logs.events("failed");
    expect(failed.map((r) => r.key).sort()).toEqual([brokenMultipart.key, brokenPut.key].sort());
    for (const record of failed)
      expect(record).toMatchObject({ attempts: 3, code: expect.stringMatching(/^Download/) });
    expect(() => assertBackupSucceeded(summary)).toThrow(/2 package\(s\) failed/);
  });

  test("a failed re-copy of a grown package keeps the previous complete copy", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 1000 });
    listPackages(fakes, [published]);
    const config = testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" });
    await runBackup(config, fastOptions(captureLogs()));

    fakes.logs.put(published.path, { size: 2000, seed: published.seed });
    published.entry.FileSize = 2000;
    fakes.logs.failNext(published.path, { kind: "truncate", afterBytes: 1500 }, 3);
    const summary = await runBackup(config, fastOptions(captureLogs()));

    expect(summary.failed).toBe(1);
    expectStoredComplete(fakes, published, 1000);
  });

  test("COS 5xx on a streamed PUT is retried with a fresh download", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 120_000 });
    listPackages(fakes, [published]);
    fakes.cos.failNext("PutObject", 503);
    const logs = captureLogs();

    await runBackup(testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }), fastOptions(logs));

    expect(fakes.logs.requests(published.path)).toBe(2);
    expect(logs.events("retry")).toEqual([expect.objectContaining({ operation: "copy", statusCode: 503 })]);
    expect(logs.events("copied")).toEqual([expect.objectContaining({ attempts: 2 })]);
    expectStoredComplete(fakes, published, 120_000);
  });

  test("COS 5xx on parts, initiate and complete are retried; a failed part is re-read with a Range request", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 300_000 });
    listPackages(fakes, [published]);
    // Parts are stream bodies, which the SDK never retries: the two parts that hit the
    // failures are re-sent from ranged re-reads of their bytes. Initiate and complete have no
    // stream body; the SDK itself repeats those on 5xx.
    fakes.cos.failNext("UploadPart", 500, 2);
    fakes.cos.failNext("InitiateMultipartUpload", 503);
    fakes.cos.failNext("CompleteMultipartUpload", 500);
    const partsBefore = fakes.cos.count("UploadPart");
    const logs = captureLogs();

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      fastOptions(logs, { simplePutMaxBytes: 100_000, partSizeBytes: 64 * 1024 }),
    );

    expect(summary.copied).toBe(1);
    const partRanges = [
      "bytes=0-65535",
      "bytes=65536-131071",
      "bytes=131072-196607",
      "bytes=196608-262143",
      "bytes=262144-299999",
    ];
    const ranges = fakes.logs.ranges(published.path);
    expect(ranges).toHaveLength(2);
    for (const range of ranges) expect(partRanges).toContain(range);
    expect(fakes.logs.requests(published.path)).toBe(1 + 2);
    expect(fakes.cos.count("UploadPart") - partsBefore).toBe(5 + 2); // ceil(300000 / 65536) parts + 2 resends
    expect(logs.events("retry").map((r) => r.statusCode)).toEqual([500, 500]);
    expect(logs.events("copied")).toEqual([expect.objectContaining({ attempts: 1, method: "multipart" })]);
    expectStoredComplete(fakes, published, 300_000);
  });

  test("CompleteMultipartUpload answering 200 with an <Error> body fails the attempt instead of passing as stored", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 300_000 });
    listPackages(fakes, [published]);
    // COS may report a failed completion in the body of a 200 answer; cos-nodejs-sdk-v5 >= 3
    // turns that into an error carrying the body's Code, and the function repeats the completion.
    fakes.cos.failNext("CompleteMultipartUpload", 200);
    const completesBefore = fakes.cos.count("CompleteMultipartUpload");
    const abortsBefore = fakes.cos.count("AbortMultipartUpload");
    const logs = captureLogs();

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland", BACKUP_CONCURRENCY: "1" }),
      fastOptions(logs, { simplePutMaxBytes: 100_000, partSizeBytes: 64 * 1024 }),
    );

    expect(summary.copied).toBe(1);
    expect(logs.events("retry")).toEqual([
      expect.objectContaining({ operation: "copy", code: "InternalError", statusCode: 200 }),
    ]);
    expect(logs.events("copied")).toEqual([expect.objectContaining({ attempts: 1, method: "multipart" })]);
    expect(fakes.cos.count("CompleteMultipartUpload") - completesBefore).toBe(2);
    expect(fakes.cos.count("AbortMultipartUpload") - abortsBefore).toBe(0);
    expect(fakes.cos.openUploads).toBe(0);
    expectStoredComplete(fakes, published, 300_000);
  });

  test("a failed part whose download host ignores Range makes the whole copy start over", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 300_000 });
    listPackages(fakes, [published]);
    fakes.logs.put(published.path, { size: 300_000, seed: published.seed, ranges: false });
    fakes.cos.failNext("UploadPart", 503);
    const abortsBefore = fakes.cos.count("AbortMultipartUpload");
    const logs = captureLogs();

    await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland", BACKUP_CONCURRENCY: "1" }),
      fastOptions(logs, { simplePutMaxBytes: 100_000, partSizeBytes: 64 * 1024 }),
    );

    // Full download, one refused ranged re-read, then a fresh full download.
    expect(fakes.logs.requests(published.path)).toBe(3);
    expect(fakes.cos.count("AbortMultipartUpload") - abortsBefore).toBe(1);
    expect(logs.events("copied")).toEqual([expect.objectContaining({ attempts: 2, method: "multipart" })]);
    expect(
      logs
        .events("retry")
        .filter((r) => r.operation === "copy")
        .map((r) => r.statusCode),
    ).toEqual([503, 503]);
    expect(fakes.cos.openUploads).toBe(0);
    expectStoredComplete(fakes, published, 300_000);
  });

  test("unknown size: a failed part is re-sent from its buffer, without re-downloading", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 300_000, fileSize: null, chunked: true });
    listPackages(fakes, [published]);
    fakes.cos.failNext("UploadPart", 503);
    const partsBefore = fakes.cos.count("UploadPart");
    const logs = captureLogs();

    await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
      fastOptions(logs, { partSizeBytes: 64 * 1024 }),
    );

    expect(fakes.logs.requests(published.path)).toBe(1);
    expect(fakes.cos.count("UploadPart") - partsBefore).toBe(5 + 1);
    expect(logs.events("copied")).toEqual([expect.objectContaining({ attempts: 1, method: "multipart" })]);
    expectStoredComplete(fakes, published, 300_000);
  });

  test("a permanent COS error is reported, the other files still copy, and the handler throws", async () => {
    const domain = freshDomain();
    const denied = publishPackage(fakes, { domain, size: 700, startTime: "2026-11-21 00:00:00" });
    const others = [
      publishPackage(fakes, { domain, size: 800, startTime: "2026-11-21 01:00:00" }),
      publishPackage(fakes, { domain, size: 900, startTime: "2026-11-21 02:00:00" }),
    ];
    listPackages(fakes, [denied, ...others]);
    fakes.cos.failNext("PutObject", 403); // oldest first + concurrency 1: hits `denied`
    const logs = captureLogs();

    const run = handle(
      { Type: "Timer", Time: TRIGGER_TIME },
      { getRemainingTimeInMillis: () => 600_000 },
      {
        env: testEnv(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland", BACKUP_CONCURRENCY: "1" }),
        options: fastOptions(logs),
      },
    );

    await expect(run).rejects.toThrow(new RegExp(`1 package\\(s\\) failed.*${denied.key.replace(/\./g, "\\.")}`));
    expect(logs.events("failed")).toEqual([expect.objectContaining({ key: denied.key, statusCode: 403, attempts: 1 })]);
    expect(fakes.cos.get(BUCKET, denied.key)).toBeUndefined();
    for (const other of others) expectStoredComplete(fakes, other, Number(other.entry.FileSize));
    expect(logs.events("summary")).toEqual([expect.objectContaining({ level: "error", copied: 2, failed: 1 })]);
  });
});

describe("time budget", () => {
  test("packages not started before the safety margin are deferred, not failed", async () => {
    const domain = freshDomain();
    const packages = [0, 1, 2, 3, 4].map((hour) =>
      publishPackage(fakes, {
        domain,
        size: 100,
        startTime: `2026-11-21 0${Math.min(hour, 2)}:00:00`,
        logName: `h${hour}.gz`,
      }),
    );
    listPackages(fakes, packages);
    let left = 120_000;
    let copies = 0;
    const logs = captureLogs();
    // Plenty of time for the first two packages, then below the margin.
    const logger: Logger = {
      info: (event, fields) => {
        logs.logger.info(event, fields);
        if (event === "copied" && ++copies === 2) left = 29_999;
      },
      warn: (event, fields) => logs.logger.warn(event, fields),
      error: (event, fields) => logs.logger.error(event, fields),
    };

    const summary = await runBackup(
      testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland", BACKUP_CONCURRENCY: "1" }),
      fastOptions(logs, { safetyMarginMs: 30_000, remainingTimeMs: () => left, logger }),
    );

    expect(counts(summary)).toMatchObject({ listed: 5, copied: 2, deferred: 3, failed: 0 });
    expect(logs.events("deferred").map((r) => r.key)).toEqual(packages.slice(2).map((p) => p.key));
    expect(() => assertBackupSucceeded(summary)).not.toThrow();
  });

  test("the handler takes the budget from context.getRemainingTimeInMillis", async () => {
    const domain = freshDomain();
    const published = publishPackage(fakes, { domain, size: 100 });
    listPackages(fakes, [published]);
    const logs = captureLogs();

    // 10 s are too few to start a copy: the package is deferred, and a run that copied nothing fails.
    const run = handle(
      { Type: "Timer", Time: TRIGGER_TIME },
      { getRemainingTimeInMillis: () => 10_000 },
      {
        env: testEnv(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
        options: { logger: logs.logger },
      },
    );

    await expect(run).rejects.toThrow(/1 package\(s\) due and none copied before the time budget ran out/);
    expect(logs.events("summary")).toEqual([expect.objectContaining({ listed: 1, copied: 0, deferred: 1 })]);
    expect(fakes.logs.requests(published.path)).toBe(0);
    expect(logs.events("invocation")).toEqual([
      expect.objectContaining({ timeBudgetSource: "getRemainingTimeInMillis" }),
    ]);
  });
});

describe("configuration and credentials", () => {
  test.each([
    ["bucket without APPID", { BACKUP_BUCKET: "cdn-logs" }, /BACKUP_BUCKET="cdn-logs".*APPID/],
    ["bad area", { BACKUP_AREA: "china" }, /BACKUP_AREA="china".*"global"/],
    ["lookback too long", { BACKUP_LOOKBACK_HOURS: "721" }, /BACKUP_LOOKBACK_HOURS="721".*between 1 and 720/],
    ["prefix with leading slash", { BACKUP_PREFIX: "/logs/" }, /BACKUP_PREFIX="\/logs\/".*leading slash/],
    [
      "domain with scheme",
      { BACKUP_DOMAINS: "https://www.example.com" },
      /BACKUP_DOMAINS entry "https:\/\/www.example.com".*scheme/,
    ],
    ["missing credentials", { TENCENTCLOUD_SECRETKEY: undefined }, /TENCENTCLOUD_SECRETKEY is not set/],
    ["concurrency out of range", { BACKUP_CONCURRENCY: "64" }, /BACKUP_CONCURRENCY="64".*between 1 and 32/],
  ])("%s is rejected before any request", async (_name, overrides, message) => {
    const before = requestCount(fakes);
    const logs = captureLogs();

    const run = handle(
      { Type: "Timer", Time: TRIGGER_TIME },
      {},
      { env: testEnv(fakes, overrides), options: { logger: logs.logger } },
    );

    await expect(run).rejects.toThrow(message);
    expect(requestCount(fakes)).toBe(before);
    expect(logs.events("config_invalid")).toHaveLength(1);
  });

  test("requests are signed with the role's keys and session token, and no secret is logged", async () => {
    const domain = freshDomain();
    const ok = publishPackage(fakes, { domain, size: 100 });
    const failing = publishPackage(fakes, { domain, size: 100 });
    listPackages(fakes, [ok, failing]);
    fakes.logs.failNext(failing.path, { kind: "status", status: 403 });
    const cosBefore = fakes.cos.requests.length;
    const logs = captureLogs();

    await runBackup(testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }), fastOptions(logs));

    const [cdnRequest] = fakes.cdn.requestsFor(domain);
    expect(cdnRequest?.authorization).toMatch(new RegExp(`^TC3-HMAC-SHA256 Credential=${SECRET_ID}/`));
    expect(cdnRequest?.token).toBe(SESSION_TOKEN);
    const cosRequests = fakes.cos.requests.slice(cosBefore);
    expect(cosRequests.length).toBeGreaterThan(0);
    for (const request of cosRequests) {
      expect(request.authorization).toContain(`q-ak=${SECRET_ID}`);
      expect(request.securityToken).toBe(SESSION_TOKEN);
    }
    const text = logs.text();
    expect(logs.events("failed")).toEqual([expect.objectContaining({ key: failing.key, statusCode: 403 })]);
    for (const secret of [SECRET_ID, SECRET_KEY, SESSION_TOKEN, "sign=", "SIGNATURE"])
      expect(text).not.toContain(secret);
  });

  test("every log line is one JSON object with the documented per-file fields", async () => {
    const domain = freshDomain();
    listPackages(fakes, [publishPackage(fakes, { domain, size: 321 })]);
    const lines: string[] = [];
    const spy = jest.spyOn(console, "log").mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    try {
      // No logger option: the default stdout sink is used.
      await handle(
        { Type: "Timer", Time: TRIGGER_TIME },
        { time_limit_in_ms: 900_000 },
        {
          env: testEnv(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
        },
      );
    } finally {
      spy.mockRestore();
    }

    const records = lines.map((line) => {
      expect(line).not.toContain("\n");
      return JSON.parse(line) as Record<string, unknown>;
    });
    expect(records.find((r) => r.event === "invocation")).toMatchObject({ timeBudgetSource: "time_limit_in_ms" });
    expect(records.find((r) => r.event === "copied")).toEqual({
      ts: expect.any(String),
      level: "info",
      event: "copied",
      key: expect.stringContaining(`${domain}/mainland/2026/11/21/`),
      bytes: 321,
      attempts: 1,
      ms: expect.any(Number),
      method: "put",
    });
    // The summary, then the run status object for verify.
    expect(records[records.length - 1]).toMatchObject({ event: "run_status_written", outcome: "succeeded" });
    expect(records[records.length - 2]).toMatchObject({
      event: "summary",
      listed: 1,
      copied: 1,
      skipped: 0,
      failed: 0,
      deferred: 0,
      bytesCopied: 321,
    });
  });
});
