/**
 * Bad input through the public API: every limit at its exact value and one past it, tokens, NaN and infinities, and
 * a fuzz-style sweep that fails on any input accepted with wrong output (exponents, NaN or unresolved tokens in the
 * JSON) or rejected with an unclear message (no prop, a raw token, a float rendering of a number token, "null").
 */
import { App, TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { BaiducloudProvider } from "../../.gen/providers/baiducloud/provider";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import {
  baiduCloudCredentialVariables,
  BackupSchedule,
  BosAccessLoggedBucket,
  BosLogBucket,
  bosLogObjectKeyPrefix,
  camAction,
  CdnLogBackup,
  CdnLogBackupProps,
  ClsDeliveryAuthorization,
  CosAccessLoggedBucket,
  CosLogBucket,
  CosLogBucketProps,
  BosLogBucketProps,
  parseBosLogObjectKey,
  PropValidationError,
} from "../../lib";
import { showValue } from "../../lib/shared/errors";

const BUCKET = { bucketName: "cdn-logs-1250000000", region: "ap-guangzhou", appId: "1250000000" };

function tencentStack(region = "ap-guangzhou"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new TencentcloudProvider(stack, "tencentcloud", { region });
  return stack;
}

function baiduStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new BaiducloudProvider(stack, "baiducloud", { region: "bj", ...baiduCloudCredentialVariables(stack) });
  return stack;
}

