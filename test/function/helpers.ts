/**
 * Shared wiring for the function tests: the three fake servers, an environment pointing at them,
 * log capture, and a helper that publishes a package on the fake log host and lists it in the
 * fake CDN API.
 */
import {
  parseConfig,
  type BackupConfig,
  type BackupOptions,
  type Logger,
  type LogRecord,
} from "../../functions/cdn-log-backup/src";
import { createLogger } from "../../functions/cdn-log-backup/src/logger";
import { FakeCdnApi, type FakeDomainLog } from "./fakes/cdn-api";
import { bodySha256 } from "./fakes/content";
import { FakeCos } from "./fakes/cos";
import { FakeLogHost } from "./fakes/log-host";

export const BUCKET = "cdn-logs-1250000000";
export const SECRET_ID = "AKIDfakeSecretIdForTests0000000000";
export const SECRET_KEY = "fakeSecretKeyForTests-DO-NOT-LOG-0000";
export const SESSION_TOKEN = "fakeSessionToken-DO-NOT-LOG-0000";

/** 2026-11-20T19:00:00Z is 2026-11-21 03:00:00 in Beijing: the window crosses a date line. */
export const TRIGGER_TIME = "2026-11-20T19:00:00Z";

export interface Fakes {
  readonly cdn: FakeCdnApi;
  readonly logs: FakeLogHost;
  readonly cos: FakeCos;
}

export async function startFakes(): Promise<Fakes> {
  const [cdn, logs, cos] = await Promise.all([
    new FakeCdnApi().start(),
    new FakeLogHost().start(),
    new FakeCos().start(),
  ]);
  return { cdn, logs, cos };
}

export async function stopFakes(fakes: Fakes | undefined): Promise<void> {
  if (fakes === undefined) return;
  await Promise.all([fakes.cdn.close(), fakes.logs.close(), fakes.cos.close()]);
}

/**
 * Starts the three fakes before the file's tests and stops them after. The returned object is filled in by then, so
 * tests (not the file's top level) may use it like the result of {@link startFakes}.
 */
export function useFakes(): Fakes {
  const fakes = {} as { cdn: FakeCdnApi; logs: FakeLogHost; cos: FakeCos };
  beforeAll(async () => {
    Object.assign(fakes, await startFakes());
  });
  afterAll(async () => {
    await stopFakes(fakes.cdn === undefined ? undefined : fakes);
  });
  return fakes;
}

/** Expects the package stored in the fake COS whole: `size` bytes with the content the log host served. */
export function expectStoredComplete(fakes: Fakes, published: PublishedPackage, size: number): void {
  const stored = fakes.cos.get(BUCKET, published.key);
  expect(stored).toBeDefined();
  expect(stored?.size).toBe(size);
  expect(stored?.sha256).toBe(bodySha256(published.seed, size));
}

/** Total requests received by all three fakes. */
export function requestCount(fakes: Fakes): number {
  return fakes.cdn.requests.length + fakes.logs.totalRequests + fakes.cos.requests.length;
}

