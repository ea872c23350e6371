// Prepares a checkout for synth, tests and packing: generates the provider bindings under .gen/ from schemas/ and
// bundles the CDN log backup function into functions/cdn-log-backup/dist/.
//
// This is a repository step, not an install step: the published package has no install-time scripts (no `prepare`),
// so `npm run synth`, `npm test` and `npm run build` (and therefore `npm pack`) run it first through their `pre`
// scripts. Each step is skipped while its inputs are unchanged since its last run (a hash recorded under
// node_modules/.cache, which `npm ci` wipes), so the cost after the first run is a few file reads.
//
// Usage: `npm run setup` (or `node scripts/setup.mjs [--force]`).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stampFile = join(root, "node_modules", ".cache", "cdktf-access-logs", "setup.json");

/** All files under `dir`, recursively. */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

/** Hash of the paths and contents of `files`, so a renamed, added or removed input also counts as a change. */
function hashOf(files) {
  const hash = createHash("sha256");
  for (const file of [...files].sort()) {
    hash.update(relative(root, file)).update("\0");
    hash.update(existsSync(file) && statSync(file).isFile() ? readFileSync(file) : "(missing)").update("\0");
  }
  return hash.digest("hex");
}

const steps = [
  {
    name: "provider bindings (.gen/providers)",
    inputs: () => [
      ...filesUnder(join(root, "schemas")),
      join(root, "cdktf.json"),
      join(root, "scripts", "generate-bindings.ts"),
      join(root, "scripts", "schema-manifest.ts"),
      join(root, "node_modules", "@cdktf", "provider-generator", "package.json"),
    ],
    outputs: [join(root, ".gen", "providers", "tencentcloud", "index.ts"), join(root, ".gen", "providers", "baiducloud", "index.ts")],
    command: ["npm", ["run", "--silent", "get"]],
  },
  {
    name: "CDN log backup function bundle (functions/cdn-log-backup/dist)",
    inputs: () => [
      ...filesUnder(join(root, "functions", "cdn-log-backup", "src")),
      join(root, "functions", "cdn-log-backup", "build.mjs"),
      // The bundle inlines the SDKs from node_modules: a dependency change is an input change.
      join(root, "package-lock.json"),
    ],
    outputs: [join(root, "functions", "cdn-log-backup", "dist", "index.js")],
    command: ["npm", ["run", "--silent", "build:function"]],
  },
];

function readStamps() {
  try {
    return JSON.parse(readFileSync(stampFile, "utf8"));
  } catch {
    return {};
  }
}

const force = process.argv.includes("--force");
const stamps = readStamps();
for (const step of steps) {
  const hash = hashOf(step.inputs());
  const upToDate = !force && stamps[step.name] === hash && step.outputs.every((file) => existsSync(file));
  if (upToDate) continue;
  console.log(`setup: ${step.name}`);
  const [command, args] = step.command;
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) {
    console.error(`setup: ${step.name} failed`);
    process.exit(result.status ?? 1);
  }
  stamps[step.name] = hash;
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, JSON.stringify(stamps, null, 2) + "\n");
}
