/*
 * PartitionedExport's policies, each at its value and one past: when a row group is written (rows per group, rows
 * buffered, partitions holding rows, bytes buffered), when a file is finished (size, files open, which one), and what
 * the result reports.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AccessLogFormat, parseCdnAccessLogLine } from "../../lib";
import { PartitionedExport, PartitionedExportOptions } from "../../lib/logs/partitioned-export";
import { logLine } from "../../bench/access-log-lines";
import { duckdbRows } from "./parquet/readers";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "partitioned-export-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const DAY = Date.UTC(2026, 10, 21, 3);

/** A CDN record of `domain`, request number `i`; `pathLength` pads the path. */
function record(domain: string, i: number, pathLength = 0) {
  const line = logLine("cdn", i, DAY + i * 1000)
    .replace("www.example.com", domain)
    .replace(/ \/photos\/(\S+) /, ` /p/$1${"x".repeat(pathLength)} `);
  return parseCdnAccessLogLine(line);
}

type Options = Omit<PartitionedExportOptions, "format" | "outDir" | "to"> & { to?: "parquet" | "ndjson" };

let runs = 0;
/** Exports the records of `domains` (one letter each, a.example.com...) in that order; returns the result. */
function exportOf(domains: string, options: Options, pathLength = 0) {
  const outDir = join(dir, `out-${++runs}`);
  const format: AccessLogFormat = "cdn";
  const exporter = PartitionedExport.open({ to: "parquet", ...options, format, outDir });
  [...domains].forEach((d, i) => exporter.add(record(`${d}.example.com`, i, pathLength)));
  return { outDir, result: exporter.close() };
}

/** Rows of each row group of each file, `source/part`: [rows, ...]. */
async function rowGroups(outDir: string): Promise<Record<string, number[]>> {
  const rows = await duckdbRows(
    `${outDir}/**/*.parquet`,
    "SELECT file_name AS f, row_group_id::INTEGER AS g, any_value(row_group_num_rows)::INTEGER AS n FROM parquet_metadata(@F) GROUP BY ALL ORDER BY f, g",
  );
  const out: Record<string, number[]> = {};
  for (const { f, n } of rows) {
    const key = String(f).split("/").slice(-2).join("/").replace(".example.com", "").replace("source=", "");
    (out[key] ??= []).push(n as number);
  }
  return out;
}

describe("when a row group is written", () => {
  test("at rowGroupRows rows, not one before", async () => {
    expect(await rowGroups(exportOf("aaaaaaaaaa", { rowGroupRows: 5 }).outDir)).toEqual({
      "a/part-00000.parquet": [5, 5],
    });
    expect(await rowGroups(exportOf("aaaaaaaaaa", { rowGroupRows: 4 }).outDir)).toEqual({
      "a/part-00000.parquet": [4, 4, 2],
    });
  });

  test("when all partitions together hold maxBufferedRows, the fullest (the first of equals) is written", async () => {
    // Six rows buffered at the sixth: a and b hold three each; a is written, its seventh row and b at the end.
    expect(await rowGroups(exportOf("abababa", { rowGroupRows: 5, maxBufferedRows: 6 }).outDir)).toEqual({
      "a/part-00000.parquet": [3, 1],
      "b/part-00000.parquet": [3],
    });
    // Below the bound nothing is written before the end; at 3 rows, the fullest (a, 2) at the third row.
    expect(await rowGroups(exportOf("aabbbba", { rowGroupRows: 10, maxBufferedRows: 10 }).outDir)).toEqual({
      "a/part-00000.parquet": [3],
      "b/part-00000.parquet": [4],
    });
    expect(await rowGroups(exportOf("aabbbba", { rowGroupRows: 3, maxBufferedRows: 3 }).outDir)).toEqual({
      "a/part-00000.parquet": [2, 1],
      "b/part-00000.parquet": [3, 1],
    });
    // The fullest, not the first to hold rows: b (3) goes at the fourth row, a (1) stays.
    expect(await rowGroups(exportOf("abbba", { rowGroupRows: 4, maxBufferedRows: 4 }).outDir)).toEqual({
      "a/part-00000.parquet": [2],
      "b/part-00000.parquet": [3],
    });
    // maxBufferedRows below rowGroupRows counts as rowGroupRows: 5 here, so a's three rows go at the fifth.
    expect(await rowGroups(exportOf("ababab", { rowGroupRows: 5, maxBufferedRows: 2 }).outDir)).toEqual({
      "a/part-00000.parquet": [3],
      "b/part-00000.parquet": [3],
    });
  });

  test("more than maxBufferedPartitions partitions holding rows: the fullest is written", async () => {
    expect(await rowGroups(exportOf("aabc", { maxBufferedPartitions: 3 }).outDir)).toEqual({
      "a/part-00000.parquet": [2],
      "b/part-00000.parquet": [1],
      "c/part-00000.parquet": [1],
    });
    expect(await rowGroups(exportOf("aabca", { maxBufferedPartitions: 2 }).outDir)).toEqual({
      "a/part-00000.parquet": [2, 1],
      "b/part-00000.parquet": [1],
      "c/part-00000.parquet": [1],
    });
  });

  test("past maxBufferedBytes, the largest batches first until the rest fit", async () => {
    // b's first row comes first; a's rows carry 10 KB paths. At the 1,024th row a holds ~5 MB, b little: only a goes.
    const domains = `b${"ab".repeat(1200)}`;
    const groups = await rowGroups(exportOf(domains, { maxBufferedBytes: 4 * 1024 * 1024 }, 0).outDir);
    expect(groups).toEqual({ "a/part-00000.parquet": [1200], "b/part-00000.parquet": [1201] }); // short paths: fits
    const long = await rowGroups(exportLong(domains, 4 * 1024 * 1024));
    expect(long["b/part-00000.parquet"]).toEqual([1201]);
    expect(long["a/part-00000.parquet"]).toEqual([512, 512, 176]);
  });
});

