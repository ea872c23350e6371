import { TerraformStack, Testing, Token } from "cdktf";
import { CosBucket } from "../../.gen/providers/tencentcloud/cos-bucket";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import {
  ClsDeliveryAuthorization,
  ClsDeliveryAuthorizationProps,
  CosAccessLoggedBucket,
  CosAccessLoggedBucketProps,
  CosAccessLogging,
  CosColdStorageClass,
  CosEncryption,
  CosLogBucket,
  CosLogBucketProps,
  CosSourceBucketAcl,
  PropValidationError,
} from "../../lib";
import { stackWithProvider, synthChecked } from "../helpers";

const LOG_BUCKET: CosLogBucketProps = { bucketName: "access-logs-1250000000", region: "ap-guangzhou" };

function logBucket(overrides: Partial<CosLogBucketProps>): () => void {
  return () => {
    new CosLogBucket(stackWithProvider(), "Logs", { ...LOG_BUCKET, ...overrides } as CosLogBucketProps);
  };
}

function source(overrides: Partial<CosAccessLoggedBucketProps>, logRoot?: string): () => void {
  return () => {
    const stack = stackWithProvider();
    const target = new CosLogBucket(stack, "Logs", { ...LOG_BUCKET, logPrefix: logRoot });
    new CosAccessLoggedBucket(stack, "Site", { bucketName: "website-1250000000", region: "ap-guangzhou", target, ...overrides } as CosAccessLoggedBucketProps);
  };
}

function authorization(props: ClsDeliveryAuthorizationProps): () => void {
  return () => {
    ClsDeliveryAuthorization.of(stackWithProvider(), props);
  };
}

const regionToken = Token.asString({ resolve: () => "ap-guangzhou" });

/**
 * Every bad input: [description, action, construct path, property, value as shown, fragment of the problem or fix].
 * Each must throw a PropValidationError at construction (synth) whose message is
 * `<path>: <prop> <value> <problem>. Fix: <fix>`.
 */
