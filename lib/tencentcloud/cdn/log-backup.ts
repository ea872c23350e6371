import { existsSync, statSync } from "fs";
import * as path from "path";
import {
  Annotations,
  AssetType,
  TerraformAsset,
  TerraformOutput,
  TerraformProvider,
  TerraformStack,
  Token,
} from "cdktf";
import { Construct } from "constructs";
import { ScfFunction } from "../../../.gen/providers/tencentcloud/scf-function";
import { ScfNamespace } from "../../../.gen/providers/tencentcloud/scf-namespace";
import { ScfTrigger } from "../../../.gen/providers/tencentcloud/scf-trigger";
import { inSameStack } from "../../shared/dependencies";
import { registerAppUniquenessCheck } from "../../shared/app-uniqueness";
import { invalidProp, PropValidationError } from "../../shared/errors";
import { forbidLiteralProviderCredentials } from "../../shared/providers";
import { lifecyclePrefixCovers } from "../../shared/lifecycle-coverage";
import { requireLiteral, requireWholeNumber } from "../../shared/literals";
import { TENCENT_TAG_RULE, validateTags } from "../../shared/tags";
import { normalizeKeyPrefix } from "../../shared/key-prefix";
import { TencentCloudAccount } from "../cam/account";
import { camAction, CamPolicyDocument } from "../cam/policy-document";
import { BackupSchedule } from "./log-backup-schedule";
import { ICosBucketRef, splitCosBucketName, validateAppId, validateCosBucketName } from "../cos/bucket-name";
import { COS_LOG_PREFIX_RULES, logRootOf, requireLiteralRegion } from "../cos/bucket-internal";
import { SCF_REGIONS } from "../cos/regions";
import { Qcs } from "../cam/qcs";
import { ScfCron, scfTimerTriggerDesc } from "../scf/cron";
import { ScfExecutionRole, validateExecutionRoleName } from "../scf/execution-role";
import { isValidScfMemorySize, SCF_MEMORY_SIZES, SCF_TIMEOUT_SECONDS } from "../scf/limits";

/** Which CDN log packages are copied: `mainland`, `overseas`, or `global` (both, stored separately). */
export type CdnLogArea = "global" | "mainland" | "overseas";

/**
 * How the execution role's `cdn:DescribeCdnDomainLogs` grant is scoped.
 * - `domains`: one `qcs::cdn::uin/<ownerUin>:domain/<domain>` resource per backed-up domain (least privilege).
 * - `all-domains`: `qcs::cdn::uin/<ownerUin>:domain/*`, every domain of the account. Use it only if CAM turns out not
 *   to honour per-domain resources for this action (not confirmed by Tencent's documentation), or when the domain
 *   list is too long for one policy. It never widens beyond CDN domains of your own account.
 */
export type CdnResourceScope = "domains" | "all-domains";

/** The function's runtime. Node.js runtimes from 14 on ship no libraries; the bundle carries its dependencies. */
export const CDN_LOG_BACKUP_RUNTIME = "Nodejs18.15";
/** `index.js`, export `main_handler`. */
export const CDN_LOG_BACKUP_HANDLER = "index.main_handler";

/**
 * COS object actions the function needs, granted on `<bucket>/<prefix>*` only: `HeadObject` (compare a package with
 * its stored copy when listing is not possible), `PutObject` (small packages in one request) and the four calls of a
 * streamed multipart upload. The function never resumes or lists uploads, so neither `ListParts` nor the bucket-level
 * `ListMultipartUploads` (which would reveal in-progress uploads anywhere in the bucket) is granted; it aborts a failed
 * upload itself.
 */
export const CDN_LOG_BACKUP_COS_ACTIONS: readonly string[] = [
  "HeadObject",
  "PutObject",
  "InitiateMultipartUpload",
  "UploadPart",
  "CompleteMultipartUpload",
  "AbortMultipartUpload",
];

/**
 * Listing (`GetBucket`) lets one request per domain and area find the sizes of everything already copied, instead of a
 * HEAD per package. It is a bucket-level action, so it is granted on the bucket with a `cos:prefix` condition that
 * limits it to keys under the destination prefix.
 */
export const CDN_LOG_BACKUP_LIST_ACTION = "GetBucket";

/** The single CDN API the function calls. */
export const CDN_LOG_BACKUP_CDN_ACTION = "DescribeCdnDomainLogs";

