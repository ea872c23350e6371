/**
 * Compiles the cdktn flavour of the package into `dist/cdktn`, from the same `lib/` sources as the cdktf flavour
 * (`dist/lib`) and the bindings `@cdktn/provider-generator` made from the same schemas (`.gen-cdktn`):
 *
 *   dist/cdktn/lib/**          `cdktf-access-logs/cdktn`
 *   dist/cdktn/.gen/providers  `cdktf-access-logs/cdktn/providers/<name>`
 *
 * cdktn is cdktf forked under a new name with the same API, so the library source needs no change, only other module
 * specifiers. The compiler resolves `cdktf` and `cdktf/...` to cdktn and `lib/`'s imports of `.gen/` to `.gen-cdktn/`,
 * so the library is type-checked against cdktn and its bindings, and a transformer rewrites exactly those specifiers in
 * the emitted `.js` and `.d.ts`. Nothing else changes: the relative import of `../.gen/providers/...` stays as written
 * and finds the cdktn bindings because they are compiled to `dist/cdktn/.gen`.
 *
 * Run by `npm run build` after the cdktf flavour; `npx ts-node --transpile-only scripts/build-cdktn.ts`.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const REPO_ROOT = path.resolve(__dirname, "..");
const CDKTF_BINDINGS_DIR = path.join(REPO_ROOT, ".gen");
const CDKTN_BINDINGS_DIR = path.join(REPO_ROOT, ".gen-cdktn");
const LIB_DIR = path.join(REPO_ROOT, "lib");

/** `cdktf` → `cdktn`, `cdktf/lib/x` → `cdktn/lib/x`; any other specifier (`cdktf-cli`, `./cdktf`) is left alone. */
export function cdktnSpecifier(specifier: string): string {
  if (specifier === "cdktf") return "cdktn";
  if (specifier.startsWith("cdktf/")) return `cdktn/${specifier.slice("cdktf/".length)}`;
  return specifier;
}

