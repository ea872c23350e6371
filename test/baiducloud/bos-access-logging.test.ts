import { Testing } from "cdktf";
import { BosBucket } from "../../.gen/providers/baiducloud/bos-bucket";
import { BaiducloudProvider } from "../../.gen/providers/baiducloud/provider";
import {
  baiduCloudCredentialVariables,
  BosAccessLoggedBucket,
  BosLogBucket,
  enableBosAccessLogging,
  parseBosLogObjectKey,
} from "../../lib";
import { newStack as bareStack, resourcesOf, synthChecked, Synthesized } from "../helpers";
import { expectSecureBosBucket } from "./bos-fixtures";

function newStack(region = "bj") {
  const created = bareStack();
  new BaiducloudProvider(created.stack, "baiducloud", { region, ...baiduCloudCredentialVariables(created.stack) });
  return created;
}

function bucketNamed(synth: Synthesized, name: string): { [key: string]: unknown } {
  const found = Object.values(resourcesOf(synth, "baiducloud_bos_bucket")).find((bucket) => bucket.bucket === name);
  if (!found) throw new Error(`no bucket ${name}`);
  return found;
}

describe("BosAccessLoggedBucket", () => {
  test("defaults: private, encrypted, logs into the log bucket under logs/<name>/ (snapshot)", () => {
    const { stack } = newStack();
    const logs = new BosLogBucket(stack, "Logs", { bucketName: "acme-access-logs", region: "bj" });
    const site = new BosAccessLoggedBucket(stack, "Site", { bucketName: "acme-site", region: "bj", logBucket: logs });
    const synth = synthChecked(stack);
    expect(synth).toMatchSnapshot();
    expectSecureBosBucket(Testing.synth(stack), "acme-site", {
      logging: { target_bucket: "acme-access-logs", target_prefix: "logs/acme-site/" },
    });
    expect(bucketNamed(synth, "acme-site").depends_on).toEqual([
      `baiducloud_bos_bucket.${logs.resource.friendlyUniqueId}`,
    ]);
    expect(bucketNamed(synth, "acme-site").lifecycle_rule).toBeUndefined();
    expect(site.logPrefix).toBe("logs/acme-site/");
    expect(site.logTargetBucket).toBe("acme-access-logs");
    expect(site.logObjectKeyPrefix).toBe("logs/acme-site/acme-site-");
  });

  test("every option, logging into a log bucket (snapshot)", () => {
    const { stack } = newStack("gz");
    const logs = new BosLogBucket(stack, "Logs", { bucketName: "acme-access-logs", region: "gz" });
    const site = new BosAccessLoggedBucket(stack, "Site", {
      bucketName: "acme-public-site",
      region: "gz",
      logBucket: logs,
      logPrefix: "/logs/Public_site/",
      acl: "public-read",
      serverSideEncryption: false,
      tags: { app: "site" },
      forceDestroy: true,
    });
    const synth = synthChecked(stack);
    expect(synth).toMatchSnapshot();
    const bucket = bucketNamed(synth, "acme-public-site");
    expect(bucket.acl).toBe("public-read");
    expect(bucket.server_side_encryption_rule).toBeUndefined();
    expect(bucket.tags).toEqual({ app: "site" });
    expect(bucket.force_destroy).toBe(true);
    expect(bucket.logging).toEqual({ target_bucket: "acme-access-logs", target_prefix: "logs/Public_site/" });
    // The log bucket stays private whatever the source's ACL.
    expect(bucketNamed(synth, "acme-access-logs").acl).toBe("private");
    const warnings = site.node.metadata.map((entry) => String(entry.data));
    expect(warnings.some((text) => text.includes('acl is "public-read"'))).toBe(true);
  });

  test("logging into itself, with its own retention (snapshot)", () => {
    const { stack } = newStack("gz");
    new BosAccessLoggedBucket(stack, "Site", {
      bucketName: "acme-private-site",
      region: "gz",
      logToSelf: true,
      logPrefix: "Access_logs",
      retentionDays: 90,
    });
    const synth = synthChecked(stack);
    expect(synth).toMatchSnapshot();
    const bucket = bucketNamed(synth, "acme-private-site");
    expect(bucket.acl).toBe("private");
    expect(bucket.logging).toEqual({ target_bucket: "acme-private-site", target_prefix: "Access_logs/" });
    expect(bucket.depends_on).toBeUndefined();
    // Retention on a self-logging bucket reaches exactly its own log objects, never the site content.
    expect(bucket.lifecycle_rule).toEqual([
      {
        id: "own-access-logs-expire",
        status: "enabled",
        resource: ["acme-private-site/Access_logs/acme-private-site-*"],
        condition: { time: { date_greater_than: "$(lastModified)+P90D" } },
        action: { name: "DeleteObject" },
      },
    ]);
  });

  test("the log prefix derived for a long source name fits BOS's 32-character rule", () => {
    const { stack } = newStack();
    const logs = new BosLogBucket(stack, "Logs", { bucketName: "acme-access-logs", region: "bj", logPrefix: "access" });
    const name = "acme-a-rather-long-bucket-name-for-user-uploads";
    const bucket = new BosAccessLoggedBucket(stack, "Uploads", { bucketName: name, region: "bj", logBucket: logs });
    expect(bucket.logPrefix.length).toBeLessThanOrEqual(32);
    expect(bucket.logPrefix.startsWith("access/acme-a-rather")).toBe(true);
    const key = `${bucket.logObjectKeyPrefix}2024-01-01-00-00-00-00001`;
    expect(parseBosLogObjectKey(key)).toMatchObject({ sourceBucket: name, targetPrefix: bucket.logPrefix });
    synthChecked(stack);
  });
});

