// Bundles the SCF function into functions/cdn-log-backup/dist/index.js.
//
// SCF Node.js >= 14 runtimes ship no libraries, so everything (both Tencent Cloud SDKs and
// their transitive dependencies) is bundled into one CommonJS file. The construct zips the
// dist/ folder as a TerraformAsset; the SCF handler is `index.main_handler`.
//
// Next to the bundle it writes THIRD_PARTY_LICENSES.txt, the license texts of every package
// esbuild put into it (the packages are read from esbuild's metafile, so the list is exactly
// what ships).
//
// Usage: `node functions/cdn-log-backup/build.mjs [--outdir DIR] [--report FILE]` (or
// `npm run build:function`). `--report` also writes the bundled packages as JSON (their folders
// relative to the repository root, which are their package-lock.json keys); the dependency check
// reads it. Other scripts (the benchmark) import { buildFunction } and call it directly.
import { build } from "esbuild";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const functionDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(functionDir, "..", "..");

/** The library's version from package.json. */
function packageVersion() {
  return JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).version;
}

export const entryPoint = join(functionDir, "src", "index.ts");
export const defaultOutDir = join(functionDir, "dist");

/**
 * Builds the bundle and returns the path of the produced index.js.
 *
 * Files are written under a temporary name and renamed into place, so a reader (a running
 * synth, another test) never sees a missing or half-written bundle.
 * @param {{ outDir?: string, minify?: boolean, quiet?: boolean, reportFile?: string }} [options]
 * @returns {Promise<string>}
 */
export async function buildFunction(options = {}) {
  const { outDir = defaultOutDir, minify = true, quiet = false, reportFile } = options;
  mkdirSync(outDir, { recursive: true });

  const result = await build({
    // Metafile input paths are relative to this folder, which makes them package-lock.json keys.
    absWorkingDir: repoRoot,
    metafile: true,
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
    // The version the function writes into its run status object (src/run-status.ts).
    define: { __CDN_LOG_BACKUP_VERSION__: JSON.stringify(packageVersion()) },
    write: false,
    logLevel: quiet ? "error" : "warning",
  });

  const files = new Map(result.outputFiles.map((file) => [basename(file.path), file.contents]));
  // Mark the output as CommonJS even if a parent package.json ever switches to "type": "module".
  files.set("package.json", Buffer.from(JSON.stringify({ type: "commonjs" }, null, 2) + "\n"));
  const packages = bundledPackages(result.metafile);
  files.set(LICENSES_FILE, Buffer.from(thirdPartyNotices(packages)));
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

  if (reportFile !== undefined) {
    const report = { packages: packages.map(({ dir, name, version, license }) => ({ dir, name, version, license })) };
    writeFileSync(reportFile, JSON.stringify(report, null, 2) + "\n");
  }

  const outFile = join(outDir, "index.js");
  if (!quiet) console.log(`built ${outFile} (${((files.get("index.js")?.length ?? 0) / 1024).toFixed(0)} KiB)`);
  return outFile;
}

/** Name of the license notice file written next to index.js. */
export const LICENSES_FILE = "THIRD_PARTY_LICENSES.txt";

/**
 * The packages whose files esbuild bundled, one per installed folder, sorted by folder.
 * @param {import("esbuild").Metafile} metafile
 * @returns {Array<{ dir: string, name: string, version: string, license: string, notices: Array<{ source: string, text: string }> }>}
 */
export function bundledPackages(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    // The innermost node_modules/<name> (or node_modules/@scope/<name>) owns the file.
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replace(/\\/g, "/"));
    if (match) dirs.add(match[1]);
  }
  return [...dirs].sort().map((dir) => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, dir, "package.json"), "utf8"));
    const license = typeof manifest.license === "string" ? manifest.license : "UNKNOWN";
    return {
      dir,
      name: manifest.name,
      version: manifest.version,
      license,
      notices: licenseNotices(dir, manifest, license),
    };
  });
}

