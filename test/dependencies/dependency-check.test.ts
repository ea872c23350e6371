/**
 * The dependency check (scripts/dependency-check.ts) against this checkout, and against modified
 * copies of its lockfile and data files written to a temporary folder.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import {
  ADVISORIES_FILE,
  DEPRECATIONS_FILE,
  REPO_ROOT,
  bundleClosure,
  bundledPackageDirs,
  checkDependencies,
  compareVersions,
  formatFindings,
  isAffected,
  readAdvisories,
  readDeprecations,
  readLockfile,
  resolveInstalled,
  runtimeClosure,
  type Advisory,
  type AdvisoryTable,
  type DeprecationRecord,
  type Lockfile,
  type LockfileEntry,
} from "../../scripts/dependency-check";
import { CANARY, buildRecord } from "../../scripts/refresh-deprecations";

const run = promisify(execFile);
const LOCKFILE = path.join(REPO_ROOT, "package-lock.json");

let bundledDirs: string[];
let scratch: string;

beforeAll(() => {
  bundledDirs = bundledPackageDirs();
  scratch = mkdtempSync(path.join(tmpdir(), "dependency-check-test-"));
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A deep copy of the real lockfile with `edit` applied, written to the scratch folder and read back. */
function modifiedLockfile(
  name: string,
  edit: (packages: Record<string, LockfileEntry>) => void,
): { file: string; lock: Lockfile } {
  const copy = JSON.parse(readFileSync(LOCKFILE, "utf8")) as { packages: Record<string, LockfileEntry> };
  edit(copy.packages);
  const file = path.join(scratch, `${name}.package-lock.json`);
  writeFileSync(file, JSON.stringify(copy, null, 2));
  return { file, lock: readLockfile(file) };
}

function setVersion(packages: Record<string, LockfileEntry>, key: string, version: string): void {
  const entry = packages[key];
  if (entry === undefined) throw new Error(`test setup: ${key} is not in the lockfile`);
  packages[key] = { ...entry, version };
}

function check(lock: Lockfile, overrides: { advisories?: AdvisoryTable; deprecations?: DeprecationRecord } = {}) {
  return checkDependencies({
    lockfile: lock,
    bundledDirs,
    advisories: overrides.advisories ?? readAdvisories(),
    deprecations: overrides.deprecations ?? readDeprecations(),
  });
}

describe("on this checkout", () => {
  test("the function bundle and the library's runtime closure pass", () => {
    expect(formatFindings(check(readLockfile(LOCKFILE)))).toBe("");
  });

  test("the bundle holds cos-nodejs-sdk-v5 3.x with form-data >= 2.5.4 and tough-cookie >= 4.1.3, and no request", () => {
    const { packages, unresolved } = bundleClosure(readLockfile(LOCKFILE), bundledDirs);
    expect(unresolved).toEqual([]);
    const versions = (name: string) => packages.filter((pkg) => pkg.name === name).map((pkg) => pkg.version);
    expect(versions("cos-nodejs-sdk-v5").map((v) => v.split(".")[0])).toEqual(["3"]);
    expect(versions("tencentcloud-sdk-nodejs-cdn")).toHaveLength(1);
    expect(versions("form-data").length).toBeGreaterThan(0);
    for (const version of versions("form-data")) expect(compareVersions(version, "2.5.4")).toBeGreaterThanOrEqual(0);
    expect(versions("tough-cookie").length).toBeGreaterThan(0);
    for (const version of versions("tough-cookie")) expect(compareVersions(version, "4.1.3")).toBeGreaterThanOrEqual(0);
    // `npm ls request` finds nothing: no install of request anywhere in the tree.
    expect(
      Object.keys(readLockfile(LOCKFILE).packages).filter((key) => /(^|\/)node_modules\/request$/.test(key)),
    ).toEqual([]);
  });

  test("the runtime closure is the peers and what they need, never dev tools", () => {
    const { packages, unresolved } = runtimeClosure(readLockfile(LOCKFILE));
    expect(unresolved).toEqual([]);
    const names = new Set(packages.map((pkg) => pkg.name));
    expect(names.has("cdktf")).toBe(true);
    expect(names.has("constructs")).toBe(true);
    for (const devTool of ["jest", "typescript", "esbuild", "cdktf-cli", "ts-node"])
      expect(names.has(devTool)).toBe(false);
    // verify's SDKs are optional peers: whoever runs verify installs them, so they and their needs are checked too.
    for (const sdk of [
      "cos-nodejs-sdk-v5",
      "tencentcloud-sdk-nodejs-common",
      "tencentcloud-sdk-nodejs-scf",
      "@baiducloud/sdk",
    ])
      expect(names.has(sdk)).toBe(true);
  });

  test("the deprecation record covers exactly the two closures", () => {
    const lock = readLockfile(LOCKFILE);
    const ids = new Set(
      [...bundleClosure(lock, bundledDirs).packages, ...runtimeClosure(lock).packages].map(
        (pkg) => `${pkg.name}@${pkg.version}`,
      ),
    );
    expect(Object.keys(readDeprecations().packages).sort()).toEqual([...ids].sort());
  });
});