/** Most packages the function copies at once (its `BACKUP_CONCURRENCY` limit). */
export const CDN_LOG_BACKUP_MAX_CONCURRENCY = 32;

/** CDN keeps log packages for 30 days, so looking back further can never find more. */
export const CDN_LOG_MAX_LOOKBACK_HOURS = 720;
/**
 * Memory of the function kept for the Node.js runtime, both SDKs and the sockets; the rest of `memorySize` is the
 * budget for copy buffers, split evenly between the `concurrency` copies (passed as `BACKUP_MEMORY_BUDGET_MB`).
 */
export const CDN_LOG_BACKUP_RUNTIME_RESERVE_MB = 64;
/** Each copy needs buffers for at least two 8 MiB parts: one being filled while the previous one uploads. */
export const CDN_LOG_BACKUP_MIN_COPY_BUFFER_MB = 16;

/** CDN keeps appending to an hourly package for up to about this long. */
const CDN_PACKAGE_GROWTH_HOURS = 24;

/** SCF function names: 2-60 characters, a letter first, letters/digits/`-`/`_`, not ending in `-` or `_`. */
export const SCF_FUNCTION_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]$/;
/** SCF namespace names (console rule): 2-30 characters, a letter first, letters/digits/`-`/`_`, not ending in `-`/`_`. */
export const SCF_NAMESPACE_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,28}[A-Za-z0-9]$/;

/** Longest SCF function description (SCF CreateFunction `Description`). */
export const SCF_DESCRIPTION_MAX_LENGTH = 1000;
/**
 * Characters SCF accepts in a function description (SCF CreateFunction `Description`: "English letters, digits,
 * spaces, commas, newlines and periods, and Chinese"); anything else fails at apply.
 */
export const SCF_DESCRIPTION_PATTERN = /^[A-Za-z0-9 ,.\n\p{Script=Han}\u3001\u3002\uff0c]*$/u;

// SCF limits the environment of a function to 4 KB in all; CAM limits a policy document to 6144 characters.
const SCF_ENVIRONMENT_LIMIT_BYTES = 4096;
const CAM_POLICY_DOCUMENT_LIMIT = 6144;
// COS keys are at most 850 bytes; the function rejects longer prefixes, leaving room for `<domain>/<area>/<date>/<name>`.
const MAX_PREFIX_LENGTH = 512;

const BUNDLE_RELATIVE_DIR = path.join("functions", "cdn-log-backup", "dist");
const BUNDLE_ENTRY_FILE = "index.js";
const TRIGGER_NAME = "cdn-log-backup-timer";
/** The version a trigger runs when none is given; SCF reports it back and the provider stores it. */
export const SCF_TRIGGER_QUALIFIER = "$LATEST";

/** Properties of a {@link CdnLogBackup}. */
export interface CdnLogBackupProps {
  /**
   * The CDN acceleration domains whose access logs are copied, e.g. `www.example.com` or a wildcard domain
   * `*.example.com`, exactly as listed in the CDN console. Lower-cased; duplicates are rejected.
   */
  readonly domains: string | readonly string[];

  /**
   * The COS bucket the logs are copied into: a `CosLogBucket`, or `{ bucketName, region, appId }` of an existing
   * bucket (`bucketName` with its `-<appid>` suffix; `appId` may be a token such as `TencentCloudAccount.of(this).appId`).
   */
  readonly bucket: ICosBucketRef;

  /**
   * Key prefix under which the logs are written, as `<prefix><domain>/<area>/<YYYY>/<MM>/<DD>/<package>`. Normalised
   * to no leading and one trailing `/`; `""` or `"/"` writes at the bucket root. Letters, digits, `-`, `_`, `.`, `=`
   * and `/` only, at most 512 characters: the prefix is part of the qcs resource name the role is granted on, where
   * `*` or `?` would widen the grant and `:` would break the name (the rule of the COS constructs' `logPrefix`). The function may write nowhere else.
   * @default "cdn-logs/"
   */
  readonly destinationPrefix?: string;

  /**
   * When the backup runs (Beijing time).
   * @default BackupSchedule.daily() - every day at 03:00 Beijing time
   */
  readonly schedule?: BackupSchedule;

  /**
   * Which log packages to copy.
   * @default "global" - mainland and overseas packages
   */
  readonly area?: CdnLogArea;

  /**
   * How many hours back each run looks for packages, 1 to 720 (CDN keeps 30 days). It must cover the longest gap
   * between runs, or the hours in between are never copied; it should also cover the ~24 h during which CDN keeps
   * appending to a package.
   * @default 48
   */
  readonly lookbackHours?: number;

