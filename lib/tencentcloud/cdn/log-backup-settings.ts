// CdnLogBackupProps resolved into one validated, typed settings object: every default applied and every property
// checked (alone and against the others) before the construct declares a resource.
import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidProp } from "../../shared/errors";
import { requireLiteral, requireWholeNumber } from "../../shared/literals";
import { TENCENT_TAG_RULE, validateTags } from "../../shared/tags";
import { normalizeKeyPrefix } from "../../shared/key-prefix";
import { ICosBucketRef, splitCosBucketName, validateAppId, validateCosBucketName } from "../cos/bucket-name";
import { COS_LOG_PREFIX_RULES, requireLiteralRegion } from "../cos/bucket-internal";
import { ScfCron } from "../scf/cron";
import { validateExecutionRoleName } from "../scf/execution-role";
import {
  isValidScfMemorySize,
  SCF_DESCRIPTION_MAX_LENGTH,
  SCF_DESCRIPTION_PATTERN,
  SCF_FUNCTION_NAME_PATTERN,
  SCF_MEMORY_SIZES,
  SCF_NAMESPACE_PATTERN,
  SCF_TIMEOUT_SECONDS,
} from "../scf/limits";
import { locateFunctionCode } from "./function-asset";
import { checkCoverage, checkRetentionCovers } from "./log-backup-checks";
import {
  CDN_LOG_BACKUP_MAX_CONCURRENCY,
  CDN_LOG_BACKUP_MIN_COPY_BUFFER_MB,
  CDN_LOG_BACKUP_RUNTIME_RESERVE_MB,
  CDN_LOG_MAX_LOOKBACK_HOURS,
  CdnLogArea,
  CdnLogBackupProps,
  CdnResourceScope,
} from "./log-backup-props";
import { BackupSchedule } from "./log-backup-schedule";
import { CdnLogBackupAlarmSettings, resolveAlarmSettings } from "./log-backup-alarm";
import { CDN_LOG_BACKUP_MIN_TIMEOUT_SECONDS } from "./log-backup-timing";

// COS keys are at most 850 bytes; the function rejects longer prefixes, leaving room for `<domain>/<area>/<date>/<name>`.
const MAX_PREFIX_LENGTH = 512;

/** A {@link CdnLogBackupProps} with its defaults applied, validated; what the construct builds its resources from. */
export interface CdnLogBackupSettings {
  /** The normalised domains, in the order given. */
  readonly domains: readonly string[];
  readonly bucket: ICosBucketRef;
  /** The normalised destination prefix (`""` for the bucket root). */
  readonly prefix: string;
  readonly area: CdnLogArea;
  readonly lookbackHours: number;
  readonly concurrency: number;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  /** The MB of copy buffers all copies share (`BACKUP_MEMORY_BUDGET_MB`). */
  readonly memoryBudgetMb: number;
  readonly functionName: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly roleName: string;
  readonly cdnResourceScope: CdnResourceScope;
  readonly tags: { [key: string]: string } | undefined;
  /** Download hosts allowed besides CDN's own, lower-cased. */
  readonly extraLogHosts: readonly string[];
  /** The absolute path of the folder zipped as the function code. */
  readonly codeDir: string;
  readonly cron: ScfCron;
  readonly description: string;
  /** The alarm on the function's errors, when wanted. */
  readonly alarm: CdnLogBackupAlarmSettings | undefined;
}

/**
 * Resolves `props` into the settings of the backup `scope` declares. Throws a PropValidationError naming the first bad
 * property; warns (on `scope`) about backups outside the log bucket's retention and lookbacks that miss growing packages.
 */