const BAD_INPUTS: [string, () => void, string, string, string, string][] = [
  // bucket names
  ["upper-case bucket name", logBucket({ bucketName: "Access-Logs-1250000000" }), "test/Logs", "bucketName", '"Access-Logs-1250000000"', "is not a COS bucket name"],
  ["bucket name without appid", logBucket({ bucketName: "access-logs" }), "test/Logs", "bucketName", '"access-logs"', "-<10-digit appid>"],
  ["bucket name over 60 characters", logBucket({ bucketName: `${"a".repeat(50)}-1250000000` }), "test/Logs", "bucketName", `"${"a".repeat(50)}-1250000000"`, "more than 60"],
  ["bucket name ending in '-'", logBucket({ bucketName: undefined, name: "logs-", appId: "1250000000" }), "test/Logs", "name", '"logs-"', "is not a COS bucket name"],
  ["both bucketName and name", logBucket({ name: "access-logs" }), "test/Logs", "name", '"access-logs"', "not both"],
  ["neither bucketName nor name", logBucket({ bucketName: undefined }), "test/Logs", "bucketName", "(not set)", "is required when name is not set"],
  ["short name that already has an appid", logBucket({ bucketName: undefined, name: "access-logs-1250000000" }), "test/Logs", "name", '"access-logs-1250000000"', "already ends with an appid"],
  ["short name too long for the appid suffix", logBucket({ bucketName: undefined, name: "a".repeat(50) }), "test/Logs", "name", `"${"a".repeat(50)}"`, "use 1 to 49 characters"],
  ["malformed appId", logBucket({ bucketName: undefined, name: "access-logs", appId: "12345" }), "test/Logs", "appId", '"12345"', "is not an appid"],
  ["appId contradicting the full name", logBucket({ appId: "1300000000" }), "test/Logs", "appId", '"1300000000"', "contradicts the appid 1250000000"],
  // regions
  ["region as a token", logBucket({ region: regionToken }), "test/Logs", "region", "", "must be a literal, but it is a token known only at plan time"],
  ["a region that does not exist", logBucket({ region: "ap-mars" }), "test/Logs", "region", '"ap-mars"', "is not a COS region. Fix: use one of ap-beijing-1, ap-beijing,"],
  ["a source region that does not exist", source({ region: "ap-mars" }), "test/Site", "region", '"ap-mars"', "is not a COS region. Fix: use one of"],
  ["malformed region", logBucket({ region: "Guangzhou" }), "test/Logs", "region", '"Guangzhou"', "is not a COS region. Fix: use one of ap-beijing-1"],
  ["source region without COS log management", source({ region: "eu-frankfurt", target: { bucketName: "logs-1250000000", region: "eu-frankfurt", appId: "1250000000" } }), "test/Site", "region", '"eu-frankfurt"', "is not a region where COS delivers access logs"],
  ["source and target in different regions", source({ region: "ap-shanghai" }), "test/Site", "target.region", '"ap-guangzhou"', "differs from the source bucket's region \"ap-shanghai\""],
  ["target region as a token", source({ target: { bucketName: "logs-1250000000", region: regionToken, appId: "1250000000" } }), "test/Site", "target.region", "", "must be a literal, but it is a token known only at plan time"],
  ["target with a malformed bucket name", source({ target: { bucketName: "logs", region: "ap-guangzhou", appId: "1250000000" } }), "test/Site", "target.bucketName", '"logs"', "is not a COS bucket name"],
  // prefixes
  ["empty prefix", source({ logPrefix: "" }), "test/Site", "logPrefix", '""', "is empty"],
  ["prefix of only '/'", source({ logPrefix: "/" }), "test/Site", "logPrefix", '"/"', "is empty"],
  ["whitespace-only prefix", source({ logPrefix: "   " }), "test/Site", "logPrefix", '"   "', "whitespace"],
  ["prefix with a '..' segment", source({ logPrefix: "logs/../other" }), "test/Site", "logPrefix", '"logs/../other"', "'..' segment"],
  ["prefix with an empty segment", source({ logPrefix: "logs//site" }), "test/Site", "logPrefix", '"logs//site"', "empty path segment"],
  ["over-long prefix", source({ logPrefix: "p".repeat(256) }), "test/Site", "logPrefix", '"ppp', "more than 256"],
  ["prefix with a wildcard", source({ logPrefix: "logs/*" }), "test/Site", "logPrefix", '"logs/*"', "a '*' or '?' would widen the CAM grant"],
  ["prefix with a control character", source({ logPrefix: "logs\u0007" }), "test/Site", "logPrefix", '"logs\\u0007"', "control characters"],
  ["prefix outside the log bucket's root", source({ logPrefix: "other/site" }, "cos-access"), "test/Site", "logPrefix", '"other/site"', 'outside the log bucket\'s prefix "cos-access/"'],
  ["log bucket root prefix with '..'", logBucket({ logPrefix: "../logs" }), "test/Logs", "logPrefix", '"../logs"', "'..' segment"],
  // retention
  ["retention of 0 days", logBucket({ retentionDays: 0 }), "test/Logs", "retentionDays", "0", "is not a whole number from 1 to 3650 days"],
  ["negative retention", logBucket({ retentionDays: -30 }), "test/Logs", "retentionDays", "-30", "is not a whole number from 1 to 3650 days"],
  ["fractional retention", logBucket({ retentionDays: 1.5 }), "test/Logs", "retentionDays", "1.5", "whole number"],
  ["transition not before expiry", logBucket({ retentionDays: 30, transitionToColdAfterDays: 30 }), "test/Logs", "transitionToColdAfterDays", "30", "is not less than retentionDays (30)"],
  ["cold class without transition days", logBucket({ coldStorageClass: "ARCHIVE" }), "test/Logs", "coldStorageClass", '"ARCHIVE"', "transitionToColdAfterDays is not"],
  ["unknown cold storage class", logBucket({ transitionToColdAfterDays: 30, coldStorageClass: "STANDARD" as CosColdStorageClass }), "test/Logs", "coldStorageClass", '"STANDARD"', "is not a colder COS storage class"],
  ["multipart abort after 0 days", logBucket({ abortIncompleteMultipartUploadDays: 0 }), "test/Logs", "abortIncompleteMultipartUploadDays", "0", "is not a whole number from 1 to 3650 days"],
  // encryption and ACL
  ["KMS key without KMS", logBucket({ kmsKeyId: "kms-key-0001" }), "test/Logs", "kmsKeyId", '"kms-key-0001"', 'only used with encryption "KMS"'],
  ["KMS key with AES256 on a source", source({ encryption: "AES256", kmsKeyId: "kms-key-0001" }), "test/Site", "kmsKeyId", '"kms-key-0001"', 'set encryption: "KMS"'],
  ["unknown encryption", logBucket({ encryption: "SSE-C" as CosEncryption }), "test/Logs", "encryption", '"SSE-C"', "is not a supported encryption"],
  ["public-read-write source", source({ acl: "public-read-write" as CosSourceBucketAcl }), "test/Site", "acl", '"public-read-write"', "never anonymously"],
  // CLS authorization
  ["existing role and create role", authorization({ existingRole: true, createRole: true }), "test/ClsDeliveryAuthorization", "existingRole", "true", "conflicts with createRole: true"],
  ["neither existing nor created role", authorization({ createRole: false }), "test/ClsDeliveryAuthorization", "createRole", "false", "leaves nothing providing CLS_QcsRole"],
  ["policy name with preset permissions", authorization({ permissions: "preset", policyName: "my-policy" }), "test/ClsDeliveryAuthorization", "policyName", '"my-policy"', 'has no effect with permissions "preset"'],
  ["malformed policy name", authorization({ policyName: "my policy!" }), "test/ClsDeliveryAuthorization", "policyName", '"my policy!"', "is not a CAM name"],
  ["unknown permission mode", authorization({ permissions: "admin" as "preset" }), "test/ClsDeliveryAuthorization", "permissions", '"admin"', "is not a permission mode"],
  [
    "an authorization from another stack",
    () => {
      const stack = stackWithProvider();
      const other = new TerraformStack(stack.node.scope!, "other");
      const target = new CosLogBucket(stack, "Logs", LOG_BUCKET);
      new CosAccessLoggedBucket(stack, "Site", { bucketName: "website-1250000000", region: "ap-guangzhou", target, authorization: ClsDeliveryAuthorization.of(other) });
    },
    "test/Site",
    "authorization",
    '"other/ClsDeliveryAuthorization"',
    "belongs to another stack",
  ],
  [
    "existing bucket with its own log settings",
    () => {
      const stack = stackWithProvider();
      const bucket = new CosBucket(stack, "Site", { bucket: "website-1250000000", logEnable: true, logTargetBucket: "x-1250000000", logPrefix: "x/" });
      CosAccessLogging.enable(bucket, { region: "ap-guangzhou", target: new CosLogBucket(stack, "Logs", LOG_BUCKET) });
    },
    "test/Site",
    "bucket",
    '{"path":"test/Site","logEnable":true',
    "remove the log_* arguments",
  ],
  [
    "existing bucket logged from another region",
    () => {
      const stack = stackWithProvider();
      const bucket = new CosBucket(stack, "Site", { bucket: "website-1250000000" });
      CosAccessLogging.enable(bucket, { region: "ap-beijing", target: new CosLogBucket(stack, "Logs", LOG_BUCKET) });
    },
    "test/SiteAccessLogging",
    "target.region",
    '"ap-guangzhou"',
    'differs from the source bucket\'s region "ap-beijing"',
  ],
  [
    "provider configured for another region",
    () => {
      const stack = stackWithProvider();
      const shanghai = new TencentcloudProvider(stack, "shanghai", { region: "ap-shanghai", alias: "shanghai" });
      new CosLogBucket(stack, "Logs", { ...LOG_BUCKET, provider: shanghai });
    },
    "test/Logs",
    "provider",
    '"test/shanghai"',
    'is configured for region "ap-shanghai", but the bucket\'s region is "ap-guangzhou"',
  ],
  [
    "existing bucket whose provider is in another region",
    () => {
      const stack = stackWithProvider();
      const shanghai = new TencentcloudProvider(stack, "shanghai", { region: "ap-shanghai", alias: "shanghai" });
      const bucket = new CosBucket(stack, "Site", { bucket: "website-1250000000", provider: shanghai });
      CosAccessLogging.enable(bucket, { region: "ap-guangzhou", target: new CosLogBucket(stack, "Logs", LOG_BUCKET) });
    },
    "test/SiteAccessLogging",
    "bucket.provider",
    '"test/shanghai"',
    "pass the provider (alias) configured for ap-guangzhou",
  ],
  [
    "imported log bucket with a malformed name",
    () => {
      CosLogBucket.fromBucketAttributes(stackWithProvider(), "Imported", { bucketName: "logs_1250000000", region: "ap-guangzhou" });
    },
    "test/Imported",
    "bucketName",
    '"logs_1250000000"',
    "is not a COS bucket name",
  ],
];

