/**
 * One tarball, two CDKs, as users get them: the packed package is installed into two throwaway apps, one with cdktf 0.21
 * and one with cdktn 0.24 (and no cdktf at all). Each runs the repository's examples, imported the way a user imports
 * them (`cdktf-access-logs[/cdktn]` and its provider entry points), through `app.synth()`; the synthesized stacks must
 * be the same JSON apart from the CDK version in the metadata. The cdktn app's own TypeScript, using every cdktn entry
 * point, must type-check with the tsconfig `cdktf init` writes and with node16 resolution.
 *
 * The cdktn CLI needs Node.js >= 22.19; `app.synth()` is the synthesis it runs, so this needs only the Node.js CI has.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import {
  ConsumerProject,
  createConsumerProject,
  installedVersion,
  packedTarball,
  removePackedTarball,
  REPO_ROOT,
  run,
} from "./consumer-project";
import { cdktfInitTsconfig } from "../readme/snippets";

type Cdk = "cdktf" | "cdktn";
const ENTRY: { readonly [cdk in Cdk]: string } = { cdktf: "cdktf-access-logs", cdktn: "cdktf-access-logs/cdktn" };

/** `cos-bucket` → `cosBucket`: the namespace a provider entry point exports a binding module under. */
function namespaceOf(moduleFolder: string): string {
  return moduleFolder.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * An example compiled for a consumer: its imports of the CDK, of `../lib` and of `../.gen/providers/<name>/<module>`
 * become the CDK's package, the flavour's entry point and the flavour's provider entry point.
 */
function exampleForConsumer(source: string, fileName: string, cdk: Cdk): string {
  const { outputText } = ts.transpileModule(source, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
  });
  return outputText.replace(/require\("([^"]+)"\)/g, (whole, specifier: string) => {
    if (specifier === "cdktf" || specifier.startsWith("cdktf/")) return `require("${cdk}${specifier.slice(5)}")`;
    if (specifier === "../lib") return `require("${ENTRY[cdk]}")`;
    const binding = /^\.\.\/\.gen\/providers\/([a-z]+)\/([a-z0-9-]+)$/.exec(specifier);
    if (binding) return `require("${ENTRY[cdk]}/providers/${binding[1]}").${namespaceOf(binding[2])}`;
    if (/^\.\/[a-z0-9-]+$/.test(specifier) || !specifier.startsWith(".")) return whole;
    throw new Error(`${fileName}: no consumer equivalent for import "${specifier}"`);
  });
}

/** Every stack's cdk.tf.json under an app's outdir, by stack name. */
function synthesizedStacks(outdir: string): Map<string, { [key: string]: unknown }> {
  const stacksDir = path.join(outdir, "stacks");
  const stacks = new Map<string, { [key: string]: unknown }>();
  for (const name of fs.readdirSync(stacksDir).sort()) {
    stacks.set(name, JSON.parse(fs.readFileSync(path.join(stacksDir, name, "cdk.tf.json"), "utf8")));
  }
  return stacks;
}

/** The stack JSON without the CDK version in `//.metadata`, and that version. */
function withoutCdkVersion(stack: { [key: string]: unknown }): { json: unknown; version: unknown } {
  const copy = JSON.parse(JSON.stringify(stack)) as { "//"?: { metadata?: { version?: unknown } } };
  const version = copy["//"]?.metadata?.version;
  if (copy["//"]?.metadata) delete copy["//"].metadata.version;
  return { json: copy, version };
}

const TYPED_APP = `
import { App, TerraformStack } from "cdktn";
import {
  AccessLogChecks,
  baiduCloudCredentialVariables,
  BosLogBucket,
  CosAccessLoggedBucket,
  CosLogBucket,
  enableBosAccessLogging,
} from "cdktf-access-logs/cdktn";
import { bosBucket, provider as baidu } from "cdktf-access-logs/cdktn/providers/baiducloud";
import { provider as tencent } from "cdktf-access-logs/cdktn/providers/tencentcloud";

const app = new App({ outdir: "typed.out" });
const cos = new TerraformStack(app, "cos");
new tencent.TencentcloudProvider(cos, "tencentcloud", { region: "ap-guangzhou" });
const logs = new CosLogBucket(cos, "Logs", { bucketName: "access-logs-1250000000", region: "ap-guangzhou" });
new CosAccessLoggedBucket(cos, "Site", { bucketName: "site-1250000000", region: "ap-guangzhou", target: logs });

const bos = new TerraformStack(app, "bos");
const { accessKey, secretKey } = baiduCloudCredentialVariables(bos);
new baidu.BaiducloudProvider(bos, "baiducloud", { region: "bj", accessKey, secretKey });
const bosLogs = new BosLogBucket(bos, "Logs", { bucketName: "typed-access-logs", region: "bj" });
const site: bosBucket.BosBucket = new bosBucket.BosBucket(bos, "Site", { bucket: "typed-site" });
enableBosAccessLogging(site, { region: "bj", logBucket: bosLogs });

AccessLogChecks.applyTo(cos);
AccessLogChecks.applyTo(bos);
app.synth();
`;

