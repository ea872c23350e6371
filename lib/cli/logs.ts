import { AccessLogSummarizer } from "../logs/access-log-summary";
import { AccessLogFormat } from "../logs/formats";
import { AccessLogSourceError } from "../logs/log-sources";
import { AccessLogQueryError, DuckDbMissingError } from "../logs/duckdb-access-logs";
import { AccessLogDamagedSourceError, AccessLogLineError, readAccessLogs } from "../logs/read-access-logs";
import { renderAccessLogSummaryMarkdown } from "../logs/summary-markdown";
import {
  checkLogInputs,
  isOption,
  optionValue,
  parseLogsArguments,
  reportExpectedFailure,
  UsageError,
  wholeNumberOption,
} from "./args";
import { LOGS_EXPORT_USAGE, parseExportArgs, runLogsExport } from "./logs-export";
import { LOGS_QUERY_USAGE, parseQueryArgs, runLogsQuery } from "./logs-query";
import { CliOutput } from "./output";
import { ProgressEnvironment, progressReporter } from "./progress";

/** Where the `logs` command writes: the CLI's own output object. */
export type LogsCliOutput = CliOutput;

/** What the `logs` command reads from its surroundings; tests pass their own. */
export interface LogsCliEnvironment extends ProgressEnvironment {
  /** Read for the path `-`. @default process.stdin */
  readonly stdin?: NodeJS.ReadableStream;
}

/** Help text of `cdktf-access-logs logs`. */
export const LOGS_CLI_USAGE = `Usage:
  cdktf-access-logs logs summarize --format bos|cos|cdn [--json] [--top N] [--strict] <path>...
  cdktf-access-logs logs export --format bos|cos|cdn --to parquet|ndjson --out DIR [--max-file-size MIB]
                                [--compression none|gzip] [--json] [--strict] <path>...
  cdktf-access-logs logs query --format bos|cos|cdn [--json] [--strict] "<SQL>" <path>... | <export folder>

summarize  Reads access logs (files, directories recursively, or - for standard input; gzip or plain) and prints
           requests, bytes sent, status classes, top keys, top client IPs, error codes, the time span and the
           malformed-line count, as Markdown.
           --format  bos (BOS access logs), cos (COS log management), cdn (Tencent CDN log packages)
           --json    print the summary as JSON
           --top N   entries per top list (1-1000, default 10)
           --strict  stop at the first malformed line or damaged gzip input
${LOGS_EXPORT_USAGE}${LOGS_QUERY_USAGE}
Exit codes: 0 every line read; 1 malformed lines or damaged inputs (the summary, export or query covers the rest); 2
usage error, an input that cannot be read, SQL that DuckDB refuses, or DuckDB not installed.
`;

interface SummarizeOptions {
  format: AccessLogFormat;
  json: boolean;
  top: number;
  strict: boolean;
  paths: string[];
}

function parseSummarizeArgs(args: string[]): SummarizeOptions {
  let top = 10;
  const { format, json, strict, positional } = parseLogsArguments(args, (all, i) => {
    if (!isOption(all[i], "--top")) return undefined;
    const [value, last] = optionValue(all, i, "--top");
    top = wholeNumberOption("--top", value, 1, 1000);
    return last;
  });
  checkLogInputs(positional, "give at least one log file or directory (or - for standard input)");
  return { format, json, top, strict, paths: positional };
}

/**
 * The `logs` command: `cdktf-access-logs logs summarize --format bos|cos|cdn <path…>`. Returns the exit code.
 *
 * @param argv the arguments after `logs`, e.g. `["summarize", "--format", "bos", "logs/"]`
 */
export async function runLogsCli(argv: string[], out: LogsCliOutput, env: LogsCliEnvironment = {}): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "summarize") return await summarize(parseSummarizeArgs(rest), out, env);
    if (command === "export") return await runLogsExport(parseExportArgs(rest), out, env);
    if (command === "query") return await runLogsQuery(parseQueryArgs(rest), out, env);
    if (command === "--help" || command === "-h" || command === "help") {
      out.stdout(LOGS_CLI_USAGE);
      return 0;
    }
    throw new UsageError(
      command === undefined ? "no logs command given" : `unknown logs command ${JSON.stringify(command)}`,
    );
  } catch (error) {
    const code = reportExpectedFailure(error, out, {
      prefix: "cdktf-access-logs logs",
      usage: LOGS_CLI_USAGE,
      inputErrors: [AccessLogSourceError, AccessLogQueryError, DuckDbMissingError],
    });
    if (code !== undefined) return code;
    throw error;
  }
}

async function summarize(options: SummarizeOptions, out: LogsCliOutput, env: LogsCliEnvironment): Promise<number> {
  const stdin = env.stdin ?? process.stdin;
  const sources = options.paths.map((p) => (p === "-" ? stdin : p));
  const reader = readAccessLogs(sources, { format: options.format, strict: options.strict, streamName: "<stdin>" });
  const summarizer = new AccessLogSummarizer(options.format, { top: options.top });
  const progress = await progressReporter(options.paths, out, env);
  try {
    let n = 0;
    for await (const record of reader) {
      summarizer.add(record);
      if ((++n & 0xfff) === 0) progress?.update(reader.stats.bytesRead, n, reader.stats.malformed);
    }
  } catch (error) {
    if (error instanceof AccessLogLineError || error instanceof AccessLogDamagedSourceError) {
      progress?.clear();
      out.stderr(
        `cdktf-access-logs logs: ${error.message}\n(--strict stops at the first problem; run without it to summarize the rest)\n`,
      );
      return 1;
    }
    throw error;
  } finally {
    progress?.clear();
  }
  const summary = summarizer.result(reader.stats);
  out.stdout(options.json ? `${JSON.stringify(summary, null, 2)}\n` : renderAccessLogSummaryMarkdown(summary));
  return summary.malformedLines > 0 || summary.damagedSources.length > 0 ? 1 : 0;
}
