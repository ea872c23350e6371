/**
 * Environment contract between the cdktf construct and the function.
 *
 * Everything is validated up front, before any network call, and every problem is reported at
 * once with the variable name, the offending value and how to fix it. Secret values are never
 * echoed back in messages.
 */

/** One of the two separately packaged CDN acceleration areas. */
export type Area = "mainland" | "overseas";

/** Value of BACKUP_AREA: `global` means both mainland and overseas packages. */
export type AreaSetting = Area | "global";

export interface Credentials {
  readonly secretId: string;
  readonly secretKey: string;
  /** Present for the temporary keys of the SCF execution role; absent for permanent keys. */
  readonly sessionToken?: string;
}

export interface BackupConfig {
  /** Lower-cased CDN domains, in the order given. */
  readonly domains: readonly string[];
  /** COS bucket including the APPID suffix, e.g. `logs-1250000000`. */
  readonly bucket: string;
  readonly region: string;
  /** `""` (bucket root) or a prefix ending in `/`. */
  readonly prefix: string;
  readonly area: AreaSetting;
  /** The areas queried and stored separately, derived from {@link area}. */
  readonly areas: readonly Area[];
  readonly lookbackHours: number;
  readonly concurrency: number;
  /** MiB of copy buffers shared by the concurrent copies (BACKUP_MEMORY_BUDGET_MB). */
  readonly memoryBudgetMiB: number;
  readonly credentials: Credentials;
  /** Test-only override of the CDN API endpoint (loopback `host:port`, plain HTTP). */
  readonly cdnEndpoint?: string;
  /** Test-only override of the COS endpoint (loopback `host:port`, plain HTTP, path-style). */
  readonly cosEndpoint?: string;
  /** Log download hosts allowed on top of the built-in ones (lower-case DNS names). */
  readonly extraLogHosts: readonly string[];
  /** Test seam: loopback `host:port` log hosts, only ever set when both endpoint overrides are loopback. */
  readonly loopbackLogHosts: readonly string[];
}

export type EnvSource = Readonly<Record<string, string | undefined>>;

export const ENV = {
  domains: "BACKUP_DOMAINS",
  bucket: "BACKUP_BUCKET",
  region: "BACKUP_REGION",
  prefix: "BACKUP_PREFIX",
  area: "BACKUP_AREA",
  lookbackHours: "BACKUP_LOOKBACK_HOURS",
  concurrency: "BACKUP_CONCURRENCY",
  memoryBudget: "BACKUP_MEMORY_BUDGET_MB",
  secretId: "TENCENTCLOUD_SECRETID",
  secretKey: "TENCENTCLOUD_SECRETKEY",
  sessionToken: "TENCENTCLOUD_SESSIONTOKEN",
  cdnEndpoint: "BACKUP_CDN_ENDPOINT",
  cosEndpoint: "BACKUP_COS_ENDPOINT",
  extraLogHosts: "BACKUP_EXTRA_LOG_HOSTS",
} as const;

export const DEFAULT_CONCURRENCY = 4;
/** The construct's default: 256 MB of function memory minus 64 MB for the runtime. */
export const DEFAULT_MEMORY_BUDGET_MIB = 192;
/** Every copy needs buffers for at least two 8 MiB parts. */
export const MIN_COPY_BUFFER_MIB = 16;
export const MAX_CONCURRENCY = 32;
/** CDN keeps log packages for 30 days; looking back further can never find anything. */
export const MAX_LOOKBACK_HOURS = 720;