function caught(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Asserts a PropValidationError naming `prop`, the value readably, the problem and a fix. */
function expectRejected(build: () => unknown, prop: string, problem: string | RegExp): PropValidationError {
  const error = caught(build);
  if (!(error instanceof PropValidationError))
    throw new Error(`expected a PropValidationError for ${prop}, got ${String(error)}`);
  expect(error.prop).toBe(prop);
  if (typeof problem === "string") expect(error.problem).toContain(problem);
  else expect(error.problem).toMatch(problem);
  expect(error.message).toMatch(/\. Fix: \S/);
  // A number token renders as about -1.8e+289; a user's own 1e21 may show as 1e+21.
  expect(error.message).not.toMatch(/TfToken|e\+\d{3}/);
  return error;
}

const cos = (props: Partial<CosLogBucketProps>) => () =>
  new CosLogBucket(tencentStack(), "Logs", { bucketName: "access-logs-1250000000", region: "ap-guangzhou", ...props });
const cdn = (props: Partial<CdnLogBackupProps>) => () =>
  new CdnLogBackup(tencentStack(), "Backup", { domains: ["www.example.com"], bucket: BUCKET, ...props });
const bos = (props: Partial<BosLogBucketProps>) => () =>
  new BosLogBucket(baiduStack(), "Logs", { bucketName: "acme-access-logs", region: "bj", ...props });
const numberToken = () =>
  Token.asNumber(new TerraformVariable(new TerraformStack(new App(), "v"), "n", { type: "number" }).numberValue);

describe("numeric limits: exact value accepted, one past rejected", () => {
  test.each([
    ["CosLogBucket retentionDays", cos, "retentionDays", 1, 3650, 0, 3651, "is not a whole number from 1 to 3650 days"],
    [
      "CosLogBucket abortIncompleteMultipartUploadDays",
      cos,
      "abortIncompleteMultipartUploadDays",
      1,
      3650,
      0,
      3651,
      "is not a whole number from 1 to 3650 days",
    ],
    ["CdnLogBackup lookbackHours", cdn, "lookbackHours", 24, 720, 0, 721, "is not a whole number from 1 to 720 hours"],
    // 32 copies need 32 x 16 MB of copy buffers: with the largest memory size, so only the range is tested here.
    [
      "CdnLogBackup concurrency",
      (props: Partial<CdnLogBackupProps>) => cdn({ memorySize: 3072, ...props }),
      "concurrency",
      1,
      32,
      0,
      33,
      "is not a whole number from 1 to 32 parallel copies",
    ],
    [
      "CdnLogBackup timeoutSeconds",
      cdn,
      "timeoutSeconds",
      90,
      900,
      89,
      901,
      "is not a whole number from 90 to 900 seconds",
    ],
    ["CdnLogBackup memorySize", cdn, "memorySize", 128, 3072, 0, 3200, "is not a whole number from 128 to 3072 MB"],
    [
      "BosLogBucket retentionDays",
      bos,
      "retentionDays",
      2,
      36500,
      0,
      36501,
      "is not a whole number from 1 to 36500 days",
    ],
  ] as const)("%s", (_name, make, prop, low, high, belowLow, aboveHigh, problem) => {
    const factory = make as (props: object) => () => unknown;
    expect(caught(factory({ [prop]: low }))).toBeUndefined();
    expect(caught(factory({ [prop]: high }))).toBeUndefined();
    if (belowLow !== undefined) expectRejected(factory({ [prop]: belowLow }), prop, problem);
    expectRejected(factory({ [prop]: aboveHigh }), prop, problem);
  });

  test("transitionToColdAfterDays: 0 and retentionDays - 1 accepted, 3651 and retentionDays rejected", () => {
    expect(caught(cos({ transitionToColdAfterDays: 0, retentionDays: 3650 }))).toBeUndefined();
    expect(caught(cos({ transitionToColdAfterDays: 3649, retentionDays: 3650 }))).toBeUndefined();
    expectRejected(
      cos({ transitionToColdAfterDays: 3651, retentionDays: 3650 }),
      "transitionToColdAfterDays",
      "is not a whole number from 0 to 3650 days",
    );
    expectRejected(
      cos({ transitionToColdAfterDays: 30, retentionDays: 30 }),
      "transitionToColdAfterDays",
      "is not less than retentionDays (30)",
    );
  });

  test("BOS transition.afterDays: 1 accepted, 0 and 36501 rejected", () => {
    expect(caught(bos({ retentionDays: 30, transition: { storageClass: "COLD", afterDays: 1 } }))).toBeUndefined();
    expectRejected(
      bos({ transition: { storageClass: "COLD", afterDays: 0 } }),
      "transition.afterDays",
      "is not a whole number from 1 to 36500 days",
    );
    expectRejected(
      bos({ transition: { storageClass: "COLD", afterDays: 36501 } }),
      "transition.afterDays",
      "is not a whole number from 1 to 36500 days",
    );
  });

  test("daily schedule: 23:59 accepted, hour 24 and minute 60 rejected, each naming its field", () => {
    expect(caught(cdn({ schedule: BackupSchedule.daily({ hour: 23, minute: 59 }) }))).toBeUndefined();
    expect(caught(cdn({ schedule: BackupSchedule.daily({ hour: 0, minute: 0 }) }))).toBeUndefined();
    expectRejected(
      cdn({ schedule: BackupSchedule.daily({ hour: 24 }) }),
      "schedule.hour",
      "is not a whole number from 0 to 23",
    );
    expectRejected(
      cdn({ schedule: BackupSchedule.daily({ hour: -1 }) }),
      "schedule.hour",
      "is not a whole number from 0 to 23",
    );
    expectRejected(
      cdn({ schedule: BackupSchedule.daily({ minute: 60 }) }),
      "schedule.minute",
      "is not a whole number from 0 to 59",
    );
  });
});

describe("NaN, infinities and tokens get their own messages", () => {
  const numericProps: [string, (props: object) => () => unknown, string][] = [
    ["CosLogBucket", cos as (props: object) => () => unknown, "retentionDays"],
    ["CosLogBucket", cos as (props: object) => () => unknown, "abortIncompleteMultipartUploadDays"],
    ["CosLogBucket", cos as (props: object) => () => unknown, "transitionToColdAfterDays"],
    ["CdnLogBackup", cdn as (props: object) => () => unknown, "lookbackHours"],
    ["CdnLogBackup", cdn as (props: object) => () => unknown, "concurrency"],
    ["CdnLogBackup", cdn as (props: object) => () => unknown, "timeoutSeconds"],
    ["CdnLogBackup", cdn as (props: object) => () => unknown, "memorySize"],
    ["BosLogBucket", bos as (props: object) => () => unknown, "retentionDays"],
  ];

  test.each(numericProps)("%s %s", (_construct, factory, prop) => {
    const nan = expectRejected(factory({ [prop]: Number.NaN }), prop, "is NaN (not a number)");
    expect(nan.message).toContain(`${prop} NaN is NaN`);
    const inf = expectRejected(factory({ [prop]: Infinity }), prop, "is infinite");
    expect(inf.message).toContain(`${prop} Infinity is infinite`);
    expectRejected(factory({ [prop]: -Infinity }), prop, "is infinite");
    const token = expectRejected(
      factory({ [prop]: numberToken() }),
      prop,
      "must be a literal, but it is a token known only at plan time",
    );
    expect(token.message).toContain(`${prop} (token) must be a literal`);
    expect(token.fix).toContain(`give ${prop} as a literal such as`);
    expectRejected(factory({ [prop]: 1e21 }), prop, "is not a whole number from");
    expectRejected(factory({ [prop]: "30" }), prop, "is a string, not a number");
  });

  test("schedule fields and BOS transition days too", () => {
    expectRejected(cdn({ schedule: BackupSchedule.daily({ hour: Number.NaN }) }), "schedule.hour", "is NaN");
    expectRejected(
      cdn({ schedule: BackupSchedule.daily({ minute: numberToken() }) }),
      "schedule.minute",
      "must be a literal",
    );
    expectRejected(
      bos({ transition: { storageClass: "COLD", afterDays: Infinity } }),
      "transition.afterDays",
      "is infinite",
    );
  });

  test("showValue renders values readably", () => {
    expect(showValue(Number.NaN)).toBe("NaN");
    expect(showValue(-Infinity)).toBe("-Infinity");
    expect(showValue(numberToken())).toBe("(token)");
    expect(showValue(`logs-${Token.asString({ resolve: () => "x" })}`)).toBe('"logs-(token)"');
    expect(showValue({ days: Number.NaN })).toBe('{"days":"NaN"}');
    expect(showValue(null)).toBe("null");
    expect(showValue(undefined)).toBe("(not set)");
  });
});

describe("tags: one rule per cloud", () => {
  const tencent: [string, (tags: { [key: string]: string }) => () => unknown][] = [
    ["CosLogBucket", (tags) => cos({ tags })],
    [
      "CosAccessLoggedBucket",
      (tags) => () => {
        const stack = tencentStack();
        const logs = new CosLogBucket(stack, "Logs", { bucketName: "access-logs-1250000000", region: "ap-guangzhou" });
        new CosAccessLoggedBucket(stack, "Site", {
          bucketName: "site-1250000000",
          region: "ap-guangzhou",
          target: logs,
          tags,
        });
      },
    ],
    ["ClsDeliveryAuthorization", (tags) => () => ClsDeliveryAuthorization.of(tencentStack(), { tags })],
    ["CdnLogBackup", (tags) => cdn({ tags })],
  ];
  test.each(tencent)("%s uses the Tencent rule", (_name, make) => {
    expect(caught(make({ ["k".repeat(127)]: "v".repeat(255), team: "" }))).toBeUndefined();
    expectRejected(make({ ["k".repeat(128)]: "v" }), "tags", "is 128 characters; Tencent Cloud tag keys are 1 to 127");
    expectRejected(make({ "": "v" }), "tags", "is 0 characters");
    expectRejected(make({ team: "v".repeat(256) }), "tags.team", "is 256 characters, more than the 255");
    for (const key of ["qcloud:env", "Tencent-team", "project", "qcs:x"]) {
      expectRejected(make({ [key]: "v" }), "tags", "a prefix Tencent Cloud reserves");
    }
    expectRejected(make({ "team#1": "v" }), "tags", "has characters Tencent Cloud tags do not allow");
    expectRejected(make({ team: "a<b" }), "tags.team", "has characters Tencent Cloud tags do not allow");
    const fiftyOne = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    expectRejected(make(fiftyOne), "tags", "more than the 50 Tencent Cloud allows");
  });

  const baidu: [string, (tags: { [key: string]: string }) => () => unknown][] = [
    ["BosLogBucket", (tags) => bos({ tags })],
    [
      "BosAccessLoggedBucket",
      (tags) => () =>
        new BosAccessLoggedBucket(baiduStack(), "Site", {
          bucketName: "acme-site",
          region: "bj",
          logToSelf: true,
          tags,
        }),
    ],
  ];
  test.each(baidu)("%s uses the Baidu rule", (_name, make) => {
    expect(caught(make({ ["k".repeat(65)]: "v".repeat(65) }))).toBeUndefined();
    expectRejected(make({ ["k".repeat(66)]: "v" }), "tags", "Baidu AI Cloud tag keys are 1 to 65");
    expectRejected(make({ team: "v".repeat(66) }), "tags.team", "more than the 65 Baidu AI Cloud allows");
    expectRejected(make({ "team:x": "v" }), "tags", "has characters Baidu AI Cloud tags do not allow");
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, "v"]));
    expectRejected(make(eleven), "tags", "more than the 10 Baidu AI Cloud allows");
  });
});

