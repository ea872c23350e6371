import { TerraformStack, TerraformVariable } from "cdktf";
import { BosBucket, BosBucketConfig } from "../../.gen/providers/baiducloud/bos-bucket";
import { BaiducloudProvider } from "../../.gen/providers/baiducloud/provider";
import { BosLogBucket, enableBosAccessLogging } from "../../lib";
import { CheckFinding, runAccessLogChecks } from "../../lib/checks";
import { newStack, synthChecked } from "../helpers";

function findingsOf(stack: TerraformStack): CheckFinding[] {
  return runAccessLogChecks(synthChecked(stack));
}

function ids(findings: CheckFinding[]): string[] {
  return findings.map((f) => f.ruleId);
}

function provider(stack: TerraformStack, id: string, region: string, alias?: string): BaiducloudProvider {
  const ak = new TerraformVariable(stack, `${id}_ak`, { type: "string", sensitive: true });
  const sk = new TerraformVariable(stack, `${id}_sk`, { type: "string", sensitive: true });
  return new BaiducloudProvider(stack, id, { region, alias, accessKey: ak.stringValue, secretKey: sk.stringValue });
}

const retention = {
  resource: ["bos-logs/access/*"],
  status: "enabled",
  action: { name: "DeleteObject" },
  condition: { time: { dateGreaterThan: "$(lastModified)+P180D" } },
};

/** A compliant pair: a source bucket logging into a private, encrypted BOS log bucket that deletes the logs. */
function bosPair(overrides: { logs?: Partial<BosBucketConfig>; src?: Partial<BosBucketConfig> } = {}) {
  const { stack } = newStack();
  provider(stack, "baiducloud", "bj");
  const logs = new BosBucket(stack, "logs", { bucket: "bos-logs", serverSideEncryptionRule: "AES256", lifecycleRule: [retention], ...overrides.logs });
  const src = new BosBucket(stack, "src", { bucket: "bos-src", logging: { targetBucket: logs.bucket, targetPrefix: "access/src/" }, ...overrides.src });
  return { stack, logs, src };
}

