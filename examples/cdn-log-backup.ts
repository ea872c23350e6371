import { App, CosBackend, TerraformStack } from "cdktf";
import { TencentcloudProvider } from "../.gen/providers/tencentcloud/provider";
import { BackupSchedule, CdnLogBackup, CosLogBucket } from "../lib";

/**
 * CDN log backup: every night at 03:30 Beijing time an SCF function copies the last 48 hours of CDN access-log
 * packages (mainland and overseas) of two acceleration domains into a private log bucket, under `cdn-logs/`, where
 * they expire after a year. The function runs with the temporary keys of its own execution role, which may list the
 * logs of these two domains and write under `cdn-logs/` of this bucket, nothing else. Provider credentials come from
 * the environment (TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY), never from code.
 *
 * Build the function bundle first: `npm run build:function`.
 */
export function cdnLogBackupExample(app: App): TerraformStack {
  const stack = new TerraformStack(app, "cdn-log-backup");
  const region = "ap-guangzhou";

  // State lives in an existing, private, versioned COS bucket (backends cannot use tokens, so the name is literal).
  new CosBackend(stack, {
    bucket: "tfstate-1250000000",
    prefix: "cdktf-access-logs/cdn-log-backup",
    region,
    encrypt: true,
    acl: "private",
  });
  new TencentcloudProvider(stack, "tencentcloud", { region });

  // The retention rule of the log bucket covers cdn-logs/, where the backups go.
  const logs = new CosLogBucket(stack, "CdnLogs", {
    name: "cdn-logs",
    region,
    logPrefix: "cdn-logs/",
    retentionDays: 365,
    transitionToColdAfterDays: 30,
    coldStorageClass: "STANDARD_IA",
    tags: { purpose: "cdn-log-backup" },
  });

  new CdnLogBackup(stack, "CdnLogBackup", {
    domains: ["www.example.com", "static.example.com"],
    bucket: logs,
    destinationPrefix: "cdn-logs/",
    schedule: BackupSchedule.daily({ hour: 3, minute: 30 }),
    area: "global",
    lookbackHours: 48,
    functionName: "example-cdn-log-backup",
    tags: { purpose: "cdn-log-backup" },
  });

  return stack;
}