describe("regions per service", () => {
  test.each(["ap-mars", "eu-atlantis", "ap-guangzhou-1"])("COS rejects %p, listing the COS regions", (region) => {
    const error = expectRejected(cos({ region }), "region", "is not a COS region");
    expect(error.fix).toContain("ap-guangzhou");
    expectRejected(cdn({ bucket: { ...BUCKET, region } }), "bucket.region", "is not a COS region");
  });

  test("a COS region without log management is rejected for a logged source, listing the logging regions", () => {
    const error = expectRejected(
      () => {
        const stack = tencentStack("eu-frankfurt");
        const logs = new CosLogBucket(stack, "Logs", { bucketName: "logs-1250000000", region: "eu-frankfurt" });
        new CosAccessLoggedBucket(stack, "Site", {
          bucketName: "site-1250000000",
          region: "eu-frankfurt",
          target: logs,
        });
      },
      "region",
      "is not a region where COS delivers access logs",
    );
    expect(error.fix).toContain("ap-guangzhou");
    expect(error.fix).not.toContain("eu-frankfurt");
  });

  test("SCF: the function's provider region must be an SCF region", () => {
    const stack = tencentStack("ap-mars");
    new CdnLogBackup(stack, "Backup", { domains: ["www.example.com"], bucket: BUCKET });
    expect(() => Testing.synth(stack, true)).toThrow(
      /provider region "ap-mars" \(of the tencentcloud provider test\/tencentcloud the function is created with\) is not a region where SCF runs functions\. Fix: configure the provider for one of ap-beijing/,
    );
    const ok = tencentStack("ap-shanghai");
    new CdnLogBackup(ok, "Backup", { domains: ["www.example.com"], bucket: BUCKET });
    expect(() => Testing.synth(ok, true)).not.toThrow();
  });

  test.each(["mars", "BJ", "bjj"])("BOS rejects %p, listing the BOS regions", (region) => {
    const error = expectRejected(bos({ region }), "region", "is not a BOS region");
    expect(error.fix).toContain("bj, bd, su, gz, hkg, fwh, fsh");
  });
});

