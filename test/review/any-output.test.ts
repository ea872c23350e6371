// The review over cdktf outputs of any project: manifests written on Windows and by cdktf 0.5-0.21 and cdktn, other
// clouds' providers and backends, outputs without a Tencent or Baidu resource, and two outputs under --base.
import * as fs from "fs";
import * as path from "path";
import { ReviewDiff } from "../../lib/review/diff";
import * as model from "../../lib/review/model";
import { ReviewReport } from "../../lib/review/model";
import { cosLogBucket, makeTempDir, removeSynthOutputs, runCli, writeSynthOutput } from "./synth-output";

const NOW = "2025-01-01T00:00:00Z";

afterAll(removeSynthOutputs);

type Json = { [key: string]: unknown };

/** Writes stacks and a manifest of the given shape; `entry` builds each stack's manifest entry. */
function writeOutput(
  stacks: { [name: string]: Json },
  options: {
    version?: string;
    entry?: (name: string) => Json;
    metadata?: (name: string) => Json;
  } = {},
): string {
  const dir = makeTempDir();
  const version = options.version ?? "0.21.0";
  const manifest: Json = { version, stacks: {} };
  for (const [name, json] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
    const metadata = options.metadata?.(name) ?? { backend: "local", stackName: name, version };
    fs.writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify({ "//": { metadata }, ...json }));
    (manifest.stacks as Json)[name] = options.entry?.(name) ?? {
      name,
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      workingDirectory: `stacks/${name}`,
    };
  }
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return dir;
}

/** An AWS app as other projects write it: a provider with a literal password-like key and one bucket. */
function awsStack(provider: Json = { region: "us-east-1" }, backend?: Json): Json {
  return {
    provider: { aws: [provider] },
    resource: { aws_s3_bucket: { site: { bucket: "site", "//": { metadata: { path: "app/site" } } } } },
    terraform: {
      required_providers: { aws: { source: "aws", version: "~> 5.0" } },
      ...(backend ? { backend } : {}),
    },
  };
}

/** A Windows manifest entry, as `path.join` writes it there. */
function windowsEntry(name: string): Json {
  return {
    name,
    constructPath: name,
    synthesizedStackPath: `stacks\\${name}\\cdk.tf.json`,
    stackMetadataPath: `stacks\\${name}\\metadata.json`,
    workingDirectory: `stacks\\${name}`,
    annotations: [],
    dependencies: [],
  };
}

async function reviewJson(...argv: string[]): Promise<{ code: number; report: ReviewReport; stderr: string }> {
  const { code, stdout, stderr } = await runCli("review", ...argv, "--json", "--now", NOW);
  return { code, report: stdout ? (JSON.parse(stdout) as ReviewReport) : ({} as ReviewReport), stderr };
}

function findingsOf(report: ReviewReport): { ruleId: string; detail: string; fix: string; message: string }[] {
  return report.stacks.flatMap((s) => s.findings);
}