function isUnder(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/** Rewrites the module specifiers of imports, exports, `require()`, `import()` and `import("...")` types. */
function specifierRewriter<T extends ts.SourceFile | ts.Bundle>(context: ts.TransformationContext): ts.Transformer<T> {
  const { factory } = context;
  const literal = (node: ts.Expression | undefined): ts.StringLiteral | undefined => {
    if (!node || !ts.isStringLiteral(node)) return undefined;
    const rewritten = cdktnSpecifier(node.text);
    return rewritten === node.text ? undefined : factory.createStringLiteral(rewritten);
  };
  const visit = (node: ts.Node): ts.Node => {
    if (ts.isImportDeclaration(node)) {
      const specifier = literal(node.moduleSpecifier);
      if (specifier) {
        return factory.updateImportDeclaration(node, node.modifiers, node.importClause, specifier, node.attributes);
      }
    } else if (ts.isExportDeclaration(node)) {
      const specifier = literal(node.moduleSpecifier);
      if (specifier) {
        return factory.updateExportDeclaration(
          node,
          node.modifiers,
          node.isTypeOnly,
          node.exportClause,
          specifier,
          node.attributes,
        );
      }
    } else if (ts.isCallExpression(node) && node.arguments.length === 1) {
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const specifier = isRequire || isDynamicImport ? literal(node.arguments[0]) : undefined;
      if (specifier) return factory.updateCallExpression(node, node.expression, node.typeArguments, [specifier]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const specifier = literal(node.argument.literal as ts.Expression);
      if (specifier) {
        return factory.updateImportTypeNode(
          node,
          factory.updateLiteralTypeNode(node.argument, specifier),
          node.attributes,
          node.qualifier,
          node.typeArguments,
          node.isTypeOf,
        );
      }
    } else if (ts.isExternalModuleReference(node)) {
      const specifier = literal(node.expression);
      if (specifier) return factory.updateExternalModuleReference(node, specifier);
    }
    return ts.visitEachChild(node, visit, context);
  };
  return (node: T): T => {
    if (ts.isBundle(node)) throw new Error("build-cdktn: bundled output (outFile) is not supported");
    return ts.visitEachChild(node, visit, context) as T;
  };
}

/** Where an emitted file of the cdktn program goes: `.gen-cdktn/x` is shipped as `dist/cdktn/.gen/x`. */
function outputPath(emitted: string, outDir: string): string {
  const genCdktnOut = path.join(outDir, path.relative(REPO_ROOT, CDKTN_BINDINGS_DIR));
  return isUnder(emitted, genCdktnOut) ? path.join(outDir, ".gen", path.relative(genCdktnOut, emitted)) : emitted;
}

/**
 * A specifier that survived the rewrite would make the cdktn tree load cdktf at run time (or type-check against it);
 * the build fails rather than ship it.
 */
function leftoverCdktfSpecifiers(file: string, text: string): string[] {
  const pattern = /(?:\brequire\(\s*|\bimport\(\s*|\bfrom\s+)["'](cdktf(?:\/[^"']*)?)["']/g;
  return [...text.matchAll(pattern)].map((match) => `${file}: ${match[1]}`);
}

export interface CdktnBuildResult {
  readonly outDir: string;
  readonly files: readonly string[];
}

/** Type-checks `lib/` against cdktn and its bindings and emits the cdktn tree; throws with the diagnostics. */
export function buildCdktn(outDir = path.join(REPO_ROOT, "dist", "cdktn")): CdktnBuildResult {
  const configPath = path.join(REPO_ROOT, "tsconfig.build.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    { outDir, incremental: false },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  if (!fs.existsSync(path.join(CDKTN_BINDINGS_DIR, "providers"))) {
    throw new Error("build-cdktn: .gen-cdktn/providers is missing; run `npm run get` first");
  }
  const options: ts.CompilerOptions = { ...parsed.options, outDir, rootDir: REPO_ROOT };
  // The library from the build config, the cdktn bindings instead of the cdktf ones.
  const rootNames = [
    ...parsed.fileNames.filter((file) => !isUnder(path.resolve(file), CDKTF_BINDINGS_DIR)),
    ...ts.sys.readDirectory(CDKTN_BINDINGS_DIR, [".ts"], undefined, ["**/*.ts"]),
  ];
  const host = ts.createCompilerHost(options);
  const resolutionCache = ts.createModuleResolutionCache(REPO_ROOT, (name) => name, options);
  host.resolveModuleNameLiterals = (literals, containingFile, redirectedReference, compilerOptions) =>
    literals.map((literal) => {
      const resolved = ts.resolveModuleName(
        cdktnSpecifier(literal.text),
        containingFile,
        compilerOptions,
        host,
        resolutionCache,
        redirectedReference,
      );
      const module = resolved.resolvedModule;
      if (
        module &&
        isUnder(path.resolve(containingFile), LIB_DIR) &&
        isUnder(module.resolvedFileName, CDKTF_BINDINGS_DIR)
      ) {
        const cdktnFile = path.join(CDKTN_BINDINGS_DIR, path.relative(CDKTF_BINDINGS_DIR, module.resolvedFileName));
        return { resolvedModule: { ...module, resolvedFileName: cdktnFile } };
      }
      return resolved;
    });

  const program = ts.createProgram({ rootNames, options, host });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    throw new Error(
      `build-cdktn: the library does not compile against cdktn:\n${ts.formatDiagnostics(diagnostics, host)}`,
    );
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  const files: string[] = [];
  const leftovers: string[] = [];
  const emit = program.emit(
    undefined,
    (fileName, text, writeByteOrderMark) => {
      const target = outputPath(path.resolve(fileName), outDir);
      leftovers.push(...leftoverCdktfSpecifiers(path.relative(outDir, target), text));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      ts.sys.writeFile(target, text, writeByteOrderMark);
      files.push(target);
    },
    undefined,
    false,
    { after: [specifierRewriter], afterDeclarations: [specifierRewriter] },
  );
  if (emit.diagnostics.length > 0) throw new Error(ts.formatDiagnostics(emit.diagnostics, host));
  if (leftovers.length > 0) {
    throw new Error(`build-cdktn: emitted files still import cdktf:\n${leftovers.join("\n")}`);
  }
  return { outDir, files };
}

if (require.main === module) {
  try {
    const { outDir, files } = buildCdktn();
    console.log(`build-cdktn: ${files.length} files in ${path.relative(REPO_ROOT, outDir)}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