const LICENSE_FILE_NAME = /^(licen[cs]e|copying|notice)([-._].*)?$/i;

/** The license texts a package ships: its LICENSE/COPYING/NOTICE files, else its README's License section. */
function licenseNotices(dir, manifest, license) {
  const folder = join(repoRoot, dir);
  const files = readdirSync(folder)
    .filter((name) => LICENSE_FILE_NAME.test(name))
    .sort();
  if (files.length > 0) return files.map((name) => ({ source: name, text: readFileSync(join(folder, name), "utf8") }));
  const readme = readdirSync(folder).find((name) => /^readme(\.md|\.markdown|\.txt)?$/i.test(name));
  const section = readme === undefined ? undefined : readmeLicenseSection(readFileSync(join(folder, readme), "utf8"));
  if (section !== undefined) return [{ source: `${readme}, License section`, text: section }];
  // MIT permits use on condition that its text and the copyright notice travel with the code;
  // a package that ships neither gets the MIT text with the author its package.json names.
  if (license === "MIT") {
    const author = typeof manifest.author === "string" ? manifest.author : manifest.author?.name;
    if (author)
      return [{ source: "package.json license and author (the package ships no license text)", text: mitText(author) }];
  }
  throw new Error(
    `${dir} (${manifest.name}@${manifest.version}, license ${license}) ships no license text: add its notice to build.mjs before bundling it`,
  );
}

/** The text under a "License" heading (ATX `## License` or setext `License\n---`) up to the next heading. */
function readmeLicenseSection(readme) {
  const lines = readme.split(/\r?\n/);
  const isSetext = (i) => /^(=+|-+)\s*$/.test(lines[i + 1] ?? "") && lines[i].trim() !== "";
  const isHeading = (i) => /^#{1,6}\s/.test(lines[i]) || isSetext(i);
  const start = lines.findIndex((line, i) => /^(#{1,6}\s*)?licen[cs]e\s*#*\s*$/i.test(line.trim()) && isHeading(i));
  if (start === -1) return undefined;
  let end = start + (isSetext(start) ? 2 : 1);
  const bodyStart = end;
  while (end < lines.length && !isHeading(end)) end += 1;
  const body = lines.slice(bodyStart, end).join("\n").trim();
  return body === "" ? undefined : body;
}

function mitText(holder) {
  return `MIT License

Copyright (c) ${holder}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`;
}

/** THIRD_PARTY_LICENSES.txt: one block per bundled name@version, in name order. */
export function thirdPartyNotices(packages) {
  const rule = "=".repeat(80);
  const blocks = new Map();
  for (const pkg of packages) {
    const id = `${pkg.name}@${pkg.version}`;
    if (blocks.has(id)) continue;
    const texts = pkg.notices
      .map((notice) => `--- ${notice.source} ---\n${notice.text.replace(/\r\n?/g, "\n").trim()}\n`)
      .join("\n");
    blocks.set(id, `${rule}\n${id}\nLicense: ${pkg.license}\n\n${texts}`);
  }
  const ordered = [...blocks.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, block]) => block);
  return (
    "Third-party software bundled into index.js (the cdn-log-backup function of cdktf-access-logs).\n" +
    `${ordered.length} packages; each block names the package, its declared license and the license texts it ships.\n\n` +
    ordered.join("\n")
  );
}

function optionValue(argv, flag) {
  const index = argv.indexOf(flag);
  if (index === -1) return undefined;
  const value = argv[index + 1];
  if (value === undefined || value.startsWith("--")) {
    console.error("usage: node functions/cdn-log-backup/build.mjs [--outdir DIR] [--report FILE]");
    process.exit(2);
  }
  return resolve(value);
}

// Run when invoked as a script, not when imported.
if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const argv = process.argv.slice(2);
  buildFunction({ outDir: optionValue(argv, "--outdir"), reportFile: optionValue(argv, "--report") }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
