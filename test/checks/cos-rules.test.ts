import { TerraformStack } from "cdktf";
import { CosBucket, CosBucketConfig } from "../../.gen/providers/tencentcloud/cos-bucket";
import { CosBucketPolicy } from "../../.gen/providers/tencentcloud/cos-bucket-policy";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import { ScfFunction } from "../../.gen/providers/tencentcloud/scf-function";
import { CheckFinding, runAccessLogChecks } from "../../lib/checks";
import { newStack, synthChecked } from "../helpers";

/** Findings of the check pack on a stack, synthesized (and schema-checked) without the aspect. */
function findingsOf(stack: TerraformStack): CheckFinding[] {
  return runAccessLogChecks(synthChecked(stack));
}

function ids(findings: CheckFinding[]): string[] {
  return findings.map((f) => f.ruleId);
}

/** A compliant pair: a source bucket logging into a private, encrypted log bucket that expires the logs. */
function cosPair(overrides: { logs?: Partial<CosBucketConfig>; src?: Partial<CosBucketConfig> } = {}) {
  const { stack } = newStack();
  new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
  const logs = new CosBucket(stack, "logs", {
    bucket: "logs-1250000000",
    encryptionAlgorithm: "AES256",
    lifecycleRules: [{ filterPrefix: "access/", expiration: { days: 90 } }],
    ...overrides.logs,
  });
  const src = new CosBucket(stack, "src", {
    bucket: "src-1250000000",
    logEnable: true,
    logTargetBucket: logs.bucket,
    logPrefix: "access/src/",
    ...overrides.src,
  });
  return { stack, logs, src };
}

/**
 * A source bucket in the default provider's region logging under "a/" into a log bucket that expires everything, in
 * the same region or, with `logsInShanghai`, in ap-shanghai (provider alias).
 */
function regionPair(sourceRegion: string, options: { logsInShanghai?: boolean } = {}): TerraformStack {
  const { stack } = newStack();
  new TencentcloudProvider(stack, "tencentcloud", { region: sourceRegion });
  const shanghai = options.logsInShanghai
    ? new TencentcloudProvider(stack, "shanghai", { region: "ap-shanghai", alias: "shanghai" })
    : undefined;
  const logs = new CosBucket(stack, "logs", {
    provider: shanghai,
    bucket: "logs-1250000000",
    encryptionAlgorithm: "AES256",
    lifecycleRules: [{ expiration: { days: 30 } }],
  });
  new CosBucket(stack, "src", {
    bucket: "src-1250000000",
    logEnable: true,
    logTargetBucket: logs.bucket,
    logPrefix: "a/",
  });
  return stack;
}

