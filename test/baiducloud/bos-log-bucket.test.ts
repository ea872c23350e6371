import { TerraformStack, Testing } from "cdktf";
import { BaiducloudProvider } from "../../.gen/providers/baiducloud/provider";
import {
  baiduCloudCredentialVariables,
  BosAccessLoggedBucket,
  BosLogBucket,
  bosLogObjectKeyPrefix,
  IBosLogBucket,
  parseBosLogObjectKey,
  RemovalPolicy,
} from "../../lib";
import { newStack as bareStack, resourcesOf, synthChecked, Synthesized } from "../helpers";
import { expectSecureBosBucket } from "./bos-fixtures";

/** A stack with a baiducloud provider (credentials from sensitive variables) in `region`. */
function newStack(region?: string) {
  const created = bareStack();
  new BaiducloudProvider(created.stack, "baiducloud", { region, ...baiduCloudCredentialVariables(created.stack) });
  return created;
}

type Rule = {
  id: string;
  status: string;
  resource: string[];
  condition: { time: { date_greater_than: string } };
  action: { name: string; storage_class?: string };
};

function onlyBucket(synth: Synthesized, name: string): { [key: string]: unknown } {
  const found = Object.values(resourcesOf(synth, "baiducloud_bos_bucket")).find((bucket) => bucket.bucket === name);
  if (!found) throw new Error(`no bucket ${name}`);
  return found;
}

function rulesOf(synth: Synthesized, name: string): Rule[] {
  return (onlyBucket(synth, name).lifecycle_rule ?? []) as Rule[];
}

/** Whether a BOS lifecycle resource pattern `<bucket>/<prefix>*` covers an object key. */
function covers(rule: Rule, bucket: string, key: string): boolean {
  return rule.resource.some((pattern) => pattern.endsWith("*") && `${bucket}/${key}`.startsWith(pattern.slice(0, -1)));
}

/** A bucket `bucketName` (construct `id`, next to the log bucket, in its region) logging into it under `logPrefix`. */
function sourceLoggingInto(
  stack: TerraformStack,
  logBucket: IBosLogBucket,
  id: string,
  bucketName: string,
  logPrefix: string,
): void {
  new BosAccessLoggedBucket(stack, id, { bucketName, region: logBucket.region, logBucket, logPrefix });
}

