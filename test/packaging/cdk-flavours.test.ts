/**
 * The package serves two CDKs from one source: cdktf 0.21 (`cdktf-access-logs`) and its fork cdktn 0.24
 * (`cdktf-access-logs/cdktn`). These tests pin what makes that work without building anything; the consumer test
 * (test/packaging/cdk-flavours-consumer.test.ts) installs the packed tarball for each CDK and synthesizes.
 */
import { builtinModules } from "module";
import * as fs from "fs";
import * as path from "path";
import { build } from "esbuild";
import * as semver from "semver";
import { cdktnSpecifier } from "../../scripts/build-cdktn";

const repoRoot = path.join(__dirname, "..", "..");

interface PackageJson {
  version: string;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function packageJson(dir: string): PackageJson {
  return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as PackageJson;
}

const own = packageJson(repoRoot);
const cdks = ["cdktf", "cdktn"] as const;

describe("peer dependencies", () => {
  test.each(cdks)("%s is an optional peer: an app installs only its own CDK", (cdk) => {
    expect(own.peerDependencies?.[cdk]).toBeDefined();
    expect(own.peerDependenciesMeta?.[cdk]?.optional).toBe(true);
  });

  test("constructs is a required peer", () => {
    expect(own.peerDependencies?.constructs).toBeDefined();
    expect(own.peerDependenciesMeta?.constructs?.optional).not.toBe(true);
  });

  test.each(cdks)("the constructs range takes every constructs release %s accepts", (cdk) => {
    const cdkRange = packageJson(path.join(repoRoot, "node_modules", cdk)).peerDependencies?.constructs;
    expect(cdkRange).toBeDefined();
    expect(semver.subset(cdkRange as string, own.peerDependencies?.constructs as string)).toBe(true);
  });

  test.each(cdks)("the %s range admits the release the tests run against", (cdk) => {
    const installed = packageJson(path.join(repoRoot, "node_modules", cdk)).version;
    expect(semver.satisfies(installed, own.peerDependencies?.[cdk] as string)).toBe(true);
  });

  test("the constructs release the tests run against fits both CDKs", () => {
    const installed = packageJson(path.join(repoRoot, "node_modules", "constructs")).version;
    for (const cdk of cdks) {
      const range = packageJson(path.join(repoRoot, "node_modules", cdk)).peerDependencies?.constructs as string;
      expect({ cdk, fits: semver.satisfies(installed, range) }).toEqual({ cdk, fits: true });
    }
  });
});

describe("cdktn build: module specifiers rewritten", () => {
  test.each([
    ["cdktf", "cdktn"],
    ["cdktf/lib/testing/adapters/jest", "cdktn/lib/testing/adapters/jest"],
    ["cdktf/", "cdktn/"],
  ])("%s becomes %s", (specifier, expected) => {
    expect(cdktnSpecifier(specifier)).toBe(expected);
  });

  test.each([
    "cdktf-cli",
    "cdktfx",
    "@cdktf/provider-generator",
    "./cdktf",
    "../cdktf/x",
    "constructs",
    "cdktn",
    "CDKTF",
  ])("%s is left alone", (specifier) => {
    expect(cdktnSpecifier(specifier)).toBe(specifier);
  });
});

describe("the bundled CDN log backup function", () => {
  test("depends on no CDK: neither bundled nor left to require at run time", async () => {
    const result = await build({
      entryPoints: [path.join(repoRoot, "functions", "cdn-log-backup", "src", "index.ts")],
      bundle: true,
      platform: "node",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const cdkModule = /(^|node_modules\/)(cdktf|cdktn|constructs|@cdktf\/[^/]+|@cdktn\/[^/]+)(\/|$)/;
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes("tencentcloud-sdk-nodejs-cdn"))).toBe(true);
    expect(inputs.filter((input) => cdkModule.test(input))).toEqual([]);
    const builtins = new Set(builtinModules);
    const externals = Object.values(result.metafile.outputs).flatMap((output) =>
      output.imports.filter((entry) => entry.external).map((entry) => entry.path.replace(/^node:/, "")),
    );
    // Node built-ins, and node-fetch's optional `encoding`, which it loads inside a try.
    expect(externals.filter((name) => !builtins.has(name) && name !== "encoding")).toEqual([]);
    expect(externals.filter((name) => cdkModule.test(name))).toEqual([]);
  }, 60_000);
});