  /**
   * How many packages are copied at once, 1 to 32.
   * @default 4
   */
  readonly concurrency?: number;

  /**
   * Name of the SCF function: 2 to 60 characters, starting with a letter, letters, digits, `-` and `_`, not ending in
   * `-` or `_`. SCF cannot rename a function: changing it later destroys the function and creates a new one.
   * @default "cdn-log-backup"
   */
  readonly functionName?: string;

  /**
   * SCF namespace of the function.
   * @default "default"
   */
  readonly namespace?: string;

  /**
   * Whether this construct creates `namespace` (a `tencentcloud_scf_namespace`). Leave false to use an existing one.
   * Not allowed with the `default` namespace, which always exists.
   * @default false
   */
  readonly createNamespace?: boolean;

  /**
   * Memory of the function in MB: 128 to 3072 in steps of 128. 64 MB are kept for the runtime; the rest is split
   * between the `concurrency` copies as buffers for parts uploaded in parallel, and each copy needs at least 16 MB
   * (so `concurrency` may be at most `(memorySize - 64) / 16`). More memory also buys CPU and network bandwidth.
   * @default 256
   */
  readonly memorySize?: number;

  /**
   * Run time limit of one invocation in seconds, 1 to 900. A run that hits the limit is cut short; the next run's
   * lookback picks up what was missed.
   * @default 900
   */
  readonly timeoutSeconds?: number;

  /**
   * Name of the CAM execution role. CAM names are account-global: set it when the same function name is deployed
   * in several regions or namespaces of one account. The custom policy is named `<roleName>-policy`.
   * @default `<functionName>-role`, or `<namespace>-<functionName>-role` outside the default namespace
   */
  readonly roleName?: string;

  /**
   * Scope of the `cdn:DescribeCdnDomainLogs` grant; see {@link CdnResourceScope}.
   * @default "domains"
   */
  readonly cdnResourceScope?: CdnResourceScope;

  /**
   * Folder holding the bundled function (`index.js` exporting `main_handler`), zipped as the function code.
   * @default - this package's `functions/cdn-log-backup/dist`, built by `npm run build:function`
   */
  readonly codePath?: string;

  /**
   * Host names the function may download log packages from, on top of Tencent's CDN log download host
   * (`log-download.cdn.qcloud.com`). Exact DNS names only (no wildcard, IP address, port or scheme): the function
   * refuses every other host, any redirect off the list, plain http and any address in a loopback, private,
   * link-local or metadata range. Add a host only when a backup run fails naming it as refused.
   * @default - none
   */
  readonly additionalLogDownloadHosts?: readonly string[];

  /**
   * Description of the function: at most 1000 characters of letters (Chinese included), digits, spaces, commas,
   * periods and newlines, the only characters SCF accepts.
   * @default - says how many domains are copied into COS
   */
  readonly description?: string;

  /**
   * Tags for the function, the execution role and its policy.
   * @default - none
   */
  readonly tags?: { readonly [key: string]: string };
}

/**
 * Copies the CDN access logs of one or more acceleration domains into a COS bucket on a timer, like the COS
 * console's "CDN log backup", declared as code:
 *
 * - an SCF function (`Nodejs18.15`) running this package's bundled backup code, configured by environment variables
 *   (domains, bucket, prefix, area, lookback; never a key: it runs with the temporary keys of its role);
 * - a timer trigger (`tencentcloud_scf_trigger`) with the schedule's cron expression;
 * - an execution role trusted by `scf.qcloud.com` whose one policy allows `cdn:DescribeCdnDomainLogs` on the given
 *   domains and the object writes of a (multipart) upload on `<bucket>/<prefix>*` only. The function depends on the
 *   policy attachment, so it never runs without its grant.
 *
 * The function gets public network access (`enable_public_net`): it calls the CDN API and downloads packages from
 * CDN's public log URLs, which the provider's default (no public network) would make impossible.
 *
 * Outputs the function name and the role name.
 */
export class CdnLogBackup extends Construct {
  /** The SCF function name. */
  readonly functionName: string;
  /** The SCF namespace. */
  readonly namespace: string;
  /** The execution role's name. */
  readonly roleName: string;
  /** The validated schedule. */
  readonly schedule: ScfCron;
  /** The normalised domains, in the order given. */
  readonly domains: readonly string[];
  /** The normalised destination prefix (`""` for the bucket root). */
  readonly destinationPrefix: string;
  /** The execution role and its policy. */
  readonly executionRole: ScfExecutionRole;
  /** The absolute path of the folder zipped as the function code. */
  readonly codePath: string;

