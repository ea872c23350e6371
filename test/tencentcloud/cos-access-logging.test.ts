import { TerraformStack, Testing } from "cdktf";
import { CosBucket } from "../../.gen/providers/tencentcloud/cos-bucket";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import { cosAccessLoggingExample } from "../../examples/cos-access-logging";
import {
  ClsDeliveryAuthorization,
  CosAccessLoggedBucket,
  CosAccessLogging,
  CosLogBucket,
  PropValidationError,
} from "../../lib";
import { resourcesOf, stackWithProvider, synthChecked, Synthesized, warningsOf } from "../helpers";
import { cosLogBucket, cosSourcesWithPrefixes } from "./cos-fixtures";

/**
 * The provider fails when log_enable is true without both log_target_bucket and log_prefix; checked on every stack
 * this file synthesizes. Returns how many buckets log.
 */
function expectLoggingComplete(synth: Synthesized): number {
  const buckets = Object.values(resourcesOf(synth, "tencentcloud_cos_bucket"));
  const attachments = Object.keys(resourcesOf(synth, "tencentcloud_cam_role_policy_attachment_by_name"));
  let logging = 0;
  for (const bucket of buckets) {
    if (bucket.log_enable !== true) {
      expect(bucket.log_target_bucket ?? "").toBe("");
      expect(bucket.log_prefix ?? "").toBe("");
      continue;
    }
    logging++;
    expect(typeof bucket.log_target_bucket === "string" && bucket.log_target_bucket.trim() !== "").toBe(true);
    expect(typeof bucket.log_prefix === "string" && bucket.log_prefix.trim() !== "").toBe(true);
    expect(bucket.log_prefix).toMatch(/^[^/].*\/$/);
    expect(attachments).toHaveLength(1);
    expect(bucket.depends_on).toContain(`tencentcloud_cam_role_policy_attachment_by_name.${attachments[0]}`);
  }
  return logging;
}

function synthLogging(stack: TerraformStack): Synthesized {
  const synth = synthChecked(stack);
  expectLoggingComplete(synth);
  return synth;
}

