// The package as a user gets it: `npm pack` (which builds through prepack), installed offline into a throwaway app
// under the system temp dir whose tsconfig is the one `cdktf init --template=typescript` writes. The app imports the
// provider entry points, brings its own bindings (generated from schemas/ into its .gen, as `cdktf get` would) and
// passes its own CosBucket/BosBucket to the library; it and README's snippets must type-check and synthesize. Apps
// with a default provider in another region, or with a literal credential, must fail synth with the library's error.
//
// Offline: cdktf and constructs come from the npm cache that the repository's `npm ci` filled (by tarball URL, the
// cache key `npm ci` stores them under), the package from the packed tarball.
import { spawn, spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CDKTF_BINDINGS, generateBindings } from "../../scripts/generate-bindings";
import { cdktfInitTsconfig, readmeSnippets } from "../readme/snippets";
import { FAKE_GITHUB_TOKEN, FakeGitHub } from "../review/fake-github";
import { rowsByArrow } from "../logs/parquet/readers";
import { whilePackingAlone } from "./consumer-project";

const ROOT = path.resolve(__dirname, "..", "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const TSC = require.resolve("typescript/bin/tsc");

const timings: [string, number][] = [];
function timed<T>(step: string, action: () => T): T {
  const started = Date.now();
  try {
    return action();
  } finally {
    timings.push([step, Date.now() - started]);
  }
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: "1",
      npm_config_update_notifier: "false",
      npm_config_fund: "false",
      npm_config_audit: "false",
      ...env,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
}

function succeed(result: SpawnSyncReturns<string>, what: string): string {
  if (result.status !== 0)
    throw new Error(`${what} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** The registry tarball URL `npm ci` fetched (and cached) a dependency of this repository under. */
function registryTarball(name: string): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")) as {
    version: string;
  };
  const registry = (process.env.npm_config_registry ?? "https://registry.npmjs.org/").replace(/\/?$/, "/");
  return `${registry}${name}/-/${name.split("/").pop()}-${version}.tgz`;
}

/** The app that brings its own bindings and uses the package's entry points. */
const OWN_BINDINGS_APP = `import { App, LocalBackend, TerraformStack } from "cdktf";
import { baiduCloudCredentialVariables, BosLogBucket, CosAccessLogging, CosLogBucket, enableBosAccessLogging } from "cdktf-access-logs";
import { cosBucket as packagedCosBucket, provider as tencentcloud } from "cdktf-access-logs/providers/tencentcloud";
import { bosBucket as packagedBosBucket, provider as baiducloud } from "cdktf-access-logs/providers/baiducloud";
import { BosBucket } from "./.gen/providers/baiducloud/bos-bucket";
import { BaiducloudProvider } from "./.gen/providers/baiducloud/provider";
import { CosBucket } from "./.gen/providers/tencentcloud/cos-bucket";
import { TencentcloudProvider } from "./.gen/providers/tencentcloud/provider";

const app = new App();
const stack = new TerraformStack(app, "own-bindings");
new LocalBackend(stack, { path: "terraform.own-bindings.tfstate" });
new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
const shanghai = new tencentcloud.TencentcloudProvider(stack, "shanghai", { region: "ap-shanghai", alias: "shanghai" });
const credentials = baiduCloudCredentialVariables(stack);
new BaiducloudProvider(stack, "baiducloud", { region: "bj", accessKey: credentials.accessKey, secretKey: credentials.secretKey });
const gz = new baiducloud.BaiducloudProvider(stack, "gz", { region: "gz", alias: "gz", accessKey: credentials.accessKey, secretKey: credentials.secretKey });

const logs = new CosLogBucket(stack, "Logs", { bucketName: "access-logs-1250000000", region: "ap-guangzhou" });
const own = new CosBucket(stack, "Own", { bucket: "own-1250000000", acl: "private", encryptionAlgorithm: "AES256" });
CosAccessLogging.enable(own, { region: "ap-guangzhou", target: logs });
const shanghaiLogs = new CosLogBucket(stack, "ShanghaiLogs", { bucketName: "logs-sh-1250000000", region: "ap-shanghai", provider: shanghai });
const packaged = new packagedCosBucket.CosBucket(stack, "Packaged", { bucket: "packaged-1250000000", acl: "private", encryptionAlgorithm: "AES256", provider: shanghai });
CosAccessLogging.enable(packaged, { region: "ap-shanghai", target: shanghaiLogs });

const bosLogs = new BosLogBucket(stack, "BosLogs", { bucketName: "acme-access-logs", region: "bj" });
enableBosAccessLogging(new BosBucket(stack, "OwnBos", { bucket: "acme-own", acl: "private", serverSideEncryptionRule: "AES256" }), { region: "bj", logBucket: bosLogs });
const gzLogs = new BosLogBucket(stack, "GzLogs", { bucketName: "acme-access-logs-gz", region: "gz", provider: gz });
const packagedBos = new packagedBosBucket.BosBucket(stack, "PackagedBos", { bucket: "acme-packaged", acl: "private", serverSideEncryptionRule: "AES256", provider: gz });
enableBosAccessLogging(packagedBos, { region: "gz", logBucket: gzLogs });
app.synth();
`;

/** The user's own default provider is in Shanghai, the construct claims Guangzhou. */
const WRONG_REGION_APP = `import { App, TerraformStack } from "cdktf";
import { CosAccessLogging, CosLogBucket } from "cdktf-access-logs";
import { CosBucket } from "./.gen/providers/tencentcloud/cos-bucket";
import { TencentcloudProvider } from "./.gen/providers/tencentcloud/provider";

const app = new App();
const stack = new TerraformStack(app, "wrong-region");
new TencentcloudProvider(stack, "tencentcloud", { region: "ap-shanghai" });
const logs = CosLogBucket.fromBucketAttributes(stack, "Logs", { bucketName: "access-logs-1250000000", region: "ap-guangzhou" });
CosAccessLogging.enable(new CosBucket(stack, "Site", { bucket: "site-1250000000" }), { region: "ap-guangzhou", target: logs });
app.synth();
`;

/** A literal secret key in the user's own provider class. */
const LITERAL_CREDENTIAL_APP = `import { App, TerraformStack } from "cdktf";
import { CosLogBucket } from "cdktf-access-logs";
import { TencentcloudProvider } from "./.gen/providers/tencentcloud/provider";

const app = new App();
const stack = new TerraformStack(app, "literal-credential");
new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou", secretId: "AKIDexampleexampleexampleexample1234", secretKey: "example-secret-key-0123456789" });
new CosLogBucket(stack, "Logs", { bucketName: "access-logs-1250000000", region: "ap-guangzhou" });
app.synth();
`;

/** Uses a typed symbol of every entry point, so a missing or untyped one fails the type-check. */
const RESOLUTION_CHECK = `import { CosLogBucketProps, ICosBucketResource } from "cdktf-access-logs";
import { cosBucket, provider as tencentcloud } from "cdktf-access-logs/providers/tencentcloud";
import { bosBucket, provider as baiducloud } from "cdktf-access-logs/providers/baiducloud";

export const props: CosLogBucketProps = { bucketName: "logs-1250000000", region: "ap-guangzhou" };
export type Checked = [ICosBucketResource, cosBucket.CosBucketConfig, tencentcloud.TencentcloudProviderConfig, bosBucket.BosBucketConfig, baiducloud.BaiducloudProviderConfig];
`;

describe("the packed tarball in a cdktf init app", () => {
  let work: string;
  let app: string;
  let tarball: string;
  const started = Date.now();

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-access-logs-consumer-"));
    app = path.join(work, "app");
    fs.mkdirSync(app);

    // The prepack build prints to stdout too, so the tarball is found in the (otherwise empty) destination.
    timed("npm pack (prepack builds)", () =>
      whilePackingAlone(() => succeed(run(NPM, ["pack", "--pack-destination", work], ROOT), "npm pack")),
    );
    const packed = fs.readdirSync(work).filter((file) => file.endsWith(".tgz"));
    expect(packed).toHaveLength(1);
    tarball = path.join(work, packed[0]);

    fs.writeFileSync(
      path.join(app, "package.json"),
      JSON.stringify({ name: "consumer", version: "1.0.0", private: true, main: "main.js" }, null, 2),
    );
    fs.writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify(cdktfInitTsconfig(), null, 2));
    const cdktfJson = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as {
      terraformProviders: string[];
    };
    fs.writeFileSync(
      path.join(app, "cdktf.json"),
      JSON.stringify(
        {
          language: "typescript",
          app: "node main.js",
          terraformProviders: cdktfJson.terraformProviders,
          codeMakerOutput: ".gen",
        },
        null,
        2,
      ),
    );
    timed("npm install --offline", () =>
      succeed(
        run(
          NPM,
          // What `cdktf init --template=typescript` installs that the snippets need: cdktf, constructs, @types/node.
          [
            "install",
            "--offline",
            "--no-audit",
            "--no-fund",
            tarball,
            ...["cdktf", "constructs", "@types/node", "undici-types"].map((name) => `${name}@${registryTarball(name)}`),
          ],
          app,
        ),
        "npm install --offline",
      ),
    );
    for (const snippet of readmeSnippets()) fs.writeFileSync(path.join(app, snippet.fileName), snippet.code);
  }, 600_000);

  afterAll(() => {
    timings.push(["total", Date.now() - started]);
    // The figures for the closing note: how long each step takes on this machine.
    console.log(
      `consumer test timings:\n${timings.map(([step, ms]) => `  ${step}: ${(ms / 1000).toFixed(1)} s`).join("\n")}`,
    );
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test("the tarball holds the library, the bindings, the entry points, the function bundle and LICENSE; no sources or maps", () => {
    const listing = succeed(run("tar", ["-tzf", tarball], work), "tar")
      .split("\n")
      .filter(Boolean);
    for (const file of [
      "package/package.json",
      "package/LICENSE",
      "package/README.md",
      "package/dist/lib/index.js",
      "package/dist/lib/index.d.ts",
      "package/providers/tencentcloud/index.js",
      "package/providers/tencentcloud/index.d.ts",
      "package/providers/baiducloud/index.js",
      "package/dist/.gen/providers/tencentcloud/index.js",
      "package/dist/.gen/providers/baiducloud/index.d.ts",
      "package/functions/cdn-log-backup/dist/index.js",
      "package/schemas/tencentcloud.json",
      "package/bin/cdktf-access-logs.js",
    ]) {
      expect(listing).toContain(file);
    }
    expect(
      listing.filter((file) => file.endsWith(".map") || (file.endsWith(".ts") && !file.endsWith(".d.ts"))),
    ).toEqual([]);
    expect(listing.filter((file) => /^package\/(lib|test|scripts|\.gen|examples|bench)\//.test(file))).toEqual([]);
  });

  test("installs without running any script of the package, and its entry points resolve through exports", () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(app, "node_modules", "cdktf-access-logs", "package.json"), "utf8"),
    ) as { scripts: { [name: string]: string } };
    for (const hook of ["preinstall", "install", "postinstall", "prepare"])
      expect(manifest.scripts[hook]).toBeUndefined();
    const resolved = succeed(
      run(
        process.execPath,
        [
          "-e",
          'for (const m of ["cdktf-access-logs", "cdktf-access-logs/providers/tencentcloud", "cdktf-access-logs/providers/baiducloud", "cdktf-access-logs/package.json"]) console.log(Object.keys(require(m)).length > 0)',
        ],
        app,
      ),
      "require",
    );
    expect(resolved.trim().split("\n")).toEqual(["true", "true", "true", "true"]);
  });

  test("logs export writes Parquet from the installed package; logs query without DuckDB says how to install it", () => {
    const bin = path.join(app, "node_modules", ".bin", "cdktf-access-logs");
    const log = path.join(ROOT, "test", "logs", "fixtures", "cos-sample.log");
    const out = path.join(work, "export");
    const exported = run(bin, ["logs", "export", "--format", "cos", "--to", "parquet", "--out", out, log], app);
    expect(exported.stderr).toBe("");
    expect(exported.status).toBe(0);
    const file = path.join(out, "date=2018-12-01", "source=examplebucket-1250000000", "part-00000.parquet");
    const bytes = fs.readFileSync(file);
    expect([bytes.subarray(0, 4).toString(), bytes.subarray(-4).toString()]).toEqual(["PAR1", "PAR1"]);
    // Read by Arrow's Rust reader; gzip pages read the same.
    const gzipOut = path.join(work, "export-gzip");
    const args = ["logs", "export", "--format", "cos", "--to", "parquet", "--compression", "gzip", "--out", gzipOut];
    expect(run(bin, [...args, log], app).status).toBe(0);
    const rows = rowsByArrow(file).rows;
    expect(rows.map((row) => [row.event_time, row.event_name, row.res_http_code])).toEqual([
      [Date.parse("2018-12-01T11:02:33Z"), "UploadPart", 404],
    ]);
    expect(rowsByArrow(path.join(gzipOut, path.relative(out, file))).rows).toEqual(rows);
    // DuckDB is not a dependency: the consumer app does not have it.
    const queried = run(bin, ["logs", "query", "--format", "cos", "SELECT count(*) FROM access_logs", out], app);
    expect(queried.status).toBe(2);
    expect(queried.stderr).toContain("npm install @duckdb/node-api@");
  });

  test("README's snippets type-check with the tsconfig cdktf init writes, unchanged", () => {
    timed("tsc (cdktf init tsconfig, README snippets)", () =>
      succeed(run(process.execPath, [TSC, "-p", "."], app), "tsc with the cdktf init tsconfig"),
    );
  });

  test("the app's own bindings, generated from schemas/, and the apps using them type-check", async () => {
    const started = Date.now();
    await generateBindings(CDKTF_BINDINGS, app);
    timings.push(["generate own bindings", Date.now() - started]);
    fs.writeFileSync(path.join(app, "main.ts"), OWN_BINDINGS_APP);
    fs.writeFileSync(path.join(app, "wrong-region.ts"), WRONG_REGION_APP);
    fs.writeFileSync(path.join(app, "literal-credential.ts"), LITERAL_CREDENTIAL_APP);
    // cdktf 0.21's generator writes Object.fromEntries (ES2019) into every binding, so a project compiling its own
    // bindings needs lib es2019 instead of the template's es2018, with or without this library (README says so).
    const own = {
      extends: "./tsconfig.json",
      compilerOptions: { lib: ["es2019"] },
      include: ["main.ts", "wrong-region.ts", "literal-credential.ts"],
    };
    fs.writeFileSync(path.join(app, "tsconfig.own.json"), JSON.stringify(own, null, 2));
    timed("tsc (own bindings)", () =>
      succeed(run(process.execPath, [TSC, "-p", "tsconfig.own.json"], app), "tsc with own bindings"),
    );
  }, 300_000);

  test("the entry points and their types resolve with node16 and bundler module resolution too", () => {
    fs.writeFileSync(path.join(app, "resolution.ts"), RESOLUTION_CHECK);
    fs.writeFileSync(
      path.join(app, "tsconfig.resolution.json"),
      JSON.stringify({ extends: "./tsconfig.json", include: ["resolution.ts"] }, null, 2),
    );
    const noEmit = ["-p", "tsconfig.resolution.json", "--noEmit", "--incremental", "false"];
    for (const [module, resolution] of [
      ["node16", "node16"],
      ["esnext", "bundler"],
    ]) {
      timed(`tsc --moduleResolution ${resolution}`, () =>
        succeed(
          run(process.execPath, [TSC, ...noEmit, "--module", module, "--moduleResolution", resolution], app),
          `tsc --moduleResolution ${resolution}`,
        ),
      );
    }
  });

  function synth(script: string): { result: SpawnSyncReturns<string>; outdir: string } {
    const outdir = path.join(app, `cdktf.out-${path.basename(script, ".js")}`);
    const result = timed(`node ${script}`, () => run(process.execPath, [script], app, { CDKTF_OUTDIR: outdir }));
    return { result, outdir };
  }

  test("the app with its own bindings synthesizes, with logging set on its own buckets", () => {
    const { result, outdir } = synth("main.js");
    succeed(result, "node main.js");
    const stack = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "own-bindings", "cdk.tf.json"), "utf8")) as {
      resource: { [type: string]: { [name: string]: { [key: string]: unknown } } };
    };
    expect(stack.resource.tencentcloud_cos_bucket.Own).toMatchObject({
      log_enable: true,
      log_target_bucket: "access-logs-1250000000",
      log_prefix: "own/",
    });
    expect(stack.resource.tencentcloud_cos_bucket.Packaged).toMatchObject({
      log_target_bucket: "logs-sh-1250000000",
      provider: "tencentcloud.shanghai",
    });
    expect(stack.resource.baiducloud_bos_bucket.OwnBos.logging).toEqual({
      target_bucket: "acme-access-logs",
      target_prefix: "logs/acme-own/",
    });
    expect(stack.resource.baiducloud_bos_bucket.PackagedBos.logging).toEqual({
      target_bucket: "acme-access-logs-gz",
      target_prefix: "logs/acme-packaged/",
    });
    expect(result.stdout + result.stderr).not.toMatch(/warn/i);
  });

  test("the installed command reviews that output and keeps ONE pull-request comment on (a fake of) GitHub", async () => {
    const { outdir } = synth("main.js");
    const github = await new FakeGitHub().start();
    const summary = path.join(work, "summary.md");
    // Asynchronously: the fake answers from this process.
    const review = (): Promise<{ code: number | null; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        const child = spawn(
          path.join(app, "node_modules", ".bin", "cdktf-access-logs"),
          ["review", outdir, "--github-comment", "--pr", "3", "--now", "2025-01-01T00:00:00Z"],
          {
            cwd: app,
            env: {
              ...process.env,
              GITHUB_API_URL: github.apiUrl,
              GITHUB_REPOSITORY: "acme/infra",
              GITHUB_TOKEN: FAKE_GITHUB_TOKEN,
              GITHUB_STEP_SUMMARY: summary,
            },
          },
        );
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += String(chunk)));
        child.stderr.on("data", (chunk) => (stderr += String(chunk)));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
      });
    try {
      const first = await review();
      expect(first.stderr).toMatch(/^cdktf-access-logs: created the review comment on pull request #3 /);
      expect(first.code).toBe(0);
      const second = await review();
      expect(second.stderr).toMatch(/^cdktf-access-logs: updated the review comment on pull request #3 /);
      expect(github.comments.get(3)).toHaveLength(1);
      expect(github.comments.get(3)![0].body).toBe(`<!-- cdktf-access-logs review -->\n${second.stdout}`);
      expect(fs.readFileSync(summary, "utf8")).toBe(`${first.stdout}\n${second.stdout}\n`);
      expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toContain(FAKE_GITHUB_TOKEN);
    } finally {
      await github.close();
    }
  });

  test("verify from the tarball: without its optional SDKs it names the package to install, exits 2, echoes no key", () => {
    const { result: synthesized, outdir } = synth("main.js");
    succeed(synthesized, "node main.js");
    const bin = path.join(app, "node_modules", "cdktf-access-logs", "bin", "cdktf-access-logs.js");
    const secrets = {
      TENCENTCLOUD_SECRET_ID: "AKIDconsumerverifyid0001",
      TENCENTCLOUD_SECRET_KEY: "consumer-verify-secret-0001",
      BAIDUCLOUD_ACCESS_KEY: "consumer-verify-ak-0001",
      BAIDUCLOUD_SECRET_KEY: "consumer-verify-sk-0001",
    };
    const result = timed("verify (no SDKs)", () => run(process.execPath, [bin, "verify", outdir], app, secrets));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^cdktf-access-logs verify: verify needs the SDK package (cos-nodejs-sdk-v5|tencentcloud-sdk-nodejs-common|@baiducloud\/sdk), which is not installed \(it is an optional peer dependency of cdktf-access-logs\)\. Fix: npm install --save-dev \S+\n$/,
    );
    for (const secret of Object.values(secrets)) expect(result.stderr).not.toContain(secret);
    // The optional peers stay optional: installing the library pulled none of them in.
    for (const sdk of [
      "cos-nodejs-sdk-v5",
      "tencentcloud-sdk-nodejs-common",
      "tencentcloud-sdk-nodejs-scf",
      "@baiducloud/sdk",
    ])
      expect(fs.existsSync(path.join(app, "node_modules", sdk))).toBe(false);
  });

  test.each(
    readmeSnippets()
      .filter((snippet) => snippet.run)
      .map((snippet) => [snippet.fileName.replace(/\.ts$/, ".js")]),
  )("README snippet %s synthesizes without warnings", (script) => {
    const { result } = synth(script);
    succeed(result, `node ${script}`);
    expect(result.stdout + result.stderr).not.toMatch(/warn/i);
  });

  test("a default provider of the user's own class in another region fails synth with the region error", () => {
    const { result } = synth("wrong-region.js");
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      'wrong-region/SiteAccessLogging: region "ap-guangzhou" differs from the region "ap-shanghai" of the tencentcloud provider wrong-region/tencentcloud that creates the bucket',
    );
  });

  test("a literal credential in the user's own provider class fails synth without echoing it", () => {
    const { result } = synth("literal-credential.js");
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      'literal-credential/tencentcloud: secretId "(literal value hidden)" is a literal credential',
    );
    expect(result.stderr).toContain(
      'literal-credential/tencentcloud: secretKey "(literal value hidden)" is a literal credential',
    );
    expect(result.stderr).not.toContain("example-secret-key-0123456789");
  });
});
