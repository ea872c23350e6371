import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformAsset, TerraformStack, Testing } from "cdktf";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import { cdnLogBackupExample } from "../../examples/cdn-log-backup";
import { BackupSchedule, CdnLogBackup, CdnLogBackupProps, CosAccessLoggedBucket, CosLogBucket } from "../../lib";
import { camDocument, resourcesOf, stackWithProvider, synthChecked, Synthesized, warningsOf } from "../helpers";

const BUCKET = { bucketName: "cdn-logs-1250000000", region: "ap-guangzhou", appId: "1250000000" };
const OWNER_UIN = "${data.tencentcloud_user_info.TencentCloudAccount.owner_uin}";
const PACKAGE_DIST = path.resolve(__dirname, "../../functions/cdn-log-backup/dist");

function backup(props: Partial<CdnLogBackupProps> = {}, stack = stackWithProvider()) {
  const construct = new CdnLogBackup(stack, "Backup", {
    domains: ["www.example.com", "img.example.com"],
    bucket: BUCKET,
    ...props,
  });
  return { stack, construct };
}

function only(synth: Synthesized, type: string): { name: string; body: { [key: string]: unknown } } {
  const entries = Object.entries(resourcesOf(synth, type));
  expect(entries).toHaveLength(1);
  return { name: entries[0][0], body: entries[0][1] };
}

function policyOf(synth: Synthesized): { statement: { action: string[]; resource: string[]; condition?: object }[] } {
  return camDocument(only(synth, "tencentcloud_cam_policy").body.document);
}

/** The synthesized JSON with the content-hashed asset path replaced, so snapshots survive rebuilds of the bundle. */
function normalisedSynth(stack: TerraformStack): Synthesized {
  const synth = synthChecked(stack);
  for (const fn of Object.values(resourcesOf(synth, "tencentcloud_scf_function"))) {
    expect(fn.zip_file).toMatch(/^assets\/[A-Za-z0-9_]+\/[0-9A-F]{32}\/archive\.zip$/);
    fn.zip_file = "<asset: archive.zip>";
  }
  return synth;
}

function tempCodeDir(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdn-backup-code-"));
  fs.writeFileSync(path.join(dir, "index.js"), content);
  return dir;
}