export function resolveCdnLogBackupSettings(scope: IConstruct, props: CdnLogBackupProps): CdnLogBackupSettings {
  const domains = validateDomains(scope, props.domains);
  const bucket = validateBucket(scope, props.bucket);
  const prefix = normalizeKeyPrefix(scope, "destinationPrefix", props.destinationPrefix ?? "cdn-logs/", {
    maxLength: MAX_PREFIX_LENGTH,
    allowEmpty: true,
    // The prefix becomes part of qcs resource names in the role's policy: the COS constructs' rule applies.
    pattern: COS_LOG_PREFIX_RULES.pattern,
  });
  checkRetentionCovers(scope, props.bucket, prefix);
  const area = props.area ?? "global";
  if (!["global", "mainland", "overseas"].includes(area)) {
    invalidProp(
      scope,
      "area",
      area,
      "is not a CDN log area",
      "use 'global' (mainland and overseas), 'mainland' or 'overseas'",
    );
  }
  const lookbackHours = requireWholeNumber(scope, "lookbackHours", props.lookbackHours ?? 48, {
    min: 1,
    max: CDN_LOG_MAX_LOOKBACK_HOURS,
    unit: "hours",
    source: "CDN keeps log packages for 30 days",
  });
  const concurrency = requireWholeNumber(scope, "concurrency", props.concurrency ?? 4, {
    min: 1,
    max: CDN_LOG_BACKUP_MAX_CONCURRENCY,
    unit: "parallel copies",
    source: `the function copies at most ${CDN_LOG_BACKUP_MAX_CONCURRENCY} packages at once`,
  });
  // SCF allows 1 s, but the function needs 90 s to list and start one copy; with less every run would defer everything.
  const timeoutSeconds = requireWholeNumber(scope, "timeoutSeconds", props.timeoutSeconds ?? SCF_TIMEOUT_SECONDS.max, {
    min: CDN_LOG_BACKUP_MIN_TIMEOUT_SECONDS,
    max: SCF_TIMEOUT_SECONDS.max,
    unit: "seconds",
    source: `a run needs at least ${CDN_LOG_BACKUP_MIN_TIMEOUT_SECONDS} s to list the packages and start one copy, and SCF stops event functions after ${SCF_TIMEOUT_SECONDS.max} s`,
  });
  const memorySize = props.memorySize ?? 256;
  requireWholeNumber(scope, "memorySize", memorySize, {
    min: SCF_MEMORY_SIZES[0],
    max: SCF_MEMORY_SIZES[SCF_MEMORY_SIZES.length - 1],
    unit: "MB",
    source: "SCF event functions take 128 to 3072 MB in steps of 128",
  });
  if (!isValidScfMemorySize(memorySize)) {
    invalidProp(
      scope,
      "memorySize",
      memorySize,
      "is not an SCF memory size",
      "use 128 to 3072 MB in steps of 128 (128, 256, 384, ..., 3072)",
    );
  }
  const memoryBudgetMb = copyBufferBudget(scope, memorySize, concurrency);
  const functionName = props.functionName ?? "cdn-log-backup";
  requireScfName(scope, "functionName", functionName, "function", SCF_FUNCTION_NAME_PATTERN, 60);
  const namespace = props.namespace ?? "default";
  requireScfName(scope, "namespace", namespace, "namespace", SCF_NAMESPACE_PATTERN, 30);
  if (props.createNamespace && namespace === "default") {
    invalidProp(
      scope,
      "createNamespace",
      true,
      "is set for the 'default' namespace, which always exists",
      "set namespace to a new name, or drop createNamespace",
    );
  }
  const roleName =
    props.roleName ?? (namespace === "default" ? `${functionName}-role` : `${namespace}-${functionName}-role`);
  validateExecutionRoleName(scope, "roleName", roleName);
  const cdnResourceScope = props.cdnResourceScope ?? "domains";
  if (cdnResourceScope !== "domains" && cdnResourceScope !== "all-domains") {
    invalidProp(
      scope,
      "cdnResourceScope",
      cdnResourceScope,
      "is not a scope",
      "use 'domains' (default, one resource per domain) or 'all-domains'",
    );
  }
  const tags = validateTags(scope, "tags", props.tags, TENCENT_TAG_RULE);
  const alarm = resolveAlarmSettings(scope, props.alarm, functionName, namespace, tags);
  const extraLogHosts = validateLogDownloadHosts(scope, props.additionalLogDownloadHosts);
  const codeDir = locateFunctionCode(scope, props.codePath);
  const cron = (props.schedule ?? BackupSchedule.daily()).toCron(scope, "schedule");
  checkCoverage(scope, cron, lookbackHours, timeoutSeconds);
  const description =
    props.description ??
    `Copies the CDN access logs of ${domains.length} ${domains.length === 1 ? "domain" : "domains"} into COS. Managed by cdktf access logs.`;
  if (typeof description !== "string" || Token.isUnresolved(description)) {
    requireLiteral(scope, "description", description, "'Copies CDN logs into COS'", "its SCF rules can be checked");
    invalidProp(scope, "description", description, "is not a string", "give a short sentence");
  }
  if (description.length > SCF_DESCRIPTION_MAX_LENGTH) {
    invalidProp(
      scope,
      "description",
      description,
      `is ${description.length} characters, more than SCF's ${SCF_DESCRIPTION_MAX_LENGTH}`,
      "shorten it",
    );
  }
  if (!SCF_DESCRIPTION_PATTERN.test(description)) {
    invalidProp(
      scope,
      "description",
      description,
      "has characters SCF does not accept in a function description",
      "use only letters (Chinese included), digits, spaces, commas, periods and newlines",
    );
  }
  return {
    domains,
    bucket,
    prefix,
    area,
    lookbackHours,
    concurrency,
    timeoutSeconds,
    memorySize,
    memoryBudgetMb,
    functionName,
    namespace,
    createNamespace: Boolean(props.createNamespace),
    roleName,
    cdnResourceScope,
    tags,
    extraLogHosts,
    codeDir,
    cron,
    description,
    alarm,
  };
}

