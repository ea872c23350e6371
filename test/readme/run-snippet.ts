// Runs a README snippet in this process, with the package names resolved to this checkout's sources.
import * as path from "path";
import * as cdktf from "cdktf";
import * as ts from "typescript";
import { ReadmeSnippet } from "./snippets";

const ROOT = path.resolve(__dirname, "..", "..");

/** How `import ... from "cdktf-access-logs..."` maps onto this checkout (the package's exports, before the build). */
export const PACKAGE_PATHS: { [specifier: string]: string } = {
  "cdktf-access-logs": path.join(ROOT, "lib", "index.ts"),
  "cdktf-access-logs/providers/tencentcloud": path.join(ROOT, ".gen", "providers", "tencentcloud", "index.ts"),
  "cdktf-access-logs/providers/baiducloud": path.join(ROOT, ".gen", "providers", "baiducloud", "index.ts"),
};

/**
 * Runs the snippet; every `new App()` it makes is recorded and writes into `outdir/app-<n>` instead of ./cdktf.out.
 *
 * @param config added to every App's config, e.g. `{ hclOutput: true }`
 * @returns the apps the snippet made, in order
 */
export async function runSnippet(
  snippet: ReadmeSnippet,
  outdir: string,
  config: cdktf.AppConfig = {},
): Promise<cdktf.App[]> {
  const apps: cdktf.App[] = [];
  class RecordingApp extends cdktf.App {
    constructor(own: cdktf.AppConfig = {}) {
      super({ ...own, ...config, outdir: own.outdir ?? path.join(outdir, `app-${apps.length}`) });
      apps.push(this);
    }
  }
  const modules: { [specifier: string]: unknown } = {
    cdktf: { ...cdktf, App: RecordingApp },
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ...Object.fromEntries(Object.entries(PACKAGE_PATHS).map(([specifier, file]) => [specifier, require(file)])),
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (specifier: string): unknown => (specifier in modules ? modules[specifier] : require(specifier));
  const { outputText } = ts.transpileModule(snippet.code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
    fileName: snippet.fileName,
  });
  const module = { exports: {} };
  // An async wrapper, so a snippet written with top-level await runs too.
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<void>;
  await new AsyncFunction("require", "module", "exports", outputText)(load, module, module.exports);
  return apps;
}