describe("CosAccessLoggedBucket", () => {
  test("snapshot: defaults", () => {
    const stack = stackWithProvider();
    new CosAccessLoggedBucket(stack, "Site", { name: "website", region: "ap-guangzhou", target: cosLogBucket(stack) });
    expect(synthLogging(stack)).toMatchSnapshot();
  });

  test("snapshot: every option", () => {
    const stack = stackWithProvider();
    const authorization = ClsDeliveryAuthorization.of(stack, { existingRole: true, policyName: "cls-cos-logs" });
    new CosAccessLoggedBucket(stack, "Site", {
      name: "website",
      appId: "1250000000",
      region: "ap-guangzhou",
      target: cosLogBucket(stack, { logPrefix: "cos/" }),
      logPrefix: "/cos/website-prod",
      authorization,
      acl: "public-read",
      encryption: "KMS",
      kmsKeyId: "kms-key-0001",
      versioned: true,
      tags: { app: "website" },
    });
    expect(synthLogging(stack)).toMatchSnapshot();
  });

  test("sets the three log arguments together and depends on the CLS grant", () => {
    const stack = stackWithProvider();
    const site = new CosAccessLoggedBucket(stack, "Site", {
      bucketName: "website-1250000000",
      region: "ap-guangzhou",
      target: cosLogBucket(stack),
    });
    expect(site.logPrefix).toBe("website/");
    expect(Testing.synth(stack)).toHaveResourceWithProperties(CosBucket, {
      bucket: "website-1250000000",
      acl: "private",
      encryption_algorithm: "AES256",
      force_clean: false,
      log_enable: true,
      log_target_bucket: "access-logs-1250000000",
      log_prefix: "website/",
    });
    const synth = synthLogging(stack);
    const source = Object.values(resourcesOf(synth, "tencentcloud_cos_bucket")).find(
      (bucket) => bucket.bucket === "website-1250000000",
    )!;
    const attachmentId = Object.keys(resourcesOf(synth, "tencentcloud_cam_role_policy_attachment_by_name"))[0];
    const logBucketId = Object.entries(resourcesOf(synth, "tencentcloud_cos_bucket")).find(
      ([, b]) => b.bucket === "access-logs-1250000000",
    )![0];
    // Granted before enabled, and the target created before logging points at it.
    expect(source.depends_on).toEqual([
      `tencentcloud_cam_role_policy_attachment_by_name.${attachmentId}`,
      `tencentcloud_cos_bucket.${logBucketId}`,
    ]);
  });

  test("the default prefix sits under the log bucket's root prefix; explicit prefixes are normalised", () => {
    const stack = stackWithProvider();
    const logs = cosLogBucket(stack, { logPrefix: "/cos-access//" });
    const a = new CosAccessLoggedBucket(stack, "A", {
      name: "website",
      appId: "1250000000",
      region: "ap-guangzhou",
      target: logs,
    });
    const b = new CosAccessLoggedBucket(stack, "B", {
      name: "api",
      appId: "1250000000",
      region: "ap-guangzhou",
      target: logs,
      logPrefix: "/cos-access/api",
    });
    expect([a.logPrefix, b.logPrefix]).toEqual(["cos-access/website/", "cos-access/api/"]);
    synthLogging(stack);
  });

  test("a token bucket name (appid from user_info) keeps a readable literal default prefix", () => {
    const stack = stackWithProvider();
    const site = new CosAccessLoggedBucket(stack, "Site", {
      name: "website",
      region: "ap-guangzhou",
      target: cosLogBucket(stack),
    });
    expect(site.logPrefix).toBe("website/");
    const synth = synthLogging(stack);
    const source = Object.values(resourcesOf(synth, "tencentcloud_cos_bucket")).find(
      (bucket) => bucket.log_enable === true,
    )!;
    expect(source.bucket).toBe("website-${data.tencentcloud_user_info.TencentCloudAccount.app_id}");
  });

  test("two sources into one target: two prefixes, one grant, one role", () => {
    const stack = stackWithProvider();
    const logs = cosLogBucket(stack);
    new CosAccessLoggedBucket(stack, "A", { bucketName: "a-1250000000", region: "ap-guangzhou", target: logs });
    new CosAccessLoggedBucket(stack, "B", { bucketName: "b-1250000000", region: "ap-guangzhou", target: logs });
    const synth = synthLogging(stack);
    expect(expectLoggingComplete(synth)).toBe(2);
    expect(Object.keys(resourcesOf(synth, "tencentcloud_cam_role"))).toHaveLength(1);
    expect(warningsOf(stack)).toEqual([]);
  });

  test("a logged bucket used as a target: its own logPrefix is not taken for a retention root", () => {
    const stack = stackWithProvider();
    const central = new CosAccessLoggedBucket(stack, "Central", {
      bucketName: "central-1250000000",
      region: "ap-guangzhou",
      target: cosLogBucket(stack, { logPrefix: "root" }),
    });
    expect(central.logPrefix).toBe("root/central/");
    const site = new CosAccessLoggedBucket(stack, "Site", {
      bucketName: "website-1250000000",
      region: "ap-guangzhou",
      target: central,
      logPrefix: "anywhere",
    });
    expect(site.logPrefix).toBe("anywhere/");
    synthLogging(stack);
  });

  test("logging into itself is allowed with a warning", () => {
    const stack = stackWithProvider();
    const site = new CosAccessLoggedBucket(stack, "Site", {
      bucketName: "website-1250000000",
      region: "ap-guangzhou",
      target: { bucketName: "website-1250000000", region: "ap-guangzhou", appId: "1250000000" },
    });
    expect(site.logPrefix).toBe("website/");
    expect(warningsOf(stack).join("\n")).toMatch(/logs into itself/);
    synthLogging(stack);
  });

  test("buckets in another region use that region's provider alias", () => {
    const stack = stackWithProvider();
    const shanghai = new TencentcloudProvider(stack, "shanghai", { region: "ap-shanghai", alias: "shanghai" });
    const logs = new CosLogBucket(stack, "Logs", {
      bucketName: "logs-sh-1250000000",
      region: "ap-shanghai",
      provider: shanghai,
    });
    new CosAccessLoggedBucket(stack, "Site", {
      bucketName: "site-sh-1250000000",
      region: "ap-shanghai",
      target: logs,
      provider: shanghai,
    });
    const buckets = Object.values(resourcesOf(synthLogging(stack), "tencentcloud_cos_bucket"));
    expect(buckets.map((bucket) => bucket.provider)).toEqual(["tencentcloud.shanghai", "tencentcloud.shanghai"]);
  });

  test("two sources on the same prefix warn that their logs mix", () => {
    const stack = stackWithProvider();
    const logs = cosLogBucket(stack);
    cosSourcesWithPrefixes(stack, logs, { A: "shared", B: "shared/" });
    expect(warningsOf(stack).join("\n")).toMatch(
      /test\/B: another source already delivers access logs to access-logs-1250000000\/shared\//,
    );
    synthLogging(stack);
  });
});

