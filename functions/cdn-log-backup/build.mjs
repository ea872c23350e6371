// Bundles the SCF function into functions/cdn-log-backup/dist/index.js.
//
// SCF Node.js >= 14 runtimes ship no libraries, so everything (both Tencent Cloud SDKs and
// their transitive dependencies) is bundled into one CommonJS file. The construct zips the
// dist/ folder as a TerraformAsset; the SCF handler is `index.main_handler`.
//
// Usage: `node functions/cdn-log-backup/build.mjs [--outdir DIR]` (or `npm run build:function`).
// Other scripts (the benchmark) import { buildFunction } and call it directly.
import { build } from "esbuild";
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const functionDir = dirname(fileURLToPath(import.meta.url));

export const entryPoint = join(functionDir, "src", "index.ts");
export const defaultOutDir = join(functionDir, "dist");

/**
 * Builds the bundle and returns the path of the produced index.js.
 *
 * Files are written under a temporary name and renamed into place, so a reader (a running
 * synth, another test) never sees a missing or half-written bundle.
 * @param {{ outDir?: string, minify?: boolean, quiet?: boolean }} [options]
 * @returns {Promise<string>}
 */
export async function buildFunction(options = {}) {
  const { outDir = defaultOutDir, minify = true, quiet = false } = options;
  mkdirSync(outDir, { recursive: true });

  const result = await build({
    entryPoints: [entryPoint],
    outfile: join(outDir, "index.js"),
    bundle: true,
    platform: "node",
    target: "node18",
    format: "cjs",
    minify,
    // Names are kept so stack traces in SCF logs stay readable despite minification.
    keepNames: true,
    sourcemap: false,
    legalComments: "eof",
    write: false,
    logLevel: quiet ? "error" : "warning",
  });

  const files = new Map(result.outputFiles.map((file) => [basename(file.path), file.contents]));
  // Mark the output as CommonJS even if a parent package.json ever switches to "type": "module".
  files.set("package.json", Buffer.from(JSON.stringify({ type: "commonjs" }, null, 2) + "\n"));
  for (const [name, contents] of files) {
    const target = join(outDir, name);
    const temporary = `${target}.tmp-${process.pid}`;
    writeFileSync(temporary, contents);
    renameSync(temporary, target);
  }
  // Anything else in the folder is a leftover of an older build and must not end up in the zip
  // (temporary files of a build running concurrently are left alone).
  for (const name of readdirSync(outDir)) {
    if (!files.has(name) && !/\.tmp-\d+$/.test(name)) rmSync(join(outDir, name), { recursive: true, force: true });
  }

  const outFile = join(outDir, "index.js");
  if (!quiet) console.log(`built ${outFile} (${((files.get("index.js")?.length ?? 0) / 1024).toFixed(0)} KiB)`);
  return outFile;
}

function parseOutDir(argv) {
  const index = argv.indexOf("--outdir");
  if (index === -1) return undefined;
  const value = argv[index + 1];
  if (value === undefined || value.startsWith("--")) {
    console.error("usage: node functions/cdn-log-backup/build.mjs [--outdir DIR]");
    process.exit(2);
  }
  return resolve(value);
}

// Run when invoked as a script, not when imported.
if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  buildFunction({ outDir: parseOutDir(process.argv.slice(2)) }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