describe("CdnLogBackup: what is declared", () => {
  test("the function: runtime, handler, size, time limit, role, public network, and it waits for its grant", () => {
    const { stack } = backup();
    const synth = synthChecked(stack);
    const fn = only(synth, "tencentcloud_scf_function").body;
    const role = only(synth, "tencentcloud_cam_role").name;
    const attachment = only(synth, "tencentcloud_cam_role_policy_attachment").name;
    expect(fn).toMatchObject({
      name: "cdn-log-backup",
      namespace: "default",
      runtime: "Nodejs18.15",
      handler: "index.main_handler",
      mem_size: 256,
      timeout: 900,
      enable_public_net: true,
      role: `\${tencentcloud_cam_role.${role}.name}`,
      depends_on: [`tencentcloud_cam_role_policy_attachment.${attachment}`],
    });
    expect(fn.description).toBe("Copies the CDN access logs of 2 domains into COS. Managed by cdktf access logs.");
  });

  test("with a log bucket declared in the same stack, the function also waits for the bucket", () => {
    const stack = stackWithProvider();
    const logs = new CosLogBucket(stack, "Logs", {
      bucketName: "cdn-logs-1250000000",
      region: "ap-guangzhou",
      logPrefix: "cdn-logs/",
    });
    backup({ bucket: logs }, stack);
    const synth = synthChecked(stack);
    const attachment = only(synth, "tencentcloud_cam_role_policy_attachment").name;
    expect(only(synth, "tencentcloud_scf_function").body.depends_on).toEqual([
      `tencentcloud_cam_role_policy_attachment.${attachment}`,
      `tencentcloud_cos_bucket.${logs.resource.friendlyUniqueId}`,
    ]);
  });

  test("the environment carries exactly the settings of the function contract, and no key or endpoint override", () => {
    const { stack } = backup();
    const fn = only(synthChecked(stack), "tencentcloud_scf_function").body;
    expect(fn.environment).toEqual({
      BACKUP_DOMAINS: "www.example.com,img.example.com",
      BACKUP_BUCKET: "cdn-logs-1250000000",
      BACKUP_REGION: "ap-guangzhou",
      BACKUP_PREFIX: "cdn-logs/",
      BACKUP_AREA: "global",
      BACKUP_LOOKBACK_HOURS: "48",
      BACKUP_CONCURRENCY: "4",
      BACKUP_MEMORY_BUDGET_MB: "192",
    });
    const keys = Object.keys(fn.environment as object);
    expect(keys.filter((key) => /SECRET|KEY|TOKEN|PASSWORD|ENDPOINT/i.test(key))).toEqual([]);
  });

  test("the timer trigger runs the function with the schedule's cron expression", () => {
    const { stack } = backup();
    const synth = synthChecked(stack);
    const fn = only(synth, "tencentcloud_scf_function").name;
    expect(only(synth, "tencentcloud_scf_trigger").body).toEqual({
      type: "timer",
      function_name: `\${tencentcloud_scf_function.${fn}.name}`,
      namespace: `\${tencentcloud_scf_function.${fn}.namespace}`,
      trigger_name: "cdn-log-backup-timer",
      trigger_desc: "0 0 3 * * * *",
      qualifier: "$LATEST",
      enable: "OPEN",
      description: "CDN log backup, every day at 03:00 Beijing time",
    });
  });

  test("the policy: DescribeCdnDomainLogs on each domain, upload actions on <bucket>/<prefix>* only, listing under the prefix", () => {
    const { stack } = backup();
    expect(policyOf(synthChecked(stack))).toEqual({
      version: "2.0",
      statement: [
        {
          effect: "allow",
          action: ["name/cdn:DescribeCdnDomainLogs"],
          resource: [
            `qcs::cdn::uin/${OWNER_UIN}:domain/www.example.com`,
            `qcs::cdn::uin/${OWNER_UIN}:domain/img.example.com`,
          ],
        },
        {
          effect: "allow",
          action: [
            "name/cos:HeadObject",
            "name/cos:PutObject",
            "name/cos:InitiateMultipartUpload",
            "name/cos:UploadPart",
            "name/cos:CompleteMultipartUpload",
            "name/cos:AbortMultipartUpload",
          ],
          resource: ["qcs::cos:ap-guangzhou:uid/1250000000:cdn-logs-1250000000/cdn-logs/*"],
        },
        {
          effect: "allow",
          action: ["name/cos:GetBucket"],
          resource: ["qcs::cos:ap-guangzhou:uid/1250000000:cdn-logs-1250000000/"],
          condition: { string_like: { "cos:prefix": ["cdn-logs/*"] } },
        },
      ],
    });
  });

  test("no statement grants a wildcard action or resource beyond its scope", () => {
    for (const scope of ["domains", "all-domains"] as const) {
      const { stack } = backup({ cdnResourceScope: scope });
      for (const statement of policyOf(synthChecked(stack)).statement) {
        expect(statement.action.every((action) => !action.includes("*"))).toBe(true);
        for (const resource of statement.resource) {
          expect(resource).not.toBe("*");
          expect(resource).toMatch(
            /^qcs::(cdn::uin\/.+:domain\/|cos:ap-guangzhou:uid\/1250000000:cdn-logs-1250000000\/(cdn-logs\/\*)?$)/,
          );
          // The one bucket-level grant (listing) is held to the prefix by its condition.
          if (resource.endsWith("/"))
            expect(statement.condition).toEqual({ string_like: { "cos:prefix": ["cdn-logs/*"] } });
        }
      }
    }
  });

  test("cdnResourceScope 'all-domains' widens only the CDN statement, to the account's domains", () => {
    const { stack } = backup({ cdnResourceScope: "all-domains" });
    const policy = policyOf(synthChecked(stack));
    expect(policy.statement[0].resource).toEqual([`qcs::cdn::uin/${OWNER_UIN}:domain/*`]);
    expect(policy.statement[1].resource).toEqual([
      "qcs::cos:ap-guangzhou:uid/1250000000:cdn-logs-1250000000/cdn-logs/*",
    ]);
  });

  test("the execution role is trusted by SCF only and named after the function", () => {
    const { stack, construct } = backup({ functionName: "nightly-cdn-backup" });
    const synth = synthChecked(stack);
    const role = only(synth, "tencentcloud_cam_role").body;
    expect(role.name).toBe("nightly-cdn-backup-role");
    expect(camDocument(role.document).statement).toEqual([
      { effect: "allow", action: ["name/sts:AssumeRole"], principal: { service: ["scf.qcloud.com"] } },
    ]);
    expect(only(synth, "tencentcloud_cam_policy").body.name).toBe("nightly-cdn-backup-role-policy");
    expect(construct.roleName).toBe("nightly-cdn-backup-role");
    expect(construct.functionName).toBe("nightly-cdn-backup");
  });

  test("outputs the function name and the role name", () => {
    const { stack } = backup();
    const synth = synthChecked(stack);
    const fn = only(synth, "tencentcloud_scf_function").name;
    const role = only(synth, "tencentcloud_cam_role").name;
    const outputs = Object.values(synth.output ?? {}).map((output) => output.value);
    expect(outputs).toEqual(
      expect.arrayContaining([`\${tencentcloud_scf_function.${fn}.name}`, `\${tencentcloud_cam_role.${role}.name}`]),
    );
    expect(Object.keys(synth.output ?? {})).toHaveLength(2);
  });

  test("two backups in one stack get their own resources and outputs", () => {
    const stack = stackWithProvider();
    new CdnLogBackup(stack, "Site", { domains: "www.example.com", bucket: BUCKET, functionName: "site-backup" });
    new CdnLogBackup(stack, "Static", {
      domains: "static.example.com",
      bucket: BUCKET,
      functionName: "static-backup",
      destinationPrefix: "static/",
    });
    const synth = synthChecked(stack);
    expect(Object.keys(resourcesOf(synth, "tencentcloud_scf_function"))).toHaveLength(2);
    expect(Object.keys(resourcesOf(synth, "tencentcloud_scf_trigger"))).toHaveLength(2);
    expect(Object.keys(synth.output ?? {})).toHaveLength(4);
    // one account lookup shared by both
    expect(Object.keys(synth.data?.tencentcloud_user_info ?? {})).toHaveLength(1);
    const roles = Object.values(resourcesOf(synth, "tencentcloud_cam_role")).map((role) => role.name);
    expect(roles.sort()).toEqual(["site-backup-role", "static-backup-role"]);
  });

  test("settings reach the environment, the function and the trigger", () => {
    const { stack } = backup({
      domains: "WWW.Example.COM",
      destinationPrefix: "/backups/cdn",
      schedule: BackupSchedule.daily({ hour: 1, minute: 15 }),
      area: "overseas",
      lookbackHours: 72,
      concurrency: 8,
      memorySize: 512,
      timeoutSeconds: 600,
      description: "nightly CDN logs",
    });
    const synth = synthChecked(stack);
    const fn = only(synth, "tencentcloud_scf_function").body;
    expect(fn.environment).toMatchObject({
      BACKUP_DOMAINS: "www.example.com",
      BACKUP_PREFIX: "backups/cdn/",
      BACKUP_AREA: "overseas",
      BACKUP_LOOKBACK_HOURS: "72",
      BACKUP_CONCURRENCY: "8",
    });
    expect(fn).toMatchObject({ mem_size: 512, timeout: 600, description: "nightly CDN logs" });
    expect((fn.environment as Record<string, string>).BACKUP_MEMORY_BUDGET_MB).toBe("448");
    expect(fn.environment).not.toHaveProperty("BACKUP_EXTRA_LOG_HOSTS");
    expect(only(synth, "tencentcloud_scf_trigger").body.trigger_desc).toBe("0 15 1 * * * *");
    expect(policyOf(synth).statement[1].resource).toEqual([
      "qcs::cos:ap-guangzhou:uid/1250000000:cdn-logs-1250000000/backups/cdn/*",
    ]);
  });

  test.each([
    [128, 4, "64"],
    [256, 12, "192"],
    [3072, 32, "3008"],
  ])(
    "memorySize %d with concurrency %d (the most that fits) gives the function a %s MB copy-buffer budget",
    (memorySize, concurrency, budget) => {
      const { stack } = backup({ memorySize, concurrency });
      expect(
        (only(synthChecked(stack), "tencentcloud_scf_function").body.environment as Record<string, string>)
          .BACKUP_MEMORY_BUDGET_MB,
      ).toBe(budget);
    },
  );

  test("additional download hosts reach the function's allowlist, lower-cased", () => {
    const { stack } = backup({ additionalLogDownloadHosts: ["Logs.Example.com", "cdnlog.example.net"] });
    const env = only(synthChecked(stack), "tencentcloud_scf_function").body.environment as Record<string, string>;
    expect(env.BACKUP_EXTRA_LOG_HOSTS).toBe("logs.example.com,cdnlog.example.net");
  });

  test.each(["", "/"])("destinationPrefix %j writes at the bucket root", (destinationPrefix) => {
    const { stack, construct } = backup({ destinationPrefix });
    const synth = synthChecked(stack);
    expect(construct.destinationPrefix).toBe("");
    expect((only(synth, "tencentcloud_scf_function").body.environment as { BACKUP_PREFIX: string }).BACKUP_PREFIX).toBe(
      "",
    );
    expect(policyOf(synth).statement[1].resource).toEqual([
      "qcs::cos:ap-guangzhou:uid/1250000000:cdn-logs-1250000000/*",
    ]);
  });

  test.each([
    ["cdn-logs", "cdn-logs/"],
    ["/cdn-logs/", "cdn-logs/"],
    ["a/b/c", "a/b/c/"],
    ["//x//", "x/"],
    ["logs/2024.backup/", "logs/2024.backup/"],
  ])("prefix %j is written as %j in the environment and the grant alike", (input, normalised) => {
    const { stack, construct } = backup({ destinationPrefix: input });
    const synth = synthChecked(stack);
    expect(construct.destinationPrefix).toBe(normalised);
    expect((only(synth, "tencentcloud_scf_function").body.environment as { BACKUP_PREFIX: string }).BACKUP_PREFIX).toBe(
      normalised,
    );
    expect(policyOf(synth).statement[1].resource).toEqual([
      `qcs::cos:ap-guangzhou:uid/1250000000:cdn-logs-1250000000/${normalised}*`,
    ]);
  });

  test("a custom cron schedule goes to the trigger as written", () => {
    const { stack, construct } = backup({ schedule: BackupSchedule.cron("0 30 */6 * * * *"), lookbackHours: 36 });
    expect(only(synthChecked(stack), "tencentcloud_scf_trigger").body.trigger_desc).toBe("0 30 */6 * * * *");
    expect(construct.schedule.describe()).toBe("at second 0, minute 30 of every 6th hour, every day, Beijing time");
  });

  test("wildcard domains are accepted", () => {
    const { stack } = backup({ domains: ["*.example.com"] });
    expect(policyOf(synthChecked(stack)).statement[0].resource).toEqual([
      `qcs::cdn::uin/${OWNER_UIN}:domain/*.example.com`,
    ]);
  });

  test("an existing namespace is referenced by name; the role name includes it", () => {
    const { stack } = backup({ namespace: "logging" });
    const synth = synthChecked(stack);
    expect(resourcesOf(synth, "tencentcloud_scf_namespace")).toEqual({});
    expect(only(synth, "tencentcloud_scf_function").body.namespace).toBe("logging");
    expect(only(synth, "tencentcloud_cam_role").body.name).toBe("logging-cdn-log-backup-role");
  });

  test("createNamespace declares the namespace and the function refers to it", () => {
    const { stack } = backup({ namespace: "logging", createNamespace: true });
    const synth = synthChecked(stack);
    const ns = only(synth, "tencentcloud_scf_namespace");
    expect(ns.body.namespace).toBe("logging");
    expect(only(synth, "tencentcloud_scf_function").body.namespace).toBe(
      `\${tencentcloud_scf_namespace.${ns.name}.namespace}`,
    );
  });

  test("roleName overrides the derived name", () => {
    const { stack } = backup({ roleName: "cdn-backup-guangzhou" });
    const synth = synthChecked(stack);
    expect(only(synth, "tencentcloud_cam_role").body.name).toBe("cdn-backup-guangzhou");
    expect(only(synth, "tencentcloud_cam_policy").body.name).toBe("cdn-backup-guangzhou-policy");
  });

  test("tags go on the function, the role and the policy", () => {
    const { stack } = backup({ tags: { team: "platform", env: "prod" } });
    const synth = synthChecked(stack);
    for (const type of ["tencentcloud_scf_function", "tencentcloud_cam_role", "tencentcloud_cam_policy"]) {
      expect(only(synth, type).body.tags).toEqual({ team: "platform", env: "prod" });
    }
  });

  test("a CosLogBucket target: bucket name and appid are plan-time references", () => {
    const stack = stackWithProvider();
    const logs = new CosLogBucket(stack, "Logs", { name: "cdn-logs", region: "ap-guangzhou", logPrefix: "cdn-logs/" });
    new CdnLogBackup(stack, "Backup", { domains: "www.example.com", bucket: logs });
    const synth = synthChecked(stack);
    const appId = "${data.tencentcloud_user_info.TencentCloudAccount.app_id}";
    expect(only(synth, "tencentcloud_cos_bucket").body.bucket).toBe(`cdn-logs-${appId}`);
    const fn = only(synth, "tencentcloud_scf_function").body as { environment: { BACKUP_BUCKET: string } };
    expect(fn.environment.BACKUP_BUCKET).toBe(`cdn-logs-${appId}`);
    expect(policyOf(synth).statement[1].resource).toEqual([
      `qcs::cos:ap-guangzhou:uid/${appId}:cdn-logs-${appId}/cdn-logs/*`,
    ]);
    expect(warningsOf(stack)).toEqual([]);
  });
});

