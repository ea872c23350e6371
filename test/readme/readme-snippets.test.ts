// README.md is a contract: every TypeScript snippet is a complete program that type-checks under the tsconfig
// `cdktf init` writes and synthesizes without warnings or check-pack findings. Here the package names resolve to
// this checkout's sources; test/packaging/consumer.test.ts runs the same snippets against the packed tarball.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { checkSchemaConformance, formatSchemaProblems, runAccessLogChecks } from "../../lib";
import { PACKAGE_PATHS, runSnippet } from "./run-snippet";
import { cdktfInitTsconfig, readmeSnippets, ReadmeSnippet } from "./snippets";
import { stateLocationProblems } from "./state-location";

const ROOT = path.resolve(__dirname, "..", "..");
const snippets = readmeSnippets();

/** Where the snippets live for the compiler: virtual files in the checkout, so `cdktf` resolves to node_modules. */
const virtualPath = (snippet: ReadmeSnippet): string =>
  path.join(ROOT, "test", "readme", "__snippets__", snippet.fileName);

test("README has the COS, CDN backup, BOS and schema-check snippets, each importing the package", () => {
  expect(snippets.length).toBeGreaterThanOrEqual(4);
  for (const snippet of snippets) expect(snippet.code).toMatch(/from "cdktf-access-logs(\/providers\/\w+)?";/);
  const all = snippets.map((snippet) => snippet.code).join("\n");
  for (const name of [
    "CosAccessLogging.enable(",
    "new CdnLogBackup(",
    "enableBosAccessLogging(",
    "checkSchemaConformance(",
  ]) {
    expect(all).toContain(name);
  }
});

test("every snippet type-checks under the tsconfig cdktf init writes", () => {
  const { compilerOptions } = cdktfInitTsconfig();
  const converted = ts.convertCompilerOptionsFromJson({ ...compilerOptions, incremental: false, noEmit: true }, ROOT);
  expect(converted.errors).toEqual([]);
  const options: ts.CompilerOptions = {
    ...converted.options,
    baseUrl: ROOT,
    paths: Object.fromEntries(Object.entries(PACKAGE_PATHS).map(([specifier, file]) => [specifier, [file]])),
  };
  const files = new Map(snippets.map((snippet) => [virtualPath(snippet), snippet.code]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, language, ...rest) => {
    const text = files.get(path.resolve(fileName));
    return text !== undefined
      ? ts.createSourceFile(fileName, text, language)
      : getSourceFile.call(host, fileName, language, ...rest);
  };
  host.fileExists = (fileName) => files.has(path.resolve(fileName)) || fileExists.call(host, fileName);
  host.readFile = (fileName) => files.get(path.resolve(fileName)) ?? readFile.call(host, fileName);
  const program = ts.createProgram([...files.keys()], options, host);
  // Only the snippets' own diagnostics: the library's sources are checked by the build under its own settings.
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || files.has(path.resolve(d.file.fileName)));
  const report = ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => "\n",
  });
  expect(report).toBe("");
});

describe.each(
  snippets
    .filter((snippet) => snippet.run)
    .map((snippet) => [`#${snippet.number} (README.md line ${snippet.line})`, snippet] as const),
)("snippet %s", (_title, snippet) => {
  test("runs and synthesizes without warnings, schema problems or check-pack findings", async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-snippet-"));
    try {
      const apps = await runSnippet(snippet, outdir);
      for (const app of apps) {
        const warnings = app.node
          .findAll()
          .flatMap((construct) =>
            construct.node.metadata.filter((entry) => entry.type === "@cdktf/warn").map((entry) => String(entry.data)),
          );
        expect(warnings).toEqual([]);
        const stacksDir = path.join(app.outdir, "stacks");
        const stacks = fs.readdirSync(stacksDir);
        expect(stacks.length).toBeGreaterThan(0);
        for (const stack of stacks) {
          const text = fs.readFileSync(path.join(stacksDir, stack, "cdk.tf.json"), "utf8");
          expect(formatSchemaProblems(checkSchemaConformance(text))).toBe("");
          expect(runAccessLogChecks(JSON.parse(text)).map((finding) => `${finding.ruleId} ${finding.detail}`)).toEqual(
            [],
          );
          // The same JSON on every machine: no absolute paths of this one (state, assets).
          expect(text).not.toContain(outdir);
          expect(text).not.toContain(ROOT);
        }
        // State survives `rm -rf cdktf.out`: a relative local path is resolved in cdktf.out/stacks/<stack>/.
        expect(stateLocationProblems(app.outdir)).toEqual([]);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
