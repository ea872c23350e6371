/**
 * Pure building blocks of the function: configuration parsing, Beijing-time window, key layout,
 * retry/backoff, the concurrency pool and the time budget.
 */
import {
  ConfigError,
  computeWindow,
  formatBeijingTime,
  objectKeyFor,
  parseConfig,
  remainingTimeFromContext,
  resolveTriggerTime,
} from "../../functions/cdn-log-backup/src";
import {
  listLogPackages,
  isRetryableCdnError,
  type CdnLogApi,
  type DescribeCdnDomainLogsRequest,
} from "../../functions/cdn-log-backup/src/cdn-logs";
import { isRetryableCosError } from "../../functions/cdn-log-backup/src/cos-storage";
import { LengthCheckedStream } from "../../functions/cdn-log-backup/src/download";
import { TransferError } from "../../functions/cdn-log-backup/src/errors";
import { redactUrl } from "../../functions/cdn-log-backup/src/logger";
import { runPool } from "../../functions/cdn-log-backup/src/pool";
import { AttemptsExhaustedError, backoffDelay, withRetry } from "../../functions/cdn-log-backup/src/retry";

const VALID_ENV = {
  BACKUP_DOMAINS: "www.example.com, IMG.example.com",
  BACKUP_BUCKET: "cdn-logs-1250000000",
  BACKUP_REGION: "ap-guangzhou",
  BACKUP_PREFIX: "cdn-logs/",
  BACKUP_AREA: "global",
  BACKUP_LOOKBACK_HOURS: "48",
  TENCENTCLOUD_SECRETID: "AKIDsecretid",
  TENCENTCLOUD_SECRETKEY: "super-secret-key",
  TENCENTCLOUD_SESSIONTOKEN: "super-secret-token",
};

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  test("parses a complete environment", () => {
    expect(parseConfig(VALID_ENV)).toEqual({
      domains: ["www.example.com", "img.example.com"],
      bucket: "cdn-logs-1250000000",
      region: "ap-guangzhou",
      prefix: "cdn-logs/",
      area: "global",
      areas: ["mainland", "overseas"],
      lookbackHours: 48,
      concurrency: 4,
      memoryBudgetMiB: 192,
      credentials: { secretId: "AKIDsecretid", secretKey: "super-secret-key", sessionToken: "super-secret-token" },
      extraLogHosts: [],
      loopbackLogHosts: [],
    });
  });

  test("optional values: root prefix, explicit concurrency, single area, permanent keys, endpoints", () => {
    const config = parseConfig({
      ...VALID_ENV,
      BACKUP_PREFIX: "",
      BACKUP_CONCURRENCY: "32",
      BACKUP_AREA: "overseas",
      TENCENTCLOUD_SESSIONTOKEN: undefined,
      BACKUP_CDN_ENDPOINT: "127.0.0.1:8080",
      BACKUP_COS_ENDPOINT: "localhost:9000",
    });
    expect(config).toMatchObject({
      prefix: "",
      concurrency: 32,
      areas: ["overseas"],
      credentials: { secretId: "AKIDsecretid", secretKey: "super-secret-key" },
      cdnEndpoint: "127.0.0.1:8080",
      cosEndpoint: "localhost:9000",
      // Unset budget: the construct's default, or 16 MiB per copy when that is more.
      memoryBudgetMiB: 512,
    });
    expect(config.credentials.sessionToken).toBeUndefined();
  });

  test("BACKUP_MEMORY_BUDGET_MB: 16 MiB per copy is the least accepted", () => {
    expect(parseConfig({ ...VALID_ENV, BACKUP_MEMORY_BUDGET_MB: "64" }).memoryBudgetMiB).toBe(64);
    expect(parseConfig({ ...VALID_ENV, BACKUP_CONCURRENCY: "1", BACKUP_MEMORY_BUDGET_MB: "16" }).memoryBudgetMiB).toBe(
      16,
    );
    expect(problemsOf({ ...VALID_ENV, BACKUP_CONCURRENCY: "1", BACKUP_MEMORY_BUDGET_MB: "15" })).toEqual([
      expect.stringContaining('BACKUP_MEMORY_BUDGET_MB="15" is invalid'),
    ]);
  });

  test("accepts wildcard CDN domains", () => {
    expect(parseConfig({ ...VALID_ENV, BACKUP_DOMAINS: "*.example.com" }).domains).toEqual(["*.example.com"]);
  });

  test.each([
    ["BACKUP_DOMAINS", undefined, /BACKUP_DOMAINS is not set.*comma-separated/],
    ["BACKUP_DOMAINS", "www.example.com,,img.example.com", /empty entry.*stray comma/],
    [
      "BACKUP_DOMAINS",
      "www.example.com,WWW.example.com",
      /lists "www.example.com" more than once: remove the duplicate/,
    ],
    [
      "BACKUP_DOMAINS",
      "www.example.com/logs",
      /"www.example.com\/logs" is not a valid CDN domain \(a host name has no path/,
    ],
    ["BACKUP_DOMAINS", "localhost", /"localhost".*at least two labels/],
    ["BACKUP_DOMAINS", "bad_name.example.com", /label "bad_name"/],
    ["BACKUP_DOMAINS", "10.0.0.1", /IP address/],
    ["BACKUP_BUCKET", "Logs-1250000000", /BACKUP_BUCKET="Logs-1250000000" is not a COS bucket name.*lower-case/],
    ["BACKUP_BUCKET", "logs-125", /BACKUP_BUCKET="logs-125".*APPID/],
    ["BACKUP_REGION", "cos.ap-guangzhou", /BACKUP_REGION="cos.ap-guangzhou" is not a COS region.*"ap-guangzhou"/],
    ["BACKUP_REGION", undefined, /BACKUP_REGION is not set/],
    ["BACKUP_PREFIX", "cdn-logs", /BACKUP_PREFIX="cdn-logs" does not end with "\/".*"cdn-logs\/"/],
    ["BACKUP_PREFIX", "a//b/", /empty, "." or ".." path segment/],
    ["BACKUP_PREFIX", "a/../", /empty, "." or ".." path segment/],
    ["BACKUP_AREA", "Global", /BACKUP_AREA="Global" is not a CDN area.*lower case/],
    ["BACKUP_AREA", undefined, /BACKUP_AREA is not set/],
    ["BACKUP_LOOKBACK_HOURS", "0", /BACKUP_LOOKBACK_HOURS="0" is invalid.*between 1 and 720/],
    ["BACKUP_LOOKBACK_HOURS", "24h", /BACKUP_LOOKBACK_HOURS="24h" is invalid/],
    ["BACKUP_LOOKBACK_HOURS", "1.5", /BACKUP_LOOKBACK_HOURS="1.5" is invalid/],
    ["BACKUP_LOOKBACK_HOURS", undefined, /BACKUP_LOOKBACK_HOURS is not set/],
    ["BACKUP_CONCURRENCY", "0", /BACKUP_CONCURRENCY="0" is invalid.*default of 4/],
    ["TENCENTCLOUD_SECRETID", "", /TENCENTCLOUD_SECRETID is not set.*execution role/],
    [
      "BACKUP_MEMORY_BUDGET_MB",
      "63",
      /BACKUP_MEMORY_BUDGET_MB="63" is invalid: the copies need 16 MiB each: set it to a whole number from 64 \(4 x 16\)/,
    ],
    ["BACKUP_MEMORY_BUDGET_MB", "3073", /BACKUP_MEMORY_BUDGET_MB="3073" is invalid/],
    ["BACKUP_MEMORY_BUDGET_MB", "1e3", /BACKUP_MEMORY_BUDGET_MB="1e3" is invalid/],
    [
      "BACKUP_CDN_ENDPOINT",
      "http://127.0.0.1:8080",
      /BACKUP_CDN_ENDPOINT="http:\/\/127.0.0.1:8080" is not a loopback host\[:port\].*test-only/,
    ],
  ])("%s=%j is rejected with the variable, the value and a fix", (name, value, message) => {
    const problems = problemsOf({ ...VALID_ENV, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  test("reports every problem at once and never echoes secrets", () => {
    let caught: unknown;
    try {
      parseConfig({ ...VALID_ENV, BACKUP_BUCKET: "x", BACKUP_AREA: "asia", TENCENTCLOUD_SECRETID: undefined });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/^Invalid cdn-log-backup configuration \(3 problems\):/);
    expect(error.message).not.toContain("super-secret");
  });
});

describe("Beijing time window", () => {
  test("formats instants as Beijing wall-clock time", () => {
    expect(formatBeijingTime(new Date("2026-11-20T19:00:00Z"))).toBe("2026-11-21 03:00:00");
    expect(formatBeijingTime(new Date("2026-12-31T16:00:00.999Z"))).toBe("2027-01-01 00:00:00");
    expect(formatBeijingTime(new Date("2024-02-28T16:30:05Z"))).toBe("2024-02-29 00:30:05");
  });

  test("window is [trigger - lookback, trigger], independent of the process TZ", () => {
    // The arithmetic only uses epoch values and UTC getters; this pins the results for a trigger
    // whose UTC and Beijing dates differ (and for a DST transition day in other zones).
    expect(computeWindow(new Date("2026-11-20T19:00:00Z"), 24)).toMatchObject({
      startTime: "2026-11-20 03:00:00",
      endTime: "2026-11-21 03:00:00",
    });
    expect(computeWindow(new Date("2026-03-08T07:30:00Z"), 720)).toMatchObject({
      startTime: "2026-02-06 15:30:00",
      endTime: "2026-03-08 15:30:00",
    });
  });

  test("trigger time comes from the event, read as UTC even without a zone designator", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    expect(resolveTriggerTime("2026-11-20T19:00:00Z", now)).toEqual({
      time: new Date("2026-11-20T19:00:00Z"),
      source: "event",
    });
    expect(resolveTriggerTime("2026-11-20T19:00:00", now).time.toISOString()).toBe("2026-11-20T19:00:00.000Z");
    expect(resolveTriggerTime("2026-11-21T03:00:00+0800", now).time.toISOString()).toBe("2026-11-20T19:00:00.000Z");
    expect(resolveTriggerTime("2026-11-21T03:00:00+08:00", now).time.toISOString()).toBe("2026-11-20T19:00:00.000Z");
  });

  test.each([undefined, "", "yesterday", "2026-13-45T99:00:00Z", 1767225600])(
    "falls back to the clock for %j",
    (time) => {
      const now = new Date("2030-01-01T00:00:00Z");
      expect(resolveTriggerTime(time, now)).toEqual({ time: now, source: "clock" });
    },
  );
});

describe("key layout", () => {
  test("<prefix><domain>/<area>/<YYYY>/<MM>/<DD>/<LogName>", () => {
    const parts = {
      prefix: "cdn-logs/",
      domain: "www.example.com",
      startTime: "2026-11-21 00:00:00",
      logName: "2026112100-www.example.com.gz",
    };
    expect(objectKeyFor({ ...parts, area: "mainland" })).toBe(
      "cdn-logs/www.example.com/mainland/2026/11/21/2026112100-www.example.com.gz",
    );
    expect(objectKeyFor({ ...parts, area: "overseas" })).toBe(
      "cdn-logs/www.example.com/overseas/2026/11/21/2026112100-www.example.com.gz",
    );
    expect(objectKeyFor({ ...parts, prefix: "", area: "mainland" })).toBe(
      "www.example.com/mainland/2026/11/21/2026112100-www.example.com.gz",
    );
  });

  test.each([
    ["a bad StartTime", { startTime: "21/11/2026", logName: "x.gz" }, /StartTime "21\/11\/2026"/],
    [
      "a LogName with a slash",
      { startTime: "2026-11-21 00:00:00", logName: "../x.gz" },
      /cannot be used as a key segment/,
    ],
    ["an empty LogName", { startTime: "2026-11-21 00:00:00", logName: "" }, /cannot be used as a key segment/],
  ])("rejects %s", (_name, parts, message) => {
    expect(() => objectKeyFor({ prefix: "", domain: "a.com", area: "mainland", ...parts })).toThrow(message);
  });
});

describe("listing without a server", () => {
  const window = computeWindow(new Date("2026-11-20T19:00:00Z"), 24);

  test("a TotalCount that shrinks while paging ends on the empty page", async () => {
    const calls: DescribeCdnDomainLogsRequest[] = [];
    const api: CdnLogApi = {
      describeCdnDomainLogs: async (request) => {
        calls.push(request);
        if (request.Offset === 0) {
          const DomainLogs = Array.from({ length: 1000 }, (_, i) => ({
            StartTime: "2026-11-21 00:00:00",
            EndTime: "",
            LogPath: `http://h/${i}`,
            Area: "mainland",
            LogName: `${i}.gz`,
            FileSize: 0,
          }));
          return { DomainLogs, TotalCount: 1500 };
        }
        return { DomainLogs: [], TotalCount: 900 };
      },
    };
    const result = await listLogPackages(
      api,
      { domain: "a.com", area: "mainland", window },
      { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } },
    );
    expect(calls.map((c) => c.Offset)).toEqual([0, 1000]);
    expect(result.packages).toHaveLength(1000);
    // FileSize 0 means "not known yet".
    expect(result.packages[0]?.listedSize).toBeUndefined();
  });

  test("entries without a download link are counted as invalid", async () => {
    const api: CdnLogApi = {
      describeCdnDomainLogs: async () => ({
        DomainLogs: [
          {
            StartTime: "2026-11-21 00:00:00",
            EndTime: null,
            LogPath: null,
            Area: "mainland",
            LogName: "a.gz",
            FileSize: null,
          },
          {
            StartTime: "2026-11-21 00:00:00",
            EndTime: null,
            LogPath: "http://h/b",
            Area: null,
            LogName: "b.gz",
            FileSize: 10,
          },
        ],
        TotalCount: 2,
      }),
    };
    const result = await listLogPackages(
      api,
      { domain: "a.com", area: "overseas", window },
      { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } },
    );
    expect(result.invalidEntries).toBe(1);
    expect(result.packages).toEqual([expect.objectContaining({ logName: "b.gz", area: "overseas", listedSize: 10 })]);
  });
});