describe("bad input is rejected at synth with the property, the value and a fix", () => {
  test(`there are at least 25 cases (${BAD_INPUTS.length})`, () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(25);
  });

  test.each(BAD_INPUTS)("%s", (_description, action, path, prop, shownValue, fragment) => {
    let error: unknown;
    try {
      action();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PropValidationError);
    const message = (error as PropValidationError).message;
    expect(message.startsWith(`${path}: ${prop} ${shownValue}`)).toBe(true);
    expect(message).toMatch(/\. Fix: \S/);
    expect(message).toContain(fragment);
    expect((error as PropValidationError).prop).toBe(prop);
  });
});

describe("synth-time validation of the stack", () => {
  test("a least-privilege authorization with no logging source fails synth with a fix", () => {
    const stack = stackWithProvider();
    ClsDeliveryAuthorization.of(stack);
    expect(() => Testing.synth(stack, true)).toThrow(/no logging source delivers through this authorization.*Fix: /);
  });

  test("a preset authorization needs no registered source", () => {
    const stack = stackWithProvider();
    ClsDeliveryAuthorization.of(stack, { permissions: "preset" });
    expect(() => synthChecked(stack)).not.toThrow();
  });

  test("the boundary values are accepted", () => {
    const stack = stackWithProvider();
    const logs = new CosLogBucket(stack, "Logs", { ...LOG_BUCKET, retentionDays: 1, abortIncompleteMultipartUploadDays: 1, logPrefix: "/" });
    new CosLogBucket(stack, "Logs2", { bucketName: `${"a".repeat(49)}-1250000000`, region: "ap-guangzhou", retentionDays: 2, transitionToColdAfterDays: 1, coldStorageClass: "INTELLIGENT_TIERING" });
    const site = new CosAccessLoggedBucket(stack, "Site", { bucketName: "website-1250000000", region: "ap-guangzhou", target: logs, logPrefix: `${"p".repeat(255)}/` });
    expect(site.logPrefix).toHaveLength(256);
    expect(logs.logPrefix).toBe("");
    synthChecked(stack);
  });
});