describe("manifests written on Windows", () => {
  test("`stacks\\app\\cdk.tf.json` is read, and the finding behind it is shown", async () => {
    const dir = writeOutput(
      { app: awsStack({ region: "us-east-1", secret_key: "literal-secret-value" }) },
      {
        entry: windowsEntry,
      },
    );
    const { code, report, stderr } = await reviewJson(dir);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(findingsOf(report).map((f) => [f.ruleId, f.detail])).toEqual([
      ["SEC-2", "provider.aws[0].secret_key is a literal (20 characters)"],
    ]);
  });

  test("mixed separators and `.\\` are read too", async () => {
    const dir = writeOutput(
      { app: awsStack() },
      { entry: (name) => ({ synthesizedStackPath: `.\\stacks/${name}\\cdk.tf.json` }) },
    );
    expect((await reviewJson(dir)).code).toBe(0);
  });

  test.each([
    ["..\\..\\secrets.json"],
    ["stacks\\..\\..\\secrets.json"],
    ["C:\\Users\\ci\\cdk.tf.json"],
    ["C:cdk.tf.json"],
    ["\\\\server\\share\\cdk.tf.json"],
    ["\\stacks\\app\\cdk.tf.json"],
  ])("%s escapes the directory and is refused", async (relative) => {
    const dir = writeOutput({ app: awsStack() }, { entry: () => ({ synthesizedStackPath: relative }) });
    const { code, stdout, stderr } = await runCli("review", dir);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `cdktf-access-logs: stack "app": synthesizedStackPath ${JSON.stringify(relative)} points outside the synth ` +
        "output directory; the review reads only files inside it\n",
    );
  });

  test("a Windows path to a stack that is missing names it as written", async () => {
    const dir = writeOutput(
      { app: awsStack() },
      { entry: () => ({ synthesizedStackPath: "stacks\\gone\\cdk.tf.json" }) },
    );
    const { stderr } = await runCli("review", dir);
    expect(stderr).toContain(
      'stack "app" is listed in manifest.json but "stacks\\\\gone\\\\cdk.tf.json" does not exist: the synth output is incomplete.',
    );
  });

  test("files with a byte order mark and CRLF line ends (a Windows checkout) are read", async () => {
    const dir = writeOutput({ app: awsStack() }, { entry: windowsEntry });
    for (const file of ["manifest.json", "stacks/app/cdk.tf.json"]) {
      const text = JSON.stringify(JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")), null, 2);
      fs.writeFileSync(path.join(dir, file), `\uFEFF${text.replace(/\n/g, "\r\n")}`);
    }
    const { code, stderr } = await runCli("review", dir, "--now", NOW);
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  test("HCL output written on Windows gets the HCL hint", async () => {
    const dir = writeOutput({ app: awsStack() }, { entry: () => ({ synthesizedStackPath: "stacks\\app\\cdk.tf" }) });
    const { code, stderr } = await runCli("review", dir);
    expect(code).toBe(2);
    expect(stderr).toContain('stack "app" was synthesized as HCL (cdktf synth --hcl)');
  });
});

describe("manifest and metadata shapes of cdktf 0.5 to 0.21 and cdktn", () => {
  test.each([
    [
      "0.5.0: name, constructPath, synthesizedStackPath, workingDirectory",
      "0.5.0",
      (name: string) => ({
        name,
        constructPath: name,
        synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
        workingDirectory: `stacks/${name}`,
      }),
    ],
    [
      "0.20.0: with annotations, dependencies and stackMetadataPath",
      "0.20.0",
      (name: string) => ({
        name,
        constructPath: name,
        synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
        stackMetadataPath: `stacks/${name}/metadata.json`,
        workingDirectory: `stacks/${name}`,
        annotations: [{ constructPath: name, level: "@cdktf/warn", message: "a warning" }],
        dependencies: [],
      }),
    ],
    ["cdktn 0.24.0", "0.24.0", (name: string) => ({ name, synthesizedStackPath: `stacks/${name}/cdk.tf.json` })],
  ])("%s", async (_title, version, entry) => {
    const dir = writeOutput({ app: awsStack(), db: awsStack() }, { version, entry });
    const { code, report, stderr } = await reviewJson(dir);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(report.stacks.map((s) => s.name)).toEqual(["app", "db"]);
  });

  test("stack metadata with overrides and a backend, or without version and stackName, is read", async () => {
    const dir = writeOutput(
      { app: awsStack(), web: awsStack() },
      {
        metadata: (name) =>
          name === "app"
            ? { backend: "s3", overrides: { stack: ["terraform"] }, stackName: name, version: "0.21.0" }
            : {},
      },
    );
    expect((await reviewJson(dir)).code).toBe(0);
  });

  test("element metadata with stack traces and unique ids (cdktf before 0.13), and remote state data sources", async () => {
    const stackTrace = [
      "new TerraformResource (/app/node_modules/cdktf/lib/terraform-resource.js:18:9)",
      "at main.ts:12",
    ];
    const dir = writeOutput(
      {
        app: {
          ...awsStack(),
          resource: {
            tencentcloud_cos_bucket: {
              logs_8A3F: {
                ...cosLogBucket("logs-1250000000", 30),
                "//": { metadata: { path: "app/logs", uniqueId: "logs_8A3F", stackTrace } },
              },
            },
          },
          data: {
            terraform_remote_state: {
              network: { backend: "s3", config: { bucket: "state", key: "network", secret_key: "literal-key" } },
            },
          },
        },
      },
      { version: "0.8.0" },
    );
    const { report, stderr } = await reviewJson(dir);
    expect(stderr).toBe("");
    expect(findingsOf(report).map((f) => [f.ruleId, f.detail, f.fix])).toEqual([
      [
        "SEC-2",
        "data.terraform_remote_state.network.config.secret_key is a literal (11 characters)",
        "pass a sensitive TerraformVariable (its value supplied through TF_VAR_*), or read it at apply time from a secret store through a data source",
      ],
      [
        "TC-COS-1",
        'tencentcloud_cos_bucket.logs_8A3F ("logs-1250000000") is not a log target and does not log its access',
        expect.any(String),
      ],
    ]);
  });

  test("required providers written as bare version strings (older cdktf) are listed", async () => {
    const dir = writeOutput({
      app: { ...awsStack(), terraform: { required_providers: { aws: "~> 3.0", google: { version: "4.0.0" } } } },
    });
    const { report } = await reviewJson(dir);
    expect(report.stacks[0].providers).toEqual([
      { name: "aws", version: "~> 3.0", exact: false },
      { name: "google", version: "4.0.0", exact: true },
    ]);
  });
});

describe("the credential finding names what applies to its provider or backend", () => {
  const TENCENT_OR_BAIDU = /TENCENTCLOUD_|BAIDUCLOUD_/;

  async function secFixes(stack: Json): Promise<{ detail: string; fix: string; message: string }[]> {
    const { report } = await reviewJson(writeOutput({ app: stack }));
    return findingsOf(report).filter((f) => f.ruleId === "SEC-2");
  }

  test("Tencent Cloud provider: the TENCENTCLOUD_* variable of that attribute", async () => {
    const [finding] = await secFixes({ provider: { tencentcloud: [{ secret_key: "x".repeat(32) }] } });
    expect(finding.fix).toBe(
      "leave it out and export TENCENTCLOUD_SECRET_KEY where Terraform runs, or pass a sensitive TerraformVariable (its value supplied through TF_VAR_*)",
    );
    expect(finding.message).toContain(`Fix: ${finding.fix}`);
  });

  test("Baidu AI Cloud provider: the BAIDUCLOUD_* variable of that attribute", async () => {
    const [finding] = await secFixes({ provider: { baiducloud: [{ access_key: "x".repeat(32) }] } });
    expect(finding.fix).toBe(
      "leave it out and export BAIDUCLOUD_ACCESS_KEY where Terraform runs, or pass a sensitive TerraformVariable (its value supplied through TF_VAR_*)",
    );
  });

  test("the cos backend reads the TENCENTCLOUD_* variables", async () => {
    const [finding] = await secFixes({ terraform: { backend: { cos: { bucket: "state", secret_id: "AKIDxyz" } } } });
    expect(finding.detail).toBe("terraform.backend.cos.secret_id is a literal (7 characters)");
    expect(finding.fix).toBe(
      "backends cannot read variables: leave it out and export TENCENTCLOUD_SECRET_ID where `terraform init` runs",
    );
  });

  test.each([
    [
      "AWS provider",
      { provider: { aws: [{ access_key: "AKIAEXAMPLE", secret_key: "secret" }] } },
      "leave it out and supply it through the environment variables the aws provider reads, or pass a sensitive TerraformVariable (its value supplied through TF_VAR_*)",
    ],
    [
      "MongoDB Atlas provider",
      { provider: { mongodbatlas: { private_key: "k", public_key: "p" } } },
      "leave it out and supply it through the environment variables the mongodbatlas provider reads, or pass a sensitive TerraformVariable (its value supplied through TF_VAR_*)",
    ],
    [
      "Azure provider",
      { provider: { azurerm: [{ features: {}, client_secret: "s" }] } },
      "leave it out and supply it through the environment variables the azurerm provider reads, or pass a sensitive TerraformVariable (its value supplied through TF_VAR_*)",
    ],
    [
      "Kubernetes provider token",
      { provider: { kubernetes: [{ host: "https://k8s", token: "eyJhbGciOi" }] } },
      "leave it out and supply it through the environment variables the kubernetes provider reads, or pass a sensitive TerraformVariable (its value supplied through TF_VAR_*)",
    ],
    [
      "s3 backend",
      { terraform: { backend: { s3: { bucket: "state", key: "app", access_key: "AKIAEXAMPLE" } } } },
      "backends cannot read variables: leave it out and supply it through `terraform init -backend-config` or the environment variables the s3 backend reads",
    ],
    [
      "azurerm backend",
      { terraform: { backend: { azurerm: { storage_account_name: "st", sas_token: "sv=2020" } } } },
      "backends cannot read variables: leave it out and supply it through `terraform init -backend-config` or the environment variables the azurerm backend reads",
    ],
    [
      "remote backend",
      { terraform: { backend: { remote: { organization: "org", token: "abc.atlasv1.def" } } } },
      "backends cannot read variables: leave it out and run `terraform login` or set TF_TOKEN_<host> (e.g. TF_TOKEN_app_terraform_io) where Terraform runs",
    ],
    [
      "a resource's password",
      { resource: { aws_db_instance: { db: { password: "hunter2hunter2", "//": { metadata: { path: "app/db" } } } } } },
      "pass a sensitive TerraformVariable (its value supplied through TF_VAR_*), or read it at apply time from a secret store through a data source",
    ],
  ])("%s: its own words, never Tencent or Baidu variables", async (_title, stack, fix) => {
    const findings = await secFixes(stack);
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.fix).toBe(fix);
      expect(finding.message).not.toMatch(TENCENT_OR_BAIDU);
    }
  });

  test("`credentials` is one when it holds a key file's JSON, not when it names the file", async () => {
    const findings = await secFixes({
      provider: { google: [{ credentials: '{"type": "service_account", "private_key": "-----BEGIN"}' }] },
      terraform: { backend: { gcs: { bucket: "state", credentials: "/secrets/key.json" } } },
    });
    expect(findings.map((f) => [f.detail, f.fix])).toEqual([
      [
        "provider.google[0].credentials is a literal (56 characters)",
        "leave it out and supply it through the environment variables the google provider reads, or pass a sensitive TerraformVariable (its value supplied through TF_VAR_*)",
      ],
    ]);
  });

  test("attributes naming a secret in a secret store are not credentials; the secret's value is", async () => {
    const meta = (name: string): object => ({ "//": { metadata: { path: `app/${name}` } } });
    const findings = await secFixes({
      data: {
        aws_secretsmanager_secret_version: { db: { secret_id: "prod/db-password", ...meta("db") } },
        google_secret_manager_secret_version_access: { api: { secret: "api-key", ...meta("api") } },
      },
      resource: {
        google_secret_manager_secret_version: {
          v: { secret: "projects/p/secrets/s", secret_data: "hunter2", ...meta("v") },
        },
        aws_kms_alias: { k: { target_key_id: "1234abcd-12ab", ...meta("k") } },
        tencentcloud_dts_sync_job: { j: { secret_id: "AKID-like-literal", ...meta("j") } },
      },
    });
    expect(findings.map((f) => f.detail)).toEqual([
      "resource.google_secret_manager_secret_version.v.secret_data is a literal (7 characters)",
      "resource.tencentcloud_dts_sync_job.j.secret_id is a literal (17 characters)",
    ]);
  });

  test("idempotency tokens are not credentials; a plain `token` is", async () => {
    const findings = await secFixes({
      resource: {
        tencentcloud_instance: { vm: { client_token: "d7c1f1e0-idempotency", "//": { metadata: { path: "app/vm" } } } },
        vault_generic_secret: { s: { token: "s.abcdef", "//": { metadata: { path: "app/s" } } } },
      },
    });
    expect(findings.map((f) => f.detail)).toEqual([
      "resource.vault_generic_secret.s.token is a literal (8 characters)",
    ]);
  });
});

