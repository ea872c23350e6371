// Compiles the library and its bindings (tsconfig.build.json) into dist/, replacing dist/ in one rename so that
// nothing reading dist/ while a build runs (the bin shim, a concurrent test) ever sees a half-written tree.
//
// Usage: `npm run build` (after `npm run setup`, which its `prebuild` runs).
import { spawnSync } from "node:child_process";
import { renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const staging = join(root, `.dist-tmp-${process.pid}`);
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

rmSync(staging, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", staging], {
  cwd: root,
  stdio: "inherit",
});
if (result.status !== 0) {
  rmSync(staging, { recursive: true, force: true });
  process.exit(result.status ?? 1);
}
rmSync(dist, { recursive: true, force: true });
renameSync(staging, dist);