const projects: Partial<Record<Cdk, ConsumerProject>> = {};

beforeAll(() => {
  const tarball = packedTarball();
  const examples = fs.readdirSync(path.join(REPO_ROOT, "examples")).filter((file) => file.endsWith(".ts"));
  for (const cdk of ["cdktf", "cdktn"] as const) {
    const project = createConsumerProject(`access-logs-${cdk}-app`, tarball, [cdk, "constructs", "@types/node"]);
    projects[cdk] = project;
    for (const file of examples) {
      const source = fs.readFileSync(path.join(REPO_ROOT, "examples", file), "utf8");
      project.write(path.join("examples", file.replace(/\.ts$/, ".js")), exampleForConsumer(source, file, cdk));
    }
  }
}, 600_000);

afterAll(() => {
  for (const project of Object.values(projects)) project?.remove();
  removePackedTarball();
});

describe("consumer apps installing the tarball", () => {
  test("each has only its own CDK", () => {
    expect(projects.cdktf?.has("cdktf")).toBe(true);
    expect(projects.cdktf?.has("cdktn")).toBe(false);
    expect(projects.cdktn?.has("cdktn")).toBe(true);
    expect(projects.cdktn?.has("cdktf")).toBe(false);
  });

  test("cdktf and cdktn synthesize the examples' stacks to the same JSON, apart from the CDK version", () => {
    const outputs = {} as Record<Cdk, Map<string, { [key: string]: unknown }>>;
    for (const cdk of ["cdktf", "cdktn"] as const) {
      const project = projects[cdk] as ConsumerProject;
      const outdir = path.join(project.dir, "cdktf.out");
      project.node(path.join("examples", "main.js"), { CDKTF_OUTDIR: outdir });
      outputs[cdk] = synthesizedStacks(outdir);
    }
    const names = [...outputs.cdktf.keys()];
    expect(names).toEqual(["bos-access-logging", "cdn-log-backup", "cos-access-logging"]);
    expect([...outputs.cdktn.keys()]).toEqual(names);
    for (const name of names) {
      const cdktf = withoutCdkVersion(outputs.cdktf.get(name) as { [key: string]: unknown });
      const cdktn = withoutCdkVersion(outputs.cdktn.get(name) as { [key: string]: unknown });
      expect({ name, version: cdktf.version }).toEqual({ name, version: installedVersion("cdktf") });
      expect({ name, version: cdktn.version }).toEqual({ name, version: installedVersion("cdktn") });
      expect(cdktn.json).toEqual(cdktf.json);
    }
  });

  test.each([
    ["the tsconfig cdktf init writes (classic node resolution)", {}],
    ["node16 resolution (package exports)", { module: "node16", moduleResolution: "node16" }],
  ])("a cdktn app's TypeScript type-checks and synthesizes with %s", (_, overrides) => {
    const project = projects.cdktn as ConsumerProject;
    const tsconfig = cdktfInitTsconfig();
    tsconfig.compilerOptions = { ...tsconfig.compilerOptions, ...overrides, incremental: false, outDir: "typed" };
    tsconfig.include = ["typed-app.ts"];
    project.write("typed-app.ts", TYPED_APP);
    project.write("tsconfig.json", JSON.stringify(tsconfig, null, 2));
    run(process.execPath, [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."], project.dir);
    project.node(path.join("typed", "typed-app.js"));
    const stacks = synthesizedStacks(path.join(project.dir, "typed.out"));
    expect([...stacks.keys()]).toEqual(["bos", "cos"]);
    const bos = stacks.get("bos") as { resource: { baiducloud_bos_bucket: { [id: string]: { logging?: unknown } } } };
    expect(Object.values(bos.resource.baiducloud_bos_bucket).filter((bucket) => bucket.logging)).toHaveLength(1);
  });
});