  constructor(scope: Construct, id: string, props: CdnLogBackupProps) {
    super(scope, id);
    forbidLiteralProviderCredentials(this);
    registerAppUniquenessCheck(this);

    // Validate everything up front, before any resource is declared.
    const domains = this.validateDomains(props.domains);
    const bucket = this.validateBucket(props.bucket);
    const prefix = normalizeKeyPrefix(this, "destinationPrefix", props.destinationPrefix ?? "cdn-logs/", {
      maxLength: MAX_PREFIX_LENGTH,
      allowEmpty: true,
      // The prefix becomes part of qcs resource names in the role's policy: the COS constructs' rule applies.
      pattern: COS_LOG_PREFIX_RULES.pattern,
    });
    this.checkRetentionCovers(props.bucket, prefix);
    const area = props.area ?? "global";
    if (!["global", "mainland", "overseas"].includes(area)) {
      invalidProp(
        this,
        "area",
        area,
        "is not a CDN log area",
        "use 'global' (mainland and overseas), 'mainland' or 'overseas'",
      );
    }
    const lookbackHours = requireWholeNumber(this, "lookbackHours", props.lookbackHours ?? 48, {
      min: 1,
      max: CDN_LOG_MAX_LOOKBACK_HOURS,
      unit: "hours",
      source: "CDN keeps log packages for 30 days",
    });
    const concurrency = requireWholeNumber(this, "concurrency", props.concurrency ?? 4, {
      min: 1,
      max: CDN_LOG_BACKUP_MAX_CONCURRENCY,
      unit: "parallel copies",
      source: `the function copies at most ${CDN_LOG_BACKUP_MAX_CONCURRENCY} packages at once`,
    });
    const timeoutSeconds = requireWholeNumber(this, "timeoutSeconds", props.timeoutSeconds ?? SCF_TIMEOUT_SECONDS.max, {
      min: SCF_TIMEOUT_SECONDS.min,
      max: SCF_TIMEOUT_SECONDS.max,
      unit: "seconds",
      source: "SCF's run time limit for event functions",
    });
    const memorySize = props.memorySize ?? 256;
    requireWholeNumber(this, "memorySize", memorySize, {
      min: SCF_MEMORY_SIZES[0],
      max: SCF_MEMORY_SIZES[SCF_MEMORY_SIZES.length - 1],
      unit: "MB",
      source: "SCF event functions take 128 to 3072 MB in steps of 128",
    });
    if (!isValidScfMemorySize(memorySize)) {
      invalidProp(
        this,
        "memorySize",
        memorySize,
        "is not an SCF memory size",
        "use 128 to 3072 MB in steps of 128 (128, 256, 384, ..., 3072)",
      );
    }
    const memoryBudgetMb = this.copyBufferBudget(memorySize, concurrency);
    const functionName = props.functionName ?? "cdn-log-backup";
    if (typeof functionName !== "string" || !SCF_FUNCTION_NAME_PATTERN.test(functionName)) {
      invalidProp(
        this,
        "functionName",
        functionName,
        "is not an SCF function name",
        "use 2 to 60 characters: a letter first, then letters, digits, '-' or '_', not ending in '-' or '_'",
      );
    }
    const namespace = props.namespace ?? "default";
    if (typeof namespace !== "string" || !SCF_NAMESPACE_PATTERN.test(namespace)) {
      invalidProp(
        this,
        "namespace",
        namespace,
        "is not an SCF namespace name",
        "use 2 to 30 characters: a letter first, then letters, digits, '-' or '_', not ending in '-' or '_'",
      );
    }
    if (props.createNamespace && namespace === "default") {
      invalidProp(
        this,
        "createNamespace",
        true,
        "is set for the 'default' namespace, which always exists",
        "set namespace to a new name, or drop createNamespace",
      );
    }
    const roleName =
      props.roleName ?? (namespace === "default" ? `${functionName}-role` : `${namespace}-${functionName}-role`);
    validateExecutionRoleName(this, "roleName", roleName);
    const cdnResourceScope = props.cdnResourceScope ?? "domains";
    if (cdnResourceScope !== "domains" && cdnResourceScope !== "all-domains") {
      invalidProp(
        this,
        "cdnResourceScope",
        cdnResourceScope,
        "is not a scope",
        "use 'domains' (default, one resource per domain) or 'all-domains'",
      );
    }
    const tags = validateTags(this, "tags", props.tags, TENCENT_TAG_RULE);
    const extraLogHosts = this.validateLogDownloadHosts(props.additionalLogDownloadHosts);
    const codeDir = this.locateCode(props.codePath);
    const cron = (props.schedule ?? BackupSchedule.daily()).toCron(this, "schedule");
    this.checkCoverage(cron, lookbackHours, timeoutSeconds);
    const description =
      props.description ??
      `Copies the CDN access logs of ${domains.length} ${domains.length === 1 ? "domain" : "domains"} into COS. Managed by cdktf access logs.`;
    if (typeof description !== "string" || Token.isUnresolved(description)) {
      requireLiteral(this, "description", description, "'Copies CDN logs into COS'", "its SCF rules can be checked");
      invalidProp(this, "description", description, "is not a string", "give a short sentence");
    }
    if (description.length > SCF_DESCRIPTION_MAX_LENGTH) {
      invalidProp(
        this,
        "description",
        description,
        `is ${description.length} characters, more than SCF's ${SCF_DESCRIPTION_MAX_LENGTH}`,
        "shorten it",
      );
    }
    if (!SCF_DESCRIPTION_PATTERN.test(description)) {
      invalidProp(
        this,
        "description",
        description,
        "has characters SCF does not accept in a function description",
        "use only letters (Chinese included), digits, spaces, commas, periods and newlines",
      );
    }

    // The execution role: CDN log listing on the domains, object reads/writes and listing under the prefix. Nothing else.
    const ownerUin = TencentCloudAccount.of(this).ownerUin;
    const cdnResources =
      cdnResourceScope === "all-domains"
        ? [Qcs.cdnDomain(ownerUin, "*")]
        : domains.map((domain) => Qcs.cdnDomain(ownerUin, domain));
    const policy = new CamPolicyDocument([
      { effect: "allow", action: [camAction("cdn", CDN_LOG_BACKUP_CDN_ACTION)], resource: cdnResources },
      {
        effect: "allow",
        action: CDN_LOG_BACKUP_COS_ACTIONS.map((action) => camAction("cos", action)),
        resource: [Qcs.cosObjects(bucket.region, bucket.appId, bucket.bucketName, prefix)],
      },
      {
        effect: "allow",
        action: [camAction("cos", CDN_LOG_BACKUP_LIST_ACTION)],
        resource: [Qcs.cosBucket(bucket.region, bucket.appId, bucket.bucketName)],
        condition: { string_like: { "cos:prefix": [`${prefix}*`] } },
      },
    ]);
    this.checkPolicySize(policy, cdnResourceScope);
    this.executionRole = new ScfExecutionRole(this, "ExecutionRole", {
      roleName,
      policy,
      description: `Execution role of the CDN log backup function ${functionName}: reads CDN log listings, writes under one COS prefix.`,
      tags,
    });

    const environment: { [key: string]: string } = {
      BACKUP_DOMAINS: domains.join(","),
      BACKUP_BUCKET: bucket.bucketName,
      BACKUP_REGION: bucket.region,
      BACKUP_PREFIX: prefix,
      BACKUP_AREA: area,
      BACKUP_LOOKBACK_HOURS: String(lookbackHours),
      BACKUP_CONCURRENCY: String(concurrency),
      BACKUP_MEMORY_BUDGET_MB: String(memoryBudgetMb),
      ...(extraLogHosts.length === 0 ? {} : { BACKUP_EXTRA_LOG_HOSTS: extraLogHosts.join(",") }),
    };
    this.checkEnvironmentSize(environment);

    const namespaceResource = props.createNamespace
      ? new ScfNamespace(this, "Namespace", {
          namespace,
          description: "Created by cdktf-access-logs for CDN log backup.",
        })
      : undefined;
    const code = new TerraformAsset(this, "Code", { path: codeDir, type: AssetType.ARCHIVE });
    const bucketInStack = inSameStack(this, props.bucket.dependable);
    const fn = new ScfFunction(this, "Function", {
      name: functionName,
      // Referencing the namespace resource orders the function after it.
      namespace: namespaceResource ? namespaceResource.namespace : namespace,
      runtime: CDN_LOG_BACKUP_RUNTIME,
      handler: CDN_LOG_BACKUP_HANDLER,
      zipFile: code.path,
      memSize: memorySize,
      timeout: timeoutSeconds,
      environment,
      role: this.executionRole.roleName,
      // The function downloads packages from public CDN log URLs and calls the public CDN API; the provider's
      // default (false) would send PublicNetStatus=DISABLE and every run would fail.
      enablePublicNet: true,
      description,
      tags,
      // Never run without the grant; and when the bucket is declared in this stack, never before it exists.
      dependsOn: [this.executionRole.policyAttachment, ...(bucketInStack ? [bucketInStack] : [])],
    });
    new ScfTrigger(this, "Timer", {
      type: "timer",
      functionName: fn.name,
      namespace: fn.namespace,
      triggerName: TRIGGER_NAME,
      triggerDesc: scfTimerTriggerDesc(cron),
      // Read copies the API's qualifier into state (Optional, not Computed) and SCF defaults it to $LATEST: unset, every
      // plan after apply would want to clear it (resourceTencentCloudScfTriggerRead, resource_tc_scf_trigger.go, 1.83.25).
      qualifier: SCF_TRIGGER_QUALIFIER,
      enable: "OPEN",
      description: `CDN log backup, ${cron.describe()}`,
    });

    // The function runs in its provider's region, known once the stack is complete.
    this.node.addValidation({ validate: () => scfRegionErrors(this, fn) });

    new TerraformOutput(this, "FunctionName", {
      value: fn.name,
      description: "Name of the CDN log backup SCF function",
    });
    new TerraformOutput(this, "RoleName", {
      value: this.executionRole.roleName,
      description: "Name of the CDN log backup function's CAM execution role",
    });

    this.functionName = functionName;
    this.namespace = namespace;
    this.roleName = roleName;
    this.schedule = cron;
    this.domains = domains;
    this.destinationPrefix = prefix;
    this.codePath = codeDir;
  }

