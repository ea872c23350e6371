import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../lib/cli";

export { camDocument, cosLogBucket, loggedBucket } from "./synth-json";

/** Temporary synth output directories of one test file; remove them with {@link removeSynthOutputs}. */
const created: string[] = [];

/** Removes every directory {@link writeSynthOutput} created. */
export function removeSynthOutputs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A fresh temporary directory, removed by {@link removeSynthOutputs}. */
export function makeTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "access-log-review-"));
  created.push(dir);
  return dir;
}

/** Registers one more path (file or directory) for {@link removeSynthOutputs} to remove. */
export function removeLater(file: string): void {
  created.push(file);
}

/** Writes stacks and then their manifest, the way `cdktf synth` does, into a fresh directory. */
export function writeSynthOutput(stacks: { [name: string]: object }): string {
  const dir = makeTempDir();
  const manifest = { version: "0.21.0", stacks: {} as { [name: string]: object } };
  for (const [name, json] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
    const withMeta = { "//": { metadata: { backend: "local", stackName: name, version: "0.21.0" } }, ...json };
    fs.writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(withMeta));
    manifest.stacks[name] = {
      name,
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      workingDirectory: `stacks/${name}`,
    };
  }
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
  return dir;
}

/** Runs the CLI in-process and captures its output. */
export async function runCli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
