// `cdktf-access-logs logs export`: access logs to a Hive-partitioned folder of Parquet or NDJSON files.
import { existsSync, readdirSync, statSync } from "node:fs";
import { inlineCode } from "../markdown/text";
import { AccessLogFormat } from "../logs/formats";
import { PartitionedExport, PartitionedExportResult } from "../logs/partitioned-export";
import {
  AccessLogDamagedSourceError,
  AccessLogLineError,
  AccessLogReadStats,
  readAccessLogs,
} from "../logs/read-access-logs";
import { readProblemsMarkdown } from "../logs/summary-markdown";
import { ParquetCompression } from "../logs/parquet/column-chunk";
import { TableFileFormat } from "../logs/table-files";
import { checkLogInputs, isOption, optionValue, parseLogsArguments, UsageError, wholeNumberOption } from "./args";
import { CliOutput } from "./output";
import { ProgressEnvironment, progressReporter } from "./progress";

/** Help text of `logs export`. */
export const LOGS_EXPORT_USAGE = `export     Writes access logs as typed rows into DIR, Hive-partitioned by UTC day and bucket (BOS, COS) or domain
           (CDN): DIR/date=YYYY-MM-DD/source=<bucket or domain>/part-NNNNN.parquet. Times are timestamps with their zone
           (UTC instant plus utc_offset_minutes), numbers integers, "-" null.
           --to parquet|ndjson   file format
           --out DIR             a folder that does not exist yet or is empty
           --max-file-size MIB   a file is finished once it reaches this size (1-4096, default 128)
           --compression none|gzip  Parquet pages as they are (default, fastest) or gzip-compressed (about 7 times
                                 smaller for log columns, about 10% more time); every Parquet reader reads both
           --json                print what was written as JSON
           --strict              stop at the first malformed line or damaged gzip input
`;

interface ExportOptions {
  format: AccessLogFormat;
  to: TableFileFormat;
  out: string;
  maxFileMib: number;
  compression: ParquetCompression;
  json: boolean;
  strict: boolean;
  paths: string[];
}

/** Parses the arguments after `logs export`. */
export function parseExportArgs(args: readonly string[]): ExportOptions {
  let to: string | undefined;
  let out: string | undefined;
  let maxFileMib = 128;
  let compression: string | undefined;
  const { format, json, strict, positional } = parseLogsArguments(args, (all, i) => {
    let value: string;
    let last: number;
    if (isOption(all[i], "--to")) [to, last] = optionValue(all, i, "--to");
    else if (isOption(all[i], "--out")) [out, last] = optionValue(all, i, "--out");
    else if (isOption(all[i], "--compression")) [compression, last] = optionValue(all, i, "--compression");
    else if (isOption(all[i], "--max-file-size")) {
      [value, last] = optionValue(all, i, "--max-file-size");
      maxFileMib = wholeNumberOption("--max-file-size", value, 1, 4096, " of MiB");
    } else return undefined;
    return last;
  });
  if (to === undefined) throw new UsageError("--to is required: parquet or ndjson");
  if (to !== "parquet" && to !== "ndjson")
    throw new UsageError(`--to must be parquet or ndjson, got ${JSON.stringify(to)}`);
  if (compression !== undefined && compression !== "none" && compression !== "gzip")
    throw new UsageError(`--compression must be none or gzip, got ${JSON.stringify(compression)}`);
  if (compression !== undefined && to === "ndjson")
    throw new UsageError("--compression applies to Parquet files: leave it out with --to ndjson (or gzip the files)");
  if (out === undefined || out === "")
    throw new UsageError("--out DIR is required: the folder to write the partitions in");
  checkLogInputs(positional, "give at least one log file or directory (or - for standard input)");
  return { format, to, out, maxFileMib, compression: compression ?? "none", json, strict, paths: positional };
}