describe("BosLogBucket", () => {
  test("defaults: private, AES256, no force destroy, 180-day retention of logs/ (snapshot)", () => {
    const { stack } = newStack("bj");
    new BosLogBucket(stack, "Logs", { bucketName: "acme-access-logs", region: "bj" });
    const synth = synthChecked(stack);
    expect(synth).toMatchSnapshot();
    expectSecureBosBucket(Testing.synth(stack), "acme-access-logs");
    expect(rulesOf(synth, "acme-access-logs")).toEqual([
      {
        id: "access-logs-expire",
        status: "enabled",
        resource: ["acme-access-logs/logs/*"],
        condition: { time: { date_greater_than: "$(lastModified)+P180D" } },
        action: { name: "DeleteObject" },
      },
    ]);
    expect(onlyBucket(synth, "acme-access-logs").logging).toBeUndefined();
  });

  test("every option (snapshot)", () => {
    const { stack } = newStack("gz");
    new BosLogBucket(stack, "Logs", {
      bucketName: "acme-access-logs",
      region: "gz",
      logPrefix: "/bos-access/",
      retentionDays: 400,
      transition: { storageClass: "ARCHIVE", afterDays: 60 },
      serverSideEncryption: false,
      tags: { team: "platform" },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const synth = synthChecked(stack);
    expect(synth).toMatchSnapshot();
    const bucket = onlyBucket(synth, "acme-access-logs");
    expect(bucket.server_side_encryption_rule).toBeUndefined();
    expect(bucket.tags).toEqual({ team: "platform" });
    expect(bucket.force_destroy).toBe(true);
    expect(
      rulesOf(synth, "acme-access-logs").map((rule) => [
        rule.action,
        rule.condition.time.date_greater_than,
        rule.resource,
      ]),
    ).toEqual([
      [{ name: "Transition", storage_class: "ARCHIVE" }, "$(lastModified)+P60D", ["acme-access-logs/bos-access/*"]],
      [{ name: "DeleteObject" }, "$(lastModified)+P400D", ["acme-access-logs/bos-access/*"]],
    ]);
  });

  test("many sources share the bucket; the root rule covers all their logs and nothing outside the log prefix", () => {
    const { stack } = newStack("bj");
    const logs = new BosLogBucket(stack, "Logs", { bucketName: "acme-access-logs", region: "bj" });
    const sources = ["shop-web", "shop-api", "9-numbers-first"];
    for (const name of sources)
      new BosAccessLoggedBucket(stack, name, { bucketName: name, region: "bj", logBucket: logs });
    const synth = synthChecked(stack);
    const rules = rulesOf(synth, "acme-access-logs");
    expect(rules).toHaveLength(1);
    for (const source of sources) {
      const logging = onlyBucket(synth, source).logging as { target_prefix: string };
      const key = `${bosLogObjectKeyPrefix(source, logging.target_prefix)}2024-03-01-08-00-00-00000`;
      expect(parseBosLogObjectKey(key)?.sourceBucket).toBe(source);
      expect(covers(rules[0], "acme-access-logs", key)).toBe(true);
    }
    expect(covers(rules[0], "acme-access-logs", "reports/2024.csv")).toBe(false);
    expect(logs.logSources).toEqual(sources.map((name) => ({ sourceBucketName: name, targetPrefix: `logs/${name}/` })));
  });

  test("a source logging outside the root prefix gets an exact rule for its own log objects only", () => {
    const { stack } = newStack("bj");
    const logs = new BosLogBucket(stack, "Logs", {
      bucketName: "acme-access-logs",
      region: "bj",
      retentionDays: 30,
      transition: { storageClass: "STANDARD_IA", afterDays: 7 },
    });
    sourceLoggingInto(stack, logs, "Legacy", "legacy-site", "legacy");
    const synth = synthChecked(stack);
    const rules = rulesOf(synth, "acme-access-logs");
    expect(rules.map((rule) => [rule.id, rule.resource[0], rule.action.name])).toEqual([
      ["access-logs-transition", "acme-access-logs/logs/*", "Transition"],
      ["access-logs-expire", "acme-access-logs/logs/*", "DeleteObject"],
      ["access-logs-legacy-site-transition", "acme-access-logs/legacy/legacy-site-*", "Transition"],
      ["access-logs-legacy-site-expire", "acme-access-logs/legacy/legacy-site-*", "DeleteObject"],
    ]);
    const logKey = "legacy/legacy-site-2024-03-01-08-00-00-00000";
    expect(rules.some((rule) => rule.action.name === "DeleteObject" && covers(rule, "acme-access-logs", logKey))).toBe(
      true,
    );
    expect(rules.some((rule) => covers(rule, "acme-access-logs", "legacy/readme.txt"))).toBe(false);
  });

  test("the same source registered twice with the same prefix adds nothing", () => {
    const { stack } = newStack("bj");
    const logs = new BosLogBucket(stack, "Logs", { bucketName: "acme-access-logs", region: "bj" });
    logs.addLogSource({ sourceBucketName: "elsewhere", targetPrefix: "other/" });
    logs.addLogSource({ sourceBucketName: "elsewhere", targetPrefix: "other/" });
    expect(rulesOf(synthChecked(stack), "acme-access-logs")).toHaveLength(2);
  });

  test("an imported log bucket takes sources and warns when they log outside its prefix", () => {
    const { stack } = newStack("su");
    const imported = BosLogBucket.fromBucketAttributes(stack, "Existing", {
      bucketName: "central-logs",
      region: "su",
      logPrefix: "bos",
    });
    expect(imported.logPrefix).toBe("bos/");
    new BosAccessLoggedBucket(stack, "Inside", { bucketName: "inside-site", region: "su", logBucket: imported });
    sourceLoggingInto(stack, imported, "Outside", "outside-site", "elsewhere/");
    const synth = synthChecked(stack);
    expect(resourcesOf(synth, "baiducloud_bos_bucket")).not.toHaveProperty("Existing");
    expect(onlyBucket(synth, "inside-site").logging).toEqual({
      target_bucket: "central-logs",
      target_prefix: "bos/inside-site/",
    });
    expect(onlyBucket(synth, "inside-site").depends_on).toBeUndefined();
    const warnings = (imported as unknown as BosLogBucket).node.metadata.map((entry) => String(entry.data));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"outside-site" logs under "elsewhere/"');
  });
});
