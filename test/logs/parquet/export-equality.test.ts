/*
 * An export holds exactly what the reader parsed: every record of every format, column by column, read back from the
 * Parquet files by Arrow's Rust reader (and counted by DuckDB), with several row groups and parts per partition.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { AccessLogFormat, readAccessLogs } from "../../../lib";
import { accessLogColumns, columnValue, partitionOf } from "../../../lib/logs/access-log-table";
import { ParquetCompression } from "../../../lib/logs/parquet/column-chunk";
import { PartitionedExport } from "../../../lib/logs/partitioned-export";
import { logLine } from "../../../bench/access-log-lines";
import { duckdbRows, Row, rowsByArrow } from "./readers";

const fixtures = join(__dirname, "..", "fixtures");
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "export-equality-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function parquetFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".parquet"))
    .map((f) => join(root, f))
    .sort();
}

/** A row as Arrow reads it back: instants as epoch milliseconds, everything else as the record holds it. */
function expectedRow(format: AccessLogFormat, record: Readonly<Record<string, unknown>>): Row {
  const row: Row = {};
  for (const column of accessLogColumns(format)) {
    const value = columnValue(record, column);
    row[column.name] = value instanceof Date ? value.getTime() : (value as number | string | null);
  }
  return row;
}

/** The fixtures of a format plus generated lines spread over three days and two sources. */
function inputFor(format: AccessLogFormat): string {
  const start = Date.UTC(2026, 10, 20, 22);
  const lines = Array.from({ length: 6000 }, (_, i) => {
    const line = logLine(format, i, start + i * 30_000);
    // A second source: another bucket (BOS, COS) or domain (CDN) on every fifth line, not on the lines where a day
    // begins (every 2,880th from the 240th), so that consecutive lines of one source cross midnight.
    return i % 5 === 1 ? line.replace(/bench-bucket|bench-1250000000|www\.example\.com/g, "other-source") : line;
  });
  const path = join(dir, `${format}.log.gz`);
  writeFileSync(path, gzipSync(`${lines.join("\n")}\n`));
  return path;
}

const FIXTURES: Record<AccessLogFormat, string[]> = {
  bos: ["bos-sample.log", "bos-mixed.log"],
  cos: ["cos-sample.log", "cos-tab-separated.log"],
  cdn: ["cdn-crlf.log"],
};

describe.each(["bos", "cos", "cdn"] as const)("%s", (format) => {
  test.each(["none", "gzip"] as const)(
    "every record, column by column (%s)",
    async (compression: ParquetCompression) => {
      const inputs = [...FIXTURES[format].map((f) => join(fixtures, f)), inputFor(format)];
      const expected = new Map<string, Row[]>();
      const out = join(dir, "out");
      // Small row groups and files, so that partitions take several of each.
      const exporter = PartitionedExport.open({
        format,
        to: "parquet",
        outDir: out,
        compression,
        rowGroupRows: 700,
        maxBufferedRows: 1000,
        maxFileBytes: 64 * 1024,
        maxOpenFiles: 2,
      });
      for await (const record of readAccessLogs(inputs, { format })) {
        exporter.add(record);
        const fields = record as unknown as Readonly<Record<string, unknown>>;
        const { date, source } = partitionOf(format, record);
        const key = `${date}/${source}`;
        expected.set(key, [...(expected.get(key) ?? []), expectedRow(format, fields)]);
      }
      const result = exporter.close();
      const total = [...expected.values()].reduce((n, rows) => n + rows.length, 0);
      expect(result.rows).toBe(total);
      expect(total).toBeGreaterThan(6000);
      expect(result.files.length).toBeGreaterThan(expected.size);

      const actual = new Map<string, Row[]>();
      for (const file of parquetFiles(out)) {
        const [, date, source] = /^date=([^/]+)\/source=([^/]+)\//.exec(relative(out, file)) ?? [];
        const key = `${date}/${decodeURIComponent(source)}`;
        actual.set(key, [...(actual.get(key) ?? []), ...rowsByArrow(file).rows]);
      }
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [key, rows] of expected) expect({ key, rows: actual.get(key) }).toEqual({ key, rows });

      const [{ n }] = await duckdbRows(
        `${out}/**/*.parquet`,
        "SELECT count(*)::INTEGER AS n FROM read_parquet(@F, hive_partitioning = true)",
      );
      expect(n).toBe(total);
    },
  );
});

