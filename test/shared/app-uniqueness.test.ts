import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { BaiducloudProvider } from "../../.gen/providers/baiducloud/provider";
import { CosBucket } from "../../.gen/providers/tencentcloud/cos-bucket";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import {
  BosAccessLoggedBucket,
  BosLogBucket,
  CdnLogBackup,
  ClsDeliveryAuthorization,
  CosAccessLoggedBucket,
  CosAccessLogging,
  CosLogBucket,
  PropValidationError,
  TencentCloudAccount,
} from "../../lib";
import { warningsOf } from "../helpers";

const BUCKET = { bucketName: "cdn-logs-1250000000", region: "ap-guangzhou", appId: "1250000000" };

function tencentStack(app: App, name: string, region = "ap-guangzhou"): TerraformStack {
  const stack = new TerraformStack(app, name);
  new TencentcloudProvider(stack, "tencentcloud", { region });
  return stack;
}

function baiduStack(app: App, name: string): TerraformStack {
  const stack = new TerraformStack(app, name);
  new BaiducloudProvider(stack, "baiducloud", { region: "bj", accessKey: "${var.ak}", secretKey: "${var.sk}" });
  return stack;
}

/** The validation errors of `stack`, as `cdktf synth` reports them. */
function synthError(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
  } catch (error) {
    return String((error as Error).message);
  }
  return "";
}

function cosSource(stack: TerraformStack, id: string, bucketName: string, target: CosLogBucket) {
  return new CosAccessLoggedBucket(stack, id, { bucketName, region: "ap-guangzhou", target });
}

