import { Lazy, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { BosBucket } from "../../.gen/providers/baiducloud/bos-bucket";
import {
  BosAccessLoggedBucket,
  BosAccessLoggedBucketProps,
  BosBucketAcl,
  BosLogBucket,
  BosLogBucketProps,
  BosTransitionStorageClass,
  enableBosAccessLogging,
  PropValidationError,
} from "../../lib";
import { showValue } from "../../lib/shared/errors";

function stack(): TerraformStack {
  return new TerraformStack(Testing.app(), "s");
}

/** Runs `build`, expects a PropValidationError and checks it names the path, the property, the value and a fix. */
function expectPropError(
  build: () => unknown,
  expected: { path: string; prop: string; value: unknown; problem: RegExp; fix: RegExp },
): void {
  let caught: unknown;
  try {
    build();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(PropValidationError);
  const error = caught as PropValidationError;
  expect(error.constructPath).toBe(expected.path);
  expect(error.prop).toBe(expected.prop);
  expect(error.value).toEqual(expected.value);
  expect(error.problem).toMatch(expected.problem);
  expect(error.fix).toMatch(expected.fix);
  expect(error.message).toContain(`${expected.path}: ${expected.prop} ${showValue(expected.value)} `);
  expect(error.message).toMatch(/\. Fix: .+/);
}

function logBucket(overrides: Partial<BosLogBucketProps> = {}) {
  return () => new BosLogBucket(stack(), "Logs", { bucketName: "acme-access-logs", region: "bj", ...overrides });
}

function loggedBucket(overrides: Partial<BosAccessLoggedBucketProps> = {}, logRegion = "bj") {
  return () => {
    const s = stack();
    const logs = new BosLogBucket(s, "Logs", { bucketName: "acme-access-logs", region: logRegion });
    return new BosAccessLoggedBucket(s, "Site", {
      bucketName: "acme-site",
      region: "bj",
      logBucket: logs,
      ...overrides,
    });
  };
}

/** The bucket `s/Site` in "bj" logging into itself, with `overrides`. */
function selfLoggingBucket(overrides: Partial<BosAccessLoggedBucketProps> = {}) {
  return () =>
    new BosAccessLoggedBucket(stack(), "Site", {
      bucketName: "acme-site",
      region: "bj",
      logToSelf: true,
      ...overrides,
    });
}

/**
 * Expects the construct built with the one bad prop in `bad` rejected with an error naming the construct's `path`, that
 * prop and its value, the problem and the fix.
 */
function expectOnePropRejected(build: () => unknown, path: string, bad: object, problem: RegExp, fix: RegExp): void {
  const entries = Object.entries(bad);
  expect(entries).toHaveLength(1);
  const [[prop, value]] = entries;
  expectPropError(build, { path, prop, value, problem, fix });
}

/** {@link expectOnePropRejected} for the log bucket `s/Logs`. */
function expectLogBucketRejects(bad: Partial<BosLogBucketProps>, problem: RegExp, fix: RegExp): void {
  expectOnePropRejected(logBucket(bad), "s/Logs", bad, problem, fix);
}

/** {@link expectOnePropRejected} for the logged bucket `s/Site` (logging into a log bucket in "bj"). */
function expectLoggedBucketRejects(bad: Partial<BosAccessLoggedBucketProps>, problem: RegExp, fix: RegExp): void {
  expectOnePropRejected(loggedBucket(bad), "s/Site", bad, problem, fix);
}

describe("BOS bucket names", () => {
  test.each([
    ["upper case and underscore", "Acme_Logs", /is not a BOS bucket name/],
    ["too short", "ab", /is 2 characters long/],
    ["ends with '-'", "acme-logs-", /is not a BOS bucket name/],
    ["starts with '-'", "-acme-logs", /is not a BOS bucket name/],
    ["too long", "a".repeat(64), /is 64 characters long/],
    ["contains a dot", "acme.logs", /is not a BOS bucket name/],
  ])("log bucket name %s", (_what, bucketName, problem) => {
    expectLogBucketRejects({ bucketName }, problem, /lower-case|3 to 63/);
  });

  test("logged bucket name", () => {
    expectLoggedBucketRejects({ bucketName: "Site" }, /not a BOS bucket name/, /lower-case letters/);
  });

  test("imported log bucket name", () => {
    expectPropError(
      () => BosLogBucket.fromBucketAttributes(stack(), "Imported", { bucketName: "Logs!", region: "bj" }),
      {
        path: "s/Imported",
        prop: "bucketName",
        value: "Logs!",
        problem: /not a BOS bucket name/,
        fix: /lower-case/,
      },
    );
  });
});

describe("regions", () => {
  test.each([
    ["a city name", "beijing"],
    ["another cloud's code", "cn-bj"],
    ["upper case", "BJ"],
  ])("%s is not a region code", (_what, region) => {
    expectLogBucketRejects({ region }, /is not a BOS region/, /bj, bd, su, gz/);
  });

  test("a token region cannot be checked", () => {
    const s = stack();
    const region = new TerraformVariable(s, "region", { type: "string" }).stringValue;
    expectPropError(() => new BosLogBucket(s, "Logs", { bucketName: "acme-access-logs", region }), {
      path: "s/Logs",
      prop: "region",
      value: region,
      problem: /must be a literal, but it is a token/,
      fix: /give region as a literal such as 'bj'/,
    });
  });

  test.each(["xyz", "mars", "bjj"])("an unknown region %p is rejected with the list of BOS regions", (region) => {
    expectLogBucketRejects({ region }, /^is not a BOS region$/, /^use one of bj, bd, su, gz, hkg, fwh, fsh /);
  });

  test("the log bucket must be in the source's region", () => {
    expectPropError(loggedBucket({}, "gz"), {
      path: "s/Site",
      prop: "logBucket",
      value: "acme-access-logs (region gz)",
      problem: /not in the logged bucket's region "bj"/,
      fix: /use a log bucket in region "bj"/,
    });
  });

  test("the log bucket's region must be literal", () => {
    const s = stack();
    const region = Lazy.stringValue({ produce: () => "bj" });
    expectPropError(
      () =>
        new BosAccessLoggedBucket(s, "Site", {
          bucketName: "acme-site",
          region: "bj",
          logBucket: { bucketName: "acme-logs", region },
        }),
      {
        path: "s/Site",
        prop: "logBucket.region",
        value: region,
        problem: /is a token/,
        fix: /literally/,
      },
    );
  });
});

describe("prefixes", () => {
  test.each([
    ["starts with a digit", "2024/logs", /does not match the rule: BOS targetPrefix starts with a letter/],
    ["contains a dot", "logs.v1/", /does not match the rule/],
    ["has a '..' segment", "logs/../x", /'\.' or '\.\.' segment/],
    ["has whitespace", "my logs/", /whitespace/],
    ["is empty", "/", /is empty/],
    ["is longer than 32 characters", `logs/${"x".repeat(30)}`, /more than 32/],
  ])("a source prefix that %s", (_what, logPrefix, problem) => {
    expectLoggedBucketRejects({ logPrefix }, problem, /./);
  });

  test("a token prefix cannot be checked for retention coverage", () => {
    const logPrefix = Lazy.stringValue({ produce: () => "logs/" });
    expectLoggedBucketRejects({ logPrefix }, /is a token/, /literally/);
  });

  test("a root prefix too long for per-source folders", () => {
    const logPrefix = "a-root-prefix-that-is-long/";
    expectLogBucketRejects({ logPrefix }, /at most 23/, /shorten/);
  });

  test("a root prefix that breaks BOS's rule", () => {
    expectLogBucketRejects({ logPrefix: "_logs" }, /starts with a letter/, /follows the rule/);
  });
});

describe("retention", () => {
  test.each([
    [0, /is not a whole number from 1 to 36500 days/],
    [-5, /is not a whole number from 1 to 36500 days/],
    [1.5, /is not a whole number from 1 to 36500 days/],
    [36501, /is not a whole number from 1 to 36500 days/],
    [Number.NaN, /is NaN \(not a number\)/],
    [Infinity, /is infinite/],
  ])("retentionDays %p", (retentionDays, problem) => {
    expectLogBucketRejects({ retentionDays }, problem, /e\.g\. 180/);
  });

  test("retentionDays on a self-logging bucket", () => {
    expectOnePropRejected(
      selfLoggingBucket({ retentionDays: 0 }),
      "s/Site",
      { retentionDays: 0 },
      /is not a whole number from 1 to 36500 days/,
      /days/,
    );
  });

  test("a transition that is not before the deletion", () => {
    expectPropError(logBucket({ retentionDays: 30, transition: { storageClass: "COLD", afterDays: 30 } }), {
      path: "s/Logs",
      prop: "transition.afterDays",
      value: 30,
      problem: /is not before the deletion after retentionDays 30/,
      fix: /use fewer than 30 days/,
    });
  });

  test("a transition after 0 days", () => {
    expectPropError(logBucket({ transition: { storageClass: "COLD", afterDays: 0 } }), {
      path: "s/Logs",
      prop: "transition.afterDays",
      value: 0,
      problem: /is not a whole number from 1 to 36500 days/,
      fix: /e\.g\. 30/,
    });
  });

  test("a transition to a storage class BOS lifecycle does not offer", () => {
    const storageClass = "GLACIER" as BosTransitionStorageClass;
    expectPropError(logBucket({ transition: { storageClass, afterDays: 10 } }), {
      path: "s/Logs",
      prop: "transition.storageClass",
      value: "GLACIER",
      problem: /not a storage class/,
      fix: /STANDARD_IA, COLD, ARCHIVE/,
    });
  });
});

describe("conflicting options", () => {
  test("logBucket and logToSelf together", () => {
    expectLoggedBucketRejects({ logToSelf: true }, /conflicts with logBucket/, /either logBucket or logToSelf/);
  });

  test("neither logBucket nor logToSelf", () => {
    expectPropError(() => new BosAccessLoggedBucket(stack(), "Site", { bucketName: "acme-site", region: "bj" }), {
      path: "s/Site",
      prop: "logBucket",
      value: undefined,
      problem: /is required unless logToSelf is true/,
      fix: /BosLogBucket/,
    });
  });

  test("retentionDays together with a log bucket", () => {
    expectLoggedBucketRejects({ retentionDays: 30 }, /only applies with logToSelf/, /on the log bucket/);
  });

  test("a log bucket that is the logged bucket itself", () => {
    expectPropError(
      () =>
        new BosAccessLoggedBucket(stack(), "Site", {
          bucketName: "acme-site",
          region: "bj",
          logBucket: { bucketName: "acme-site", region: "bj" },
        }),
      {
        path: "s/Site",
        prop: "logBucket",
        value: "acme-site",
        problem: /is the logged bucket itself/,
        fix: /logToSelf: true/,
      },
    );
  });

  test("a bucket that already has a logging block", () => {
    const s = stack();
    const logs = new BosLogBucket(s, "Logs", { bucketName: "acme-access-logs", region: "bj" });
    const existing = new BosBucket(s, "Existing", {
      bucket: "acme-existing",
      logging: { targetBucket: "elsewhere-logs", targetPrefix: "x/" },
    });
    expectPropError(() => enableBosAccessLogging(existing, { region: "bj", logBucket: logs }), {
      path: "s/Existing",
      prop: "logging",
      value: { targetBucket: "elsewhere-logs", targetPrefix: "x/" },
      problem: /already configured/,
      fix: /remove the bucket's own logging block/,
    });
  });

  test("enabling logging twice on the same bucket", () => {
    const s = stack();
    const logs = new BosLogBucket(s, "Logs", { bucketName: "acme-access-logs", region: "bj" });
    const existing = new BosBucket(s, "Existing", { bucket: "acme-existing" });
    enableBosAccessLogging(existing, { region: "bj", logBucket: logs });
    expect(() => enableBosAccessLogging(existing, { region: "bj", logBucket: logs })).toThrow(
      /s\/Existing: logging .* is already configured on the bucket\. Fix: /,
    );
  });

  test("one source registered with two different prefixes", () => {
    const s = stack();
    const logs = new BosLogBucket(s, "Logs", { bucketName: "acme-access-logs", region: "bj" });
    logs.addLogSource({ sourceBucketName: "acme-site", targetPrefix: "logs/acme-site/" });
    expectPropError(() => logs.addLogSource({ sourceBucketName: "acme-site", targetPrefix: "other/" }), {
      path: "s/Logs",
      prop: "addLogSource.targetPrefix",
      value: "other/",
      problem: /conflicts with prefix "logs\/acme-site\/"/,
      fix: /once/,
    });
  });

  test("a source registered directly with a prefix BOS would refuse", () => {
    const logs = logBucket()();
    expectPropError(() => logs.addLogSource({ sourceBucketName: "acme-site", targetPrefix: "9logs/" }), {
      path: "s/Logs",
      prop: "addLogSource.targetPrefix",
      value: "9logs/",
      problem: /breaks the rule: BOS targetPrefix starts with a letter/,
      fix: /logging block/,
    });
  });

  test("self-logging on a bucket whose lifecycle rules are a token", () => {
    const s = stack();
    const rules = Lazy.anyValue({ produce: () => [] });
    const existing = new BosBucket(s, "Existing", { bucket: "acme-existing", lifecycleRule: rules });
    expectPropError(() => enableBosAccessLogging(existing, { region: "bj", logToSelf: true }), {
      path: "s/Existing",
      prop: "lifecycleRule",
      value: "(token)",
      problem: /cannot be added/,
      fix: /literal list/,
    });
  });

  test("a public bucket logging into itself would publish its logs", () => {
    expectPropError(selfLoggingBucket({ acl: "public-read" }), {
      path: "s/Site",
      prop: "logToSelf",
      value: true,
      problem: /would publish the access logs.*"public-read"/,
      fix: /private BosLogBucket/,
    });
  });

  test("an existing public-read-write bucket logging into itself", () => {
    const s = stack();
    const existing = new BosBucket(s, "Existing", { bucket: "acme-existing", acl: "public-read-write" });
    expectPropError(() => enableBosAccessLogging(existing, { region: "bj", logToSelf: true }), {
      path: "s/Existing",
      prop: "logToSelf",
      value: true,
      problem: /would publish the access logs/,
      fix: /private BosLogBucket/,
    });
  });

  test("an ACL BOS does not know", () => {
    const acl = "authenticated-read" as BosBucketAcl;
    expectLoggedBucketRejects({ acl }, /not a BOS canned ACL/, /private, public-read, public-read-write/);
  });
});