/** SCF's rule for function and namespace names: a letter first, letters, digits, `-` and `_`, not ending in `-`/`_`. */
function requireScfName(
  scope: IConstruct,
  prop: string,
  name: string,
  kind: "function" | "namespace",
  pattern: RegExp,
  maxLength: number,
): void {
  if (typeof name !== "string" || !pattern.test(name)) {
    invalidProp(
      scope,
      prop,
      name,
      `is not an SCF ${kind} name`,
      `use 2 to ${maxLength} characters: a letter first, then letters, digits, '-' or '_', not ending in '-' or '_'`,
    );
  }
}

function validateDomains(scope: IConstruct, input: string | readonly string[]): string[] {
  const list =
    typeof input === "string" ? [input] : Array.isArray(input) ? [...(input as readonly string[])] : undefined;
  if (list === undefined) {
    invalidProp(scope, "domains", input, "is not a domain or a list of domains", "give e.g. ['www.example.com']");
  }
  if (list.length === 0) {
    invalidProp(
      scope,
      "domains",
      list,
      "is empty",
      "list at least one CDN acceleration domain, e.g. ['www.example.com']",
    );
  }
  const seen = new Set<string>();
  return list.map((raw, index) => {
    const prop = `domains[${index}]`;
    if (typeof raw !== "string") invalidProp(scope, prop, raw, "is not a string", "give the domain name as a string");
    if (Token.isUnresolved(raw)) return raw;
    const domain = raw.toLowerCase();
    const problem = hostnameProblem(domain);
    if (problem) {
      invalidProp(
        scope,
        prop,
        raw,
        `is not a CDN domain (${problem})`,
        "use the accelerated domain exactly as listed in the CDN console, e.g. 'www.example.com'",
      );
    }
    if (seen.has(domain)) {
      invalidProp(scope, prop, raw, "is listed more than once", "remove the duplicate");
    }
    seen.add(domain);
    return domain;
  });
}

/** The MB of copy buffers all copies share; every copy must get at least two parts' worth. */
function copyBufferBudget(scope: IConstruct, memorySize: number, concurrency: number): number {
  const budget = memorySize - CDN_LOG_BACKUP_RUNTIME_RESERVE_MB;
  const perCopy = Math.floor(budget / concurrency);
  if (perCopy < CDN_LOG_BACKUP_MIN_COPY_BUFFER_MB) {
    const maxConcurrency = Math.floor(budget / CDN_LOG_BACKUP_MIN_COPY_BUFFER_MB);
    const minMemory =
      Math.ceil((CDN_LOG_BACKUP_RUNTIME_RESERVE_MB + concurrency * CDN_LOG_BACKUP_MIN_COPY_BUFFER_MB) / 128) * 128;
    invalidProp(
      scope,
      "concurrency",
      concurrency,
      `with memorySize ${memorySize} leaves ${perCopy} MB of copy buffers per copy (${memorySize} - ${CDN_LOG_BACKUP_RUNTIME_RESERVE_MB} MB for the runtime, split ${concurrency} ways), less than the ${CDN_LOG_BACKUP_MIN_COPY_BUFFER_MB} MB a copy needs`,
      `lower concurrency to at most ${maxConcurrency}, or raise memorySize to at least ${minMemory}`,
    );
  }
  return budget;
}

