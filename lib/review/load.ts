import * as fs from "fs";
import * as path from "path";
import type { SynthesizedStackInput } from "./model";

/** The synthesized output cannot be reviewed (missing, empty, HCL, unreadable): a usage error, exit code 2. */
export class ReviewInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReviewInputError";
  }
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new ReviewInputError(`cannot read ${what} ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReviewInputError(`${what} ${file} is not JSON (${(error as Error).message})`);
  }
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const HCL_HINT =
  "was synthesized as HCL (cdktf synth --hcl); the review reads JSON: run `cdktf synth` (use --output <dir> to keep the HCL copy elsewhere)";

function stackFrom(outdir: string, name: string, relative: string): SynthesizedStackInput {
  const file = path.join(outdir, relative);
  if (file.endsWith(".tf")) throw new ReviewInputError(`stack ${name} ${HCL_HINT}`);
  const json = readJson(file, `stack ${name}`);
  if (!isObject(json)) throw new ReviewInputError(`stack ${name} (${file}) is not a Terraform JSON object`);
  return { name, json };
}

/**
 * Reads every stack of a `cdktf synth` output directory: the stacks the `manifest.json` lists, or, without a manifest,
 * every `stacks/<name>/cdk.tf.json`. Sorted by name.
 *
 * @throws ReviewInputError when the directory is missing, holds no stacks, holds HCL only, or a file is unreadable
 */
export function loadSynthesizedStacks(outdir: string): SynthesizedStackInput[] {
  if (!fs.existsSync(outdir) || !fs.statSync(outdir).isDirectory()) {
    throw new ReviewInputError(`${outdir} is not a directory: run \`cdktf synth\` first, or pass the synth output directory`);
  }
  const manifestFile = path.join(outdir, "manifest.json");
  const stacks: SynthesizedStackInput[] = [];
  if (fs.existsSync(manifestFile)) {
    const manifest = readJson(manifestFile, "manifest");
    const entries = isObject(manifest) && isObject(manifest.stacks) ? manifest.stacks : {};
    for (const name of Object.keys(entries)) {
      const entry = entries[name];
      const relative = isObject(entry) && typeof entry.synthesizedStackPath === "string" ? entry.synthesizedStackPath : path.join("stacks", name, "cdk.tf.json");
      stacks.push(stackFrom(outdir, name, relative));
    }
  } else {
    const stacksDir = path.join(outdir, "stacks");
    const names = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).filter((n) => fs.statSync(path.join(stacksDir, n)).isDirectory()) : [];
    for (const name of names) {
      const json = path.join("stacks", name, "cdk.tf.json");
      if (fs.existsSync(path.join(outdir, json))) stacks.push(stackFrom(outdir, name, json));
      else if (fs.existsSync(path.join(outdir, "stacks", name, "cdk.tf"))) throw new ReviewInputError(`stack ${name} ${HCL_HINT}`);
    }
  }
  if (stacks.length === 0) throw new ReviewInputError(`no synthesized stacks in ${outdir}: run \`cdktf synth\` first`);
  return stacks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