describe("CosAccessLogging (existing tencentcloud_cos_bucket)", () => {
  test("snapshot: defaults via enable()", () => {
    const stack = stackWithProvider();
    const site = new CosBucket(stack, "Site", { bucket: "website-1250000000", acl: "private" });
    CosAccessLogging.enable(site, { region: "ap-guangzhou", target: cosLogBucket(stack) });
    expect(synthLogging(stack)).toMatchSnapshot();
  });

  test("snapshot: every option", () => {
    const stack = stackWithProvider();
    const authorization = ClsDeliveryAuthorization.of(stack, { permissions: "preset" });
    const site = new CosBucket(stack, "Site", { bucket: "website-1250000000", acl: "private", dependsOn: [] });
    const logging = new CosAccessLogging(stack, "SiteLogging", {
      bucket: site,
      region: "ap-guangzhou",
      target: CosLogBucket.fromBucketAttributes(stack, "SharedLogs", {
        name: "shared-logs",
        appId: "1250000000",
        region: "ap-guangzhou",
      }),
      logPrefix: "cos/website",
      authorization,
    });
    expect(logging.logPrefix).toBe("cos/website/");
    expect(synthLogging(stack)).toMatchSnapshot();
  });

  test("sets logging on the user's bucket, keeps its other settings and existing depends_on", () => {
    const stack = stackWithProvider();
    const other = new CosBucket(stack, "Other", { bucket: "other-1250000000" });
    const site = new CosBucket(stack, "Site", { bucket: "website-1250000000", acl: "public-read", dependsOn: [other] });
    const logging = CosAccessLogging.enable(site, { region: "ap-guangzhou", target: cosLogBucket(stack) });
    expect(logging.node.path).toBe("test/SiteAccessLogging");
    expect(logging.bucketName).toBe("website-1250000000");
    const synth = synthLogging(stack);
    const bucket = resourcesOf(synth, "tencentcloud_cos_bucket")[site.friendlyUniqueId];
    expect(bucket).toMatchObject({
      acl: "public-read",
      log_enable: true,
      log_target_bucket: "access-logs-1250000000",
      log_prefix: "website/",
    });
    expect(bucket.depends_on).toHaveLength(3);
    expect(bucket.depends_on).toEqual([
      `tencentcloud_cos_bucket.${other.friendlyUniqueId}`,
      expect.stringMatching(/^tencentcloud_cam_role_policy_attachment_by_name\./),
      expect.stringMatching(/^tencentcloud_cos_bucket\./),
    ]);
  });

  test("refuses a bucket that already configures logging, and a second enable", () => {
    const stack = stackWithProvider();
    const configured = new CosBucket(stack, "Configured", { bucket: "configured-1250000000", logEnable: false });
    expect(() => CosAccessLogging.enable(configured, { region: "ap-guangzhou", target: cosLogBucket(stack) })).toThrow(
      /bucket .* already has log_enable\/log_target_bucket\/log_prefix set/,
    );
    const site = new CosBucket(stack, "Site", { bucket: "website-1250000000" });
    CosAccessLogging.enable(site, { region: "ap-guangzhou", target: stack.node.findChild("Logs") as CosLogBucket });
    expect(() =>
      CosAccessLogging.enable(site, { region: "ap-guangzhou", target: stack.node.findChild("Logs") as CosLogBucket }),
    ).toThrow(PropValidationError);
  });

  test("validates the existing bucket's name", () => {
    const stack = stackWithProvider();
    const bad = new CosBucket(stack, "Bad", { bucket: "Website" });
    expect(() => CosAccessLogging.enable(bad, { region: "ap-guangzhou", target: cosLogBucket(stack) })).toThrow(
      /bucket.bucket "Website" is not a COS bucket name/,
    );
  });
});

describe("example", () => {
  test("the example stack synthesizes, conforms and logs two sources into one bucket", () => {
    const stack = cosAccessLoggingExample(Testing.app());
    const synth = synthChecked(stack);
    expect(expectLoggingComplete(synth)).toBe(2);
    expect(synth.terraform?.backend).toEqual({
      cos: expect.objectContaining({ bucket: "tfstate-1250000000", region: "ap-guangzhou", encrypt: true }),
    });
    expect(JSON.stringify(synth)).not.toMatch(/secret_id|secret_key/);
    expect(warningsOf(stack)).toEqual([]);
    expect(synth).toMatchSnapshot();
  });
});