describe("retry classification", () => {
  const sdkError = (fields: Record<string, unknown>): Error =>
    Object.assign(new Error("x"), { requestId: "", traceId: "t" }, fields);

  test("CDN: throttling, internal errors, 429/5xx and transport failures are retryable", () => {
    expect(isRetryableCdnError(sdkError({ code: "RequestLimitExceeded" }))).toBe(true);
    expect(isRetryableCdnError(sdkError({ code: "RequestLimitExceeded.UinLimitExceeded" }))).toBe(true);
    expect(isRetryableCdnError(sdkError({ code: "InternalError.CdnSystemError" }))).toBe(true);
    expect(isRetryableCdnError(sdkError({ httpCode: 503 }))).toBe(true);
    expect(isRetryableCdnError(sdkError({}))).toBe(true);
    expect(isRetryableCdnError(sdkError({ code: "AuthFailure.SecretIdNotFound" }))).toBe(false);
    expect(isRetryableCdnError(sdkError({ httpCode: 400 }))).toBe(false);
    expect(isRetryableCdnError(new TypeError("bug"))).toBe(false);
  });

  test("COS: 429/5xx, resets and own transfer errors are retryable; 4xx and exhausted inner retries are not", () => {
    expect(isRetryableCosError({ statusCode: 503, code: "ServiceUnavailable" })).toBe(true);
    expect(isRetryableCosError({ statusCode: 429, code: "SlowDown" })).toBe(true);
    expect(isRetryableCosError({ code: "ECONNRESET" })).toBe(true);
    expect(isRetryableCosError({ statusCode: 400, code: "RequestTimeout" })).toBe(true);
    expect(isRetryableCosError(new TransferError("DownloadTruncated", "short", { retryable: true }))).toBe(true);
    expect(isRetryableCosError(new TransferError("DownloadStatus", "404", { retryable: false, statusCode: 404 }))).toBe(
      false,
    );
    expect(isRetryableCosError({ statusCode: 403, code: "AccessDenied" })).toBe(false);
    expect(isRetryableCosError(new AttemptsExhaustedError({ statusCode: 503 }, 5, true))).toBe(false);
  });
});

