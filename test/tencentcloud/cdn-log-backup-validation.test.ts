import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformStack } from "cdktf";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import { BackupSchedule, CdnLogBackup, CdnLogBackupProps, PropValidationError } from "../../lib";
import { newStack } from "../helpers";

const BUCKET = { bucketName: "cdn-logs-1250000000", region: "ap-guangzhou", appId: "1250000000" };

function build(props: Partial<CdnLogBackupProps>): CdnLogBackup {
  const { stack } = newStack();
  new TencentcloudProvider(stack as TerraformStack, "tencentcloud", { region: "ap-guangzhou" });
  return new CdnLogBackup(stack, "Backup", {
    domains: ["www.example.com"],
    bucket: BUCKET,
    ...props,
  } as CdnLogBackupProps);
}

function errorOf(props: Partial<CdnLogBackupProps>): PropValidationError {
  try {
    build(props);
  } catch (error) {
    if (error instanceof PropValidationError) return error;
    throw error;
  }
  throw new Error(`no error for ${JSON.stringify(props)}`);
}

const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), "cdn-backup-empty-"));
const aFile = path.join(emptyDir, "not-a-folder.txt");
fs.writeFileSync(aFile, "x");
const monthly = BackupSchedule.cron("0 0 3 1 * * *");

// [case, props, prop named in the error, fragment of the problem]
const cases: [string, Partial<CdnLogBackupProps>, string, string][] = [
  ["no domains", { domains: [] }, "domains", "is empty"],
  ["an empty domain", { domains: [""] }, "domains[0]", "is not a CDN domain"],
  ["a URL instead of a domain", { domains: ["https://www.example.com"] }, "domains[0]", "remove the scheme"],
  ["a domain with a path", { domains: ["www.example.com/logs"] }, "domains[0]", "no path, port, query or spaces"],
  ["a domain with a port", { domains: ["www.example.com:8080"] }, "domains[0]", "no path, port, query or spaces"],
  ["a single-label domain", { domains: ["localhost"] }, "domains[0]", "at least two labels"],
  ["an underscore in a label", { domains: ["exa_mple.com"] }, "domains[0]", 'label "exa_mple"'],
  ["a wildcard not in front", { domains: ["www.*.example.com"] }, "domains[0]", 'label "*"'],
  ["an IP address", { domains: ["10.0.0.1"] }, "domains[0]", "an IP address is not a CDN domain"],
  [
    "a duplicate domain (case-insensitive)",
    { domains: ["www.example.com", "WWW.example.com"] },
    "domains[1]",
    "is listed more than once",
  ],
  ["domains not a list", { domains: 42 as unknown as string }, "domains", "is not a domain or a list"],
  [
    "a bucket region that does not exist",
    { bucket: { ...BUCKET, region: "ap-mars" } },
    "bucket.region",
    "is not a COS region",
  ],
  [
    "a bucket region that is not a region",
    { bucket: { ...BUCKET, region: "guangzhou" } },
    "bucket.region",
    "is not a COS region",
  ],
  [
    "a bucket name without appid",
    { bucket: { ...BUCKET, bucketName: "cdn-logs" } },
    "bucket.bucketName",
    "is not a COS bucket name",
  ],
  [
    "an upper-case bucket name",
    { bucket: { ...BUCKET, bucketName: "CDN-logs-1250000000" } },
    "bucket.bucketName",
    "is not a COS bucket name",
  ],
  ["an appid that is not one", { bucket: { ...BUCKET, appId: "12345" } }, "bucket.appId", "is not an appid"],
  [
    "an appid that does not match the bucket",
    { bucket: { ...BUCKET, appId: "1250000001" } },
    "bucket.appId",
    "does not match the appid suffix",
  ],
  ["a prefix climbing out with ..", { destinationPrefix: "logs/../other" }, "destinationPrefix", "'..' segment"],
  ["a prefix with a space", { destinationPrefix: "cdn logs/" }, "destinationPrefix", "whitespace"],
  [
    "a prefix with a wildcard",
    { destinationPrefix: "cdn-*/" },
    "destinationPrefix",
    "a '*' or '?' would widen the CAM grant built from the prefix",
  ],
  ["a prefix with a doubled slash", { destinationPrefix: "a//b" }, "destinationPrefix", "empty path segment"],
  ["an over-long prefix", { destinationPrefix: "p".repeat(600) }, "destinationPrefix", "more than 512"],
  [
    "a daily hour of 24",
    { schedule: BackupSchedule.daily({ hour: 24 }) },
    "schedule.hour",
    "is not a whole number from 0 to 23 (an hour of the day, Beijing time)",
  ],
  [
    "a fractional daily hour",
    { schedule: BackupSchedule.daily({ hour: 2.5 }) },
    "schedule.hour",
    "is not a whole number from 0 to 23 (an hour of the day, Beijing time)",
  ],
  [
    "a daily minute of 60",
    { schedule: BackupSchedule.daily({ minute: 60 }) },
    "schedule.minute",
    "is not a whole number from 0 to 59 (a minute of the hour)",
  ],
  [
    "a cron hour out of range",
    { schedule: BackupSchedule.cron("0 0 24 * * * *") },
    "schedule",
    'field 3 (hour) "24" is out of range 0-23',
  ],
  ["a 5-field cron", { schedule: BackupSchedule.cron("0 3 * * *") }, "schedule", "expected 7 fields"],
  [
    "a cron restricting both day fields",
    { schedule: BackupSchedule.cron("0 0 3 1 * MON *") },
    "schedule",
    "are both restricted",
  ],
  ["an unknown area", { area: "china" as "global" }, "area", "is not a CDN log area"],
  ["a lookback of 0", { lookbackHours: 0 }, "lookbackHours", "is not a whole number from 1 to 720"],
  ["a lookback beyond CDN's 30 days", { lookbackHours: 721 }, "lookbackHours", "is not a whole number from 1 to 720"],
  ["a fractional lookback", { lookbackHours: 1.5 }, "lookbackHours", "is not a whole number"],
  [
    "a lookback shorter than the gap between runs",
    { lookbackHours: 12 },
    "lookbackHours",
    "is shorter than the longest gap between runs",
  ],
  [
    "a monthly schedule no lookback can cover",
    { schedule: monthly, lookbackHours: 720 },
    "lookbackHours",
    "is shorter than the longest gap between runs",
  ],
  ["concurrency 0", { concurrency: 0 }, "concurrency", "is not a whole number from 1 to 32"],
  ["concurrency 33", { concurrency: 33 }, "concurrency", "is not a whole number from 1 to 32"],
  [
    "64 MB memory (the provider wants multiples of 128)",
    { memorySize: 64 },
    "memorySize",
    "is not a whole number from 128 to 3072 MB",
  ],
  ["memory not a multiple of 128", { memorySize: 300 }, "memorySize", "is not an SCF memory size"],
  ["memory above 3072", { memorySize: 3200 }, "memorySize", "is not a whole number from 128 to 3072 MB"],
  [
    "copy buffers that cannot fit: concurrency 5 with 128 MB",
    { memorySize: 128, concurrency: 5 },
    "concurrency",
    "with memorySize 128 leaves 12 MB of copy buffers per copy",
  ],
  [
    "copy buffers that cannot fit: concurrency 13 with 256 MB",
    { memorySize: 256, concurrency: 13 },
    "concurrency",
    "with memorySize 256 leaves 14 MB of copy buffers per copy",
  ],
  [
    "copy buffers that cannot fit: concurrency 32 with the default memory",
    { concurrency: 32 },
    "concurrency",
    "leaves 6 MB of copy buffers per copy",
  ],
  [
    "a wildcard download host",
    { additionalLogDownloadHosts: ["*.qcloud.com"] },
    "additionalLogDownloadHosts[0]",
    "a wildcard would allow any host under it",
  ],
  [
    "an IP address as download host",
    { additionalLogDownloadHosts: ["169.254.0.23"] },
    "additionalLogDownloadHosts[0]",
    "an IP address is not a CDN domain",
  ],
  [
    "localhost as download host",
    { additionalLogDownloadHosts: ["logs.example.com", "LOCALHOST"] },
    "additionalLogDownloadHosts[1]",
    "localhost is never a download host",
  ],
  [
    "a download host with a port",
    { additionalLogDownloadHosts: ["logs.example.com:8080"] },
    "additionalLogDownloadHosts[0]",
    "no path, port",
  ],
  [
    "a download host with a scheme",
    { additionalLogDownloadHosts: ["https://logs.example.com"] },
    "additionalLogDownloadHosts[0]",
    "remove the scheme",
  ],
  [
    "a duplicate download host",
    { additionalLogDownloadHosts: ["logs.example.com", "Logs.Example.com"] },
    "additionalLogDownloadHosts[1]",
    "is listed more than once",
  ],
  [
    "download hosts not a list",
    { additionalLogDownloadHosts: "logs.example.com" as unknown as string[] },
    "additionalLogDownloadHosts",
    "is not a list of host names",
  ],
  ["a timeout of 0", { timeoutSeconds: 0 }, "timeoutSeconds", "is not a whole number from 90 to 900"],
  ["a timeout SCF allows but the function cannot copy in", { timeoutSeconds: 1 }, "timeoutSeconds", "from 90 to 900"],
  ["a timeout above 900", { timeoutSeconds: 901 }, "timeoutSeconds", "is not a whole number from 90 to 900"],
  ["a function name starting with a digit", { functionName: "1backup" }, "functionName", "is not an SCF function name"],
  ["a one-character function name", { functionName: "b" }, "functionName", "is not an SCF function name"],
  ["a function name ending in '-'", { functionName: "backup-" }, "functionName", "is not an SCF function name"],
  ["a function name with a dot", { functionName: "cdn.backup" }, "functionName", "is not an SCF function name"],
  [
    "a 61-character function name",
    { functionName: `b${"x".repeat(60)}` },
    "functionName",
    "is not an SCF function name",
  ],
  ["a namespace with a bad character", { namespace: "logs!" }, "namespace", "is not an SCF namespace name"],
  ["a 31-character namespace", { namespace: `n${"s".repeat(30)}` }, "namespace", "is not an SCF namespace name"],
  ["creating the default namespace", { createNamespace: true }, "createNamespace", "which always exists"],
  ["a role name with a space", { roleName: "cdn backup" }, "roleName", "is not a CAM name"],
  ["an unknown CDN resource scope", { cdnResourceScope: "*" as "domains" }, "cdnResourceScope", "is not a scope"],
  [
    "a reserved tag key",
    { tags: { "qcloud:owner": "me" } },
    "tags",
    "a prefix Tencent Cloud reserves (qcloud, tencent, project, qcs:)",
  ],
  [
    "an over-long tag key",
    { tags: { ["k".repeat(128)]: "v" } },
    "tags",
    "is 128 characters; Tencent Cloud tag keys are 1 to 127",
  ],
  [
    "an over-long tag value",
    { tags: { team: "v".repeat(256) } },
    "tags.team",
    "is 256 characters, more than the 255 Tencent Cloud allows in a tag value",
  ],
  ["a code path that does not exist", { codePath: path.join(emptyDir, "missing") }, "codePath", "is not a folder"],
  ["a code path that is a file", { codePath: aFile }, "codePath", "is not a folder"],
  ["a code folder without index.js", { codePath: emptyDir }, "codePath", "has no index.js"],
  ["an over-long description", { description: "d".repeat(1001) }, "description", "more than SCF's 1000"],
  [
    "too many domains for SCF's 4 KB environment",
    {
      domains: Array.from({ length: 200 }, (_, i) => `a-rather-long-subdomain-${i}.example.com`),
      cdnResourceScope: "all-domains",
    },
    "domains",
    "more than SCF's 4096",
  ],
];