/** As exportOf, with 10 KB paths for domain a only. */
function exportLong(domains: string, maxBufferedBytes: number): string {
  const outDir = join(dir, `out-${++runs}`);
  const exporter = PartitionedExport.open({ format: "cdn", to: "parquet", outDir, maxBufferedBytes });
  [...domains].forEach((d, i) => exporter.add(record(`${d}.example.com`, i, d === "a" ? 10_000 : 0)));
  exporter.close();
  return outDir;
}

describe("when a file is finished", () => {
  test("after the row group that brings it to maxFileBytes; the partition goes on in its next part", () => {
    const one = exportOf("aaa", { to: "ndjson", rowGroupRows: 3 });
    const size = statSync(join(one.outDir, one.result.files[0])).size;
    const at = exportOf("aaaaaa", { to: "ndjson", rowGroupRows: 3, maxFileBytes: size });
    expect(at.result.files.map(partOf)).toEqual(["a/part-00000.ndjson", "a/part-00001.ndjson"]);
    const past = exportOf("aaaaaa", { to: "ndjson", rowGroupRows: 3, maxFileBytes: size + 1 });
    expect(past.result.files.map(partOf)).toEqual(["a/part-00000.ndjson"]);
  });

  test("at most maxOpenFiles open: the least recently written is finished first", () => {
    // Every row its own group: a b c opens three files; with two allowed, c finishes a, and a's next row starts part 1.
    const two = exportOf("abca", { to: "ndjson", rowGroupRows: 1, maxOpenFiles: 2 });
    expect(two.result.files.map(partOf)).toEqual([
      "a/part-00000.ndjson",
      "b/part-00000.ndjson",
      "c/part-00000.ndjson",
      "a/part-00001.ndjson",
    ]);
    // b is written after a again: then b is the least recent when c opens.
    const again = exportOf("abac", { to: "ndjson", rowGroupRows: 1, maxOpenFiles: 2 });
    expect(again.result.files.map(partOf)).toEqual([
      "b/part-00000.ndjson",
      "a/part-00000.ndjson",
      "c/part-00000.ndjson",
    ]);
    const three = exportOf("abca", { to: "ndjson", rowGroupRows: 1, maxOpenFiles: 3 });
    expect(three.result.files.map(partOf)).toEqual([
      "a/part-00000.ndjson",
      "b/part-00000.ndjson",
      "c/part-00000.ndjson",
    ]);
  });
});

describe("the result", () => {
  test("rows, partitions, files in the order finished, and bytes: the files' sizes", () => {
    const { outDir, result } = exportOf("abcab", { to: "ndjson", rowGroupRows: 2 });
    expect(result).toMatchObject({ rows: 5, partitions: 3 });
    const sizes = result.files.reduce((sum, f) => sum + statSync(join(outDir, f)).size, 0);
    expect(result.bytes).toBe(sizes);
    const written = result.files.flatMap((f) => readFileSync(join(outDir, f), "utf8").trimEnd().split("\n"));
    expect(written).toHaveLength(5);
    expect(readdirSync(outDir)).toEqual(["date=2026-11-21"]);
  });

  test("a day change within one source starts a new partition", () => {
    const exporter = PartitionedExport.open({ format: "cdn", to: "ndjson", outDir: join(dir, "days") });
    const late = parseCdnAccessLogLine(logLine("cdn", 1, Date.UTC(2026, 10, 21, 23, 59, 59)));
    const early = parseCdnAccessLogLine(logLine("cdn", 2, Date.UTC(2026, 10, 22, 0, 0, 0)));
    exporter.add(late);
    exporter.add(early);
    expect([...exporter.close().files].sort()).toEqual([
      "date=2026-11-21/source=www.example.com/part-00000.ndjson",
      "date=2026-11-22/source=www.example.com/part-00000.ndjson",
    ]);
  });
});

function partOf(file: string): string {
  return file.split("/").slice(1).join("/").replace("source=", "").replace(".example.com", "");
}