describe("withRetry", () => {
  const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250 };

  test("backoff doubles per attempt, is capped, and jitters within [cap/2, cap]", () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, policy, () => 0))).toEqual([50, 100, 125, 125]);
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, policy, () => 0.999999))).toEqual([100, 200, 250, 250]);
  });

  test("retries retryable failures until success and reports the attempts", async () => {
    const slept: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async (attempt) => {
        calls += 1;
        if (attempt < 3) throw new Error("flaky");
        return "done";
      },
      () => true,
      policy,
      { sleep: async (ms) => void slept.push(ms), random: () => 0.5 },
    );
    expect(result).toEqual({ value: "done", attempts: 3 });
    expect(calls).toBe(3);
    expect(slept).toEqual([75, 150]);
  });

  test("stops at maxAttempts, or at once for a non-retryable error", async () => {
    const noSleep = { sleep: async () => undefined };
    await expect(
      withRetry(
        async () => Promise.reject(new Error("down")),
        () => true,
        policy,
        noSleep,
      ),
    ).rejects.toMatchObject({
      attempts: 4,
      retryable: true,
      message: "down",
    });
    await expect(
      withRetry(
        async () => Promise.reject(new Error("denied")),
        () => false,
        policy,
        noSleep,
      ),
    ).rejects.toMatchObject({
      attempts: 1,
      retryable: false,
    });
  });
});

