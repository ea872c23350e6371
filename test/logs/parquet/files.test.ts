/*
 * Parquet files from ParquetFileWriter, read back by two independent readers (DuckDB and Arrow's Rust reader): every
 * type, null pattern, encoding and limit, both codecs, the footer's metadata, and what the writer refuses.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  FEW_DISTINCT_VALUES,
  NumberColumnBuilder,
  StringColumnBuilder,
} from "../../../lib/logs/parquet/column-builders";
import { ColumnBuilder, ParquetColumn, ParquetCompression } from "../../../lib/logs/parquet/column-chunk";
import { newColumnBuilders, ParquetFileWriter, plainColumns } from "../../../lib/logs/parquet/parquet-file";
import { duckdbRows, Row, rowsByArrow, rowsByDuckdb } from "./readers";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "parquet-writer-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Value = number | string | null | undefined;

/** Writes `groups` (rows of values in column order) as one row group each; returns the path. */
function writeFile(
  columns: readonly ParquetColumn[],
  groups: readonly (readonly Value[])[][],
  compression: ParquetCompression = "none",
  name = "t.parquet",
): string {
  const path = join(dir, name);
  const file = new ParquetFileWriter(path, columns, { createdBy: "cdktf-access-logs tests", compression });
  let builders: ColumnBuilder[] = newColumnBuilders(columns);
  for (const rows of groups) {
    for (const row of rows)
      columns.forEach((column, i) => {
        const value = row[i];
        if (column.type === "timestamp")
          (builders[i] as NumberColumnBuilder).addTime(typeof value === "number" ? new Date(value) : (value as null));
        else if (column.type === "string") (builders[i] as StringColumnBuilder).add(value as string | null);
        else (builders[i] as NumberColumnBuilder).add(value as number | null);
      });
    file.writeRowGroup(builders);
    builders = newColumnBuilders(columns, plainColumns(builders));
  }
  file.close();
  return path;
}

const asRows = (columns: readonly ParquetColumn[], groups: readonly (readonly Value[])[][]): Row[] =>
  groups.flat().map((row) => Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null])) as Row);

/** Reads `path` with both readers and expects exactly `expected`, in order. */
async function expectRows(path: string, columns: readonly ParquetColumn[], expected: Row[]): Promise<void> {
  const names = columns.map((c) => c.name);
  const timestamps = columns.filter((c) => c.type === "timestamp").map((c) => c.name);
  expect(await rowsByDuckdb(path, names, timestamps)).toEqual(expected);
  expect(rowsByArrow(path).rows).toEqual(expected);
}

const COLUMNS: readonly ParquetColumn[] = [
  { name: "time", type: "timestamp" },
  { name: "status", type: "int32" },
  { name: "bytes", type: "int64" },
  { name: "operation", type: "string" },
  { name: "key", type: "string" },
  { name: "nothing", type: "string" },
];

/** Rows with every null pattern: none, all, some, alternating; repeated and distinct values; signs and widths. */
function sampleGroups(): Value[][][] {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const operations = ["GetObject", "PutObject", "HeadObject", "DeleteObject", "", "日志"];
  const group = (rows: number, offset: number): Value[][] =>
    Array.from({ length: rows }, (_, r) => {
      const i = r + offset;
      return [
        Date.UTC(2026, 10, 21) + Math.floor(i / 3) * 1000 - (i % 2) * 1e13, // repeats, and instants before 1970
        i % 11 === 0 ? null : [200, 404, 503, -1, 2 ** 31 - 1, -(2 ** 31)][i % 6],
        i % 2 === 0 ? null : Math.floor((random() - 0.5) * 2 ** 53),
        i % 13 === 0 ? undefined : operations[i % operations.length],
        `photos/${i}/${"é".repeat(i % 4)}🙂`,
        null,
      ];
    });
  return [group(5000, 0), group(3, 5000), group(1, 5003), group(20_000, 5004)];
}

