// No README snippet or example keeps its Terraform state inside cdktf.out (the README snippets are checked in
// readme-snippets.test.ts with the same rule); and the rule itself catches what it should.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, CosBackend, LocalBackend, TerraformStack } from "cdktf";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import { bosAccessLoggingExample } from "../../examples/bos-access-logging";
import { cdnLogBackupExample } from "../../examples/cdn-log-backup";
import { cosAccessLoggingExample } from "../../examples/cos-access-logging";
import { stateLocationProblems } from "./state-location";

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Synthesizes the stacks `build` declares into a fresh `<tmp>/cdktf.out` and returns that outdir. */
function synthesize(build: (app: App) => void): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "state-location-"));
  tempDirs.push(root);
  const app = new App({ outdir: path.join(root, "cdktf.out") });
  build(app);
  app.synth();
  return app.outdir;
}

function oneStack(configure: (stack: TerraformStack) => void): string[] {
  const outdir = synthesize((app) => {
    const stack = new TerraformStack(app, "demo");
    new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
    configure(stack);
  });
  return stateLocationProblems(outdir);
}

test("the examples keep their state outside cdktf.out: in COS, or in the project root", () => {
  const outdir = synthesize((app) => {
    cosAccessLoggingExample(app);
    cdnLogBackupExample(app);
    bosAccessLoggingExample(app);
  });
  expect(stateLocationProblems(outdir)).toEqual([]);
  const backend = (stack: string) =>
    (
      JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as {
        terraform: { backend: object };
      }
    ).terraform.backend;
  expect(Object.keys(backend("cos-access-logging"))).toEqual(["cos"]);
  expect(Object.keys(backend("cdn-log-backup"))).toEqual(["cos"]);
  expect(backend("bos-access-logging")).toEqual({ local: { path: "../../../terraform.bos-access-logging.tfstate" } });
});

describe("the rule", () => {
  test("a path relative to the stack's working directory that climbs out of the outdir passes", () => {
    expect(oneStack((stack) => new LocalBackend(stack, { path: "../../../terraform.demo.tfstate" }))).toEqual([]);
  });

  test("a remote backend passes", () => {
    expect(
      oneStack((stack) => new CosBackend(stack, { bucket: "tfstate-1250000000", region: "ap-guangzhou" })),
    ).toEqual([]);
  });

  test("a bare file name lands in cdktf.out/stacks/<stack>/", () => {
    expect(oneStack((stack) => new LocalBackend(stack, { path: "terraform.demo.tfstate" }))).toEqual([
      'demo: local backend path "terraform.demo.tfstate" resolves inside the synth output (stacks/demo/terraform.demo.tfstate), which rm -rf deletes',
    ]);
  });

  test("climbing only to the outdir's root is still inside it", () => {
    expect(oneStack((stack) => new LocalBackend(stack, { path: "../../terraform.demo.tfstate" }))).toEqual([
      'demo: local backend path "../../terraform.demo.tfstate" resolves inside the synth output (terraform.demo.tfstate), which rm -rf deletes',
    ]);
  });

  test("workspace states count too", () => {
    expect(
      oneStack((stack) => new LocalBackend(stack, { path: "../../../terraform.demo.tfstate", workspaceDir: "ws" })),
    ).toEqual([
      'demo: local backend workspace_dir "ws" resolves inside the synth output (stacks/demo/ws), which rm -rf deletes',
    ]);
  });

  test("cdktf's default backend is an absolute path of this machine", () => {
    const problems = oneStack(() => undefined);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^demo: local backend path "\/.*terraform\.demo\.tfstate" is a path of this machine$/);
  });
});