describe("enableBosAccessLogging on an existing BosBucket", () => {
  test("sets the logging block, depends on the log bucket and registers with its retention (snapshot)", () => {
    const { stack } = newStack();
    const logs = new BosLogBucket(stack, "Logs", { bucketName: "acme-access-logs", region: "bj" });
    const existing = new BosBucket(stack, "Existing", { bucket: "acme-existing", acl: "private" });
    const applied = enableBosAccessLogging(existing, { region: "bj", logBucket: logs, logPrefix: "logs/existing" });
    expect(applied).toEqual({
      targetBucket: "acme-access-logs",
      targetPrefix: "logs/existing/",
      logObjectKeyPrefix: "logs/existing/acme-existing-",
    });
    const synth = synthChecked(stack);
    expect(synth).toMatchSnapshot();
    expect(bucketNamed(synth, "acme-existing").logging).toEqual({
      target_bucket: "acme-access-logs",
      target_prefix: "logs/existing/",
    });
    expect(bucketNamed(synth, "acme-existing").depends_on).toEqual([
      `baiducloud_bos_bucket.${logs.resource.friendlyUniqueId}`,
    ]);
    expect(logs.logSources).toEqual([{ sourceBucketName: "acme-existing", targetPrefix: "logs/existing/" }]);
  });

  test("logging into itself keeps the bucket's own lifecycle rules and adds retention for its logs", () => {
    const { stack } = newStack();
    const own = {
      id: "tmp-cleanup",
      status: "enabled",
      resource: ["acme-existing/tmp/*"],
      condition: { time: { dateGreaterThan: "$(lastModified)+P1D" } },
      action: { name: "DeleteObject" },
    };
    const existing = new BosBucket(stack, "Existing", { bucket: "acme-existing", lifecycleRule: [own] });
    enableBosAccessLogging(existing, { region: "bj", logToSelf: true });
    const rules = bucketNamed(synthChecked(stack), "acme-existing").lifecycle_rule as Array<{
      id: string;
      resource: string[];
      condition: unknown;
    }>;
    expect(rules.map((rule) => [rule.id, rule.resource])).toEqual([
      ["tmp-cleanup", ["acme-existing/tmp/*"]],
      ["own-access-logs-expire", ["acme-existing/logs/acme-existing/acme-existing-*"]],
    ]);
    expect(rules[1].condition).toEqual({ time: { date_greater_than: "$(lastModified)+P180D" } });
  });

  test("a bucket with a token name needs an explicit prefix and then works", () => {
    const { stack } = newStack();
    const logs = new BosLogBucket(stack, "Logs", { bucketName: "acme-access-logs", region: "bj" });
    const other = new BosBucket(stack, "Named", { bucket: "acme-named" });
    const existing = new BosBucket(stack, "Existing", { bucket: `${other.bucket}-copy` });
    expect(() => enableBosAccessLogging(existing, { region: "bj", logBucket: logs })).toThrow(
      /logPrefix \(not set\) cannot be derived because the bucket name is a token/,
    );
    enableBosAccessLogging(existing, { region: "bj", logBucket: logs, logPrefix: "logs/copy" });
    const copy = resourcesOf(synthChecked(stack), "baiducloud_bos_bucket")[existing.friendlyUniqueId];
    expect(copy.logging).toEqual({ target_bucket: "acme-access-logs", target_prefix: "logs/copy/" });
  });
});

describe("synth-time checks against the provider", () => {
  test("region must match the provider's region", () => {
    const { stack } = newStack("gz");
    new BosLogBucket(stack, "Logs", { bucketName: "acme-access-logs", region: "bj" });
    expect(() => synthChecked(stack)).toThrow(
      /test\/Logs: region "bj" differs from the region "gz" of the baiducloud provider test\/baiducloud that creates the bucket. Fix: set region to "gz"/,
    );
  });

  test("an explicit provider for another region is honoured", () => {
    const { stack } = newStack("bj");
    const guangzhou = new BaiducloudProvider(stack, "gz", {
      alias: "gz",
      region: "gz",
      ...baiduCloudCredentialVariables(stack),
    });
    new BosLogBucket(stack, "Logs", { bucketName: "acme-access-logs-gz", region: "gz", provider: guangzhou });
    expect(bucketNamed(synthChecked(stack), "acme-access-logs-gz").provider).toBe("baiducloud.gz");
  });

  test("literal credentials in the provider fail the synth without echoing them", () => {
    const { stack } = bareStack();
    const secret = "0123456789abcdef0123456789abcdef";
    new BaiducloudProvider(stack, "baiducloud", { region: "bj", accessKey: "AK-literal", secretKey: secret });
    new BosLogBucket(stack, "Logs", { bucketName: "acme-access-logs", region: "bj" });
    let message = "";
    try {
      synthChecked(stack);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("test/baiducloud: secretKey");
    expect(message).toContain("test/baiducloud: accessKey");
    expect(message).toContain("Fix: pass a sensitive TerraformVariable");
    expect(message).not.toContain(secret);
  });
});
