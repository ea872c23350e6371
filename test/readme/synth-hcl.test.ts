// `cdktf synth --hcl` is what the README tells reviewers to commit: the HCL of every example and README snippet must
// parse with HashiCorp's own HCL parser (hcl2json, the HCL library compiled to WebAssembly), and each CAM document in
// it must read as the same statements as in the JSON output, written as text a reviewer can read.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "@cdktn/hcl2json";
import { parseCamDocument } from "../../lib/checks/cam-rules";
import { runSnippet } from "./run-snippet";
import { readmeSnippets } from "./snippets";

const ROOT = path.resolve(__dirname, "..", "..");
const CAM_TYPES = ["tencentcloud_cam_policy", "tencentcloud_cam_role"];

interface SynthesizedStack {
  readonly name: string;
  readonly hcl: string;
  readonly json: { resource?: { [type: string]: { [name: string]: { document?: string } } } };
  readonly file: string;
}

type HclBlocks = { [type: string]: { [name: string]: { document?: string }[] } };

let workdir: string;
const stacks: SynthesizedStack[] = [];

/** The stacks of one synth output (HCL) paired with the same stacks synthesized as JSON. */
function collect(label: string, hclOut: string, jsonOut: string): void {
  for (const name of fs.readdirSync(path.join(hclOut, "stacks")).sort()) {
    const file = path.join(hclOut, "stacks", name, "cdk.tf");
    stacks.push({
      name: `${label} ${name}`,
      file,
      hcl: fs.readFileSync(file, "utf8"),
      json: JSON.parse(fs.readFileSync(path.join(jsonOut, "stacks", name, "cdk.tf.json"), "utf8")),
    });
  }
}

function synthExamples(hcl: boolean): string {
  const out = path.join(workdir, hcl ? "examples-hcl" : "examples-json");
  const result = spawnSync(
    process.execPath,
    [
      path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf"),
      "synth",
      ...(hcl ? ["--hcl"] : []),
      "--output",
      out,
    ],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true" } },
  );
  expect({ status: result.status, stderr: result.stderr.includes("ERROR") ? result.stderr : "" }).toEqual({
    status: 0,
    stderr: "",
  });
  return out;
}

beforeAll(async () => {
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-hcl-"));
  collect("examples", synthExamples(true), synthExamples(false));
  // The snippets run in this process: `cdktf synth --hcl` asks the app for HCL through SYNTH_HCL_OUTPUT, which each
  // stack reads when it is created.
  for (const snippet of readmeSnippets().filter((s) => s.run)) {
    const base = path.join(workdir, `snippet-${snippet.number}`);
    fs.mkdirSync(`${base}-hcl`);
    fs.mkdirSync(`${base}-json`);
    const previous = process.env.SYNTH_HCL_OUTPUT;
    try {
      process.env.SYNTH_HCL_OUTPUT = "true";
      const hclApps = await runSnippet(snippet, `${base}-hcl`, { hclOutput: true });
      delete process.env.SYNTH_HCL_OUTPUT;
      const jsonApps = await runSnippet(snippet, `${base}-json`);
      hclApps.forEach((app, i) => collect(`README snippet #${snippet.number}`, app.outdir, jsonApps[i].outdir));
    } finally {
      if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
      else process.env.SYNTH_HCL_OUTPUT = previous;
    }
  }
}, 180_000);

afterAll(() => fs.rmSync(workdir, { recursive: true, force: true }));

test("covers the three examples and the README snippets", () => {
  expect(stacks.map((s) => s.name)).toEqual(
    expect.arrayContaining([
      "examples bos-access-logging",
      "examples cdn-log-backup",
      "examples cos-access-logging",
      expect.stringMatching(/^README snippet #\d+ /),
    ]),
  );
  const documents = stacks.flatMap((s) => CAM_TYPES.flatMap((type) => Object.keys(s.json.resource?.[type] ?? {})));
  expect(documents.length).toBeGreaterThanOrEqual(8);
});

test("every stack's HCL parses with HashiCorp's HCL parser", async () => {
  const problems: string[] = [];
  for (const stack of stacks) {
    await parse(stack.file, stack.hcl).catch((error: unknown) =>
      problems.push(`${stack.name}: ${String(error instanceof Error ? error.message : error).slice(0, 300)}`),
    );
  }
  expect(problems).toEqual([]);
});

test("each CAM document in the HCL is jsonencode({...}) of the same statements as the JSON output, readable", async () => {
  let compared = 0;
  for (const stack of stacks) {
    const blocks = (await parse(stack.file, stack.hcl)).resource as HclBlocks | undefined;
    for (const type of CAM_TYPES) {
      for (const [name, config] of Object.entries(stack.json.resource?.[type] ?? {})) {
        const where = `${stack.name} ${type}.${name}`;
        const hclDocument = blocks?.[type]?.[name]?.[0]?.document;
        expect({ where, form: hclDocument?.slice(0, 14) }).toEqual({ where, form: "${jsonencode({" });
        const fromHcl = parseCamDocument(hclDocument);
        const fromJson = parseCamDocument(config.document);
        expect({ where, problem: fromHcl?.problem }).toEqual({ where, problem: undefined });
        expect({ where, statements: fromHcl?.statements }).toEqual({ where, statements: fromJson?.statements });
        // Actions and resources stand in the file as plain quoted strings, not as escaped JSON.
        for (const statement of fromHcl?.statements ?? []) {
          for (const text of [...statement.actions, ...statement.resources])
            expect({ where, shown: stack.hcl.includes(`"${text}"`) }).toEqual({ where, shown: true });
          expect(statement.actions.length).toBeGreaterThan(0);
        }
        compared++;
      }
    }
  }
  expect(compared).toBeGreaterThanOrEqual(8);
});
