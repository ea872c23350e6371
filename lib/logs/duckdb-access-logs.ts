/*
 * SQL over access logs with an embedded DuckDB (@duckdb/node-api): the typed records (access-log-table.ts) as a view
 * named `access_logs`, with the partition columns `date` (DATE, the UTC day) and `source` (bucket or domain), whether
 * they come from raw log files (read into DuckDB) or from a folder `logs export --to parquet` wrote (read in place).
 *
 * DuckDB is not a dependency of this package: its Node.js package is about 70 MB of native code for each platform, and
 * most users of the constructs never query logs. It is loaded on first use, and its absence is reported with the
 * command that installs it.
 */
import type { DuckDBAppender, DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import {
  accessLogColumns,
  AccessLogColumn,
  columnValue,
  HIVE_DEFAULT_PARTITION,
  partitionOf,
} from "./access-log-table";
import { AccessLogFormat } from "./formats";

type DuckDbModule = typeof import("@duckdb/node-api");

/** The version of @duckdb/node-api this package is tested with. */
export const TESTED_DUCKDB_VERSION = "1.5.6-r.1";

/** DuckDB's Node.js package is not installed. */
export class DuckDbMissingError extends Error {
  constructor() {
    super(
      `this command runs SQL with DuckDB, whose Node.js package is not installed with cdktf-access-logs (it is ~70 MB ` +
        `of native code). Install it next to cdktf-access-logs: npm install @duckdb/node-api@${TESTED_DUCKDB_VERSION}`,
    );
    this.name = "DuckDbMissingError";
  }
}

/** SQL that DuckDB refused (syntax, a missing column, a failed cast); the message is DuckDB's. */
export class AccessLogQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AccessLogQueryError";
  }
}

let duckdb: Promise<DuckDbModule> | undefined;

/** Loads @duckdb/node-api once; throws {@link DuckDbMissingError} when it is not installed. */
export function loadDuckDb(): Promise<DuckDbModule> {
  duckdb ??= import("@duckdb/node-api").catch((error: unknown) => {
    duckdb = undefined;
    const code = (error as { code?: unknown }).code;
    if (code === "MODULE_NOT_FOUND" || code === "ERR_MODULE_NOT_FOUND") throw new DuckDbMissingError();
    throw error;
  });
  return duckdb;
}

const SQL_TYPES = { timestamp: "TIMESTAMPTZ", int32: "INTEGER", int64: "BIGINT", string: "VARCHAR" } as const;

/** A SQL string literal. */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * What kind of folder `logs export` wrote `dir` as: `date=…` folders holding Parquet or NDJSON files; undefined for
 * anything else (a folder of raw logs, a file).
 */
export function exportFolderFormat(dir: string): "parquet" | "ndjson" | undefined {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const dates = entries.filter((e) => e.isDirectory() && e.name.startsWith("date="));
  if (dates.length === 0 || dates.length !== entries.length) return undefined;
  const has = (folder: string, extension: string): boolean =>
    readdirSync(folder, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? has(join(folder, e.name), extension) : e.name.endsWith(extension),
    );
  return has(dir, ".parquet") ? "parquet" : has(dir, ".ndjson") ? "ndjson" : undefined;
}

/** A DuckDB database with the view `access_logs`. Close it when done. */
export class AccessLogDatabase {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  private static async create(): Promise<{ module: DuckDbModule; db: AccessLogDatabase }> {
    const module = await loadDuckDb();
    const instance = await module.DuckDBInstance.create(":memory:");
    return { module, db: new AccessLogDatabase(instance, await instance.connect()) };
  }

  /** `access_logs` over the Parquet files of an export folder, partition columns from the paths. */
  static async overExport(dir: string): Promise<AccessLogDatabase> {
    const { db } = await AccessLogDatabase.create();
    const glob = literal(`${dir.replace(/\/+$/, "")}/**/*.parquet`);
    await db.connection.run(
      `CREATE VIEW access_logs AS SELECT * FROM read_parquet(${glob}, hive_partitioning = true, ` +
        `hive_types = {'date': DATE, 'source': VARCHAR})`,
    );
    return db;
  }

  /** `access_logs` over the records `reader` reads (all of them are loaded into the database). */
  static async overRecords<F extends AccessLogFormat>(
    format: F,
    reader: AsyncIterable<unknown>,
  ): Promise<AccessLogDatabase> {
    const { module, db } = await AccessLogDatabase.create();
    const columns = accessLogColumns(format);
    const definitions = columns.map((c) => `${c.name} ${SQL_TYPES[c.type]}`).concat("date DATE", "source VARCHAR");
    await db.connection.run(`CREATE TABLE access_log_rows (${definitions.join(", ")})`);
    const appender = await db.connection.createAppender("access_log_rows");
    try {
      for await (const record of reader) appendRecord(module, appender, format, columns, record);
    } finally {
      appender.closeSync();
    }
    await db.connection.run("CREATE VIEW access_logs AS SELECT * FROM access_log_rows");
    return db;
  }

  /**
   * Runs SQL (several statements are run in order; the last one's rows are returned).
   *
   * @throws AccessLogQueryError with DuckDB's message when DuckDB refuses the SQL
   */
  async query(sql: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
    let reader;
    try {
      reader = await this.connection.runAndReadAll(sql);
    } catch (error) {
      throw new AccessLogQueryError(error instanceof Error ? error.message : String(error));
    }
    const js = reader.getRowObjectsJS();
    const json = reader.getRowObjectsJson();
    // JSON as DuckDB writes it (times as text, BIGINT as text), but whole numbers that fit a double as numbers.
    const rows = json.map((row, i) => {
      const out: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(row)) {
        const raw = js[i][name];
        out[name] =
          typeof raw === "bigint" && raw <= BigInt(Number.MAX_SAFE_INTEGER) && raw >= BigInt(Number.MIN_SAFE_INTEGER)
            ? Number(raw)
            : value;
      }
      return out;
    });
    return { columns: reader.columnNames(), rows };
  }

  /** Closes the database. */
  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function appendRecord(
  module: DuckDbModule,
  appender: DuckDBAppender,
  format: AccessLogFormat,
  columns: readonly AccessLogColumn[],
  record: unknown,
): void {
  const fields = record as Readonly<Record<string, unknown>>;
  for (const column of columns) {
    const value = columnValue(fields, column);
    if (value === null) appender.appendNull();
    else if (column.type === "timestamp")
      appender.appendTimestampTZ(new module.DuckDBTimestampTZValue(BigInt((value as Date).getTime()) * 1000n));
    else if (column.type === "int32") appender.appendInteger(value as number);
    else if (column.type === "int64") appender.appendBigInt(BigInt(value as number));
    else appender.appendVarchar(value as string);
  }
  const partition = partitionOf(format, fields as never);
  appender.appendDate(new module.DuckDBDateValue(Math.floor(Date.parse(partition.date) / 86_400_000)));
  // As DuckDB reads Hive's name for "no value" in a path: NULL.
  if (partition.source === HIVE_DEFAULT_PARTITION) appender.appendNull();
  else appender.appendVarchar(partition.source);
  appender.endRow();
}