describe("schedules and prefixes", () => {
  test("a cron whose years are all past never fires again", () => {
    expectRejected(cdn({ schedule: BackupSchedule.cron("0 0 3 * * * 2020") }), "schedule", "never fires after");
    expectRejected(cdn({ schedule: BackupSchedule.cron("0 0 3 * * * 2019-2021") }), "schedule", "never fires after");
    expect(caught(cdn({ schedule: BackupSchedule.cron("0 0 3 * * * 2020-2099") }))).toBeUndefined();
  });

  test("a cron given as a token must be a literal", () => {
    const token = Token.asString({ resolve: () => "0 0 3 * * * *" });
    expectRejected(cdn({ schedule: BackupSchedule.cron(token) }), "schedule", "must be a literal");
  });

  test.each(["logs:cdn/", "logs?/", "logs*/", "logs\\cdn/", "日志/", "a b/"])(
    "CdnLogBackup destinationPrefix %p is rejected",
    (destinationPrefix) => {
      const error = caught(cdn({ destinationPrefix })) as PropValidationError;
      expect(error).toBeInstanceOf(PropValidationError);
      expect(error.prop).toBe("destinationPrefix");
      expect(error.message).toContain(`destinationPrefix ${JSON.stringify(destinationPrefix)} `);
      expect(error.problem).toMatch(
        /does not match the rule: .*a ':' would break its qcs resource name|contains whitespace/,
      );
    },
  );

  test("the same ':' is rejected by the COS constructs with the same rule text", () => {
    const cdnError = expectRejected(cdn({ destinationPrefix: "a:b/" }), "destinationPrefix", "does not match the rule");
    const cosError = expectRejected(cos({ logPrefix: "a:b/" }), "logPrefix", "does not match the rule");
    expect(cdnError.problem).toBe(cosError.problem);
  });

  test("function descriptions use only what SCF accepts", () => {
    expect(caught(cdn({ description: "Copies CDN logs, daily.\n复制日志" }))).toBeUndefined();
    expectRejected(cdn({ description: "Copies logs (daily)" }), "description", "has characters SCF does not accept");
    expectRejected(cdn({ description: "a".repeat(1001) }), "description", "is 1001 characters, more than SCF's 1000");
    expect(caught(cdn({ description: "a".repeat(1000) }))).toBeUndefined();
  });
});