  private validateDomains(input: string | readonly string[]): string[] {
    const list =
      typeof input === "string" ? [input] : Array.isArray(input) ? [...(input as readonly string[])] : undefined;
    if (list === undefined) {
      invalidProp(this, "domains", input, "is not a domain or a list of domains", "give e.g. ['www.example.com']");
    }
    if (list.length === 0) {
      invalidProp(
        this,
        "domains",
        list,
        "is empty",
        "list at least one CDN acceleration domain, e.g. ['www.example.com']",
      );
    }
    const seen = new Set<string>();
    return list.map((raw, index) => {
      const prop = `domains[${index}]`;
      if (typeof raw !== "string") invalidProp(this, prop, raw, "is not a string", "give the domain name as a string");
      if (Token.isUnresolved(raw)) return raw;
      const domain = raw.toLowerCase();
      const problem = hostnameProblem(domain);
      if (problem) {
        invalidProp(
          this,
          prop,
          raw,
          `is not a CDN domain (${problem})`,
          "use the accelerated domain exactly as listed in the CDN console, e.g. 'www.example.com'",
        );
      }
      if (seen.has(domain)) {
        invalidProp(this, prop, raw, "is listed more than once", "remove the duplicate");
      }
      seen.add(domain);
      return domain;
    });
  }

