// The house rules of the code base: no import cycles (type-only imports included), no long source files, the log
// readers and the reviewer independent of each other, and one command entry.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { importCycles, ImportGraph, importGraph, importSpecifiers, resolveRelative, sourceFiles } from "./import-graph";

const ROOT = path.join(__dirname, "..", "..");
const LIB = path.join(ROOT, "lib");
const FUNCTION_SOURCES = fs
  .readdirSync(path.join(ROOT, "functions"))
  .map((name) => path.join(ROOT, "functions", name, "src"))
  .filter((dir) => fs.existsSync(dir));
const SOURCES = [LIB, ...FUNCTION_SOURCES].flatMap(sourceFiles);
const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");

/** The longest a source file of lib/ or functions/<name>/src may be, in lines. */
const MAX_SOURCE_LINES = 500;

describe("the import walk", () => {
  test("finds static, type-only, re-exported, dynamic and required imports, not commented-out ones", () => {
    const source = [
      'import { a } from "./a";',
      'import type { B } from "./b";',
      'import "./side-effect";',
      'export * from "./c";',
      'export type { D } from "./d";',
      "import {\n  e,\n  f,\n} from './ef';",
      'const g = require("./g");',
      'const h = await import("./h");',
      'import i = require("./i");',
      '// import { x } from "./commented";',
      '/* import { y } from "./block"; */',
      'const url = "http://example.com"; import { j } from "./j";',
    ].join("\n");
    expect(importSpecifiers(source)).toEqual(
      expect.arrayContaining(["./a", "./b", "./side-effect", "./c", "./d", "./ef", "./g", "./h", "./i", "./j"]),
    );
    expect(importSpecifiers(source)).not.toEqual(expect.arrayContaining(["./commented"]));
    expect(importSpecifiers(source)).not.toEqual(expect.arrayContaining(["./block"]));
    expect(importSpecifiers(source)).toHaveLength(10);
  });

  test("resolves a specifier to a file, a folder's index or an ESM-style .js name; packages are not followed", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-graph-"));
    try {
      fs.mkdirSync(path.join(dir, "room"));
      for (const file of ["a.ts", "room/index.ts", "b.ts"]) fs.writeFileSync(path.join(dir, file), "");
      const from = path.join(dir, "a.ts");
      expect(resolveRelative(from, "./b")).toBe(path.join(dir, "b.ts"));
      expect(resolveRelative(from, "./b.js")).toBe(path.join(dir, "b.ts"));
      expect(resolveRelative(from, "./room")).toBe(path.join(dir, "room", "index.ts"));
      expect(resolveRelative(from, "./missing")).toBeUndefined();
      expect(resolveRelative(from, "cdktf")).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const graph = (edges: { [file: string]: string[] }): ImportGraph => new Map(Object.entries(edges));

  test.each([
    ["a chain", { a: ["b"], b: ["c"], c: [] }, []],
    ["a diamond", { a: ["b", "c"], b: ["d"], c: ["d"], d: [] }, []],
    ["two files importing each other", { a: ["b"], b: ["a"] }, [["a", "b"]]],
    ["a file importing itself", { a: ["a"], b: ["a"] }, [["a"]]],
    ["a circle of three beside a chain", { x: ["a"], a: ["b"], b: ["c"], c: ["a", "d"], d: [] }, [["a", "b", "c"]]],
    [
      "two separate circles",
      { a: ["b"], b: ["a"], c: ["d"], d: ["c"] },
      [
        ["a", "b"],
        ["c", "d"],
      ],
    ],
  ])("cycles of %s", (_name, edges, cycles) => {
    expect(importCycles(graph(edges)).sort((x, y) => x[0].localeCompare(y[0]))).toEqual(cycles);
  });

  test("a circle closed only by a type-only import is found in real files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-graph-"));
    try {
      fs.writeFileSync(path.join(dir, "a.ts"), 'import { b } from "./b";\nexport interface A { b: typeof b }\n');
      fs.writeFileSync(
        path.join(dir, "b.ts"),
        'import type { A } from "./a";\nexport const b: A | undefined = undefined;\n',
      );
      expect(importCycles(importGraph(sourceFiles(dir)))).toEqual([[path.join(dir, "a.ts"), path.join(dir, "b.ts")]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the house", () => {
  const graph = importGraph(SOURCES);
  const importsOf = (file: string) => (graph.get(file) ?? []).map(relative);

  test("walks lib/ and every function's src/", () => {
    expect(SOURCES.map(relative)).toEqual(
      expect.arrayContaining(["lib/index.ts", "lib/cli/index.ts", "functions/cdn-log-backup/src/index.ts"]),
    );
  });

  test("no import cycle in lib/ or functions/*/src, type-only imports included", () => {
    expect(importCycles(graph).map((cycle) => cycle.map(relative))).toEqual([]);
  });

  test("the folders of lib/ stand in layers: no two folders import each other, even through others", () => {
    const folderOf = (file: string) => path.dirname(relative(file));
    const folders: ImportGraph = new Map();
    for (const [file, targets] of graph) {
      if (!relative(file).startsWith("lib/")) continue;
      const from = folderOf(file);
      const edges = new Set(folders.get(from) ?? []);
      for (const target of targets) if (folderOf(target) !== from) edges.add(folderOf(target));
      folders.set(from, [...edges].sort());
    }
    expect(folders.get("lib/tencentcloud/cos")).toEqual(expect.arrayContaining(["lib/tencentcloud/cam"]));
    expect(importCycles(folders)).toEqual([]);
  });

  test(`no source file over ${MAX_SOURCE_LINES} lines`, () => {
    const long = SOURCES.map((file) => ({
      file: relative(file),
      lines: fs.readFileSync(file, "utf8").split("\n").length - 1,
    })).filter(({ lines }) => lines > MAX_SOURCE_LINES);
    expect(long).toEqual([]);
  });

  test("the log readers and the reviewer do not import each other", () => {
    for (const file of SOURCES.filter((f) => relative(f).startsWith("lib/logs/")))
      expect({ file: relative(file), imports: importsOf(file).filter((f) => f.startsWith("lib/review/")) }).toEqual({
        file: relative(file),
        imports: [],
      });
    for (const file of SOURCES.filter((f) => relative(f).startsWith("lib/review/")))
      expect({ file: relative(file), imports: importsOf(file).filter((f) => f.startsWith("lib/logs/")) }).toEqual({
        file: relative(file),
        imports: [],
      });
  });

  test("the Markdown helpers stand on their own", () => {
    for (const file of SOURCES.filter((f) => relative(f).startsWith("lib/markdown/")))
      expect(importsOf(file).filter((f) => !f.startsWith("lib/markdown/"))).toEqual([]);
  });

  test("the command line has one entry: only lib/index.ts imports lib/cli/, and bin/ loads only its index", () => {
    const importers = SOURCES.filter((file) => !relative(file).startsWith("lib/cli/")).filter((file) =>
      importsOf(file).some((f) => f.startsWith("lib/cli/")),
    );
    expect(importers.map(relative)).toEqual(["lib/index.ts"]);
    const bin = fs.readFileSync(path.join(ROOT, "bin", "cdktf-access-logs.js"), "utf8");
    const modules = [...bin.matchAll(/path\.join\(__dirname, "\.\.", ((?:"[^"]+"(?:, )?)+)\)/g)]
      .map((m) => m[1])
      .filter((args) => /"(?:lib|dist)"/.test(args));
    expect(modules).toEqual(['"dist", "lib", "cli", "index.js"', '"lib", "cli", "index.ts"']);
  });
});