describe("COS rules", () => {
  test("a compliant source and log bucket produce no finding", () => {
    expect(findingsOf(cosPair().stack)).toEqual([]);
  });

  test("TC-COS-1: a bucket without logging that is no log target", () => {
    const { stack } = cosPair();
    new CosBucket(stack, "plain", { bucket: "plain-1250000000" });
    const findings = findingsOf(stack);
    expect(ids(findings)).toEqual(["TC-COS-1"]);
    expect(findings[0].address).toBe("tencentcloud_cos_bucket.plain");
    expect(findings[0].level).toBe("error");
    expect(findings[0].message).toMatch(
      /^\[TC-COS-1\] COS bucket has no access logging — tencentcloud_cos_bucket.plain \("plain-1250000000"\) .*\. Fix: enable logging/,
    );
  });

  test("TC-COS-1: log_enable without a target is no logging", () => {
    const { stack } = cosPair();
    new CosBucket(stack, "half", { bucket: "half-1250000000", logEnable: true });
    expect(findingsOf(stack).map((f) => f.detail)).toEqual([
      "tencentcloud_cos_bucket.half sets log_enable but no log_target_bucket, so the provider rejects it",
    ]);
  });

  test("TC-COS-1: a log target matched by its literal name needs no logging of its own", () => {
    const { stack } = cosPair({ src: { logTargetBucket: "logs-1250000000" } });
    expect(findingsOf(stack)).toEqual([]);
  });

  test("a bucket the CDN log backup function writes into is a log target: no logging of its own, log-bucket rules apply", () => {
    const { stack } = cosPair();
    const backups = new CosBucket(stack, "backups", { bucket: "backups-1250000000", acl: "public-read" });
    new ScfFunction(stack, "backup", {
      name: "cdn-log-backup",
      environment: { BACKUP_BUCKET: backups.bucket, BACKUP_PREFIX: "cdn-logs/", BACKUP_REGION: "ap-shanghai" },
    });
    const findings = findingsOf(stack);
    // Not TC-COS-1 (it receives logs) and not TC-COS-2 (the function copies across regions over the network).
    expect(ids(findings).sort()).toEqual(["TC-COS-4", "TC-COS-5", "TC-COS-6"]);
    expect(findings.find((f) => f.ruleId === "TC-COS-6")!.detail).toBe(
      'tencentcloud_cos_bucket.backups never expires logs under "cdn-logs/"',
    );
  });

  test("TC-COS-2: log target in another region (provider alias)", () => {
    const stack = regionPair("ap-guangzhou", { logsInShanghai: true });
    const findings = findingsOf(stack);
    expect(ids(findings)).toEqual(["TC-COS-2"]);
    expect(findings[0].detail).toBe(
      "tencentcloud_cos_bucket.src in ap-guangzhou logs to tencentcloud_cos_bucket.logs in ap-shanghai",
    );
  });

  test("TC-COS-2 is skipped when a region is only known at plan time", () => {
    const stack = regionPair("${var.region}", { logsInShanghai: true });
    expect(findingsOf(stack)).toEqual([]);
  });

  test("TC-COS-3: a bucket logging into itself (warning), and it then counts as a log bucket", () => {
    const { stack } = newStack();
    new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
    new CosBucket(stack, "self", {
      bucket: "self-1250000000",
      logEnable: true,
      logTargetBucket: "self-1250000000",
      logPrefix: "logs/",
      encryptionAlgorithm: "AES256",
      lifecycleRules: [{ filterPrefix: "logs/", expiration: { days: 30 } }],
    });
    const findings = findingsOf(stack);
    expect(ids(findings)).toEqual(["TC-COS-3"]);
    expect(findings[0].level).toBe("warning");
  });

  test("TC-COS-4: public log bucket ACL", () => {
    expect(ids(findingsOf(cosPair({ logs: { acl: "public-read" } }).stack))).toEqual(["TC-COS-4"]);
  });

  test("TC-COS-4: acl_body granting AllUsers", () => {
    const aclBody =
      "<AccessControlPolicy><AccessControlList><Grant><Grantee><URI>http://cam.qcloud.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>";
    expect(ids(findingsOf(cosPair({ logs: { aclBody } }).stack))).toEqual(["TC-COS-4"]);
  });

  test("TC-COS-4: a bucket policy letting anyone read the log bucket", () => {
    const { stack, logs } = cosPair();
    new CosBucketPolicy(stack, "open", {
      bucket: logs.bucket,
      policy: JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Principal: { qcs: ["qcs::cam::anyone:anyone"] },
            Action: ["name/cos:GetObject"],
            Resource: ["*"],
          },
        ],
      }),
    });
    const findings = findingsOf(stack);
    expect(ids(findings)).toEqual(["TC-COS-4"]);
    expect(findings[0].address).toBe("tencentcloud_cos_bucket_policy.open");
  });

  test("a private ACL is fine", () => {
    expect(findingsOf(cosPair({ logs: { acl: "private" } }).stack)).toEqual([]);
  });

  test("TC-COS-5: unencrypted log bucket", () => {
    const findings = findingsOf(cosPair({ logs: { encryptionAlgorithm: undefined } }).stack);
    expect(ids(findings)).toEqual(["TC-COS-5"]);
    expect(findings[0].address).toBe("tencentcloud_cos_bucket.logs");
  });

  test("TC-COS-6: no lifecycle rule, or one for another prefix, or one without expiration", () => {
    expect(ids(findingsOf(cosPair({ logs: { lifecycleRules: undefined } }).stack))).toEqual(["TC-COS-6"]);
    expect(
      ids(
        findingsOf(cosPair({ logs: { lifecycleRules: [{ filterPrefix: "other/", expiration: { days: 9 } }] } }).stack),
      ),
    ).toEqual(["TC-COS-6"]);
    expect(
      ids(
        findingsOf(
          cosPair({
            logs: {
              lifecycleRules: [{ filterPrefix: "access/", transition: [{ days: 30, storageClass: "STANDARD_IA" }] }],
            },
          }).stack,
        ),
      ),
    ).toEqual(["TC-COS-6"]);
    const finding = findingsOf(cosPair({ logs: { lifecycleRules: undefined } }).stack)[0];
    expect(finding.level).toBe("warning");
    expect(finding.detail).toBe('tencentcloud_cos_bucket.logs never expires logs under "access/src/"');
  });

  test("TC-COS-6: a rule for the whole bucket covers every prefix", () => {
    expect(findingsOf(cosPair({ logs: { lifecycleRules: [{ expiration: { days: 30 } }] } }).stack)).toEqual([]);
  });

  test("TC-COS-7: logging from a region without COS log delivery", () => {
    expect(ids(findingsOf(regionPair("eu-frankfurt")))).toEqual(["TC-COS-7"]);
  });
});