/** Download hosts are a security allowlist: literal, exact public DNS names only. */
function validateLogDownloadHosts(scope: IConstruct, input: readonly string[] | undefined): string[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) {
    invalidProp(
      scope,
      "additionalLogDownloadHosts",
      input,
      "is not a list of host names",
      "give e.g. ['logs.example.com']",
    );
  }
  const hosts: string[] = [];
  (input as readonly unknown[]).forEach((raw, index) => {
    const prop = `additionalLogDownloadHosts[${index}]`;
    if (typeof raw !== "string" || Token.isUnresolved(raw)) {
      invalidProp(
        scope,
        prop,
        raw,
        "is not a literal host name",
        "give the download host as a plain string; the allowlist cannot depend on deploy-time values",
      );
    }
    const host = raw.toLowerCase();
    const problem = host.startsWith("*.")
      ? "a wildcard would allow any host under it"
      : /^localhost$|\.localhost$/.test(host)
        ? "localhost is never a download host"
        : hostnameProblem(host);
    if (problem) {
      invalidProp(
        scope,
        prop,
        raw,
        `is not a download host name (${problem})`,
        "use the exact DNS name of the host in the refused download link, e.g. 'logs.example.com'",
      );
    }
    if (hosts.includes(host)) invalidProp(scope, prop, raw, "is listed more than once", "remove the duplicate");
    hosts.push(host);
  });
  return hosts;
}

function validateBucket(scope: IConstruct, bucket: ICosBucketRef): ICosBucketRef {
  if (bucket === undefined || bucket === null || typeof bucket !== "object") {
    invalidProp(scope, "bucket", bucket, "is not a bucket", "pass a CosLogBucket or { bucketName, region, appId }");
  }
  requireLiteralRegion(scope, "bucket.region", bucket.region);
  if (typeof bucket.bucketName !== "string") {
    invalidProp(
      scope,
      "bucket.bucketName",
      bucket.bucketName,
      "is not a string",
      "give the full bucket name with its appid, e.g. 'cdn-logs-1250000000'",
    );
  }
  validateCosBucketName(scope, "bucket.bucketName", bucket.bucketName);
  if (typeof bucket.appId !== "string") {
    invalidProp(
      scope,
      "bucket.appId",
      bucket.appId,
      "is not a string",
      "give the 10-digit appid, or TencentCloudAccount.of(this).appId",
    );
  }
  validateAppId(scope, "bucket.appId", bucket.appId);
  const suffix = splitCosBucketName(bucket.bucketName);
  if (suffix && !Token.isUnresolved(bucket.appId) && suffix.appId !== bucket.appId) {
    invalidProp(
      scope,
      "bucket.appId",
      bucket.appId,
      `does not match the appid suffix of bucket '${bucket.bucketName}'`,
      "use the appid the bucket name ends with",
    );
  }
  return bucket;
}

const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why `domain` (lower-case) is not a CDN domain, or undefined when it is one. Wildcards only as the first label. */
function hostnameProblem(domain: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(domain)) return "remove the scheme, only the host name is needed";
  if (/[/?#:@\s]/.test(domain)) return "a host name has no path, port, query or spaces";
  if (domain.length > 253) return "longer than 253 characters";
  const labels = domain.startsWith("*.") ? domain.slice(2).split(".") : domain.split(".");
  if (labels.length < 2) return "it needs at least two labels, e.g. example.com";
  for (const label of labels) {
    if (!HOST_LABEL.test(label)) return `label ${JSON.stringify(label)} must be 1-63 letters, digits or inner hyphens`;
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return "an IP address is not a CDN domain";
  return undefined;
}