/** Refuses an output folder that already holds files: a second export into it would count every request twice. */
function checkOutputFolder(out: string): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new UsageError(`--out ${JSON.stringify(out)} is a file, not a folder`);
  if (readdirSync(out).length > 0) {
    throw new UsageError(
      `--out ${JSON.stringify(out)} is not empty: export into a new or empty folder (a second export into the same ` +
        "folder would count every request twice)",
    );
  }
}

/** Runs `logs export`; returns the exit code (0 clean, 1 malformed lines or damaged inputs). */
export async function runLogsExport(
  options: ExportOptions,
  out: CliOutput,
  env: ProgressEnvironment & { readonly stdin?: NodeJS.ReadableStream },
): Promise<number> {
  checkOutputFolder(options.out);
  const stdin = env.stdin ?? process.stdin;
  const sources = options.paths.map((p) => (p === "-" ? stdin : p));
  const reader = readAccessLogs(sources, { format: options.format, strict: options.strict, streamName: "<stdin>" });
  const exporter = PartitionedExport.open({
    format: options.format,
    to: options.to,
    outDir: options.out,
    maxFileBytes: options.maxFileMib * 1024 * 1024,
    compression: options.compression,
  });
  const progress = await progressReporter(options.paths, out, env);
  let stopped: Error | undefined;
  try {
    let n = 0;
    for await (const record of reader) {
      exporter.add(record);
      if ((++n & 0xfff) === 0) progress?.update(reader.stats.bytesRead, n, reader.stats.malformed);
    }
  } catch (error) {
    if (!(error instanceof AccessLogLineError || error instanceof AccessLogDamagedSourceError)) throw error;
    stopped = error;
  } finally {
    progress?.clear();
  }
  // Whatever was read is written and every file finished, so the folder holds valid files even after --strict stops.
  const result = exporter.close();
  if (stopped !== undefined) {
    out.stderr(
      `cdktf-access-logs logs: ${stopped.message}\n(--strict stops at the first problem; the ${result.rows} requests ` +
        `before it were written to ${options.out}; run without --strict to export the rest)\n`,
    );
    return 1;
  }
  const stats = reader.stats;
  out.stdout(
    options.json
      ? `${JSON.stringify(exportJson(options, result, stats), null, 2)}\n`
      : exportMarkdown(options, result, stats),
  );
  return stats.malformed > 0 || stats.damaged.length > 0 ? 1 : 0;
}

function exportJson(options: ExportOptions, result: PartitionedExportResult, stats: AccessLogReadStats): object {
  return {
    format: options.format,
    to: options.to,
    ...(options.to === "parquet" ? { compression: options.compression } : {}),
    out: options.out,
    sources: stats.sources,
    bytesRead: stats.bytesRead,
    requests: result.rows,
    partitions: result.partitions,
    files: result.files,
    bytesWritten: result.bytes,
    blankLines: stats.blankLines,
    malformedLines: stats.malformed,
    malformedSamples: stats.malformedSamples,
    damagedSources: stats.damaged,
  };
}

function exportMarkdown(options: ExportOptions, result: PartitionedExportResult, stats: AccessLogReadStats): string {
  const n = (value: number) => value.toLocaleString("en-US");
  const out = [
    `## ${options.format.toUpperCase()} access log export`,
    "",
    "| | |",
    "| --- | --- |",
    `| Inputs | ${n(stats.sources)}, ${n(stats.bytesRead)} bytes read |`,
    `| Requests written | ${n(result.rows)} |`,
    `| Output | ${inlineCode(options.out, "table", 200)}: ${n(result.files.length)} ${options.to} file${result.files.length === 1 ? "" : "s"} in ${n(result.partitions)} partition${result.partitions === 1 ? "" : "s"}, ${n(result.bytes)} bytes |`,
    `| Malformed lines | ${n(stats.malformed)}${stats.malformed > 0 ? " (not written; see below)" : ""} |`,
  ];
  if (stats.damaged.length > 0) out.push(`| Damaged inputs | ${n(stats.damaged.length)} (see below) |`);
  out.push("");
  out.push(...readProblemsMarkdown(stats.malformed, stats.malformedSamples, stats.damaged));
  return `${out.join("\n")}\n`;
}