describe("many partitions at once", () => {
  test("at most maxBufferedPartitions hold rows: past it the fullest is written; every row still lands", async () => {
    const domains = Array.from({ length: 10 }, (_, i) => `d${i}.example.com`);
    // Round robin: every line starts a partition's batch again once the bound is reached.
    const lines = Array.from({ length: 1000 }, (_, i) =>
      logLine("cdn", i, Date.UTC(2026, 10, 21, 3)).replace("www.example.com", domains[i % domains.length]),
    );
    const input = join(dir, "cdn.log");
    writeFileSync(input, `${lines.join("\n")}\n`);
    const rowGroups = async (maxBufferedPartitions: number | undefined) => {
      const out = join(dir, `out-${maxBufferedPartitions}`);
      const exporter = PartitionedExport.open({
        format: "cdn",
        to: "parquet",
        outDir: out,
        rowGroupRows: 1_000_000,
        maxBufferedRows: 1_000_000,
        maxBufferedPartitions,
      });
      for await (const record of readAccessLogs(input, { format: "cdn" })) exporter.add(record);
      expect(exporter.close()).toMatchObject({ rows: 1000, partitions: 10 });
      const [{ groups, rows }] = await duckdbRows(
        `${out}/**/*.parquet`,
        "SELECT count(*)::INTEGER AS groups, sum(num_rows)::INTEGER AS rows FROM (SELECT DISTINCT file_name, row_group_id, row_group_num_rows AS num_rows FROM parquet_metadata(@F))",
      );
      return [groups, rows];
    };
    expect(await rowGroups(undefined)).toEqual([10, 1000]); // the default (1024) never binds here: one group each
    expect(await rowGroups(10)).toEqual([10, 1000]); // at the bound
    const [groups, rows] = await rowGroups(9); // one past it: a group written for nearly every line
    expect(rows).toBe(1000);
    expect(groups).toBeGreaterThan(900);
  });

  test("long fields: past maxBufferedBytes the largest batch is written, checked every 1,024 rows", async () => {
    // Paths of 10 KB (a long query string): 3,000 lines hold about 30 MB of text in one partition.
    const lines = Array.from({ length: 3000 }, (_, i) =>
      logLine("cdn", i, Date.UTC(2026, 10, 21, 3)).replace(/ \/photos\/(\S+) /, ` /p/$1?q=${"x".repeat(10_000)}${i} `),
    );
    const input = join(dir, "long.log");
    writeFileSync(input, `${lines.join("\n")}\n`);
    const groups = async (maxBufferedBytes: number | undefined) => {
      const out = join(dir, `long-${maxBufferedBytes}`);
      const options = { format: "cdn" as const, to: "parquet" as const, outDir: out, maxBufferedBytes };
      const exporter = PartitionedExport.open({ ...options, rowGroupRows: 1_000_000, maxBufferedRows: 1_000_000 });
      for await (const record of readAccessLogs(input, { format: "cdn" })) exporter.add(record);
      expect(exporter.close().rows).toBe(3000);
      const paths = rowsByArrow(parquetFiles(out)[0]).rows.map((row) => row.path);
      expect(paths).toEqual(lines.map((line) => line.split(" ")[3]));
      return duckdbRows(
        `${out}/**/*.parquet`,
        "SELECT DISTINCT row_group_id, row_group_num_rows::INTEGER AS n FROM parquet_metadata(@F) ORDER BY row_group_id",
      );
    };
    expect(await groups(undefined)).toEqual([{ row_group_id: 0n, n: 3000 }]); // 30 MB < 64 MiB
    // 4 MiB: checked at rows 1,024, 2,048 (about 10 MB each time): written there, and the rest at the end.
    expect((await groups(4 * 1024 * 1024)).map((g) => g.n)).toEqual([1024, 1024, 952]);
  });
});
