/**
 * Injected faults found by the fault harness of issue #11, one test per failure class, each with the total number of
 * requests the function makes for it (these totals are what functions/cdn-log-backup/README.md documents).
 */
import { runBackup, type BackupSummary } from "../../functions/cdn-log-backup/src";
import { createDownloadAgents, openDownload } from "../../functions/cdn-log-backup/src/download";
import { bodySha256 } from "./fakes/content";
import {
  BUCKET,
  captureLogs,
  fastOptions,
  listPackages,
  publishPackage,
  startFakes,
  stopFakes,
  testConfig,
  type Fakes,
  type PublishedPackage,
} from "./helpers";

let fakes: Fakes;

beforeAll(async () => {
  fakes = await startFakes();
});

afterAll(async () => {
  await stopFakes(fakes);
});

let domainCounter = 0;
function freshDomain(): string {
  domainCounter += 1;
  return `f${domainCounter}.example.com`;
}

const MiB = 1024 * 1024;

function expectStoredComplete(published: PublishedPackage, size: number): void {
  const stored = fakes.cos.get(BUCKET, published.key);
  expect(stored).toBeDefined();
  expect(stored?.size).toBe(size);
  expect(stored?.sha256).toBe(bodySha256(published.seed, size));
}

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
    expectStoredComplete(published, size);
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
        { idleTimeoutMs: 5_000, maxRedirects: 0, ...agents },
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
