/**
 * Dependency check: reads package-lock.json and reports every package that ships to users and is
 * deprecated on the npm registry or below the fixed version of a known advisory.
 *
 * Two sets of packages ship:
 * - the CDN backup function's bundle: exactly the packages esbuild put into it, as listed by
 *   `node functions/cdn-log-backup/build.mjs --report FILE` from esbuild's metafile; their
 *   versions are read from the lockfile at those folders;
 * - the library's own runtime closure: what a consumer installs with it, i.e. the root
 *   dependencies, peerDependencies and optionalDependencies and everything they need in turn
 *   (never devDependencies), resolved through the lockfile the way Node resolves `require`.
 *
 * The check itself is offline: deprecations come from security/npm-deprecations.json (written by
 * scripts/refresh-deprecations.ts), advisories from security/advisories.json.
 *
 * Usage: `npx ts-node --transpile-only scripts/dependency-check.ts [--lockfile FILE]` prints the
 * findings and exits 1 when there are any (`npm test` runs the same check as a jest test).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** Repository root (the folder holding package.json and package-lock.json). */
export const REPO_ROOT = path.resolve(__dirname, "..");
/** The committed deprecation record, refreshed by scripts/refresh-deprecations.ts. */
export const DEPRECATIONS_FILE = path.join(REPO_ROOT, "security", "npm-deprecations.json");
/** The committed advisory table. */
export const ADVISORIES_FILE = path.join(REPO_ROOT, "security", "advisories.json");
/** How to refresh the deprecation record; quoted in findings. */
export const REFRESH_COMMAND = "npx ts-node --transpile-only scripts/refresh-deprecations.ts";

/** One entry of package-lock.json's `packages` map (lockfileVersion 2 and 3). */
export interface LockfileEntry {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly link?: boolean;
  readonly resolved?: string;
}

/** The parts of package-lock.json the check reads. */
export interface Lockfile {
  readonly lockfileVersion: number;
  /** Keyed by install folder relative to the root: `""` is the root, `node_modules/a/node_modules/b` a nested copy. */
  readonly packages: Readonly<Record<string, LockfileEntry>>;
}

/** An installed package: its lockfile key, name and version. */
export interface InstalledPackage {
  /** Install folder relative to the repository root, e.g. `node_modules/cos-request/node_modules/form-data`. */
  readonly path: string;
  readonly name: string;
  readonly version: string;
}

/** A vulnerable version range in OSV style: `introduced <= version < fixed`. */
export interface AdvisoryRange {
  /** First affected version; `"0"` means every earlier version. */
  readonly introduced: string;
  /** First version with the fix; absent when no fixed version exists (the package must not be used). */
  readonly fixed?: string;
}

/** One row of security/advisories.json. */
export interface Advisory {
  /** npm package name. */
  readonly package: string;
  /** GitHub advisory id (GHSA-xxxx-xxxx-xxxx). */
  readonly id: string;
  /** Other ids of the same advisory, e.g. its CVE. */
  readonly aliases?: readonly string[];
  readonly summary: string;
  readonly ranges: readonly AdvisoryRange[];
}

/** An advisory finding known to be unreachable, accepted for one exact install. */
export interface AcceptedAdvisory {
  /** The advisory's GHSA id. */
  readonly id: string;
  /** `name@version` of the accepted install. */
  readonly package: string;
  /** Its lockfile path. */
  readonly path: string;
  /** Why the vulnerable code cannot be reached; required. */
  readonly reason: string;
}

/** security/advisories.json. */
export interface AdvisoryTable {
  readonly advisories: readonly Advisory[];
  readonly accepted: readonly AcceptedAdvisory[];
}

/** security/npm-deprecations.json. */
export interface DeprecationRecord {
  /** When the record was written (ISO 8601). */
  readonly refreshedAt: string;
  /**
   * Whether the registry the record was taken from reports deprecations at all: the refresh
   * script asks it about a package version known to be deprecated (the canary) and records the answer.
   */
  readonly registryReportsDeprecations: boolean;
  /** The canary, `name@version`. */
  readonly canary: string;
  /** `name@version` → the deprecation message, or `false` when the version is not deprecated. */
  readonly packages: Readonly<Record<string, string | false>>;
}

/** Which set of shipped packages a finding is about (or the advisory table itself). */
export type ClosureKind = "function bundle" | "library runtime" | "advisory table";

