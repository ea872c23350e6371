// `cdktf-access-logs logs query`: SQL over access logs (raw log files, or a folder `logs export --to parquet` wrote).
import { AccessLogDatabase, exportFolderFormat } from "../logs/duckdb-access-logs";
import { AccessLogFormat } from "../logs/formats";
import { AccessLogDamagedSourceError, AccessLogLineError, readAccessLogs } from "../logs/read-access-logs";
import { checkLogInputs, parseLogsArguments, UsageError } from "./args";
import { CliOutput } from "./output";

/** Help text of `logs query`. */
export const LOGS_QUERY_USAGE = `query      Runs SQL with an embedded DuckDB over the requests, as the view access_logs (the columns of logs export,
           plus date and source). Inputs are log files or directories, or one folder logs export --to parquet wrote
           (read in place). Needs DuckDB's Node.js package: npm install @duckdb/node-api
           --json    print the rows as JSON (whole numbers as numbers, times as text)
           --strict  stop at the first malformed line or damaged gzip input (raw inputs)
`;

interface QueryOptions {
  format: AccessLogFormat;
  json: boolean;
  strict: boolean;
  sql: string;
  paths: string[];
}

/** Parses the arguments after `logs query`: options, then the SQL, then the inputs. */
export function parseQueryArgs(args: readonly string[]): QueryOptions {
  const { format, json, strict, positional } = parseLogsArguments(args);
  const [sql, ...paths] = positional;
  if (sql === undefined || sql.trim() === "")
    throw new UsageError('give the SQL to run, e.g. "SELECT count(*) FROM access_logs"');
  checkLogInputs(paths, "give at least one log file or directory, or an export folder");
  return { format, json, strict, sql, paths };
}

function escapeChar(c: string): string {
  if (c === "\\") return "\\\\";
  if (c === "\n") return "\\n";
  if (c === "\t") return "\\t";
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** Runs `logs query`; returns the exit code. */
export async function runLogsQuery(
  options: QueryOptions,
  out: CliOutput,
  env: { readonly stdin?: NodeJS.ReadableStream },
): Promise<number> {
  let db: AccessLogDatabase;
  let problems = 0;
  const exported = options.paths.map(exportFolderFormat);
  if (exported.includes("ndjson")) {
    throw new UsageError(
      "logs query reads the folders logs export --to parquet writes; query the raw logs, or export them to Parquet",
    );
  }
  if (exported.includes("parquet") && options.paths.length > 1) {
    throw new UsageError("give an export folder on its own: logs query reads one export folder, or raw logs");
  }
  if (exported[0] === "parquet") {
    db = await AccessLogDatabase.overExport(options.paths[0]);
  } else {
    const stdin = env.stdin ?? process.stdin;
    const sources = options.paths.map((p) => (p === "-" ? stdin : p));
    const reader = readAccessLogs(sources, { format: options.format, strict: options.strict, streamName: "<stdin>" });
    try {
      db = await AccessLogDatabase.overRecords(options.format, reader);
    } catch (error) {
      if (!(error instanceof AccessLogLineError || error instanceof AccessLogDamagedSourceError)) throw error;
      out.stderr(`cdktf-access-logs logs: ${error.message}\n(--strict stops at the first problem)\n`);
      return 1;
    }
    const { malformed, malformedSamples, damaged } = reader.stats;
    for (const m of malformedSamples) {
      out.stderr(
        `cdktf-access-logs logs: left out ${m.source}:${m.lineNumber}${m.column === undefined ? "" : `:${m.column}`}: ${m.message}\n`,
      );
    }
    if (malformed > malformedSamples.length)
      out.stderr(`cdktf-access-logs logs: … ${malformed} malformed lines left out in all\n`);
    for (const d of damaged) out.stderr(`cdktf-access-logs logs: damaged input ${d.source}: ${d.message}\n`);
    problems = malformed + damaged.length;
  }
  try {
    const { columns, rows } = await db.query(options.sql);
    out.stdout(options.json ? `${JSON.stringify(rows, null, 2)}\n` : renderTable(columns, rows));
  } finally {
    db.close();
  }
  return problems > 0 ? 1 : 0;
}

/**
 * A plain text table: a header, a rule, one line per row; nulls as NULL; backslashes and control characters (line
 * breaks, tabs, terminal escapes from a hostile log line) escaped, so a value stays one cell and cannot drive the terminal.
 */
function renderTable(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const show = (value: unknown) =>
    value === null || value === undefined
      ? "NULL"
      : (typeof value === "string" ? value : JSON.stringify(value)).replace(/[\\\p{Cc}\u2028\u2029]/gu, escapeChar);
  const cells = rows.map((row) => columns.map((c) => show(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]))
      .join(" | ")
      .trimEnd();
  const out = [line(columns), widths.map((w) => "-".repeat(w)).join("-+-"), ...cells.map(line)];
  out.push(`(${rows.length} row${rows.length === 1 ? "" : "s"})`);
  return `${out.join("\n")}\n`;
}