export function testEnv(fakes: Fakes, overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    BACKUP_DOMAINS: "www.example.com",
    BACKUP_BUCKET: BUCKET,
    BACKUP_REGION: "ap-guangzhou",
    BACKUP_PREFIX: "cdn-logs/",
    BACKUP_AREA: "global",
    BACKUP_LOOKBACK_HOURS: "24",
    TENCENTCLOUD_SECRETID: SECRET_ID,
    TENCENTCLOUD_SECRETKEY: SECRET_KEY,
    TENCENTCLOUD_SESSIONTOKEN: SESSION_TOKEN,
    BACKUP_CDN_ENDPOINT: fakes.cdn.endpoint,
    BACKUP_COS_ENDPOINT: fakes.cos.endpoint,
    // The test seam of the download allowlist: accepted only because both endpoints above are loopback.
    BACKUP_EXTRA_LOG_HOSTS: fakes.logs.endpoint,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export function testConfig(fakes: Fakes, overrides: Record<string, string | undefined> = {}): BackupConfig {
  return parseConfig(testEnv(fakes, overrides));
}

export interface CapturedLogs {
  readonly logger: Logger;
  readonly records: LogRecord[];
  /** Records with the given event name. */
  events(event: string): LogRecord[];
  /** Everything logged, serialised exactly as the function would print it. */
  text(): string;
}

export function captureLogs(): CapturedLogs {
  const records: LogRecord[] = [];
  return {
    logger: createLogger((record) => records.push(record)),
    records,
    events: (event) => records.filter((record) => record.event === event),
    text: () => records.map((record) => JSON.stringify(record)).join("\n"),
  };
}

/** Millisecond backoff so retries do not slow the suite down. */
export function fastOptions(logs: CapturedLogs, extra: BackupOptions = {}): BackupOptions {
  return {
    triggerTime: new Date(TRIGGER_TIME),
    logger: logs.logger,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 4 },
    downloadIdleTimeoutMs: 5_000,
    cosTimeoutMs: 10_000,
    ...extra,
  };
}

export interface PackageSpec {
  readonly domain?: string;
  readonly area?: "mainland" | "overseas";
  /** Beijing time, `YYYY-MM-DD HH:00:00`; inside the default test window. */
  readonly startTime?: string;
  readonly logName?: string;
  readonly size: number;
  /** Listed FileSize; defaults to `size`; null models an unknown size. */
  readonly fileSize?: number | null;
  readonly chunked?: boolean;
}

export interface PublishedPackage {
  readonly entry: FakeDomainLog;
  /** Path on the fake log host. */
  readonly path: string;
  /** Content seed (see fakes/content.ts). */
  readonly seed: string;
  /** Where the function should store it with prefix "cdn-logs/". */
  readonly key: string;
}

let packageCounter = 0;

export function publishPackage(fakes: Fakes, spec: PackageSpec): PublishedPackage {
  packageCounter += 1;
  const domain = spec.domain ?? "www.example.com";
  const area = spec.area ?? "mainland";
  const startTime = spec.startTime ?? "2026-11-21 01:00:00";
  const [date = "", time = ""] = startTime.split(" ");
  const logName = spec.logName ?? `${date.replace(/-/g, "")}${time.slice(0, 2)}-${packageCounter}-${domain}.gz`;
  const path = `/${area}/${domain}/${packageCounter}/${logName}`;
  const endHour = String(Number(time.slice(0, 2)) + 1).padStart(2, "0");
  const entry: FakeDomainLog = {
    StartTime: startTime,
    EndTime: `${date} ${endHour}:00:00`,
    LogPath: fakes.logs.url(path),
    Area: area,
    LogName: logName,
    FileSize: spec.fileSize === undefined ? spec.size : spec.fileSize,
  };
  fakes.logs.put(path, { size: spec.size, seed: path, ...(spec.chunked ? { chunked: true } : {}) });
  const [year, month, day] = date.split("-");
  return { entry, path, seed: path, key: `cdn-logs/${domain}/${area}/${year}/${month}/${day}/${logName}` };
}

/** Publishes the packages and lists all of them for their domains in the fake CDN API. */
export function listPackages(fakes: Fakes, packages: readonly PublishedPackage[]): void {
  const byDomain = new Map<string, FakeDomainLog[]>();
  for (const published of packages) {
    const domain = published.key.split("/")[1] ?? "";
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), published.entry]);
  }
  for (const [domain, entries] of byDomain) fakes.cdn.setLogs(domain, entries);
}

/** A generator of fresh domains (`<prefix>1.example.com`, ...): one per test keeps listings and keys independent. */
export function domainSequence(prefix: string): () => string {
  let count = 0;
  return () => {
    count += 1;
    return `${prefix}${count}.example.com`;
  };
}