describe("helpers name the parameter", () => {
  test("bosLogObjectKeyPrefix", () => {
    expectRejected(() => bosLogObjectKeyPrefix("My_Bucket", "logs/"), "sourceBucketName", "is not a BOS bucket name");
    expectRejected(
      () => bosLogObjectKeyPrefix(undefined as unknown as string, "logs/"),
      "sourceBucketName",
      "is not a string",
    );
    expectRejected(() => bosLogObjectKeyPrefix("my-site", 7 as unknown as string), "targetPrefix", "is not a string");
    const error = caught(() => bosLogObjectKeyPrefix("ab", "logs/")) as PropValidationError;
    expect(error.message).toMatch(/^bosLogObjectKeyPrefix: sourceBucketName "ab" is 2 characters long/);
  });

  test("parseBosLogObjectKey", () => {
    expectRejected(() => parseBosLogObjectKey(undefined as unknown as string), "key", "is not a string");
    expectRejected(
      () => parseBosLogObjectKey("k", { utcOffsetMinutes: 841 }),
      "options.utcOffsetMinutes",
      "is not a whole number from -720 to 840 minutes",
    );
    expect(parseBosLogObjectKey("logs/my-site-2024-05-17-10-00-00-abc", { utcOffsetMinutes: 840 })?.sourceBucket).toBe(
      "my-site",
    );
  });

  test("camAction", () => {
    expectRejected(() => camAction("COS", "PutObject"), "service", "is not a CAM service name");
    expectRejected(() => camAction("cos", "Put:Object"), "action", "is not a CAM action name");
  });
});

describe("BOS credential variables are named as synthesized", () => {
  test("the description names the variable that exists", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new BaiducloudProvider(stack, "baiducloud", {
      region: "bj",
      ...baiduCloudCredentialVariables(stack, "baidu_prod"),
    });
    const json = JSON.parse(Testing.synth(stack, true)) as { variable: { [name: string]: { description: string } } };
    expect(Object.keys(json.variable).sort()).toEqual(["baidu_prod_access_key", "baidu_prod_secret_key"]);
    for (const [name, variable] of Object.entries(json.variable)) {
      expect(variable.description).toContain(`set TF_VAR_${name},`);
    }
  });

  test.each(["my.team", "9lives", "a b", ""])("a prefix cdktf would rewrite (%p) is rejected", (prefix) => {
    const stack = new TerraformStack(Testing.app(), "test");
    expectRejected(
      () => baiduCloudCredentialVariables(stack, prefix),
      "variablePrefix",
      "is not a Terraform variable name stem",
    );
  });

  test("a token prefix must be a literal", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    expectRejected(
      () => baiduCloudCredentialVariables(stack, Token.asString({ resolve: () => "x" })),
      "variablePrefix",
      "must be a literal",
    );
  });
});