describe("CdnLogBackup: function code", () => {
  test("zip_file is the path of the code asset, an archive of the package's bundle by default", () => {
    const { stack, construct } = backup();
    const fn = only(synthChecked(stack), "tencentcloud_scf_function").body;
    const asset = construct.node.findChild("Code") as TerraformAsset;
    expect(asset).toBeInstanceOf(TerraformAsset);
    expect(fn.zip_file).toBe(asset.path);
    expect(fn.zip_file).toMatch(/\/archive\.zip$/);
    expect(construct.codePath).toBe(PACKAGE_DIST);
    expect(fs.existsSync(path.join(construct.codePath, "index.js"))).toBe(true);
  });

  test("a full synth writes the zip that zip_file names, holding index.js", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "full");
    new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
    const code = tempCodeDir("exports.main_handler = async () => 'ok';\n");
    new CdnLogBackup(stack, "Backup", { domains: "www.example.com", bucket: BUCKET, codePath: code });
    const outdir = Testing.fullSynth(stack);
    const stackDir = path.join(outdir, "stacks", "full");
    const synth = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as Synthesized;
    const zipPath = path.join(stackDir, String(only(synth, "tencentcloud_scf_function").body.zip_file));
    const zip = fs.readFileSync(zipPath);
    expect(zip.subarray(0, 2).toString("latin1")).toBe("PK");
    expect(zip.includes(Buffer.from("index.js"))).toBe(true);
  });

  test("the asset path changes with the bundle's content, so a new bundle redeploys", () => {
    const zipFor = (content: string) => {
      const { stack } = backup({ codePath: tempCodeDir(content) });
      return only(synthChecked(stack), "tencentcloud_scf_function").body.zip_file;
    };
    expect(zipFor("exports.main_handler = () => 1;")).not.toBe(zipFor("exports.main_handler = () => 2;"));
    expect(zipFor("exports.main_handler = () => 1;")).toBe(zipFor("exports.main_handler = () => 1;"));
  });

  test("without a built bundle the error says how to build it", async () => {
    // Load the construct with an fs in which no bundle exists anywhere.
    await jest.isolateModulesAsync(async () => {
      const realFs = jest.requireActual<typeof fs>("fs");
      jest.doMock("fs", () => ({
        ...realFs,
        existsSync: (p: fs.PathLike) =>
          !String(p).includes(path.join("cdn-log-backup", "dist")) && realFs.existsSync(p),
      }));
      const isolated = await import("../../lib/tencentcloud/cdn/log-backup");
      const stack = stackWithProvider();
      expect(() => new isolated.CdnLogBackup(stack, "Backup", { domains: "www.example.com", bucket: BUCKET })).toThrow(
        /^test\/Backup: codePath \(not set\) is not set and the bundled function \(functions\/cdn-log-backup\/dist\/index\.js\) was not found above .*\. Fix: run `npm run build:function`/,
      );
    });
    jest.dontMock("fs");
  });
});