/** Thrown by {@link parseConfig}; `problems` holds one message per bad variable. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `Invalid cdn-log-backup configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((problem) => `  - ${problem}`).join("\n"),
    );
    this.name = "ConfigError";
    this.problems = problems;
  }
}

const BUCKET_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?-[0-9]{10}$/;
// COS regions look like ap-guangzhou, ap-beijing-1, na-siliconvalley, ap-shanghai-fsi.
const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)+$/;
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
// Loopback host with an optional port: the only form the test-only endpoint overrides (and test log hosts) take.
const LOOPBACK_ENDPOINT = /^(localhost|127\.(?:\d{1,3})\.(?:\d{1,3})\.(?:\d{1,3})|\[::1\])(?::(\d{1,5}))?$/i;

/** Parses and validates the function's environment. Pure: reads only `env`. */
export function parseConfig(env: EnvSource): BackupConfig {
  const problems: string[] = [];

  const domains = parseDomains(env[ENV.domains], problems);
  const bucket = parseBucket(env[ENV.bucket], problems);
  const region = parseRegion(env[ENV.region], problems);
  const prefix = parsePrefix(env[ENV.prefix], problems);
  const area = parseArea(env[ENV.area], problems);
  const lookbackHours = parseInteger(env[ENV.lookbackHours], {
    name: ENV.lookbackHours,
    min: 1,
    max: MAX_LOOKBACK_HOURS,
    required: true,
    fix: `set it to a whole number of hours between 1 and ${MAX_LOOKBACK_HOURS}, e.g. "48" (CDN keeps packages for 30 days = 720 h, and a package keeps growing for up to ~24 h)`,
    problems,
  });
  const concurrency =
    parseInteger(env[ENV.concurrency], {
      name: ENV.concurrency,
      min: 1,
      max: MAX_CONCURRENCY,
      required: false,
      fix: `set it to a whole number between 1 and ${MAX_CONCURRENCY}, or leave it unset for the default of ${DEFAULT_CONCURRENCY}`,
      problems,
    }) ?? DEFAULT_CONCURRENCY;
  const memoryBudgetMiB =
    parseInteger(env[ENV.memoryBudget], {
      name: ENV.memoryBudget,
      min: concurrency * MIN_COPY_BUFFER_MIB,
      max: 3072,
      required: false,
      fix: `the copies need ${MIN_COPY_BUFFER_MIB} MiB each: set it to a whole number from ${concurrency * MIN_COPY_BUFFER_MIB} (${concurrency} x ${MIN_COPY_BUFFER_MIB}) to 3072, or lower ${ENV.concurrency}; the construct sets it to memorySize - 64`,
      problems,
    }) ?? Math.max(DEFAULT_MEMORY_BUDGET_MIB, concurrency * MIN_COPY_BUFFER_MIB);
  const credentials = parseCredentials(env, problems);
  const cdnEndpoint = parseEndpoint(env[ENV.cdnEndpoint], ENV.cdnEndpoint, problems);
  const cosEndpoint = parseEndpoint(env[ENV.cosEndpoint], ENV.cosEndpoint, problems);
  const logHosts = parseLogHosts(
    env[ENV.extraLogHosts],
    cdnEndpoint !== undefined && cosEndpoint !== undefined,
    problems,
  );

  if (
    problems.length > 0 ||
    domains === undefined ||
    bucket === undefined ||
    region === undefined ||
    prefix === undefined ||
    area === undefined ||
    lookbackHours === undefined ||
    credentials === undefined
  ) {
    throw new ConfigError(problems);
  }

  return {
    domains,
    bucket,
    region,
    prefix,
    area,
    areas: area === "global" ? ["mainland", "overseas"] : [area],
    lookbackHours,
    concurrency,
    memoryBudgetMiB,
    credentials,
    ...(cdnEndpoint === undefined ? {} : { cdnEndpoint }),
    ...(cosEndpoint === undefined ? {} : { cosEndpoint }),
    extraLogHosts: logHosts.extra,
    loopbackLogHosts: logHosts.loopback,
  };
}

function show(value: string): string {
  return JSON.stringify(value);
}

function parseDomains(raw: string | undefined, problems: string[]): string[] | undefined {
  const name = ENV.domains;
  if (raw === undefined || raw.trim() === "") {
    problems.push(
      `${name} is not set: list the CDN domains to back up, comma-separated, e.g. "www.example.com,img.example.com".`,
    );
    return undefined;
  }
  const domains: string[] = [];
  const seen = new Set<string>();
  let valid = true;
  for (const item of raw.split(",")) {
    const domain = item.trim().toLowerCase();
    if (domain === "") {
      problems.push(
        `${name}=${show(raw)} contains an empty entry: remove the stray comma so that only domain names remain.`,
      );
      valid = false;
      continue;
    }
    const reason = hostnameProblem(domain);
    if (reason !== undefined) {
      problems.push(
        `${name} entry ${show(item.trim())} is not a valid CDN domain (${reason}): use the accelerated domain exactly as listed in the CDN console, e.g. "www.example.com".`,
      );
      valid = false;
      continue;
    }
    if (seen.has(domain)) {
      problems.push(`${name} lists ${show(domain)} more than once: remove the duplicate.`);
      valid = false;
      continue;
    }
    seen.add(domain);
    domains.push(domain);
  }
  return valid ? domains : undefined;
}

/** Returns why `domain` is not a hostname, or undefined when it is one. */
function hostnameProblem(domain: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(domain)) return "remove the scheme, only the host name is needed";
  if (/[/?#:@\s]/.test(domain)) return "a host name has no path, port, query or spaces";
  if (domain.length > 253) return "longer than 253 characters";
  // CDN supports wildcard domains such as *.example.com; the wildcard may only be the first label.
  const labels = domain.startsWith("*.") ? domain.slice(2).split(".") : domain.split(".");
  if (labels.length < 2) return "needs at least two labels, e.g. example.com";
  for (const label of labels) {
    if (!HOST_LABEL.test(label)) return `label ${show(label)} must be 1-63 letters, digits or inner hyphens`;
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? "")) return "an IP address is not a CDN domain";
  return undefined;
}

