// The public face of CdnLogBackup: its properties with their defaults, and the constants that describe what the
// deployed function runs and is granted.
import type { ICosBucketRef } from "../cos/bucket-name";
import type { BackupSchedule } from "./log-backup-schedule";
import type { CdnLogBackupAlarmOptions } from "./log-backup-alarm";

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
   * Run time limit of one invocation in seconds, 90 to 900. A run lists the packages and then starts a copy only with
   * at least 75 s left (a stalled download is only noticed after 60 s, and 15 s are kept for cleanup), so it needs 90 s
   * to copy anything (`CDN_LOG_BACKUP_MIN_TIMEOUT_SECONDS`); large packages need more. A run that copies some packages
   * and runs out of time defers the rest to the next run; one that copies none fails.
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

  /**
   * A Cloud Monitor alarm on the function's errors (`tencentcloud_monitor_alarm_policy`), sent to a notice template
   * you name. A run fails when a package or listing failed, or when its time budget let it copy none of the packages
   * due, so the alarm hears about every run that left logs behind. The function carries the tag
   * `cdn-log-backup-alarm = <namespace>/<functionName>`, which binds the policy to it.
   * @default - no alarm: failed runs show only in SCF's metrics and logs
   */
  readonly alarm?: CdnLogBackupAlarmOptions;
}
