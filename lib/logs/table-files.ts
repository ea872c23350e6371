/*
 * Files of typed rows, written a batch of rows at a time: Parquet through hyparquet-writer (pure JavaScript, ~1 MB
 * installed; chosen over @dsnp/parquetjs and DuckDB's own writer by the figures in bench/README.md), or NDJSON.
 * Writes are synchronous and buffered (about 1 MB), so memory stays bounded by one batch of rows.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { AccessLogColumn } from "./access-log-table";

/** One output file: rows go in a batch at a time, column by column. */
export interface TableFile {
  /** The file's path. */
  readonly path: string;
  /** Bytes written so far. */
  readonly bytes: number;
  /** Appends `rows` rows: `columns[i]` holds column i's values (null for absent). */
  write(columns: readonly unknown[][], rows: number): void;
  /** Finishes the file (a Parquet footer) and closes it. */
  close(): void;
}

/** The output formats. */
export type TableFileFormat = "parquet" | "ndjson";

/** The part of hyparquet-writer used here (it ships an ES module with its own types; this package is CommonJS). */
interface HyparquetWriterModule {
  fileWriter(filename: string): { offset: number };
  ParquetWriter: new (options: {
    writer: { offset: number };
    schema: readonly Record<string, unknown>[];
    codec?: string;
    createdBy?: string;
  }) => {
    write(options: {
      columnData: { name: string; data: unknown[]; statistics?: boolean }[];
      rowGroupSize: number;
    }): void | Promise<void>;
    finish(): void | Promise<void>;
  };
}

// TypeScript compiles `import()` to `require()` for CommonJS output, and require() of an ES module needs a newer
// Node.js than this package supports; a function made at run time keeps the real dynamic import.
const dynamicImport = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<unknown>;

let hyparquetWriter: Promise<HyparquetWriterModule> | undefined;

/** Loads the Parquet writer once. */
export function loadParquetWriter(): Promise<HyparquetWriterModule> {
  hyparquetWriter ??= dynamicImport("hyparquet-writer") as Promise<HyparquetWriterModule>;
  return hyparquetWriter;
}

function parquetSchema(columns: readonly AccessLogColumn[]): Record<string, unknown>[] {
  const schema: Record<string, unknown>[] = [{ name: "root", num_children: columns.length }];
  for (const column of columns) {
    const optional = { name: column.name, repetition_type: "OPTIONAL" };
    switch (column.type) {
      case "timestamp":
        schema.push({
          ...optional,
          type: "INT64",
          converted_type: "TIMESTAMP_MILLIS",
          logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MILLIS" },
        });
        break;
      case "int32":
        schema.push({ ...optional, type: "INT32" });
        break;
      case "int64":
        schema.push({ ...optional, type: "INT64" });
        break;
      case "string":
        schema.push({ ...optional, type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" } });
        break;
    }
  }
  return schema;
}

/** A new Parquet file at `path` (the Parquet writer must have been loaded). */
export function openParquetFile(
  module: HyparquetWriterModule,
  path: string,
  columns: readonly AccessLogColumn[],
): TableFile {
  const out = module.fileWriter(path);
  const writer = new module.ParquetWriter({
    writer: out,
    schema: parquetSchema(columns),
    codec: "SNAPPY",
    createdBy: "cdktf-access-logs",
  });
  const int64 = columns.map((c) => c.type === "int64");
  // Min/max statistics let engines skip row groups by time or number; for text they cost more than half the writing
  // time (byte-wise comparisons of every value) and help few queries.
  const statistics = columns.map((c) => c.type !== "string");
  return {
    path,
    get bytes() {
      return out.offset;
    },
    write(data, rows) {
      const columnData = columns.map((column, i) => ({
        name: column.name,
        data: int64[i] ? data[i].map((v) => (v === null ? null : BigInt(v as number))) : data[i],
        statistics: statistics[i],
      }));
      const pending = writer.write({ columnData, rowGroupSize: rows });
      if (pending !== undefined) throw new Error("hyparquet-writer: a file writer flushed asynchronously");
    },
    close() {
      void writer.finish();
    },
  };
}

/** A new NDJSON file at `path`: one JSON object per row, times as ISO 8601 UTC text, absent values as null. */
export function openNdjsonFile(path: string, columns: readonly AccessLogColumn[]): TableFile {
  const fd = openSync(path, "wx");
  let bytes = 0;
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = () => {
    if (pending.length === 0) return;
    const chunk = Buffer.from(pending.join(""), "utf8");
    writeSync(fd, chunk);
    bytes += chunk.length;
    pending = [];
    pendingLength = 0;
  };
  const names = columns.map((c) => JSON.stringify(c.name));
  const timestamps = columns.map((c) => c.type === "timestamp");
  return {
    path,
    get bytes() {
      return bytes + pendingLength;
    },
    write(data, rows) {
      for (let r = 0; r < rows; r++) {
        let line = "{";
        for (let i = 0; i < columns.length; i++) {
          const value = data[i][r];
          const json =
            value === null ? "null" : timestamps[i] ? `"${(value as Date).toISOString()}"` : JSON.stringify(value);
          line += `${i === 0 ? "" : ","}${names[i]}:${json}`;
        }
        line += "}\n";
        pending.push(line);
        pendingLength += line.length;
        if (pendingLength >= 1 << 20) flush();
      }
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}
