import { App, CosBackend, TerraformStack } from "cdktf";
import { TencentcloudProvider } from "../.gen/providers/tencentcloud/provider";
import { ClsDeliveryAuthorization, CosAccessLoggedBucket, CosLogBucket } from "../lib";

/**
 * COS access logging: two source buckets deliver their access logs into one log bucket in the same region through
 * CLS. Credentials come from the environment (TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY), never from code.
 */
export function cosAccessLoggingExample(app: App): TerraformStack {
  const stack = new TerraformStack(app, "cos-access-logging");
  const region = "ap-guangzhou";

  // State lives in an existing, private, versioned COS bucket (backends cannot use tokens, so the name is literal).
  new CosBackend(stack, {
    bucket: "tfstate-1250000000",
    prefix: "cdktf-access-logs/cos-access-logging",
    region,
    encrypt: true,
    acl: "private",
  });
  new TencentcloudProvider(stack, "tencentcloud", { region });

  // CLS_QcsRole is account-global: this stack creates it. In an account where the COS console has already enabled log
  // management (or another stack made the role), use { existingRole: true } instead.
  ClsDeliveryAuthorization.of(stack, { createRole: true, permissions: "least-privilege" });

  const logs = new CosLogBucket(stack, "AccessLogs", {
    name: "access-logs",
    region,
    logPrefix: "cos-access/",
    retentionDays: 365,
    transitionToColdAfterDays: 30,
    coldStorageClass: "STANDARD_IA",
    tags: { purpose: "access-logs" },
  });

  // Logs land in access-logs-<appid>/cos-access/website/ and .../cos-access/downloads/.
  new CosAccessLoggedBucket(stack, "Website", { name: "website", region, target: logs, tags: { app: "website" } });
  new CosAccessLoggedBucket(stack, "Downloads", {
    name: "downloads",
    region,
    target: logs,
    versioned: true,
    tags: { app: "downloads" },
  });

  return stack;
}