function parseBucket(raw: string | undefined, problems: string[]): string | undefined {
  const name = ENV.bucket;
  if (raw === undefined || raw === "") {
    problems.push(
      `${name} is not set: set it to the destination bucket including its APPID, e.g. "cdn-logs-1250000000".`,
    );
    return undefined;
  }
  if (!BUCKET_PATTERN.test(raw)) {
    const hint =
      /^[a-z0-9-]+$/.test(raw) && !/-[0-9]{10}$/.test(raw)
        ? "the APPID suffix is missing"
        : "only lower-case letters, digits and inner hyphens are allowed, followed by -<10-digit APPID>";
    problems.push(
      `${name}=${show(raw)} is not a COS bucket name (${hint}): use the full name shown in the COS console, e.g. "cdn-logs-1250000000".`,
    );
    return undefined;
  }
  return raw;
}

function parseRegion(raw: string | undefined, problems: string[]): string | undefined {
  const name = ENV.region;
  if (raw === undefined || raw === "") {
    problems.push(`${name} is not set: set it to the bucket's COS region, e.g. "ap-guangzhou".`);
    return undefined;
  }
  if (!REGION_PATTERN.test(raw)) {
    problems.push(
      `${name}=${show(raw)} is not a COS region: use the region id of the bucket, e.g. "ap-guangzhou" or "ap-beijing" (not "cos.ap-guangzhou" or a display name).`,
    );
    return undefined;
  }
  return raw;
}

function parsePrefix(raw: string | undefined, problems: string[]): string | undefined {
  const name = ENV.prefix;
  // Unset and empty both mean "bucket root": the construct always sets it, but an explicit ""
  // must not be mistaken for a missing value.
  if (raw === undefined || raw === "") return "";
  const fix = `use "" for the bucket root or a path like "cdn-logs/" (no leading slash, ending with a slash)`;
  if (raw.startsWith("/")) {
    problems.push(`${name}=${show(raw)} starts with "/": COS keys have no leading slash; ${fix}.`);
    return undefined;
  }
  if (!raw.endsWith("/")) {
    problems.push(`${name}=${show(raw)} does not end with "/": ${fix}, e.g. ${show(raw + "/")}.`);
    return undefined;
  }
  const segments = raw.slice(0, -1).split("/");
  if (segments.some((segment) => segment === "" || segment === "." || segment === "..")) {
    problems.push(`${name}=${show(raw)} contains an empty, "." or ".." path segment: ${fix}.`);
    return undefined;
  }
  if (/[\p{Cc}\\]/u.test(raw)) {
    problems.push(`${name}=${show(raw)} contains control characters or backslashes: ${fix}.`);
    return undefined;
  }
  if (raw.length > 512) {
    problems.push(
      `${name} is ${raw.length} characters long: keep the prefix under 512 characters so the full keys stay within COS limits.`,
    );
    return undefined;
  }
  return raw;
}

function parseArea(raw: string | undefined, problems: string[]): AreaSetting | undefined {
  const name = ENV.area;
  const fix = `set it to "global" (mainland and overseas), "mainland" or "overseas"`;
  if (raw === undefined || raw === "") {
    problems.push(`${name} is not set: ${fix}.`);
    return undefined;
  }
  if (raw === "global" || raw === "mainland" || raw === "overseas") return raw;
  problems.push(`${name}=${show(raw)} is not a CDN area: ${fix} (lower case).`);
  return undefined;
}

interface IntegerRule {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly required: boolean;
  readonly fix: string;
  readonly problems: string[];
}

function parseInteger(raw: string | undefined, rule: IntegerRule): number | undefined {
  if (raw === undefined || raw.trim() === "") {
    if (rule.required) rule.problems.push(`${rule.name} is not set: ${rule.fix}.`);
    return undefined;
  }
  const text = raw.trim();
  const value = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < rule.min || value > rule.max) {
    rule.problems.push(`${rule.name}=${show(raw)} is invalid: ${rule.fix}.`);
    return undefined;
  }
  return value;
}

