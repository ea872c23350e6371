import { App, TerraformStack } from "cdktf";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CosBucket } from "../../.gen/providers/tencentcloud/cos-bucket";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import { AccessLogChecks } from "../../lib/checks";
import { main } from "../../lib/cli";
import { ReviewReport } from "../../lib/review/model";
import { synthChecked } from "../helpers";
import { makeTempDir, removeSynthOutputs, runCli } from "./synth-output";

const NOW = "2025-01-01T00:00:00Z";
const FIXTURES = path.join(__dirname, "fixtures");

const run = runCli;
const tempDir = makeTempDir;

afterAll(removeSynthOutputs);

/** Synthesizes an app the way `cdktf synth` does (validations on, schema-checked) into a fresh directory. */
function synthApp(build: (app: App) => void): string {
  const outdir = tempDir();
  const app = new App({ outdir, stackTraces: false });
  build(app);
  for (const stack of app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c)))
    synthChecked(stack);
  app.synth();
  return outdir;
}

describe("review CLI on a bad stack (hand-written cdk.tf.json)", () => {
  test("prints the Markdown review and exits 1", async () => {
    const { code, stdout, stderr } = await run("review", path.join(FIXTURES, "bad"), "--now", NOW);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout).toMatchSnapshot();
  });

  test("--json prints the same model, with suppressed findings and their reason", async () => {
    const { code, stdout } = await run("review", path.join(FIXTURES, "bad"), "--json", `--now=${NOW}`);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as ReviewReport;
    expect(report.now).toBe("2025-01-01T00:00:00.000Z");
    expect(report.totals).toEqual({ errors: 10, warnings: 1, suppressed: 1 });
    const [stack] = report.stacks;
    expect(
      stack.findings.filter((f) => f.suppressedBecause).map((f) => [f.ruleId, f.constructPath, f.suppressedBecause]),
    ).toEqual([["TC-COS-1", "legacy/Archive/Resource", "cold archive, read only through the console by two admins"]]);
    expect(stack.accessLogging).toEqual([
      {
        cloud: "tencentcloud",
        via: "bucket-logging",
        source: "app-1250000000",
        sourceAddress: "tencentcloud_cos_bucket.app",
        target: "logs-1250000000",
        targetAddress: "tencentcloud_cos_bucket.logs",
        prefix: "app/",
        region: "ap-guangzhou",
        retentionDays: 30,
        retention: "30 days",
      },
    ]);
    expect(stack.scheduledFunctions.find((s) => s.trigger === "nightly")?.nextRuns).toEqual([
      "2025-01-02 03:00",
      "2025-01-03 03:00",
      "2025-01-04 03:00",
    ]);
    expect(stack.providers).toEqual([
      { name: "tencentcloud", source: "tencentcloudstack/tencentcloud", version: "~> 1.83", exact: false },
    ]);
  });
});

describe("review CLI on stacks synthesized from code", () => {
  function bucketStack(app: App, suppress: boolean): void {
    const stack = new TerraformStack(app, "buckets");
    new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
    const bucket = new CosBucket(stack, "Plain", { bucket: "plain-1250000000" });
    if (suppress)
      AccessLogChecks.suppress(bucket, "TC-COS-1", "public download mirror, logged by the CDN in front of it");
  }

  test("an unlogged bucket is an error: exit 1", async () => {
    const outdir = synthApp((app) => bucketStack(app, false));
    const { code, stdout } = await run("review", outdir, "--json", "--now", NOW);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as ReviewReport;
    expect(report.stacks[0].findings.map((f) => [f.ruleId, f.constructPath])).toEqual([["TC-COS-1", "buckets/Plain"]]);
  });

  test("suppressions made with AccessLogChecks.suppress are honoured: exit 0, shown with their reason", async () => {
    const outdir = synthApp((app) => bucketStack(app, true));
    const { code, stdout } = await run("review", outdir, "--now", NOW);
    expect(code).toBe(0);
    expect(stdout).toContain("1 stack: 0 errors, 0 warnings, 1 suppressed");
    expect(stdout).toContain("Suppressed because: `public download mirror, logged by the CDN in front of it`");
  });

  test("refuses stacks without a manifest: cdktf writes it only when synth succeeds", async () => {
    const { code, stdout, stderr } = await run("review", path.join(FIXTURES, "no-manifest"), "--json", "--now", NOW);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /no manifest\.json in ".*no-manifest": cdktf writes it only when synth succeeds.*Fix: run `cdktf synth` and review only after it succeeds/,
    );
  });
});