  /** The MB of copy buffers all copies share; every copy must get at least two parts' worth. */
  private copyBufferBudget(memorySize: number, concurrency: number): number {
    const budget = memorySize - CDN_LOG_BACKUP_RUNTIME_RESERVE_MB;
    const perCopy = Math.floor(budget / concurrency);
    if (perCopy < CDN_LOG_BACKUP_MIN_COPY_BUFFER_MB) {
      const maxConcurrency = Math.floor(budget / CDN_LOG_BACKUP_MIN_COPY_BUFFER_MB);
      const minMemory =
        Math.ceil((CDN_LOG_BACKUP_RUNTIME_RESERVE_MB + concurrency * CDN_LOG_BACKUP_MIN_COPY_BUFFER_MB) / 128) * 128;
      invalidProp(
        this,
        "concurrency",
        concurrency,
        `with memorySize ${memorySize} leaves ${perCopy} MB of copy buffers per copy (${memorySize} - ${CDN_LOG_BACKUP_RUNTIME_RESERVE_MB} MB for the runtime, split ${concurrency} ways), less than the ${CDN_LOG_BACKUP_MIN_COPY_BUFFER_MB} MB a copy needs`,
        `lower concurrency to at most ${maxConcurrency}, or raise memorySize to at least ${minMemory}`,
      );
    }
    return budget;
  }