/** One reason the check fails. */
export interface Finding {
  readonly closure: ClosureKind;
  readonly kind: "deprecated" | "advisory" | "unrecorded" | "unresolved" | "stale-acceptance";
  /** `name@version`, or the lockfile path for unresolved packages. */
  readonly package: string;
  readonly message: string;
}

/** Reads and minimally validates a package-lock.json. */
export function readLockfile(file: string): Lockfile {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<Lockfile>;
  if (typeof parsed.packages !== "object" || parsed.packages === null || !("" in parsed.packages)) {
    throw new Error(
      `${file} has no "packages" map with a root entry: regenerate it with npm 7 or later (lockfileVersion 2 or 3)`,
    );
  }
  return parsed as Lockfile;
}

/**
 * Where `require(name)` from the package installed at `from` lands: `from/node_modules/name`,
 * then the same in each enclosing node_modules folder, up to the root. Undefined when absent.
 */
export function resolveInstalled(lock: Lockfile, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (candidate in lock.packages) return candidate;
    if (base === "") return undefined;
    const parent = base.lastIndexOf("/node_modules/");
    base = parent === -1 ? "" : base.slice(0, parent);
  }
}

/** The installed package at a lockfile key (following workspace links). */
export function installedAt(lock: Lockfile, key: string): InstalledPackage | undefined {
  const entry = lock.packages[key];
  if (entry === undefined || typeof entry.version !== "string") return undefined;
  const name = entry.name ?? key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
  return { path: key, name, version: entry.version };
}

/**
 * What a consumer installs with the library: the root's dependencies, optionalDependencies and
 * peerDependencies and, transitively, theirs (peers included: npm 7+ installs them). Optional
 * dependencies and optional peers that the lockfile does not hold are skipped; a required one
 * that is missing is reported as unresolved.
 */
export function runtimeClosure(lock: Lockfile): { packages: InstalledPackage[]; unresolved: string[] } {
  const found = new Map<string, InstalledPackage>();
  const unresolved: string[] = [];
  const visit = (from: string): void => {
    const entry = lock.packages[from] ?? {};
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    const wanted: Array<[string, boolean]> = [
      ...Object.keys(entry.dependencies ?? {}).map((name): [string, boolean] => [name, false]),
      ...Object.keys(entry.optionalDependencies ?? {}).map((name): [string, boolean] => [name, true]),
      ...Object.keys(entry.peerDependencies ?? {}).map((name): [string, boolean] => [
        name,
        optionalPeers[name]?.optional === true,
      ]),
    ];
    for (const [name, optional] of wanted) {
      const key = resolveInstalled(lock, from, name);
      if (key === undefined) {
        if (!optional) unresolved.push(`${name} (needed by ${from === "" ? "the library" : from})`);
        continue;
      }
      if (found.has(key)) continue;
      const installed = installedAt(lock, key);
      if (installed === undefined) {
        unresolved.push(`${key} (no version in the lockfile)`);
        continue;
      }
      found.set(key, installed);
      visit(key);
    }
  };
  visit("");
  return { packages: sortPackages([...found.values()]), unresolved: [...new Set(unresolved)].sort() };
}

/** Bundled package folders (lockfile keys) mapped to the lockfile's versions. */
export function bundleClosure(
  lock: Lockfile,
  bundledDirs: readonly string[],
): { packages: InstalledPackage[]; unresolved: string[] } {
  const packages: InstalledPackage[] = [];
  const unresolved: string[] = [];
  for (const dir of bundledDirs) {
    const installed = installedAt(lock, dir);
    if (installed === undefined) unresolved.push(`${dir} (bundled, but not in the lockfile)`);
    else packages.push(installed);
  }
  return { packages: sortPackages(packages), unresolved };
}

/**
 * Runs the function build (functions/cdn-log-backup/build.mjs) into `outDir`; `report` receives the packages esbuild
 * bundled (from its metafile). Its errors go to this process's stderr.
 */
export function buildFunctionBundle(outDir: string, report: string, timeoutMs = 120_000): void {
  execFileSync(
    process.execPath,
    [path.join(REPO_ROOT, "functions", "cdn-log-backup", "build.mjs"), "--outdir", outDir, "--report", report],
    { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "inherit"], timeout: timeoutMs },
  );
}

/**
 * Builds the function bundle into a temporary folder and returns the folders of the packages
 * esbuild put into it (from its metafile), relative to the repository root.
 */