describe("runPool", () => {
  test("never runs more than `concurrency` workers at once and runs every item", async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      done.push(item);
      running -= 1;
    });
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  test("stops starting items once the gate closes and returns the rest", async () => {
    const started: string[] = [];
    const { notStarted } = await runPool(
      ["a", "b", "c", "d"],
      2,
      async (item) => void started.push(item),
      () => started.length < 2,
    );
    expect(started).toEqual(["a", "b"]);
    expect(notStarted).toEqual(["c", "d"]);
  });
});

describe("time budget from the SCF context", () => {
  test("prefers getRemainingTimeInMillis, calling it as a method", () => {
    const context = {
      left: 42_000,
      getRemainingTimeInMillis(this: { left: number }): number {
        return this.left;
      },
    };
    const { remaining, source } = remainingTimeFromContext(context, 0);
    expect(source).toBe("getRemainingTimeInMillis");
    expect(remaining()).toBe(42_000);
  });

  test("falls back to time_limit_in_ms (number or string), then to the default budget", () => {
    const clock = (): number => 10_000;
    expect(remainingTimeFromContext({ time_limit_in_ms: 900_000 }, 0, 1, clock).remaining()).toBe(890_000);
    expect(remainingTimeFromContext({ time_limit_in_ms: "60000" }, 0, 1, clock)).toMatchObject({
      source: "time_limit_in_ms",
    });
    const fallback = remainingTimeFromContext({}, 0, 300_000, clock);
    expect(fallback.source).toBe("default");
    expect(fallback.remaining()).toBe(290_000);
    expect(remainingTimeFromContext(undefined, 0, 5_000, clock).remaining()).toBe(-5_000);
  });
});