  /** Download hosts are a security allowlist: literal, exact public DNS names only. */
  private validateLogDownloadHosts(input: readonly string[] | undefined): string[] {
    if (input === undefined) return [];
    if (!Array.isArray(input)) {
      invalidProp(
        this,
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
          this,
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
          this,
          prop,
          raw,
          `is not a download host name (${problem})`,
          "use the exact DNS name of the host in the refused download link, e.g. 'logs.example.com'",
        );
      }
      if (hosts.includes(host)) invalidProp(this, prop, raw, "is listed more than once", "remove the duplicate");
      hosts.push(host);
    });
    return hosts;
  }

  private validateBucket(bucket: ICosBucketRef): ICosBucketRef {
    if (bucket === undefined || bucket === null || typeof bucket !== "object") {
      invalidProp(this, "bucket", bucket, "is not a bucket", "pass a CosLogBucket or { bucketName, region, appId }");
    }
    requireLiteralRegion(this, "bucket.region", bucket.region);
    if (typeof bucket.bucketName !== "string") {
      invalidProp(
        this,
        "bucket.bucketName",
        bucket.bucketName,
        "is not a string",
        "give the full bucket name with its appid, e.g. 'cdn-logs-1250000000'",
      );
    }
    validateCosBucketName(this, "bucket.bucketName", bucket.bucketName);
    if (typeof bucket.appId !== "string") {
      invalidProp(
        this,
        "bucket.appId",
        bucket.appId,
        "is not a string",
        "give the 10-digit appid, or TencentCloudAccount.of(this).appId",
      );
    }
    validateAppId(this, "bucket.appId", bucket.appId);
    const suffix = splitCosBucketName(bucket.bucketName);
    if (suffix && !Token.isUnresolved(bucket.appId) && suffix.appId !== bucket.appId) {
      invalidProp(
        this,
        "bucket.appId",
        bucket.appId,
        `does not match the appid suffix of bucket '${bucket.bucketName}'`,
        "use the appid the bucket name ends with",
      );
    }
    return bucket;
  }

  /** A log bucket expires only objects under its own log prefix; backups elsewhere would be kept forever. */
  private checkRetentionCovers(bucket: ICosBucketRef, prefix: string): void {
    const logPrefix = logRootOf(bucket);
    if (logPrefix === undefined || logPrefix === "" || Token.isUnresolved(logPrefix) || Token.isUnresolved(prefix))
      return;
    if (!lifecyclePrefixCovers(logPrefix, prefix)) {
      Annotations.of(this).addWarning(
        `destinationPrefix '${prefix}' is outside the log bucket's prefix '${logPrefix}', so its retention rule does not apply to the backups; ` +
          `use a destinationPrefix under '${logPrefix}' (e.g. '${logPrefix}cdn/') to have them expire with the other logs.`,
      );
    }
  }

  /** The folder with the bundled function: `codePath`, or this package's built bundle. */
  private locateCode(codePath: string | undefined): string {
    if (codePath !== undefined) {
      const dir = path.resolve(codePath);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) {
        invalidProp(
          this,
          "codePath",
          codePath,
          "is not a folder",
          "point it at the folder holding the bundled index.js",
        );
      }
      if (!existsSync(path.join(dir, BUNDLE_ENTRY_FILE))) {
        invalidProp(
          this,
          "codePath",
          codePath,
          `has no ${BUNDLE_ENTRY_FILE}`,
          `the handler is ${CDN_LOG_BACKUP_HANDLER}: put the bundle's ${BUNDLE_ENTRY_FILE} at the top of the folder`,
        );
      }
      return dir;
    }
    let dir = __dirname;
    for (;;) {
      const candidate = path.join(dir, BUNDLE_RELATIVE_DIR);
      if (existsSync(path.join(candidate, BUNDLE_ENTRY_FILE))) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return invalidProp(
      this,
      "codePath",
      codePath,
      `is not set and the bundled function (${path.join(BUNDLE_RELATIVE_DIR, BUNDLE_ENTRY_FILE)}) was not found above ${__dirname}`,
      "run `npm run build:function` (node functions/cdn-log-backup/build.mjs) in the cdktf-access-logs package, or set codePath to a folder holding the bundle",
    );
  }

  /** Runs must leave no hours uncopied: the lookback has to span the longest gap between runs. */
  private checkCoverage(cron: ScfCron, lookbackHours: number, timeoutSeconds: number): void {
    const lookbackSeconds = lookbackHours * 3600;
    const longestGap = cron.maxIntervalSeconds();
    if (Number.isFinite(longestGap) && longestGap > lookbackSeconds) {
      invalidProp(
        this,
        "lookbackHours",
        lookbackHours,
        `is shorter than the longest gap between runs of the schedule '${cron.expression}' (${formatHours(longestGap)}), so logs of the hours in between would never be copied`,
        longestGap > CDN_LOG_MAX_LOOKBACK_HOURS * 3600
          ? "run the backup at least every 30 days (CDN keeps logs for 30 days)"
          : `set lookbackHours to at least ${Math.ceil(longestGap / 3600) + CDN_PACKAGE_GROWTH_HOURS}, or run more often`,
      );
    }
    if (Number.isFinite(longestGap) && longestGap + CDN_PACKAGE_GROWTH_HOURS * 3600 > lookbackSeconds) {
      Annotations.of(this).addWarning(
        `lookbackHours ${lookbackHours} covers the ${formatHours(longestGap)} between runs but not the ~${CDN_PACKAGE_GROWTH_HOURS} h during which CDN keeps appending to a package; ` +
          `lines appended after a package was copied may be missed. Set lookbackHours to at least ${Math.ceil(longestGap / 3600) + CDN_PACKAGE_GROWTH_HOURS}.`,
      );
    }
    const shortestGap = cron.minIntervalSeconds();
    if (Number.isFinite(shortestGap) && shortestGap < timeoutSeconds) {
      Annotations.of(this).addWarning(
        `the schedule '${cron.expression}' can start a run ${formatHours(shortestGap)} after the previous one, before its ${timeoutSeconds} s timeout; overlapping runs copy the same packages twice.`,
      );
    }
  }

  private checkPolicySize(policy: CamPolicyDocument, scope: CdnResourceScope): void {
    // Tokens render longer than their values (an appid is 10 digits, an owner uin at most 13), so this over-estimates.
    const length = policy.toJsonString().length;
    if (length > CAM_POLICY_DOCUMENT_LIMIT) {
      Annotations.of(this).addWarning(
        `the execution role's policy is about ${length} characters, more than CAM's ${CAM_POLICY_DOCUMENT_LIMIT}; ` +
          (scope === "domains"
            ? "set cdnResourceScope: 'all-domains' or split the domains over several backups."
            : "split the domains over several backups."),
      );
    }
  }

  private checkEnvironmentSize(environment: { [key: string]: string }): void {
    const bytes = Object.entries(environment).reduce(
      (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value),
      0,
    );
    if (bytes > SCF_ENVIRONMENT_LIMIT_BYTES) {
      invalidProp(
        this,
        "domains",
        `${environment.BACKUP_DOMAINS.split(",").length} domains`,
        `make the function's environment ${bytes} bytes, more than SCF's ${SCF_ENVIRONMENT_LIMIT_BYTES}`,
        "split the domains over several CdnLogBackup constructs",
      );
    }
  }
}

/** The function's provider must be configured for a region where SCF runs functions (when its region is a literal). */
function scfRegionErrors(scope: Construct, fn: ScfFunction): string[] {
  const provider =
    fn.provider ??
    TerraformStack.of(fn)
      .node.findAll()
      .find(
        (node): node is TerraformProvider =>
          TerraformProvider.isTerraformProvider(node) &&
          node.terraformResourceType === "tencentcloud" &&
          (node as unknown as { aliasInput?: unknown }).aliasInput === undefined,
      );
  const region = (provider as unknown as { readonly regionInput?: unknown } | undefined)?.regionInput;
  if (
    provider === undefined ||
    typeof region !== "string" ||
    Token.isUnresolved(region) ||
    SCF_REGIONS.includes(region)
  )
    return [];
  return [
    new PropValidationError(
      scope.node.path,
      "provider region",
      region,
      `(of the tencentcloud provider ${provider.node.path} the function is created with) is not a region where SCF runs functions`,
      `configure the provider for one of ${SCF_REGIONS.join(", ")}`,
    ).message,
  ];
}

function formatHours(seconds: number): string {
  const hours = seconds / 3600;
  return Number.isInteger(hours) ? `${hours} h` : `${hours.toFixed(2)} h`;
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