describe("an output without a Tencent Cloud or Baidu AI Cloud resource", () => {
  test("says so plainly, neither pass nor fail", async () => {
    const dir = writeOutput({ app: awsStack(), db: awsStack() });
    const { code, stdout } = await runCli("review", dir, "--now", NOW);
    expect(code).toBe(0);
    const status = stdout.split("\n")[2];
    expect(status).toBe(
      "ℹ️ No Tencent Cloud or Baidu AI Cloud resource in 2 stacks: no access logging, CAM role or scheduled function to review; only the credential checks apply (0 errors, 0 warnings, 0 suppressed).",
    );
    expect(stdout).not.toMatch(/✅|❌/);
  });

  test("a credential error still fails the run (exit 1) and is listed, without a pass or fail icon", async () => {
    const dir = writeOutput({ app: awsStack({ password: "literal-password" }) });
    const { code, stdout } = await runCli("review", dir, "--now", NOW);
    expect(code).toBe(1);
    expect(stdout.split("\n")[2]).toContain("only the credential checks apply (1 error, 0 warnings, 0 suppressed)");
    expect(stdout).toContain("`SEC-2` `app`: a credential attribute has a literal value in the stack");
    expect(stdout).not.toMatch(/✅|❌/);
  });

  test("one Tencent data source is enough to review as usual", async () => {
    const dir = writeOutput({
      app: { ...awsStack(), data: { tencentcloud_user_info: { me: { "//": { metadata: { path: "app/me" } } } } } },
    });
    const { stdout } = await runCli("review", dir, "--now", NOW);
    expect(stdout.split("\n")[2]).toMatch(/^✅ 1 stack: 0 errors/);
  });

  test("--base between two such outputs says so too", async () => {
    const base = writeOutput({ app: awsStack() });
    const head = writeOutput({ app: awsStack(), web: awsStack() });
    const { code, stdout } = await runCli("review", head, "--base", base, "--now", NOW);
    expect(code).toBe(0);
    expect(stdout.split("\n")[2]).toBe(
      "ℹ️ This change: no Tencent Cloud or Baidu AI Cloud resource in base or head, so no access logging to review; stacks 1 added, 0 removed; credential checks: 0 new errors, 0 new warnings, 0 fixed.",
    );
    expect(stdout).not.toMatch(/✅|❌/);
  });
});