describe("BOS rules", () => {
  test("a compliant source and log bucket produce no finding", () => {
    expect(findingsOf(bosPair().stack)).toEqual([]);
  });

  test("BD-BOS-1: a bucket without logging that is no log target", () => {
    const { stack } = bosPair();
    new BosBucket(stack, "plain", { bucket: "bos-plain" });
    const findings = findingsOf(stack);
    expect(ids(findings)).toEqual(["BD-BOS-1"]);
    expect(findings[0].address).toBe("baiducloud_bos_bucket.plain");
  });

  test("BD-BOS-2: log target in another region", () => {
    const { stack } = newStack();
    provider(stack, "baiducloud", "bj");
    const gz = provider(stack, "gz", "gz", "gz");
    const logs = new BosBucket(stack, "logs", { provider: gz, bucket: "bos-logs", serverSideEncryptionRule: "AES256", lifecycleRule: [retention] });
    new BosBucket(stack, "src", { bucket: "bos-src", logging: { targetBucket: logs.bucket, targetPrefix: "access/" } });
    const findings = findingsOf(stack);
    expect(ids(findings)).toEqual(["BD-BOS-2"]);
    expect(findings[0].detail).toBe("baiducloud_bos_bucket.src in bj logs to baiducloud_bos_bucket.logs in gz");
  });

  test("BD-BOS-3: a bucket logging into itself (warning)", () => {
    const { stack } = newStack();
    provider(stack, "baiducloud", "bj");
    new BosBucket(stack, "self", {
      bucket: "bos-self",
      serverSideEncryptionRule: "AES256",
      logging: { targetBucket: "bos-self", targetPrefix: "logs/" },
      lifecycleRule: [{ ...retention, resource: ["bos-self/logs/*"] }],
    });
    const findings = findingsOf(stack);
    expect(ids(findings)).toEqual(["BD-BOS-3"]);
    expect(findings[0].level).toBe("warning");
  });

  test("BD-BOS-4: public log bucket", () => {
    expect(ids(findingsOf(bosPair({ logs: { acl: "public-read" } }).stack))).toEqual(["BD-BOS-4"]);
  });

  test("BD-BOS-5: unencrypted log bucket", () => {
    expect(ids(findingsOf(bosPair({ logs: { serverSideEncryptionRule: undefined } }).stack))).toEqual(["BD-BOS-5"]);
  });

  test("BD-BOS-6: retention missing, disabled, not deleting, or for another prefix", () => {
    expect(ids(findingsOf(bosPair({ logs: { lifecycleRule: undefined } }).stack))).toEqual(["BD-BOS-6"]);
    expect(ids(findingsOf(bosPair({ logs: { lifecycleRule: [{ ...retention, status: "disabled" }] } }).stack))).toEqual(["BD-BOS-6"]);
    expect(ids(findingsOf(bosPair({ logs: { lifecycleRule: [{ ...retention, action: { name: "Transition", storageClass: "COLD" } }] } }).stack))).toEqual(["BD-BOS-6"]);
    expect(ids(findingsOf(bosPair({ logs: { lifecycleRule: [{ ...retention, resource: ["bos-logs/other/*"] }] } }).stack))).toEqual(["BD-BOS-6"]);
  });

  test("BD-BOS-6 reads coverage the way BOS names log objects: <prefix><source>-", () => {
    const exact = (resource: string) => ({ logs: { lifecycleRule: [{ ...retention, resource: [resource] }] } });
    // The objects are access/src/bos-src-<time>-<unique>: a rule for exactly those keys covers them...
    expect(findingsOf(bosPair(exact("bos-logs/access/src/bos-src-*")).stack)).toEqual([]);
    expect(findingsOf(bosPair(exact("bos-logs/access/src/bos-*")).stack)).toEqual([]);
    // ...one for another source's keys, a longer prefix, or a single object does not.
    const other = findingsOf(bosPair(exact("bos-logs/access/src/bos-other-*")).stack);
    expect(other.map((f) => [f.ruleId, f.detail])).toEqual([["BD-BOS-6", 'baiducloud_bos_bucket.logs never expires logs under "access/src/"']]);
    expect(ids(findingsOf(bosPair(exact("bos-logs/access/src/bos-src-2024*")).stack))).toEqual(["BD-BOS-6"]);
    expect(ids(findingsOf(bosPair(exact("bos-logs/access/src/bos-src-")).stack))).toEqual(["BD-BOS-6"]);
    expect(ids(findingsOf(bosPair(exact("other-bucket/access/*")).stack))).toEqual(["BD-BOS-6"]);
  });

  test("BD-BOS-6: no finding for a BosLogBucket source logging outside the log root (the construct adds the covering rule)", () => {
    const { stack } = newStack();
    provider(stack, "baiducloud", "bj");
    const logs = new BosLogBucket(stack, "Logs", { bucketName: "acme-access-logs", region: "bj", logPrefix: "logs/" });
    const existing = new BosBucket(stack, "Existing", { bucket: "acme-existing", acl: "private" });
    enableBosAccessLogging(existing, { region: "bj", logBucket: logs, logPrefix: "elsewhere/existing" });
    const synth = synthChecked(stack);
    const rules = (synth.resource as { baiducloud_bos_bucket: { [id: string]: { bucket: string; lifecycle_rule?: { resource: string[] }[] } } })
      .baiducloud_bos_bucket;
    const logBucket = Object.values(rules).find((b) => b.bucket === "acme-access-logs")!;
    expect(logBucket.lifecycle_rule!.map((r) => r.resource)).toEqual([["acme-access-logs/logs/*"], ["acme-access-logs/elsewhere/existing/acme-existing-*"]]);
    expect(runAccessLogChecks(synth)).toEqual([]);
  });

  test("BD-BOS-6: a rule for the whole bucket covers every prefix", () => {
    expect(findingsOf(bosPair({ logs: { lifecycleRule: [{ ...retention, resource: ["bos-logs/*"] }] } }).stack)).toEqual([]);
  });
});