describe("review CLI on the library's examples", () => {
  const exampleDir = path.join(__dirname, "..", "..", "examples");
  const files = fs
    .readdirSync(exampleDir)
    .filter((f) => f.endsWith(".ts") && f !== "main.ts")
    .sort();

  test.each(files)("%s: no findings, exit 0, Markdown snapshot", async (file) => {
    const mod = (await import(path.join(exampleDir, file))) as { [name: string]: unknown };
    const builders = Object.values(mod).filter((v): v is (app: App) => TerraformStack => typeof v === "function");
    const outdir = synthApp((app) => builders.forEach((build) => build(app)));
    const json = await run("review", outdir, "--json", "--now", NOW);
    const report = JSON.parse(json.stdout) as ReviewReport;
    expect(report.stacks.flatMap((s) => s.findings.map((f) => f.message))).toEqual([]);
    expect(json.code).toBe(0);
    const markdown = await run("review", outdir, "--now", NOW);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toMatchSnapshot();
  });
});

describe("review CLI usage", () => {
  test("a missing directory is a usage error: exit 2", async () => {
    const { code, stderr, stdout } = await run("review", path.join(FIXTURES, "does-not-exist"));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/does-not-exist" is not a directory: run `cdktf synth` first/);
  });

  test("a directory without a manifest: exit 2", async () => {
    const { code, stderr } = await run("review", tempDir());
    expect(code).toBe(2);
    expect(stderr).toMatch(/no manifest\.json in /);
  });

  test("a manifest listing no stacks: exit 2", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: {} }));
    const { code, stderr } = await run("review", dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no synthesized stacks in .*: manifest\.json lists none; run `cdktf synth` first/);
  });

  test("HCL output (cdktf synth --hcl) is refused with a hint: exit 2", async () => {
    const { code, stderr } = await run("review", path.join(FIXTURES, "hcl"));
    expect(code).toBe(2);
    expect(stderr).toContain(
      'stack "site" was synthesized as HCL (cdktf synth --hcl); the review reads JSON: run `cdktf synth`',
    );
  });

  test.each([
    [[], /no command given/],
    [["deploy"], /unknown command "deploy"/],
    [["review", "--verbose"], /unknown option "--verbose"/],
    [["review", "--max-chars", "3999"], /--max-chars needs a whole number of at least 4000, got "3999"/],
    [["review", "--max-chars=1e5"], /--max-chars needs a whole number of at least 4000, got "1e5"/],
    [["review", "--max-chars"], /--max-chars needs a value/],
    [["review", "--base"], /--base needs a value/],
    [["review", "--now", "yesterday"], /--now needs an ISO 8601 time/],
    [["review", "a", "b"], /only one synth output directory/],
  ])("%j is a usage error: exit 2 with usage", async (argv, message) => {
    const { code, stderr } = await run(...(argv as string[]));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain("Usage:");
  });

  test("an unexpected failure is one line that says it is ours: exit 2, no stack trace", async () => {
    let stderr = "";
    const code = await main(["rules"], {
      stdout: () => {
        throw new Error("disk full");
      },
      stderr: (t) => (stderr += t),
    });
    expect(code).toBe(2);
    expect(stderr).toBe("cdktf-access-logs: internal error: disk full\n");
  });

  test("--help prints usage: exit 0", async () => {
    const { code, stdout } = await run("--help");
    expect(code).toBe(0);
    expect(stdout).toContain(
      "cdktf-access-logs review [cdktf.out] [--base <dir>] [--json] [--max-chars <n>] [--now <ISO time>]",
    );
  });

  test("rules lists every rule", async () => {
    const { code, stdout } = await run("rules", "--json");
    expect(code).toBe(0);
    const ids = (JSON.parse(stdout) as { id: string }[]).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(["TC-COS-1", "BD-BOS-1", "TC-CAM-1", "SEC-1", "TC-SCF-1"]));
    expect((await run("rules")).stdout).toMatch(/^\| id \| level \| reason \| fix \|\n/);
  });

  test("the bin shim runs the CLI and passes its exit code on", () => {
    const bin = path.join(__dirname, "..", "..", "bin", "cdktf-access-logs.js");
    const result = spawnSync(process.execPath, [bin, "review", path.join(FIXTURES, "bad"), "--now", NOW], {
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^# Access-log review\n/);
    const usage = spawnSync(process.execPath, [bin], { encoding: "utf8" });
    expect(usage.status).toBe(2);
  }, 60_000);
});