describe("CdnLogBackup: warnings", () => {
  test("the defaults warn about nothing", () => {
    const { stack } = backup();
    synthChecked(stack);
    expect(warningsOf(stack)).toEqual([]);
  });

  test("a lookback that covers the gap between runs but not the growth of packages", () => {
    const { stack } = backup({ lookbackHours: 30 });
    expect(warningsOf(stack)).toEqual([
      expect.stringContaining("lookbackHours 30 covers the 24 h between runs but not the ~24 h"),
    ]);
  });

  test("runs closer together than the timeout may overlap", () => {
    const { stack } = backup({ schedule: BackupSchedule.cron("0 */5 * * * * *") });
    expect(warningsOf(stack)).toEqual([expect.stringContaining("overlapping runs")]);
  });

  test("backups outside the log bucket's prefix are not covered by its retention", () => {
    const stack = stackWithProvider();
    const logs = new CosLogBucket(stack, "Logs", {
      name: "access-logs",
      region: "ap-guangzhou",
      logPrefix: "cos-access/",
    });
    new CdnLogBackup(stack, "Backup", { domains: "www.example.com", bucket: logs, destinationPrefix: "cdn-logs/" });
    expect(warningsOf(stack)).toEqual([expect.stringContaining("outside the log bucket's prefix 'cos-access/'")]);
  });

  test("a logged source bucket as target: its logPrefix is where its own logs go, not a retention root", () => {
    const stack = stackWithProvider();
    const logs = new CosLogBucket(stack, "Logs", { name: "access-logs", region: "ap-guangzhou" });
    const site = new CosAccessLoggedBucket(stack, "Site", { name: "site", region: "ap-guangzhou", target: logs });
    expect(site.logPrefix).toBe("site/");
    new CdnLogBackup(stack, "Backup", { domains: "www.example.com", bucket: site, destinationPrefix: "cdn-logs/" });
    expect(warningsOf(stack)).toEqual([]);
  });

  test("a very long domain list warns about CAM's policy size and suggests all-domains", () => {
    const domains = Array.from({ length: 120 }, (_, i) => `site-${i}.example.com`);
    const { stack } = backup({ domains });
    expect(warningsOf(stack)).toEqual([expect.stringContaining("set cdnResourceScope: 'all-domains'")]);
    const wide = backup({ domains, cdnResourceScope: "all-domains" });
    expect(warningsOf(wide.stack)).toEqual([]);
  });
});