export function bundledPackageDirs(): string[] {
  const scratch = mkdtempSync(path.join(tmpdir(), "dependency-check-"));
  try {
    const report = path.join(scratch, "bundle-packages.json");
    buildFunctionBundle(path.join(scratch, "dist"), report);
    const parsed = JSON.parse(readFileSync(report, "utf8")) as { packages: Array<{ dir: string }> };
    return parsed.packages.map((pkg) => pkg.dir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Compares dotted versions numerically; a pre-release sorts before its release (`1.0.0-rc.1` < `1.0.0`). */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string): { core: number[]; pre: string | undefined } => {
    const clean = version.trim().replace(/^v/, "").split("+")[0] ?? "";
    const dash = clean.indexOf("-");
    const core = (dash === -1 ? clean : clean.slice(0, dash)).split(".").map((part) => Number(part));
    if (core.length === 0 || core.some((part) => !Number.isInteger(part) || part < 0)) {
      throw new Error(`"${version}" is not a version (expected MAJOR.MINOR.PATCH)`);
    }
    return { core, pre: dash === -1 ? undefined : clean.slice(dash + 1) };
  };
  const left = parse(a);
  const right = parse(b);
  for (let i = 0; i < Math.max(left.core.length, right.core.length); i += 1) {
    const difference = (left.core[i] ?? 0) - (right.core[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  if (left.pre === right.pre) return 0;
  if (left.pre === undefined) return 1;
  if (right.pre === undefined) return -1;
  return left.pre < right.pre ? -1 : 1;
}

/** Whether `version` lies in one of the advisory's vulnerable ranges. */
export function isAffected(advisory: Advisory, version: string): boolean {
  return advisory.ranges.some(
    (range) =>
      compareVersions(version, range.introduced) >= 0 &&
      (range.fixed === undefined || compareVersions(version, range.fixed) < 0),
  );
}

/** Reads security/advisories.json (or another table) and checks its shape. */
export function readAdvisories(file: string = ADVISORIES_FILE): AdvisoryTable {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<AdvisoryTable>;
  const { advisories, accepted = [] } = parsed;
  if (!Array.isArray(advisories)) throw new Error(`${file}: expected {"advisories": [...]}`);
  for (const advisory of advisories) {
    const where = `${file}: ${advisory.package ?? "?"} ${advisory.id ?? "?"}`;
    if (typeof advisory.package !== "string" || !GHSA_ID.test(advisory.id ?? "")) {
      throw new Error(`${where}: every advisory needs "package" and a GHSA "id"`);
    }
    if (!Array.isArray(advisory.ranges) || advisory.ranges.length === 0) throw new Error(`${where}: "ranges" is empty`);
    for (const range of advisory.ranges) {
      compareVersions(range.introduced, "0");
      if (range.fixed !== undefined && compareVersions(range.fixed, range.introduced) <= 0) {
        throw new Error(`${where}: fixed ${range.fixed} is not above introduced ${range.introduced}`);
      }
    }
  }
  if (!Array.isArray(accepted)) throw new Error(`${file}: "accepted" must be a list`);
  for (const entry of accepted) {
    if (
      !advisories.some((advisory) => advisory.id === entry.id) ||
      typeof entry.reason !== "string" ||
      entry.reason.trim() === ""
    ) {
      throw new Error(`${file}: accepted ${entry.id} for ${entry.package} needs an advisory of the table and a reason`);
    }
  }
  return { advisories, accepted };
}

/** GitHub advisory ids: GHSA- and three groups of four characters of this alphabet. */
const GHSA_ID = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/;

/** Reads security/npm-deprecations.json (or another record). */
export function readDeprecations(file: string = DEPRECATIONS_FILE): DeprecationRecord {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<DeprecationRecord>;
  if (typeof parsed.packages !== "object" || parsed.packages === null)
    throw new Error(`${file}: expected a "packages" map`);
  return parsed as DeprecationRecord;
}

/** The findings for one closure. */
export function checkPackages(
  closure: ClosureKind,
  packages: readonly InstalledPackage[],
  unresolved: readonly string[],
  table: AdvisoryTable,
  deprecations: DeprecationRecord,
  acceptedUsed: Set<AcceptedAdvisory> = new Set(),
): Finding[] {
  const findings: Finding[] = unresolved.map((what) => ({
    closure,
    kind: "unresolved",
    package: what,
    message: `${what}: cannot be resolved in package-lock.json; run \`npm install\` so the lockfile matches package.json`,
  }));
  const seen = new Set<string>();
  for (const pkg of packages) {
    const id = `${pkg.name}@${pkg.version}`;
    for (const advisory of table.advisories) {
      if (advisory.package !== pkg.name || !isAffected(advisory, pkg.version)) continue;
      const accepted = table.accepted.find(
        (entry) => entry.id === advisory.id && entry.package === id && entry.path === pkg.path,
      );
      if (accepted !== undefined) {
        acceptedUsed.add(accepted);
        continue;
      }
      const fixes = advisory.ranges.filter((range) => range.fixed !== undefined).map((range) => range.fixed);
      const fix = fixes.length === 0 ? "no fixed version exists: replace the package" : `fixed in ${fixes.join(" / ")}`;
      const aliases = advisory.aliases?.length ? ` (${advisory.aliases.join(", ")})` : "";
      findings.push({
        closure,
        kind: "advisory",
        package: id,
        message: `${id} at ${pkg.path} is affected by ${advisory.id}${aliases}, ${advisory.summary}; ${fix}`,
      });
    }
    if (seen.has(id)) continue;
    seen.add(id);
    const deprecated = deprecations.packages[id];
    if (deprecated === undefined) {
      findings.push({
        closure,
        kind: "unrecorded",
        package: id,
        message: `${id} (${pkg.path}) is not in security/npm-deprecations.json: refresh it with \`${REFRESH_COMMAND}\` and commit the result`,
      });
    } else if (deprecated !== false) {
      findings.push({
        closure,
        kind: "deprecated",
        package: id,
        message: `${id} (${pkg.path}) is deprecated on npm: "${deprecated}"`,
      });
    }
  }
  return findings;
}

/** Inputs of a full check; every part can be swapped for a test. */
export interface DependencyCheckInput {
  readonly lockfile: Lockfile;
  /** Folders of the bundled packages, from the build's report (see {@link bundledPackageDirs}). */
  readonly bundledDirs: readonly string[];
  readonly advisories: AdvisoryTable;
  readonly deprecations: DeprecationRecord;
}

/**
 * Checks the function bundle and the library's runtime closure. An accepted advisory entry that
 * matched nothing is a finding too, so the table never carries stale exceptions.
 */
export function checkDependencies(input: DependencyCheckInput): Finding[] {
  const bundle = bundleClosure(input.lockfile, input.bundledDirs);
  const runtime = runtimeClosure(input.lockfile);
  const used = new Set<AcceptedAdvisory>();
  const findings = [
    ...checkPackages("function bundle", bundle.packages, bundle.unresolved, input.advisories, input.deprecations, used),
    ...checkPackages(
      "library runtime",
      runtime.packages,
      runtime.unresolved,
      input.advisories,
      input.deprecations,
      used,
    ),
  ];
  for (const entry of input.advisories.accepted) {
    if (used.has(entry)) continue;
    findings.push({
      closure: "advisory table",
      kind: "stale-acceptance",
      package: entry.package,
      message: `security/advisories.json accepts ${entry.id} for ${entry.package} at ${entry.path}, which is no longer installed there: remove the entry`,
    });
  }
  return findings;
}

/** One line per finding, grouped by closure; empty when there is none. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((finding) => `[${finding.closure}] ${finding.message}`).join("\n");
}

function sortPackages(packages: InstalledPackage[]): InstalledPackage[] {
  return packages.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

if (require.main === module) {
  // `--lockfile FILE` checks another lockfile against this checkout's bundle (used by the tests).
  const flag = process.argv.indexOf("--lockfile");
  const lockfile = flag === -1 ? path.join(REPO_ROOT, "package-lock.json") : path.resolve(process.argv[flag + 1] ?? "");
  const deprecations = readDeprecations();
  const findings = checkDependencies({
    lockfile: readLockfile(lockfile),
    bundledDirs: bundledPackageDirs(),
    advisories: readAdvisories(),
    deprecations,
  });
  if (!deprecations.registryReportsDeprecations) {
    console.warn(
      `note: security/npm-deprecations.json (${deprecations.refreshedAt}) was taken from a registry that did not report ${deprecations.canary} ` +
        `as deprecated; refresh it against one that reports deprecations (\`${REFRESH_COMMAND} --registry URL\`)`,
    );
  }
  if (findings.length === 0) {
    console.log(
      "dependency check: no deprecated or advisory-listed package in the function bundle or the library's runtime closure",
    );
  } else {
    console.error(formatFindings(findings));
    process.exitCode = 1;
  }
}