describe("fuzz: every hostile value is either rejected clearly or synthesizes clean JSON", () => {
  const hostileNumbers: unknown[] = [
    Number.NaN,
    Infinity,
    -Infinity,
    -1,
    0,
    0.5,
    1e21,
    -1e21,
    2 ** 53,
    "7",
    null,
    true,
  ];
  const hostileStrings: unknown[] = [
    "",
    " ",
    "a:b",
    "a*b",
    "../x",
    "x".repeat(2000),
    "ÄÖ",
    123,
    null,
    ["a"],
    "${var.x}",
  ];

  type Builder = (value: unknown) => TerraformStack;
  /** Props a prop under test needs beside it to be read at all. */
  const companions: { [prop: string]: object } = { kmsKeyId: { encryption: "KMS" } };
  /**
   * Builders per prop: a fresh stack (`newStack`) with one construct made by `create` from the sound props `base`, the
   * prop under test set to the hostile value.
   */
  const constructWith =
    (newStack: () => TerraformStack, create: (stack: TerraformStack, props: object) => void, base: object) =>
    (prop: string): Builder =>
    (value) => {
      const stack = newStack();
      create(stack, { ...base, ...companions[prop], [prop]: value });
      return stack;
    };
  const cosLogBucketWith = constructWith(
    tencentStack,
    (stack, props) => new CosLogBucket(stack, "Logs", props as CosLogBucketProps),
    { bucketName: "access-logs-1250000000", region: "ap-guangzhou" },
  );
  const cdnLogBackupWith = constructWith(
    tencentStack,
    (stack, props) => new CdnLogBackup(stack, "Backup", props as CdnLogBackupProps),
    { domains: ["www.example.com"], bucket: BUCKET },
  );
  const bosLogBucketWith = constructWith(
    baiduStack,
    (stack, props) => new BosLogBucket(stack, "Logs", props as BosLogBucketProps),
    { bucketName: "acme-access-logs", region: "bj" },
  );

  const families: [string, (prop: string) => Builder, string[], unknown[]][] = [
    [
      "CosLogBucket",
      cosLogBucketWith,
      ["retentionDays", "transitionToColdAfterDays", "abortIncompleteMultipartUploadDays"],
      hostileNumbers,
    ],
    [
      "CosLogBucket",
      cosLogBucketWith,
      ["logPrefix", "bucketName", "appId", "kmsKeyId", "removalPolicy"],
      hostileStrings,
    ],
    [
      "CdnLogBackup",
      cdnLogBackupWith,
      ["lookbackHours", "concurrency", "timeoutSeconds", "memorySize"],
      hostileNumbers,
    ],
    [
      "CdnLogBackup",
      cdnLogBackupWith,
      ["functionName", "namespace", "roleName", "destinationPrefix", "description", "domains"],
      hostileStrings,
    ],
    ["BosLogBucket", bosLogBucketWith, ["retentionDays"], hostileNumbers],
    ["BosLogBucket", bosLogBucketWith, ["logPrefix", "bucketName", "removalPolicy"], hostileStrings],
  ];
  const targets: [string, string, Builder, unknown[]][] = families.flatMap(([construct, builderFor, props, values]) =>
    props.map((prop): [string, string, Builder, unknown[]] => [construct, prop, builderFor(prop), values]),
  );

  test.each(targets)("%s %s", (_construct, prop, build, values) => {
    for (const value of values) {
      let stack: TerraformStack | undefined;
      let text = "";
      let error: unknown;
      try {
        stack = build(value);
        text = Testing.synth(stack, true);
      } catch (e) {
        error = e;
      }
      const label = `${prop} = ${showValue(value)}`;
      if (error !== undefined) {
        const message = String((error as Error).message);
        // Rejected: clearly, naming the prop, never with a raw token or a token's float rendering.
        expect({ label, message }).toEqual({
          label,
          message: expect.stringMatching(new RegExp(`\\b${prop.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`)),
        });
        expect(message).not.toMatch(/TfToken|e\+\d{3}|\bundefined\b/);
        expect(message).toMatch(/Fix: \S/);
      } else {
        // Accepted: the JSON carries no NaN, infinity, exponent or unresolved token.
        expect({ label, text }).toEqual({ label, text: expect.not.stringMatching(/NaN|Infinity|\de[+-]?\d|TfToken/) });
      }
    }
  });
});
