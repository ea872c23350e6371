/**
 * Builders of synthesized Terraform JSON (as `cdktf synth` writes it) for the review tests and the review benchmark
 * (bench/review.ts): pure data, no files, so the benchmark can load them without the test harness.
 */

/** A CAM document with the given statements, as the constructs write it. */
export function camDocument(statement: object[], form: "json" | "jsonencode" = "json"): string {
  const document = { version: "2.0", statement };
  return form === "json" ? JSON.stringify(document) : `\${jsonencode(${hclValue(document)})}`;
}

/** A JSON value as cdktf writes it inside `jsonencode(...)`: `{"key" = value, ...}`, `[a, b]`, quoted strings. */
function hclValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(hclValue).join(", ")}]`;
  if (typeof value === "object" && value !== null)
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)} = ${hclValue(item)}`)
      .join(", ")}}`;
  return JSON.stringify(value);
}

/** A COS bucket that logs into `target` under `prefix`. */
export function loggedBucket(name: string, target: string, prefix: string, path = `app/${name}`): object {
  return {
    bucket: name,
    acl: "private",
    log_enable: true,
    log_target_bucket: target,
    log_prefix: prefix,
    "//": { metadata: { path } },
  };
}

/** A private COS bucket that does not log. */
export function unloggedBucket(name: string, path = `app/${name}`): object {
  return { bucket: name, acl: "private", "//": { metadata: { path } } };
}

/** A private, encrypted COS log bucket expiring everything under `filterPrefix` after `days`. */
export function cosLogBucket(name: string, days: number, filterPrefix = "", path = `app/${name}`): object {
  return {
    bucket: name,
    acl: "private",
    encryption_algorithm: "AES256",
    lifecycle_rules: [{ filter_prefix: filterPrefix, expiration: { days } }],
    "//": { metadata: { path } },
  };
}

/** The CDN log backup function `cdn-backup` as `CdnLogBackup` configures it: where it writes and how far back. */
export function backupFunction(options: {
  readonly bucket: string;
  readonly prefix: string;
  readonly lookbackHours: string;
  readonly path: string;
}): object {
  return {
    name: "cdn-backup",
    timeout: 900,
    mem_size: 256,
    environment: {
      BACKUP_BUCKET: options.bucket,
      BACKUP_PREFIX: options.prefix,
      BACKUP_LOOKBACK_HOURS: options.lookbackHours,
    },
    "//": { metadata: { path: options.path } },
  };
}

/** A timer trigger `daily` of the function `backup`, firing on `triggerDesc`. */
export function dailyTimer(triggerDesc: string, path: string): object {
  return {
    function_name: "${tencentcloud_scf_function.backup.name}",
    name: "daily",
    type: "timer",
    trigger_desc: triggerDesc,
    "//": { metadata: { path } },
  };
}
