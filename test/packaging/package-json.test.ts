// The published package's shape, checked from package.json and the build configuration without packing (the consumer
// test packs and installs the real tarball).
import * as fs from "fs";
import * as path from "path";
import { VENDORED_PROVIDERS } from "../../scripts/schema-manifest";

const ROOT = path.resolve(__dirname, "..", "..");

interface PackageJson {
  readonly main: string;
  readonly types: string;
  readonly exports: { readonly [subpath: string]: string | { readonly types: string; readonly default: string } };
  readonly bin: { readonly [name: string]: string };
  readonly files: readonly string[];
  readonly scripts: { readonly [name: string]: string };
  readonly engines: { readonly node: string };
  readonly license: string;
  readonly repository?: { readonly type: string; readonly url: string };
  readonly keywords?: readonly string[];
  readonly peerDependencies: { readonly [name: string]: string };
  readonly peerDependenciesMeta?: { readonly [name: string]: { readonly optional?: boolean } };
  readonly dependencies?: { readonly [name: string]: string };
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as PackageJson;

/** True when `file` (package-relative, `./` optional) is inside one of the `files` entries. */
function shipped(file: string): boolean {
  const normalized = path.posix.normalize(file.replace(/^\.\//, ""));
  return (
    normalized === "package.json" ||
    pkg.files.some((entry) => normalized === entry || normalized.startsWith(`${entry}/`))
  );
}

/**
 * The source file the build compiles into a `dist/...` path: tsconfig.build.json has rootDir ".", so `dist/lib/x.js`
 * comes from `lib/x.ts` and `dist/.gen/...` from `.gen/...`.
 */
function sourceOf(distFile: string): string {
  // dist/cdktn holds the same lib/ built against cdktn, and the cdktn bindings from .gen-cdktn/.
  const relative = distFile
    .replace(/^\.\//, "")
    .replace(/^dist\/cdktn\/\.gen\//, ".gen-cdktn/")
    .replace(/^dist\/(cdktn\/)?/, "");
  return path.join(ROOT, relative.replace(/\.d\.ts$/, ".ts").replace(/\.js$/, ".ts"));
}

describe("package.json", () => {
  test("has no install-time scripts: consumers run nothing on install", () => {
    for (const hook of ["preinstall", "install", "postinstall", "prepare", "preprepare", "postprepare"]) {
      expect(pkg.scripts[hook]).toBeUndefined();
    }
  });

  test("prepack builds, and the build first generates the bindings and bundles the function", () => {
    // The API reference (typedoc, docs/api) is generated from the same sources and shipped for users to browse.
    expect(pkg.scripts.prepack).toBe("npm run build && npm run docs");
    expect(pkg.scripts.docs).toBe("typedoc");
    expect(pkg.files).toContain("docs/api");
    expect(pkg.scripts.prebuild).toBe("npm run --silent setup");
    expect(pkg.scripts.setup).toBe("node scripts/setup.mjs");
    // The README's two commands must work on a fresh clone, where `npm ci` generated nothing.
    expect(pkg.scripts.presynth).toBe("npm run --silent setup");
    expect(pkg.scripts.pretest).toBe("npm run --silent setup");
  });

  test("exports the library, one entry per vendored provider, and package.json", () => {
    const expected: PackageJson["exports"] = {
      ".": { types: "./dist/lib/index.d.ts", default: "./dist/lib/index.js" },
      ...Object.fromEntries(
        VENDORED_PROVIDERS.map((provider) => [
          `./providers/${provider.name}`,
          {
            types: `./dist/.gen/providers/${provider.name}/index.d.ts`,
            default: `./dist/.gen/providers/${provider.name}/index.js`,
          },
        ]),
      ),
      // The same again, built against cdktn (scripts/build-cdktn.ts).
      "./cdktn": { types: "./dist/cdktn/lib/index.d.ts", default: "./dist/cdktn/lib/index.js" },
      ...Object.fromEntries(
        VENDORED_PROVIDERS.map((provider) => [
          `./cdktn/providers/${provider.name}`,
          {
            types: `./dist/cdktn/.gen/providers/${provider.name}/index.d.ts`,
            default: `./dist/cdktn/.gen/providers/${provider.name}/index.js`,
          },
        ]),
      ),
      "./package.json": "./package.json",
    };
    expect(pkg.exports).toEqual(expected);
    expect(`./${pkg.main}`).toBe((pkg.exports["."] as { default: string }).default);
    expect(`./${pkg.types}`).toBe((pkg.exports["."] as { types: string }).types);
  });

  test("every exported file is shipped and built from a source in the repository", () => {
    for (const target of Object.values(pkg.exports).flatMap((entry) =>
      typeof entry === "string" ? [entry] : [entry.types, entry.default],
    )) {
      expect(shipped(target)).toBe(true);
      if (target !== "./package.json") expect(target.startsWith("./dist/")).toBe(true);
    }
    expect(fs.existsSync(sourceOf("dist/lib/index.js"))).toBe(true);
    const build = fs.readFileSync(path.join(ROOT, "tsconfig.build.json"), "utf8");
    expect(build).toContain('"include": ["lib/**/*.ts", ".gen/**/*.ts"]');
    for (const bin of Object.values(pkg.bin)) {
      expect(shipped(bin)).toBe(true);
      expect(fs.existsSync(path.join(ROOT, bin))).toBe(true);
    }
  });

  // TypeScript's classic "moduleResolution": "node" (what `cdktf init` writes) ignores "exports": it needs a real
  // providers/<name>/index.{js,d.ts} in the package.
  test.each(VENDORED_PROVIDERS.map((provider) => provider.name))(
    "providers/%s resolves without the exports map",
    (name) => {
      const dir = path.join(ROOT, "providers", name);
      expect(shipped(`providers/${name}/index.js`)).toBe(true);
      expect(fs.readFileSync(path.join(dir, "index.js"), "utf8")).toContain(
        `module.exports = require("../../dist/.gen/providers/${name}/index.js");`,
      );
      expect(fs.readFileSync(path.join(dir, "index.d.ts"), "utf8")).toContain(
        `export * from "../../dist/.gen/providers/${name}/index";`,
      );
      expect(fs.existsSync(sourceOf(`dist/.gen/providers/${name}/index.js`))).toBe(true);
    },
  );

  test("cdktn resolves without the exports map", () => {
    expect(shipped("cdktn/index.js")).toBe(true);
    expect(fs.readFileSync(path.join(ROOT, "cdktn", "index.js"), "utf8")).toContain(
      `module.exports = require("../dist/cdktn/lib/index.js");`,
    );
    expect(fs.readFileSync(path.join(ROOT, "cdktn", "index.d.ts"), "utf8")).toContain(
      `export * from "../dist/cdktn/lib/index";`,
    );
    expect(fs.existsSync(sourceOf("dist/cdktn/lib/index.js"))).toBe(true);
  });

  test.each(VENDORED_PROVIDERS.map((provider) => provider.name))(
    "cdktn/providers/%s resolves without the exports map",
    (name) => {
      const dir = path.join(ROOT, "cdktn", "providers", name);
      expect(shipped(`cdktn/providers/${name}/index.js`)).toBe(true);
      expect(fs.readFileSync(path.join(dir, "index.js"), "utf8")).toContain(
        `module.exports = require("../../../dist/cdktn/.gen/providers/${name}/index.js");`,
      );
      expect(fs.readFileSync(path.join(dir, "index.d.ts"), "utf8")).toContain(
        `export * from "../../../dist/cdktn/.gen/providers/${name}/index";`,
      );
      expect(fs.existsSync(sourceOf(`dist/cdktn/.gen/providers/${name}/index.js`))).toBe(true);
    },
  );

  test("ships no source maps (they would point at sources the package leaves out)", () => {
    const build = JSON.parse(
      fs
        .readFileSync(path.join(ROOT, "tsconfig.build.json"), "utf8")
        .split("\n")
        .filter((line) => !line.trim().startsWith("//"))
        .join("\n"),
    ) as { compilerOptions: { [option: string]: unknown } };
    expect(build.compilerOptions).toMatchObject({ sourceMap: false, inlineSourceMap: false, inlineSources: false });
    expect(build.compilerOptions.declarationMap).toBeUndefined();
    expect(pkg.files).toEqual(expect.arrayContaining(["LICENSE", "README.md"]));
    expect(pkg.files.some((entry) => /^(lib|test|scripts|\.gen)(\/|$)/.test(entry))).toBe(false);
  });

  test("is Apache-2.0 with the full license text", () => {
    expect(pkg.license).toBe("Apache-2.0");
    const license = fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8");
    expect(license).toContain("Apache License\n                           Version 2.0, January 2004");
    expect(license).toContain("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION");
    expect(license).toContain("END OF TERMS AND CONDITIONS");
    expect(license.split("\n").length).toBeGreaterThanOrEqual(200);
  });

  test("has repository, keywords and the Node.js range cdktf 0.21 projects require", () => {
    expect(pkg.repository?.type).toBe("git");
    expect(pkg.keywords).toEqual(expect.arrayContaining(["cdktf", "terraform", "tencentcloud", "baiducloud"]));
    // `cdktf init --template=typescript` (cdktf-cli 0.21) writes this engines range into every new project.
    const template = JSON.parse(
      fs.readFileSync(
        path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "templates", "typescript", "package.json"),
        "utf8",
      ),
    ) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(template.engines.node);
    // The library runs in the user's app with the user's cdktf and constructs: peers, never bundled copies. It has no
    // dependencies of its own (`logs export` writes Parquet itself, lib/logs/parquet/); DuckDB, 70 MB of native code,
    // is installed by those who run `logs query` (README "Export to Parquet, SQL on one machine, engines beyond it").
    expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual([
      "@baiducloud/sdk",
      "cdktf",
      "cdktn",
      "constructs",
      "cos-nodejs-sdk-v5",
      "tencentcloud-sdk-nodejs-common",
      "tencentcloud-sdk-nodejs-scf",
    ]);
    // The SDKs only `verify` loads are optional peers: installing the library never pulls them in.
    const optional = (name: string) => pkg.peerDependenciesMeta?.[name]?.optional === true;
    for (const sdk of [
      "@baiducloud/sdk",
      "cos-nodejs-sdk-v5",
      "tencentcloud-sdk-nodejs-common",
      "tencentcloud-sdk-nodejs-scf",
    ])
      expect(optional(sdk)).toBe(true);
  });
});
