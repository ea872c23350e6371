// Two independent Parquet readers for the writer's tests: DuckDB (C++) and the Apache Arrow Rust implementation
// (the `parquet` crate, compiled to WebAssembly as parquet-wasm), the readers behind most engines' Parquet support.
import { DuckDBInstance } from "@duckdb/node-api";
import { tableFromIPC } from "apache-arrow";
import { readFileSync } from "node:fs";

// Through the package's exports map, which this project's module resolution (node10) does not read for types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readParquet } = require("parquet-wasm/node") as typeof import("parquet-wasm/node/parquet_wasm");

/** A row as the tests compare it: timestamps as epoch milliseconds, integers as numbers, text as strings. */
export type Row = Record<string, number | string | null>;

/** Runs SQL in a fresh in-memory DuckDB; `@F` stands for the quoted file path. */
export async function duckdbRows(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const quoted = `'${file.replace(/'/g, "''")}'`;
    return (await connection.runAndReadAll(sql.replace(/@F/g, quoted))).getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function plain(value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.getTime();
  if (typeof value === "number" || typeof value === "string") return value;
  throw new Error(`unexpected value ${String(value)}`);
}

/**
 * Every row of `file` read by DuckDB, in file order; `timestamps` are the columns read back as epoch milliseconds.
 */
export async function rowsByDuckdb(file: string, columns: readonly string[], timestamps: readonly string[]) {
  const select = columns.map((c) => (timestamps.includes(c) ? `epoch_ms("${c}") AS "${c}"` : `"${c}"`)).join(", ");
  const rows = await duckdbRows(
    file,
    `SELECT ${select} FROM read_parquet(@F, file_row_number = true) ORDER BY file_row_number`,
  );
  return rows.map((row) => Object.fromEntries(columns.map((c) => [c, plain(row[c])])) as Row);
}

/** Every row of `file` read by Arrow's Rust Parquet reader, in file order. */
export function rowsByArrow(file: string): { rows: Row[]; schema: string[] } {
  const table = tableFromIPC(readParquet(readFileSync(file)).intoIPCStream());
  const schema = table.schema.fields.map((field) => `${field.name}: ${String(field.type)}`);
  const rows: Row[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Row = {};
    for (const field of table.schema.fields) row[field.name] = plain(table.getChild(field.name)?.get(i));
    rows.push(row);
  }
  return { rows, schema };
}
