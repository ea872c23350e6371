/**
 * THIRD_PARTY_LICENSES.txt: written by the function build next to index.js (from esbuild's
 * metafile, so it lists exactly the bundled packages) and shipped in the package tarball.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { buildFunctionBundle } from "../../scripts/dependency-check";

const run = promisify(execFile);
const repoRoot = path.join(__dirname, "..", "..");
const outDir = mkdtempSync(path.join(tmpdir(), "cdn-log-backup-licenses-"));
const reportFile = path.join(outDir, "report.json");

interface BundledPackage {
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  readonly license: string;
}

let notices: string;
let bundled: BundledPackage[];

beforeAll(() => {
  buildFunctionBundle(path.join(outDir, "dist"), reportFile, 60_000);
  notices = readFileSync(path.join(outDir, "dist", "THIRD_PARTY_LICENSES.txt"), "utf8");
  bundled = (JSON.parse(readFileSync(reportFile, "utf8")) as { packages: BundledPackage[] }).packages;
}, 90_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** The block of one name@version: from its header line to the next separator. */
function block(id: string): string {
  const start = notices.indexOf(`\n${id}\nLicense: `);
  if (start === -1) throw new Error(`THIRD_PARTY_LICENSES.txt has no block for ${id}`);
  const end = notices.indexOf(`\n${"=".repeat(80)}\n`, start);
  return notices.slice(start, end === -1 ? undefined : end);
}

const normalize = (text: string): string => text.replace(/\r\n?/g, "\n").trim();

test("the bundle's report names the SDKs and their HTTP stack", () => {
  const names = bundled.map((pkg) => pkg.name);
  expect(names).toEqual(
    expect.arrayContaining([
      "cos-nodejs-sdk-v5",
      "cos-request",
      "tencentcloud-sdk-nodejs-cdn",
      "tencentcloud-sdk-nodejs-common",
      "form-data",
      "tough-cookie",
    ]),
  );
  expect(names).not.toContain("request");
});

test("every bundled package has a block with its declared license and every license file it ships", () => {
  expect(bundled.length).toBeGreaterThan(20);
  for (const pkg of bundled) {
    const text = block(`${pkg.name}@${pkg.version}`);
    expect(text).toContain(`License: ${pkg.license}\n`);
    const folder = path.join(repoRoot, pkg.dir);
    const files = readdirSync(folder).filter((name) => /^(licen[cs]e|copying|notice)([-._].*)?$/i.test(name));
    for (const file of files) {
      expect(text).toContain(`--- ${file} ---\n`);
      expect(text).toContain(normalize(readFileSync(path.join(folder, file), "utf8")));
    }
    if (files.length === 0)
      expect(text).toMatch(
        /--- (README[^,]*, License section|package\.json license and author \(the package ships no license text\)) ---\n\S/,
      );
  }
});

test("a package without a license file gets its README's License section", () => {
  const agentBase = bundled.find((pkg) => pkg.name === "agent-base");
  expect(agentBase).toBeDefined();
  const text = block(`agent-base@${agentBase?.version ?? ""}`);
  expect(text).toContain("--- README.md, License section ---\n(The MIT License)");
  expect(text).toContain("Copyright (c) 2013 Nathan Rajlich");
});

test("the header counts the distinct packages", () => {
  const distinct = new Set(bundled.map((pkg) => `${pkg.name}@${pkg.version}`));
  expect(notices.split("\n")[1]).toBe(
    `${distinct.size} packages; each block names the package, its declared license and the license texts it ships.`,
  );
  expect(notices.match(new RegExp(`^${"=".repeat(80)}$`, "gm"))).toHaveLength(distinct.size);
});

test("the package tarball ships the notices next to the bundle", async () => {
  // The package's own bundle (built by `npm ci`) carries the file too.
  expect(existsSync(path.join(repoRoot, "functions", "cdn-log-backup", "dist", "THIRD_PARTY_LICENSES.txt"))).toBe(true);
  const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: repoRoot,
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
  const files = (packed?.files ?? []).map((file) => file.path);
  expect(files).toContain("functions/cdn-log-backup/dist/index.js");
  expect(files).toContain("functions/cdn-log-backup/dist/THIRD_PARTY_LICENSES.txt");
}, 90_000);