describe("files read back by DuckDB and by Arrow's Rust reader", () => {
  test.each(["none", "gzip"] as const)("every type and null pattern, four row groups (%s)", async (compression) => {
    const groups = sampleGroups();
    const path = writeFile(COLUMNS, groups, compression);
    await expectRows(path, COLUMNS, asRows(COLUMNS, groups));
    expect(rowsByArrow(path).schema).toEqual([
      "time: Timestamp<MILLISECOND, UTC>",
      "status: Int32",
      "bytes: Int64",
      "operation: Utf8",
      "key: Utf8",
      "nothing: Utf8",
    ]);
  });

  test("the extremes of INT32 and of the whole numbers a double holds in INT64", async () => {
    const columns: ParquetColumn[] = [
      { name: "i32", type: "int32" },
      { name: "i64", type: "int64" },
    ];
    const values = [0, -1, 1, 2 ** 31 - 1, -(2 ** 31), 2 ** 32, -(2 ** 32) - 1, 2 ** 53 - 1, -(2 ** 53) + 1];
    const rows = values.map((v) => [Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, v)), v]);
    await expectRows(writeFile(columns, [rows]), columns, asRows(columns, [rows]));
  });

  test("text: empty, NUL, control characters, quotes, long, non-BMP; a lone surrogate reads back as U+FFFD", async () => {
    const columns: ParquetColumn[] = [{ name: "s", type: "string" }];
    const texts = ["", "\u0000", "a\tb\nc", '"quoted"', "x".repeat(100_000), "𝄞 music", "\u00ff\u0100"];
    const rows = [...texts, "lone \ud800"].map((t) => [t]);
    const expected = [...texts, "lone \ufffd"].map((s) => ({ s }));
    await expectRows(writeFile(columns, [rows]), columns, expected);
  });

  test("a file without row groups has its schema and no rows", async () => {
    const path = writeFile(COLUMNS, []);
    expect(await duckdbRows(path, "SELECT count(*)::INTEGER AS n FROM @F")).toEqual([{ n: 0 }]);
    expect(rowsByArrow(path)).toEqual({
      rows: [],
      schema: expect.arrayContaining(["time: Timestamp<MILLISECOND, UTC>"]),
    });
  });

  test("row groups of one row and of only nulls", async () => {
    const columns: ParquetColumn[] = [
      { name: "n", type: "int64" },
      { name: "s", type: "string" },
    ];
    const groups = [
      [[1, "a"]],
      [[null, null]],
      [
        [null, null],
        [null, null],
      ],
      [[-5, "b"]],
    ];
    await expectRows(writeFile(columns, groups), columns, asRows(columns, groups));
  });
});

describe("what the footer says", () => {
  async function chunks(path: string): Promise<Record<string, unknown>[]> {
    return duckdbRows(
      path,
      `SELECT row_group_id::INTEGER AS g, path_in_schema AS c, encodings AS e, compression AS z,
              stats_min_value AS min, stats_max_value AS max, stats_null_count::INTEGER AS nulls,
              dictionary_page_offset IS NOT NULL AS dictionary
       FROM parquet_metadata(@F) ORDER BY g, column_id`,
    );
  }

  test("types, logical types and repetition in the schema; created_by", async () => {
    const path = writeFile(COLUMNS, [[[0, 1, 2, "a", "b", null]]]);
    const schema = await duckdbRows(
      path,
      "SELECT name, type, repetition_type, converted_type, logical_type FROM parquet_schema(@F)",
    );
    expect(schema).toEqual([
      { name: "schema", type: null, repetition_type: null, converted_type: null, logical_type: null },
      ...[
        [
          "time",
          "INT64",
          "TIMESTAMP_MILLIS",
          "TimestampType(isAdjustedToUTC=1, unit=TimeUnit(MILLIS=MilliSeconds(), MICROS=<null>, NANOS=<null>))",
        ],
        ["status", "INT32", null, null],
        ["bytes", "INT64", null, null],
        ["operation", "BYTE_ARRAY", "UTF8", "StringType()"],
        ["key", "BYTE_ARRAY", "UTF8", "StringType()"],
        ["nothing", "BYTE_ARRAY", "UTF8", "StringType()"],
      ].map(([name, type, converted, logical]) => ({
        name,
        type,
        repetition_type: "OPTIONAL",
        converted_type: converted,
        logical_type: logical,
      })),
    ]);
    const [{ created_by }] = await duckdbRows(path, "SELECT created_by FROM parquet_file_metadata(@F)");
    expect(created_by).toBe("cdktf-access-logs tests");
  });

  test("statistics: min and max of numbers and times, null counts; none for text or an all-null column", async () => {
    const rows = [
      [Date.UTC(2026, 0, 2), 404, null, "x", "k1", null],
      [Date.UTC(2025, 11, 31, 23), -7, 2 ** 40, null, "k2", null],
      [Date.UTC(2026, 0, 1), 200, null, "y", null, null],
    ];
    const stats = await chunks(writeFile(COLUMNS, [rows]));
    expect(stats.map(({ c, min, max, nulls }) => ({ c, min, max, nulls }))).toEqual([
      { c: "time", min: "2025-12-31 23:00:00+00", max: "2026-01-02 00:00:00+00", nulls: 0 },
      { c: "status", min: "-7", max: "404", nulls: 0 },
      { c: "bytes", min: String(2 ** 40), max: String(2 ** 40), nulls: 2 },
      { c: "operation", min: null, max: null, nulls: 1 },
      { c: "key", min: null, max: null, nulls: 1 },
      { c: "nothing", min: null, max: null, nulls: 3 },
    ]);
    // A reader may skip a row group by them: DuckDB answers from the statistics alone.
    const path = join(dir, "t.parquet");
    expect(await duckdbRows(path, "SELECT count(*)::INTEGER AS n FROM @F WHERE status > 1000")).toEqual([{ n: 0 }]);
  });

  test("repeating values get a dictionary, numbers too; distinct ones are PLAIN; the codec is on every chunk", async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => [
      Date.UTC(2026, 0, 1) + Math.floor(i / 100) * 1000, // 20 distinct
      [200, 404][i % 2],
      i * 1000, // all distinct
      ["GetObject", "PutObject"][i % 3 === 0 ? 1 : 0],
      `key-${i}`, // all distinct
      null,
    ]);
    for (const compression of ["none", "gzip"] as const) {
      const stats = await chunks(writeFile(COLUMNS, [rows], compression, `${compression}.parquet`));
      expect(stats.map(({ c, e, dictionary, z }) => [c, e, dictionary, z])).toEqual(
        [
          ["time", "PLAIN, RLE, RLE_DICTIONARY", true],
          ["status", "PLAIN, RLE, RLE_DICTIONARY", true],
          ["bytes", "PLAIN, RLE", false],
          ["operation", "PLAIN, RLE, RLE_DICTIONARY", true],
          ["key", "PLAIN, RLE", false],
          ["nothing", "PLAIN, RLE", false],
        ].map((row) => [...row, compression === "gzip" ? "GZIP" : "UNCOMPRESSED"]),
      );
    }
  });

  test(`numbers keep a dictionary up to ${FEW_DISTINCT_VALUES} distinct values in a row, and past that while at most every other row is new`, async () => {
    const columns: ParquetColumn[] = [{ name: "n", type: "int64" }];
    const encodingOf = async (values: number[], name: string) => {
      const path = writeFile(columns, [values.map((v) => [v])], "none", name);
      expect(rowsByArrow(path).rows).toEqual(values.map((n) => ({ n })));
      return (await chunks(path))[0].e;
    };
    const distinct = (n: number) => Array.from({ length: n }, (_, i) => i * 7);
    expect(await encodingOf(distinct(FEW_DISTINCT_VALUES), "a")).toBe("PLAIN, RLE, RLE_DICTIONARY");
    expect(await encodingOf(distinct(FEW_DISTINCT_VALUES + 1), "b")).toBe("PLAIN, RLE");
    const twice = distinct(1000).flatMap((v) => [v, v]);
    expect(await encodingOf(twice, "c")).toBe("PLAIN, RLE, RLE_DICTIONARY");
    expect(await encodingOf([...twice.slice(0, 2 * FEW_DISTINCT_VALUES), -1, -2], "d")).toBe("PLAIN, RLE");
  });

  test("gzip pages are smaller and say so: compressed and uncompressed sizes in the footer", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [i, i, i, "GetObject", `photos/2026/11/${i}.jpg`, null]);
    const plain = writeFile(COLUMNS, [rows], "none", "plain.parquet");
    const gzip = writeFile(COLUMNS, [rows], "gzip", "gzip.parquet");
    const sizes = async (path: string) =>
      duckdbRows(
        path,
        "SELECT sum(total_compressed_size)::INTEGER AS stored, sum(total_uncompressed_size)::INTEGER AS raw FROM parquet_metadata(@F)",
      );
    const [a] = await sizes(plain);
    const [b] = await sizes(gzip);
    expect(a.stored).toBe(a.raw);
    // The same pages before compression; only the page headers differ (a compressed size is a varint of its own).
    expect(Math.abs(Number(b.raw) - Number(a.raw))).toBeLessThanOrEqual(COLUMNS.length * 2 * 2);
    expect(Number(b.stored)).toBeLessThan(Number(a.stored) / 2);
  });
});