describe("review --base: which output a refusal is about, and stacks added or removed", () => {
  test("a broken base names the base directory; a broken head names the head directory", async () => {
    const good = writeOutput({ app: awsStack() });
    const broken = writeOutput(
      { app: awsStack() },
      { entry: () => ({ synthesizedStackPath: "stacks/gone/cdk.tf.json" }) },
    );
    const base = await runCli("review", good, "--base", broken);
    expect(base.code).toBe(2);
    expect(base.stderr).toBe(
      `cdktf-access-logs: base output ${JSON.stringify(broken)} (--base): stack "app" is listed in manifest.json but ` +
        '"stacks/gone/cdk.tf.json" does not exist: the synth output is incomplete. Fix: delete the directory and run `cdktf synth` again; review only after synth succeeds.\n',
    );
    const head = await runCli("review", broken, "--base", good);
    expect(head.stderr).toMatch(
      new RegExp(`^cdktf-access-logs: head output ${JSON.stringify(broken)}: stack "app" is listed`),
    );
    const noManifest = makeTempDir();
    const missing = await runCli("review", good, "--base", noManifest);
    expect(missing.stderr).toMatch(
      new RegExp(
        `^cdktf-access-logs: no manifest\\.json in base output ${JSON.stringify(noManifest)} \\(--base\\): cdktf writes it`,
      ),
    );
    // The directory is named once.
    expect(missing.stderr.split(noManifest).length).toBe(2);
  });

  test("a failure of ours (not a refusal) also names the output it happened on", async () => {
    const head = writeOutput({ app: awsStack() });
    const base = writeOutput({ app: awsStack() });
    const original = model.buildReview;
    const build = jest.spyOn(model, "buildReview");
    build.mockImplementationOnce(original).mockImplementationOnce(() => {
      throw new TypeError("cannot read properties of undefined");
    });
    try {
      const { code, stderr } = await runCli("review", head, "--base", base);
      expect(code).toBe(2);
      expect(stderr).toBe(
        `cdktf-access-logs: internal error: base output ${JSON.stringify(base)}: cannot read properties of undefined\n`,
      );
    } finally {
      build.mockRestore();
    }
  });

  test("without --base the message stays as it was: the stack, then what is wrong", async () => {
    const broken = writeOutput({ app: awsStack() }, { entry: () => ({ synthesizedStackPath: "" }) });
    const { stderr } = await runCli("review", broken);
    expect(stderr).toMatch(/^cdktf-access-logs: stack "app" has no usable synthesizedStackPath in manifest\.json\./);
  });

  test("a removed stack is listed with what it held; its findings are not called fixed", async () => {
    const unlogged = { bucket: "old-1250000000", acl: "private", "//": { metadata: { path: "old/bucket" } } };
    const logs = cosLogBucket("logs-1250000000", 30);
    const base = writeSynthOutput({
      app: { resource: { tencentcloud_cos_bucket: { logs } } },
      old: { resource: { tencentcloud_cos_bucket: { unlogged } } },
    });
    const head = writeSynthOutput({
      app: { resource: { tencentcloud_cos_bucket: { logs } } },
      fresh: awsStack(),
    });
    const json = await runCli("review", head, "--base", base, "--json", "--now", NOW);
    const diff = (JSON.parse(json.stdout) as { diff: ReviewDiff }).diff;
    expect(diff.stacks).toEqual({
      added: ["fresh"],
      removed: [{ stack: "old", deliveries: 0, roles: 0, scheduledFunctions: 0 }],
    });
    expect(diff.findings.fixed).toEqual([]);
    expect(diff.findings.inRemovedStacks.map((r) => [r.stack, r.finding.ruleId])).toEqual([["old", "TC-COS-1"]]);
    const { code, stdout } = await runCli("review", head, "--base", base, "--now", NOW);
    expect(code).toBe(0);
    expect(stdout).toContain("### Stacks added and removed (2)");
    expect(stdout).toContain(
      "- ➖ stack `old` removed from the app (it had 0 access-log deliveries, 0 roles, 0 scheduled functions): cdktf stops deploying it, but removing it destroys nothing; what it deployed stays until `cdktf destroy` is run for it from the base branch",
    );
    expect(stdout).toContain("- ➕ stack `fresh` added to the app");
    expect(stdout).toContain("<summary>Findings of removed stacks (not fixed: no longer reviewed) (1)</summary>");
    expect(stdout).toMatch(/0 fixed/);
    expect(stdout.split("\n")[2]).toMatch(/^⚠️ This change: stacks 1 added, 1 removed; 0 new errors/);
  });
});

describe("each name printed once", () => {
  test("stack-level and construct findings name the stack once when several stacks are shown", async () => {
    const dir = writeOutput({
      app: {
        provider: { tencentcloud: [{ region: "ap-guangzhou", secret_key: "x".repeat(32) }] },
        resource: { tencentcloud_cos_bucket: { b: { bucket: "b-1250000000", "//": { metadata: { path: "app/b" } } } } },
      },
      web: {
        resource: {
          tencentcloud_cos_bucket: { w: { bucket: "w-1250000000", "//": { metadata: { path: "elsewhere/w" } } } },
        },
      },
    });
    const { stdout } = await runCli("review", dir, "--now", NOW);
    const line = (rule: string, place: string): string =>
      stdout.split("\n").find((l) => l.startsWith(`- \`${rule}\` ${place}`)) ?? "";
    expect(line("SEC-2", "`app`:")).not.toBe("");
    expect(line("TC-COS-1", "`app/b`:")).not.toBe("");
    // A path that does not start with its stack keeps the stack in front.
    expect(line("TC-COS-1", "`web` `elsewhere/w`:")).not.toBe("");
    expect(stdout).not.toContain("`app` `app");
  });
});
