import { TerraformStack } from "cdktf";
import { CosAccessLoggedBucket, CosLogBucket, PropValidationError } from "../../lib";
import { resourcesOf, stackWithProvider, synthChecked, warningsOf } from "../helpers";
import { cosLogBucket } from "./cos-fixtures";

function onlyBucket(stack: TerraformStack): { [key: string]: unknown } {
  const buckets = Object.values(resourcesOf(synthChecked(stack), "tencentcloud_cos_bucket"));
  expect(buckets).toHaveLength(1);
  return buckets[0];
}

describe("CosLogBucket", () => {
  test("snapshot: defaults", () => {
    const stack = stackWithProvider();
    new CosLogBucket(stack, "Logs", { name: "access-logs", region: "ap-guangzhou" });
    expect(synthChecked(stack)).toMatchSnapshot();
  });

  test("snapshot: every option", () => {
    const stack = stackWithProvider("ap-shanghai");
    new CosLogBucket(stack, "Logs", {
      bucketName: "access-logs-1250000000",
      region: "ap-shanghai",
      logPrefix: "/cos-access",
      retentionDays: 400,
      transitionToColdAfterDays: 30,
      coldStorageClass: "ARCHIVE",
      abortIncompleteMultipartUploadDays: 2,
      encryption: "KMS",
      kmsKeyId: "kms-key-0001",
      versioned: true,
      tags: { team: "platform", purpose: "access-logs" },
    });
    expect(synthChecked(stack)).toMatchSnapshot();
  });

  test("defaults are private, AES256, no force_clean, 180-day retention over the whole bucket", () => {
    const stack = stackWithProvider();
    cosLogBucket(stack);
    const bucket = onlyBucket(stack);
    expect(bucket).toMatchObject({
      bucket: "access-logs-1250000000",
      acl: "private",
      encryption_algorithm: "AES256",
      force_clean: false,
      versioning_enable: false,
    });
    expect(bucket.kms_id).toBeUndefined();
    expect(bucket.log_enable).toBeUndefined();
    expect(bucket.lifecycle_rules).toEqual([
      {
        id: "access-log-retention",
        expiration: { days: 180 },
        abort_incomplete_multipart_upload: { days_after_initiation: 7 },
      },
    ]);
  });

  test("a root prefix is normalised and the retention rule filters on it; transition and versioning expiry follow the options", () => {
    const stack = stackWithProvider();
    const logs = cosLogBucket(stack, {
      logPrefix: "/cos-access",
      retentionDays: 90,
      transitionToColdAfterDays: 30,
      versioned: true,
    });
    expect(logs.logPrefix).toBe("cos-access/");
    const bucket = onlyBucket(stack);
    expect(bucket.versioning_enable).toBe(true);
    expect(bucket.lifecycle_rules).toEqual([
      {
        id: "access-log-retention",
        filter_prefix: "cos-access/",
        expiration: { days: 90 },
        transition: [{ days: 30, storage_class: "STANDARD_IA" }],
        non_current_expiration: { non_current_days: 90 },
        abort_incomplete_multipart_upload: { days_after_initiation: 7 },
      },
    ]);
  });

  test("name without appId reads the appid from the stack's single user_info data source", () => {
    const stack = stackWithProvider();
    const logs = new CosLogBucket(stack, "Logs", { name: "access-logs", region: "ap-guangzhou" });
    new CosLogBucket(stack, "Logs2", { name: "more-logs", region: "ap-guangzhou" });
    const synth = synthChecked(stack);
    expect(Object.keys(synth.data?.tencentcloud_user_info ?? {})).toHaveLength(1);
    const names = Object.values(resourcesOf(synth, "tencentcloud_cos_bucket")).map((bucket) => bucket.bucket);
    expect(names).toEqual(
      expect.arrayContaining(["access-logs-${data.tencentcloud_user_info.TencentCloudAccount.app_id}"]),
    );
    expect(logs.region).toBe("ap-guangzhou");
  });

  test("name with appId builds the full name without a data source", () => {
    const stack = stackWithProvider();
    const logs = new CosLogBucket(stack, "Logs", { name: "access-logs", appId: "1250000000", region: "ap-guangzhou" });
    expect(logs.bucketName).toBe("access-logs-1250000000");
    expect(logs.appId).toBe("1250000000");
    expect(synthChecked(stack).data).toBeUndefined();
  });

  test("qcsForPrefix names the objects under a prefix with uid/<appid>", () => {
    const stack = stackWithProvider();
    const logs = cosLogBucket(stack);
    expect(logs.qcsForPrefix("/site")).toBe("qcs::cos:ap-guangzhou:uid/1250000000:access-logs-1250000000/site/*");
    expect(logs.qcsForPrefix("")).toBe("qcs::cos:ap-guangzhou:uid/1250000000:access-logs-1250000000/*");
    expect(() => logs.qcsForPrefix("a/*")).toThrow(PropValidationError);
  });

  test("fromBucketAttributes imports a log bucket managed elsewhere and sources log into it", () => {
    const stack = stackWithProvider();
    const logs = CosLogBucket.fromBucketAttributes(stack, "Imported", {
      bucketName: "shared-logs-1250000000",
      region: "ap-guangzhou",
      logPrefix: "cos",
    });
    expect(logs).toMatchObject({
      bucketName: "shared-logs-1250000000",
      appId: "1250000000",
      region: "ap-guangzhou",
      logPrefix: "cos/",
    });
    expect(logs.qcsForPrefix("cos/site")).toBe(
      "qcs::cos:ap-guangzhou:uid/1250000000:shared-logs-1250000000/cos/site/*",
    );
    const site = new CosAccessLoggedBucket(stack, "Site", {
      bucketName: "site-1250000000",
      region: "ap-guangzhou",
      target: logs,
    });
    expect(site.logPrefix).toBe("cos/site/");
    const buckets = resourcesOf(synthChecked(stack), "tencentcloud_cos_bucket");
    expect(Object.keys(buckets)).toHaveLength(1); // the imported bucket is not declared
  });

  test("warns when logs leave the cold class before its minimum storage duration", () => {
    const stack = stackWithProvider();
    new CosLogBucket(stack, "Logs", {
      name: "access-logs",
      region: "ap-guangzhou",
      retentionDays: 100,
      transitionToColdAfterDays: 30,
      coldStorageClass: "ARCHIVE",
    });
    expect(warningsOf(stack).join("\n")).toMatch(/70 days in ARCHIVE .* 90-day minimum/);
    synthChecked(stack);
  });

  test("warns about KMS, and not for the secure defaults", () => {
    const quiet = stackWithProvider();
    new CosLogBucket(quiet, "Logs", { name: "access-logs", region: "ap-guangzhou" });
    expect(warningsOf(quiet)).toEqual([]);
    const kms = stackWithProvider();
    new CosLogBucket(kms, "Logs", { name: "access-logs", region: "ap-guangzhou", encryption: "KMS" });
    expect(warningsOf(kms).join("\n")).toMatch(/KMS encryption on a log bucket/);
    expect(onlyBucket(kms)).toMatchObject({ encryption_algorithm: "KMS" });
  });
});