describe("what the writer refuses", () => {
  const columns: ParquetColumn[] = [
    { name: "a", type: "int32" },
    { name: "b", type: "string" },
  ];

  test("a row group whose columns hold different numbers of rows", () => {
    const file = new ParquetFileWriter(join(dir, "x.parquet"), columns, { createdBy: "t" });
    const [a, b] = newColumnBuilders(columns) as [NumberColumnBuilder, StringColumnBuilder];
    a.add(1);
    a.add(2);
    b.add("x");
    expect(() => file.writeRowGroup([a, b])).toThrow("column b holds 1 rows, column 0 holds 2");
    expect(() => file.writeRowGroup([a])).toThrow("a row group of 1 columns for a file of 2");
    file.close();
  });

  test("writing after close; closing twice is harmless", () => {
    const file = new ParquetFileWriter(join(dir, "x.parquet"), columns, { createdBy: "t" });
    file.close();
    file.close();
    expect(() => file.writeRowGroup(newColumnBuilders(columns))).toThrow(
      `${join(dir, "x.parquet")}: the Parquet file is closed`,
    );
  });

  test("no columns; a file that exists", () => {
    expect(() => new ParquetFileWriter(join(dir, "y.parquet"), [], { createdBy: "t" })).toThrow(
      "a Parquet file needs at least one column",
    );
    writeFileSync(join(dir, "z.parquet"), "keep me");
    expect(() => new ParquetFileWriter(join(dir, "z.parquet"), columns, { createdBy: "t" })).toThrow(/EEXIST/);
  });

  test("an empty row group writes nothing", async () => {
    const path = join(dir, "e.parquet");
    const file = new ParquetFileWriter(path, columns, { createdBy: "t" });
    const before = file.bytes;
    file.writeRowGroup(newColumnBuilders(columns));
    expect(file.bytes).toBe(before);
    file.close();
    expect(await duckdbRows(path, "SELECT count(*)::INTEGER AS n FROM @F")).toEqual([{ n: 0 }]);
  });
});