describe("on a downgraded lockfile", () => {
  test("the function bundle with form-data 2.3.3 and tough-cookie 2.5.0 fails with the advisories and the missing records", () => {
    const { lock } = modifiedLockfile("downgraded-bundle", (packages) => {
      setVersion(packages, "node_modules/form-data", "2.3.3");
      setVersion(packages, "node_modules/tough-cookie", "2.5.0");
    });
    const all = check(lock);
    // verify's COS SDK (an optional peer) needs the same form-data and tough-cookie: the runtime closure reports them too.
    expect(all.filter((f) => f.closure === "library runtime").map((f) => [f.kind, f.package])).toEqual(
      expect.arrayContaining([
        ["advisory", "form-data@2.3.3"],
        ["advisory", "tough-cookie@2.5.0"],
      ]),
    );
    const findings = all.filter((f) => f.closure === "function bundle");
    expect(findings.map((f) => [f.closure, f.kind, f.package])).toEqual([
      ["function bundle", "advisory", "form-data@2.3.3"],
      ["function bundle", "unrecorded", "form-data@2.3.3"],
      ["function bundle", "advisory", "tough-cookie@2.5.0"],
      ["function bundle", "unrecorded", "tough-cookie@2.5.0"],
    ]);
    expect(findings[0]?.message).toBe(
      "form-data@2.3.3 at node_modules/form-data is affected by GHSA-fjxv-7rqg-78g4 (CVE-2025-7783), multipart boundary chosen with Math.random(), predictable; fixed in 2.5.4 / 3.0.4 / 4.0.4",
    );
    expect(findings[1]?.message).toBe(
      "form-data@2.3.3 (node_modules/form-data) is not in security/npm-deprecations.json: refresh it with `npx ts-node --transpile-only scripts/refresh-deprecations.ts` and commit the result",
    );
    expect(findings[2]?.message).toMatch(
      /^tough-cookie@2\.5\.0 at node_modules\/tough-cookie is affected by GHSA-72xf-g2v4-qvf3 \(CVE-2023-26136\), .*; fixed in 4\.1\.3$/,
    );
  });

  test("each limit holds at its exact fixed version and fails one release below it", () => {
    const recordAll = (ids: string[]): DeprecationRecord => {
      const base = readDeprecations();
      return { ...base, packages: { ...base.packages, ...Object.fromEntries(ids.map((id) => [id, false as const])) } };
    };
    const at = (formData: string, toughCookie: string) => {
      const { lock } = modifiedLockfile(`limits-${formData}-${toughCookie}`, (packages) => {
        setVersion(packages, "node_modules/form-data", formData);
        setVersion(packages, "node_modules/tough-cookie", toughCookie);
      });
      return check(lock, { deprecations: recordAll([`form-data@${formData}`, `tough-cookie@${toughCookie}`]) })
        .filter((f) => f.closure === "function bundle")
        .map((f) => f.package);
    };
    expect(at("2.5.4", "4.1.3")).toEqual([]);
    expect(at("2.5.3", "4.1.3")).toEqual(["form-data@2.5.3"]);
    expect(at("2.5.4", "4.1.2")).toEqual(["tough-cookie@4.1.2"]);
    expect(at("3.0.3", "4.1.3")).toEqual(["form-data@3.0.3"]);
    expect(at("3.0.4", "4.1.3")).toEqual([]);
  });

  test("request added to the library's dependencies fails: it has no fixed version and no record", () => {
    const { lock } = modifiedLockfile("with-request", (packages) => {
      const root = packages[""] ?? {};
      packages[""] = { ...root, dependencies: { ...root.dependencies, request: "^2.88.2" } };
      packages["node_modules/request"] = { version: "2.88.2", license: "Apache-2.0" } as LockfileEntry;
    });
    const findings = check(lock).filter((f) => f.closure === "library runtime");
    expect(findings.map((f) => f.message)).toEqual([
      "request@2.88.2 at node_modules/request is affected by GHSA-p8p7-x288-28g6 (CVE-2023-28155), server-side request forgery through a cross-protocol redirect (the package is deprecated and will not be fixed); no fixed version exists: replace the package",
      "request@2.88.2 (node_modules/request) is not in security/npm-deprecations.json: refresh it with `npx ts-node --transpile-only scripts/refresh-deprecations.ts` and commit the result",
    ]);
  });

  test("a version the record marks deprecated fails, quoting the notice", () => {
    const base = readDeprecations();
    const deprecations = { ...base, packages: { ...base.packages, "qs@6.17.1": "use something else" } };
    // qs is in the function bundle and, through verify's COS SDK, in the runtime closure.
    expect(check(readLockfile(LOCKFILE), { deprecations }).map((f) => [f.closure, f.message])).toEqual([
      ["function bundle", 'qs@6.17.1 (node_modules/qs) is deprecated on npm: "use something else"'],
      ["library runtime", 'qs@6.17.1 (node_modules/qs) is deprecated on npm: "use something else"'],
    ]);
  });

  test("a bundled folder missing from the lockfile is reported, not skipped", () => {
    const { lock } = modifiedLockfile("without-qs", (packages) => {
      delete packages["node_modules/qs"];
    });
    expect(check(lock).map((f) => [f.kind, f.package])).toContainEqual([
      "unresolved",
      "node_modules/qs (bundled, but not in the lockfile)",
    ]);
  });

  test("an accepted advisory applies only to its exact install, and a stale acceptance fails", () => {
    const { lock } = modifiedLockfile("lodash-fixed", (packages) => {
      setVersion(packages, "node_modules/cdktf/node_modules/lodash", "4.17.23");
    });
    const base = readDeprecations();
    const deprecations = { ...base, packages: { ...base.packages, "lodash@4.17.23": false as const } };
    expect(check(lock, { deprecations }).map((f) => f.message)).toEqual([
      "security/advisories.json accepts GHSA-xxjr-mmjv-4gpg for lodash@4.17.21 at node_modules/cdktf/node_modules/lodash, which is no longer installed there: remove the entry",
    ]);

    const table = readAdvisories();
    const withoutAcceptance = {
      ...table,
      accepted: table.accepted.filter((entry) => entry.id !== "GHSA-xxjr-mmjv-4gpg"),
    };
    expect(check(readLockfile(LOCKFILE), { advisories: withoutAcceptance }).map((f) => f.message)).toEqual([
      "lodash@4.17.21 at node_modules/cdktf/node_modules/lodash is affected by GHSA-xxjr-mmjv-4gpg (CVE-2025-13465), prototype pollution (property deletion) in _.unset and _.omit; fixed in 4.17.23",
    ]);
  });

  test("the command exits 1 and names the advisory for a downgraded lockfile, and 0 for this checkout", async () => {
    const { file } = modifiedLockfile("cli", (packages) => setVersion(packages, "node_modules/form-data", "2.3.3"));
    const script = path.join(REPO_ROOT, "scripts", "dependency-check.ts");
    const tsNode = path.join(REPO_ROOT, "node_modules", "ts-node", "dist", "bin.js");
    const failed = await run(process.execPath, [tsNode, "--transpile-only", script, "--lockfile", file], {
      cwd: REPO_ROOT,
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain(
      "[function bundle] form-data@2.3.3 at node_modules/form-data is affected by GHSA-fjxv-7rqg-78g4",
    );
    const passed = await run(process.execPath, [tsNode, "--transpile-only", script], { cwd: REPO_ROOT });
    expect(passed.stdout).toContain("dependency check: no deprecated or advisory-listed package");
  }, 120_000);
});

describe("resolution through the lockfile", () => {
  const lock: Lockfile = {
    lockfileVersion: 3,
    packages: {
      "": {
        peerDependencies: { a: "1", opt: "1" },
        peerDependenciesMeta: { opt: { optional: true } },
        devDependencies: { dev: "1" },
      },
      "node_modules/a": { version: "1.0.0", dependencies: { b: "1", c: "1" }, optionalDependencies: { gone: "1" } },
      "node_modules/a/node_modules/b": { version: "2.0.0", dependencies: { c: "1", missing: "1" } },
      "node_modules/b": { version: "1.0.0" },
      "node_modules/c": { version: "3.0.0" },
      "node_modules/dev": { version: "9.9.9" },
    },
  };

  test("a nested copy wins over the hoisted one, like require()", () => {
    expect(resolveInstalled(lock, "node_modules/a", "b")).toBe("node_modules/a/node_modules/b");
    expect(resolveInstalled(lock, "node_modules/a/node_modules/b", "c")).toBe("node_modules/c");
    expect(resolveInstalled(lock, "", "b")).toBe("node_modules/b");
    expect(resolveInstalled(lock, "", "nothing")).toBeUndefined();
  });

  test("peers and their needs are in, dev dependencies and absent optional ones are out, a missing required one is unresolved", () => {
    const { packages, unresolved } = runtimeClosure(lock);
    expect(packages.map((pkg) => `${pkg.path}@${pkg.version}`)).toEqual([
      "node_modules/a@1.0.0",
      "node_modules/a/node_modules/b@2.0.0",
      "node_modules/c@3.0.0",
    ]);
    expect(unresolved).toEqual(["missing (needed by node_modules/a/node_modules/b)"]);
  });
});

describe("versions and advisories", () => {
  test("compareVersions orders numerically, with pre-releases before their release", () => {
    expect(compareVersions("2.5.10", "2.5.9")).toBe(1);
    expect(compareVersions("2.5.4", "2.5.4")).toBe(0);
    expect(compareVersions("4.1.3-rc.1", "4.1.3")).toBe(-1);
    expect(compareVersions("0", "0.0.1")).toBe(-1);
    expect(() => compareVersions("latest", "1.0.0")).toThrow('"latest" is not a version');
  });

  test("isAffected includes introduced and excludes fixed", () => {
    const advisory: Advisory = {
      package: "p",
      id: "GHSA-2222-3333-4444",
      summary: "s",
      ranges: [{ introduced: "3.0.0", fixed: "3.0.4" }],
    };
    expect(isAffected(advisory, "2.9.9")).toBe(false);
    expect(isAffected(advisory, "3.0.0")).toBe(true);
    expect(isAffected(advisory, "3.0.3")).toBe(true);
    expect(isAffected(advisory, "3.0.4")).toBe(false);
    expect(isAffected({ ...advisory, ranges: [{ introduced: "0" }] }, "99.0.0")).toBe(true);
  });

  test("the committed table is well formed, and a malformed one is refused with the reason", () => {
    const table = readAdvisories(ADVISORIES_FILE);
    expect(table.advisories.map((a) => a.package)).toEqual(
      expect.arrayContaining(["form-data", "tough-cookie", "qs", "fast-xml-parser", "xml2js", "request"]),
    );
    const write = (name: string, content: unknown): string => {
      const file = path.join(scratch, name);
      writeFileSync(file, JSON.stringify(content));
      return file;
    };
    const good = {
      package: "x",
      id: "GHSA-2222-3333-4444",
      summary: "s",
      ranges: [{ introduced: "0", fixed: "1.0.0" }],
    };
    expect(() => readAdvisories(write("bad-id.json", { advisories: [{ ...good, id: "CVE-2020-1" }] }))).toThrow(
      'needs "package" and a GHSA "id"',
    );
    expect(() =>
      readAdvisories(
        write("bad-range.json", { advisories: [{ ...good, ranges: [{ introduced: "2.0.0", fixed: "2.0.0" }] }] }),
      ),
    ).toThrow("fixed 2.0.0 is not above introduced 2.0.0");
    expect(() => readAdvisories(write("no-ranges.json", { advisories: [{ ...good, ranges: [] }] }))).toThrow(
      '"ranges" is empty',
    );
    expect(() =>
      readAdvisories(
        write("no-reason.json", {
          advisories: [good],
          accepted: [{ id: good.id, package: "x@0.1.0", path: "node_modules/x", reason: " " }],
        }),
      ),
    ).toThrow("needs an advisory of the table and a reason");
  });
});

describe("refreshing the deprecation record", () => {
  const registry = new Map<string, Map<string, string | false>>([
    ["request", new Map([["2.88.2", "request has been deprecated"]])],
    [
      "qs",
      new Map<string, string | false>([
        ["6.17.1", false],
        ["6.5.2", "old"],
      ]),
    ],
  ]);
  const lookup = async (name: string) => {
    const versions = registry.get(name);
    if (versions === undefined) throw new Error(`unknown package ${name}`);
    return versions;
  };

  test("records each asked version, sorted, and whether the registry reported the canary", async () => {
    const record = await buildRecord(["qs@6.5.2", "qs@6.17.1"], lookup, new Date("2026-11-29T00:00:00Z"));
    expect(record).toEqual({
      refreshedAt: "2026-11-29T00:00:00.000Z",
      registryReportsDeprecations: true,
      canary: `${CANARY.name}@${CANARY.version}`,
      packages: { "qs@6.17.1": false, "qs@6.5.2": "old" },
    });
  });

  test("a registry that drops deprecation notices is recorded as such", async () => {
    const stripped = async (name: string) =>
      new Map([...(await lookup(name)).keys()].map((version): [string, false] => [version, false]));
    expect((await buildRecord(["qs@6.17.1"], stripped)).registryReportsDeprecations).toBe(false);
  });

  test("a version the registry does not list is an error", async () => {
    await expect(buildRecord(["qs@9.9.9"], lookup)).rejects.toThrow("the registry does not list qs@9.9.9");
  });

  test("the committed record names its canary and when it was taken", () => {
    const record = readDeprecations(DEPRECATIONS_FILE);
    expect(record.canary).toBe(`${CANARY.name}@${CANARY.version}`);
    expect(Number.isNaN(Date.parse(record.refreshedAt))).toBe(false);
  });
});