describe("CdnLogBackup: snapshots", () => {
  test("defaults", () => {
    const { stack } = backup();
    expect(normalisedSynth(stack)).toMatchSnapshot();
  });

  test("everything set", () => {
    const { stack } = backup({
      domains: ["www.example.com", "*.img.example.com"],
      destinationPrefix: "logs/cdn/",
      schedule: BackupSchedule.cron("0 30 2 ? * MON-FRI *"),
      area: "mainland",
      lookbackHours: 96,
      concurrency: 16,
      functionName: "cdn_backup_01",
      namespace: "logging",
      createNamespace: true,
      memorySize: 1024,
      timeoutSeconds: 300,
      roleName: "cdn-backup-exec",
      cdnResourceScope: "all-domains",
      tags: { team: "platform" },
    });
    expect(normalisedSynth(stack)).toMatchSnapshot();
  });

  test("the example stack", () => {
    const app = Testing.app() as App;
    const stack = cdnLogBackupExample(app);
    const synth = normalisedSynth(stack);
    expect(synth.terraform?.backend).toEqual({
      cos: expect.objectContaining({ bucket: "tfstate-1250000000", encrypt: true }),
    });
    expect(JSON.stringify(synth)).not.toMatch(/secret_key|secret_id/i);
    expect(warningsOf(stack)).toEqual([]);
    // Only this construct's resources are pinned here; the log bucket is covered by its own tests.
    const { tencentcloud_cos_bucket: _bucket, ...rest } = synth.resource ?? {};
    expect(_bucket).toBeDefined();
    expect({ ...synth, resource: rest }).toMatchSnapshot();
  });
});