function parseCredentials(env: EnvSource, problems: string[]): Credentials | undefined {
  const secretId = env[ENV.secretId];
  const secretKey = env[ENV.secretKey];
  const sessionToken = env[ENV.sessionToken];
  const fix =
    "give the function an execution role (SCF then injects TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY and TENCENTCLOUD_SESSIONTOKEN with the role's temporary keys)";
  let ok = true;
  // Values are deliberately not included in these messages: they are secrets.
  if (secretId === undefined || secretId.trim() === "") {
    problems.push(`${ENV.secretId} is not set: ${fix}.`);
    ok = false;
  }
  if (secretKey === undefined || secretKey.trim() === "") {
    problems.push(`${ENV.secretKey} is not set: ${fix}.`);
    ok = false;
  }
  if (!ok || secretId === undefined || secretKey === undefined) return undefined;
  return sessionToken !== undefined && sessionToken !== ""
    ? { secretId, secretKey, sessionToken }
    : { secretId, secretKey };
}

/** The loopback `host[:port]` in `raw`, or undefined when it is anything else (another host, a scheme, a path). */
function loopbackEndpoint(raw: string): string | undefined {
  const match = LOOPBACK_ENDPOINT.exec(raw);
  if (match === null) return undefined;
  if (
    (match[1] ?? "")
      .split(".")
      .slice(1)
      .some((octet) => Number(octet) > 255)
  )
    return undefined;
  if (match[2] !== undefined && (Number(match[2]) < 1 || Number(match[2]) > 65535)) return undefined;
  return raw.toLowerCase();
}

/**
 * The test-only endpoint overrides send the function's keys over plain HTTP, so they are honoured for loopback
 * addresses only; anything else fails the run before any request, and is never contacted.
 */
function parseEndpoint(raw: string | undefined, name: string, problems: string[]): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  const endpoint = loopbackEndpoint(raw);
  if (endpoint === undefined) {
    problems.push(
      `${name}=${show(raw)} is not a loopback host[:port]: this test-only override is honoured only for 127.0.0.0/8, [::1] or localhost (e.g. "127.0.0.1:8080"), because it sends the function's keys over plain HTTP; unset it in production.`,
    );
    return undefined;
  }
  return endpoint;
}

/**
 * BACKUP_EXTRA_LOG_HOSTS: comma-separated DNS names added to the download allowlist. Loopback `host:port` entries
 * are the tests' log host: accepted only when both endpoint overrides are set (and hence loopback), so a deployed
 * function can never be pointed at a loopback (or any non-DNS) download host.
 */
function parseLogHosts(
  raw: string | undefined,
  loopbackOverrides: boolean,
  problems: string[],
): { extra: string[]; loopback: string[] } {
  const extra: string[] = [];
  const loopback: string[] = [];
  if (raw === undefined || raw.trim() === "") return { extra, loopback };
  const name = ENV.extraLogHosts;
  for (const item of raw.split(",")) {
    const entry = item.trim().toLowerCase();
    const testHost = loopbackEndpoint(entry);
    if (testHost !== undefined) {
      if (!loopbackOverrides || !/:\d+$/.test(testHost)) {
        problems.push(
          `${name} entry ${show(item.trim())} is a loopback address: allowed only as an exact host:port, and only in tests where ${ENV.cdnEndpoint} and ${ENV.cosEndpoint} point at loopback too; list DNS names of CDN log download hosts.`,
        );
        continue;
      }
      loopback.push(testHost);
      continue;
    }
    const reason =
      entry === "" ? "empty entry" : entry.startsWith("*.") ? "wildcards are not allowed" : hostnameProblem(entry);
    if (reason !== undefined || /^localhost$|\.localhost$/.test(entry)) {
      problems.push(
        `${name} entry ${show(item.trim())} is not a download host name (${reason ?? "localhost is not a download host"}): list exact DNS names such as "log-download.cdn.qcloud.com", comma-separated.`,
      );
      continue;
    }
    if (!extra.includes(entry)) extra.push(entry);
  }
  return { extra, loopback };
}

/** The configuration without credentials, safe to log. */
export function describeConfig(config: BackupConfig): Record<string, unknown> {
  return {
    domains: config.domains,
    bucket: config.bucket,
    region: config.region,
    prefix: config.prefix,
    area: config.area,
    lookbackHours: config.lookbackHours,
    concurrency: config.concurrency,
    memoryBudgetMiB: config.memoryBudgetMiB,
    temporaryCredentials: config.credentials.sessionToken !== undefined,
    ...(config.cdnEndpoint === undefined ? {} : { cdnEndpoint: config.cdnEndpoint }),
    ...(config.cosEndpoint === undefined ? {} : { cosEndpoint: config.cosEndpoint }),
    ...(config.extraLogHosts.length === 0 ? {} : { extraLogHosts: config.extraLogHosts }),
    ...(config.loopbackLogHosts.length === 0 ? {} : { loopbackLogHosts: config.loopbackLogHosts }),
  };
}
