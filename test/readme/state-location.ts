// Where Terraform keeps each synthesized stack's state, judged from `<outdir>/stacks/<stack>/cdk.tf.json`. Terraform
// runs in `<outdir>/stacks/<stack>/`, so a relative local path is resolved there: `terraform.x.tfstate` would live
// inside cdktf.out, which is generated, gitignored and deleted before synth. Used by the README and example tests.
import * as fs from "fs";
import * as path from "path";

interface StackJson {
  terraform?: { backend?: { [type: string]: { [key: string]: unknown } }; cloud?: unknown };
}

/** One line per stack whose state would not survive `rm -rf <outdir>` or whose JSON names a machine path. */
export function stateLocationProblems(outdir: string): string[] {
  const problems: string[] = [];
  const stacksDir = path.join(outdir, "stacks");
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    const workdir = path.join(stacksDir, stack);
    const json = JSON.parse(fs.readFileSync(path.join(workdir, "cdk.tf.json"), "utf8")) as StackJson;
    const backends = Object.entries(json.terraform?.backend ?? {});
    if (backends.length === 0 && json.terraform?.cloud === undefined) {
      problems.push(`${stack}: no backend, so Terraform keeps terraform.tfstate in ${workdir}`);
    }
    for (const [type, settings] of backends) {
      if (type !== "local") continue;
      for (const key of ["path", "workspace_dir"]) {
        const value = settings[key];
        if (value === undefined && key === "workspace_dir") continue;
        if (typeof value !== "string" || value === "") {
          problems.push(`${stack}: local backend ${key} ${JSON.stringify(value)} is not a path`);
          continue;
        }
        if (path.isAbsolute(value)) {
          problems.push(`${stack}: local backend ${key} "${value}" is a path of this machine`);
          continue;
        }
        const resolved = path.resolve(workdir, value);
        const fromOutdir = path.relative(path.resolve(outdir), resolved);
        if (fromOutdir === "" || (!fromOutdir.startsWith("..") && !path.isAbsolute(fromOutdir))) {
          problems.push(
            `${stack}: local backend ${key} "${value}" resolves inside the synth output (${path.relative(outdir, resolved)}), which rm -rf deletes`,
          );
        }
      }
    }
  }
  return problems;
}