test("redactUrl drops the signed query string", () => {
  expect(redactUrl("https://log.cdn.example.com/a/b.gz?sign=abc&t=1")).toBe("https://log.cdn.example.com/a/b.gz");
  expect(redactUrl("not a url")).toBe("<unparseable url>");
});

describe("LengthCheckedStream", () => {
  const run = async (expected: number | undefined, chunks: readonly Buffer[]): Promise<number> => {
    const stream = new LengthCheckedStream(expected);
    const done = (async () => {
      let total = 0;
      for await (const chunk of stream) total += (chunk as Buffer).length;
      return total;
    })();
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
    return done;
  };

  test("passes a body of exactly the announced length, or any length when none was announced", async () => {
    await expect(run(10, [Buffer.alloc(4), Buffer.alloc(6)])).resolves.toBe(10);
    await expect(run(undefined, [Buffer.alloc(7)])).resolves.toBe(7);
  });

  test("fails instead of ending when the body is shorter or longer than announced", async () => {
    await expect(run(10, [Buffer.alloc(4)])).rejects.toMatchObject({
      code: "DownloadTruncated",
      retryable: true,
      message: "download ended after 4 of 10 bytes",
    });
    await expect(run(10, [Buffer.alloc(8), Buffer.alloc(8)])).rejects.toMatchObject({ code: "DownloadTruncated" });
  });
});