describe("CdnLogBackup rejects bad input at synth with the property, the value and a fix", () => {
  test.each(cases)("%s", (_name, props, prop, fragment) => {
    const error = errorOf(props);
    expect(error.constructPath).toBe("test/Backup");
    expect(error.prop).toBe(prop);
    expect(error.message.startsWith(`test/Backup: ${prop} `)).toBe(true);
    expect(error.problem).toContain(fragment);
    expect(error.message).toMatch(/\. Fix: \S/);
  });

  test("the message shows the rejected value", () => {
    expect(errorOf({ memorySize: 300 }).message).toBe(
      "test/Backup: memorySize 300 is not an SCF memory size. Fix: use 128 to 3072 MB in steps of 128 (128, 256, 384, ..., 3072)",
    );
    expect(errorOf({ domains: ["www.example.com/logs"] }).message).toContain(
      'domains[0] "www.example.com/logs" is not a CDN domain',
    );
  });

  test("the lookback error says how long the gap is and what to set", () => {
    const error = errorOf({ lookbackHours: 12 });
    expect(error.problem).toContain("(24 h)");
    expect(error.fix).toBe("set lookbackHours to at least 48, or run more often");
    expect(errorOf({ schedule: monthly, lookbackHours: 720 }).fix).toContain("at least every 30 days");
  });

  test("nothing is declared when a prop is bad", () => {
    const { stack } = newStack();
    expect(() => new CdnLogBackup(stack, "Backup", { domains: [], bucket: BUCKET })).toThrow(PropValidationError);
    const child = stack.node.tryFindChild("Backup");
    expect(child?.node.children ?? []).toEqual([]);
  });

  test("valid edge values are accepted", () => {
    expect(() =>
      build({
        functionName: `b${"x".repeat(58)}1`,
        namespace: `n${"s".repeat(29)}`,
        memorySize: 3072,
        timeoutSeconds: 90,
        lookbackHours: 720,
        concurrency: 32,
        schedule: BackupSchedule.daily({ hour: 23, minute: 59 }),
        domains: ["*.example.com", "a.b.c.example.com"],
      }),
    ).not.toThrow();
    expect(() => build({ memorySize: 128, timeoutSeconds: 900, lookbackHours: 24, concurrency: 1 })).not.toThrow();
  });
});

test("a timeout too short for one copy: the message names the 90 s minimum and why", () => {
  const error = errorOf({ timeoutSeconds: 89 });
  expect(error.message).toBe(
    "test/Backup: timeoutSeconds 89 is not a whole number from 90 to 900 seconds (a run needs at least 90 s to list the packages and start one copy, and SCF stops event functions after 900 s). Fix: give a whole number from 90 to 900 seconds",
  );
  expect(() => build({ timeoutSeconds: 90 })).not.toThrow();
});

test("copy buffers that cannot fit: the fix names the largest concurrency and the smallest memory that fit", () => {
  expect(errorOf({ memorySize: 256, concurrency: 13 }).message).toContain(
    "Fix: lower concurrency to at most 12, or raise memorySize to at least 384",
  );
  expect(errorOf({ memorySize: 128, concurrency: 5 }).message).toContain(
    "Fix: lower concurrency to at most 4, or raise memorySize to at least 256",
  );
});