describe("app-wide uniqueness of cloud names", () => {
  test("two sources with one bucket name in two stacks: both construct paths in the error", () => {
    const app = Testing.app();
    for (const name of ["a", "b"]) {
      const stack = tencentStack(app, name);
      const logs = new CosLogBucket(stack, "Logs", { bucketName: `logs-${name}-1250000000`, region: "ap-guangzhou" });
      cosSource(stack, "Site", "site-1250000000", logs);
    }
    const error = synthError(app.node.findChild("a") as TerraformStack);
    expect(error).toContain('a/Site and b/Site both declare the COS bucket name "site-1250000000"');
    expect(error).toContain("Fix: give each bucket its own name");
    // The other stack reports it as well.
    expect(synthError(app.node.findChild("b") as TerraformStack)).toContain("a/Site and b/Site");
  });

  test("fires on app.synth() without the user opting in", () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "uniq-")) });
    for (const name of ["a", "b"]) {
      const stack = tencentStack(app, name);
      const logs = new CosLogBucket(stack, "Logs", { bucketName: `logs-${name}-1250000000`, region: "ap-guangzhou" });
      cosSource(stack, "Site", "site-1250000000", logs);
    }
    expect(() => app.synth()).toThrow(/a\/Site and b\/Site both declare the COS bucket name "site-1250000000"/);
  });

  test("a source named like its log bucket with a token appid is the same bucket (names compared by expression)", () => {
    const app = Testing.app();
    const stack = tencentStack(app, "s");
    const logs = new CosLogBucket(stack, "Logs", { name: "logs", region: "ap-guangzhou" });
    new CosAccessLoggedBucket(stack, "Site", { name: "logs", region: "ap-guangzhou", target: logs });
    expect(synthError(stack)).toContain(
      's/Logs and s/Site both declare the COS bucket name "logs-${data.tencentcloud_user_info.TencentCloudAccount.app_id}"',
    );
  });

  test("the same short name with a token appid in two stacks is one bucket of the account", () => {
    const app = Testing.app();
    for (const name of ["a", "b"]) {
      new CosLogBucket(tencentStack(app, name), "Logs", { name: "logs", region: "ap-guangzhou" });
    }
    expect(synthError(app.node.findChild("a") as TerraformStack)).toContain("a/Logs and b/Logs both declare the COS bucket name");
  });

  test("different names, or one name with two literal appids, pass", () => {
    const app = Testing.app();
    const a = tencentStack(app, "a");
    const b = tencentStack(app, "b");
    new CosLogBucket(a, "Logs", { bucketName: "logs-1250000000", region: "ap-guangzhou" });
    new CosLogBucket(b, "Logs", { bucketName: "logs-1250000001", region: "ap-guangzhou" });
    new CosLogBucket(a, "Other", { name: "other", region: "ap-guangzhou" });
    expect(synthError(a)).toBe("");
    expect(synthError(b)).toBe("");
  });

  test("a logged CosBucket named like its imported log bucket (token appid) warns about self-logging", () => {
    const app = Testing.app();
    const stack = tencentStack(app, "s");
    const appId = TencentCloudAccount.of(stack).appId;
    const target = CosLogBucket.fromBucketAttributes(stack, "Logs", { name: "logs", region: "ap-guangzhou" });
    const bucket = new CosBucket(stack, "Raw", { bucket: `logs-${appId}` });
    CosAccessLogging.enable(bucket, { region: "ap-guangzhou", target });
    expect(warningsOf(stack).join("\n")).toContain("the bucket logs into itself");
  });

  test("two CdnLogBackup with one function name in one region and namespace", () => {
    const app = Testing.app();
    const a = tencentStack(app, "a");
    const b = tencentStack(app, "b");
    new CdnLogBackup(a, "Backup", { domains: ["www.example.com"], bucket: BUCKET, roleName: "backup-a" });
    new CdnLogBackup(b, "Backup", { domains: ["img.example.com"], bucket: BUCKET, roleName: "backup-b" });
    expect(synthError(a)).toContain('a/Backup and b/Backup both declare the SCF function name "cdn-log-backup" in region ap-guangzhou, namespace "default"');
  });

  test("one function name in two regions is fine, but the default role name is account-wide", () => {
    const app = Testing.app();
    const gz = tencentStack(app, "gz", "ap-guangzhou");
    const sh = tencentStack(app, "sh", "ap-shanghai");
    new CdnLogBackup(gz, "Backup", { domains: ["www.example.com"], bucket: BUCKET });
    new CdnLogBackup(sh, "Backup", { domains: ["img.example.com"], bucket: { ...BUCKET, region: "ap-shanghai", bucketName: "cdn-logs-sh-1250000000" } });
    const error = synthError(gz);
    expect(error).not.toContain("SCF function name");
    expect(error).toContain('gz/Backup/ExecutionRole and sh/Backup/ExecutionRole both declare the CAM role name "cdn-log-backup-role"');
    expect(error).toContain("CAM names are account-wide, not per region");
    expect(error).toContain('CAM policy name "cdn-log-backup-role-policy"');
  });

  test("with distinct role names, the same function in two regions passes", () => {
    const app = Testing.app();
    const gz = tencentStack(app, "gz", "ap-guangzhou");
    const sh = tencentStack(app, "sh", "ap-shanghai");
    new CdnLogBackup(gz, "Backup", { domains: ["www.example.com"], bucket: BUCKET, roleName: "cdn-log-backup-gz" });
    new CdnLogBackup(sh, "Backup", {
      domains: ["img.example.com"],
      bucket: { ...BUCKET, region: "ap-shanghai", bucketName: "cdn-logs-sh-1250000000" },
      roleName: "cdn-log-backup-sh",
    });
    expect(synthError(gz)).toBe("");
    expect(synthError(sh)).toBe("");
  });

  test("two CdnLogBackup creating one namespace in one region", () => {
    const app = Testing.app();
    const stack = tencentStack(app, "s");
    new CdnLogBackup(stack, "One", { domains: ["www.example.com"], bucket: BUCKET, namespace: "logs", createNamespace: true, functionName: "one" });
    new CdnLogBackup(stack, "Two", { domains: ["img.example.com"], bucket: BUCKET, namespace: "logs", createNamespace: true, functionName: "two" });
    expect(synthError(stack)).toContain('s/One and s/Two both declare the SCF namespace "logs" in region ap-guangzhou');
  });

  test("two stacks both creating CLS_QcsRole", () => {
    const app = Testing.app();
    for (const name of ["a", "b"]) {
      const stack = tencentStack(app, name);
      const logs = new CosLogBucket(stack, "Logs", { bucketName: `logs-${name}-1250000000`, region: "ap-guangzhou" });
      cosSource(stack, "Site", `site-${name}-1250000000`, logs);
    }
    const error = synthError(app.node.findChild("a") as TerraformStack);
    expect(error).toContain('a/ClsDeliveryAuthorization and b/ClsDeliveryAuthorization both declare the CAM role name "CLS_QcsRole"');
    expect(error).toContain("existingRole: true");
  });

  test("one stack creating CLS_QcsRole and the other reusing it passes", () => {
    const app = Testing.app();
    for (const name of ["a", "b"]) {
      const stack = tencentStack(app, name);
      if (name === "b") ClsDeliveryAuthorization.of(stack, { existingRole: true });
      const logs = new CosLogBucket(stack, "Logs", { bucketName: `logs-${name}-1250000000`, region: "ap-guangzhou" });
      cosSource(stack, "Site", `site-${name}-1250000000`, logs);
    }
    expect(synthError(app.node.findChild("a") as TerraformStack)).toBe("");
  });

  test.each(["CLS_QcsRole", "cls_qcsrole", "SCF_QcsRole"])("roleName %p is a service role's name", (roleName) => {
    const app = Testing.app();
    const stack = tencentStack(app, "s");
    let caught: unknown;
    try {
      new CdnLogBackup(stack, "Backup", { domains: ["www.example.com"], bucket: BUCKET, roleName });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PropValidationError);
    expect((caught as PropValidationError).prop).toBe("roleName");
    expect((caught as PropValidationError).message).toMatch(/reserved for the service\. Fix: choose another name/);
  });

  test("CAM policy names that collide after sanitising the stack names", () => {
    const app = Testing.app();
    for (const name of ["logs:a", "logs-a"]) {
      const stack = tencentStack(app, name);
      ClsDeliveryAuthorization.of(stack, { existingRole: true });
      const logs = new CosLogBucket(stack, "Logs", { bucketName: `logs-${name.replace(":", "x")}-1250000000`, region: "ap-guangzhou" });
      cosSource(stack, "Site", `site-${name.replace(":", "x")}-1250000000`, logs);
    }
    const error = synthError(app.node.findChild("logs:a") as TerraformStack);
    expect(error).toContain('logs:a/ClsDeliveryAuthorization and logs-a/ClsDeliveryAuthorization both declare the CAM policy name "CosAccessLogDelivery-logs-a"');
    expect(error).toContain("set a distinct policyName");
  });

  test("two BOS buckets with one name in two stacks (BOS names are global)", () => {
    const app = Testing.app();
    for (const name of ["a", "b"]) {
      const stack = baiduStack(app, name);
      const logs = new BosLogBucket(stack, "Logs", { bucketName: `acme-logs-${name}`, region: "bj" });
      new BosAccessLoggedBucket(stack, "Site", { bucketName: "acme-site", region: "bj", logBucket: logs });
    }
    const error = synthError(app.node.findChild("a") as TerraformStack);
    expect(error).toContain('a/Site and b/Site both declare the BOS bucket name "acme-site"');
    expect(error).toContain("global across all Baidu accounts");
  });

  test("a BOS source named like another stack's log bucket", () => {
    const app = Testing.app();
    const a = baiduStack(app, "a");
    const b = baiduStack(app, "b");
    new BosLogBucket(a, "Logs", { bucketName: "acme-logs", region: "bj" });
    const logsB = new BosLogBucket(b, "Logs", { bucketName: "acme-logs-b", region: "bj" });
    new BosAccessLoggedBucket(b, "Site", { bucketName: "acme-logs", region: "bj", logBucket: logsB });
    expect(synthError(b)).toContain('a/Logs and b/Site both declare the BOS bucket name "acme-logs"');
  });
});
