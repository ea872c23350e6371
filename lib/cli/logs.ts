import { promises as fs } from "node:fs";
import { join } from "node:path";
import { AccessLogSummarizer } from "./access-log-summary";
import { AccessLogFormat, isAccessLogFormat } from "./formats";
import { AccessLogSourceError } from "./log-sources";
import { AccessLogDamagedSourceError, AccessLogLineError, readAccessLogs } from "./read-access-logs";
import { renderAccessLogSummaryMarkdown } from "./summary-markdown";

/** Where the `logs` command writes; the review CLI's output object fits. */
export interface LogsCliOutput {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
}

/** What the `logs` command reads from its surroundings; tests pass their own. */
export interface LogsCliEnvironment {
  /** Read for the path `-`. @default process.stdin */
  readonly stdin?: NodeJS.ReadableStream;
  /** Whether standard error is a terminal (progress is only shown on one). @default process.stderr.isTTY */
  readonly stderrIsTTY?: boolean;
  /** Inputs at least this large (bytes, on disk) get a progress line. @default 268435456 (256 MiB) */
  readonly progressThresholdBytes?: number;
  /** Least time between progress updates, in milliseconds. @default 1000 */
  readonly progressIntervalMs?: number;
}

/** Help text of `cdktf-access-logs logs`. */
export const LOGS_CLI_USAGE = `Usage:
  cdktf-access-logs logs summarize --format bos|cos|cdn [--json] [--top N] [--strict] <path>...

summarize  Reads access logs (files, directories recursively, or - for standard input; gzip or plain) and prints
           requests, bytes sent, status classes, top keys, top client IPs, error codes, the time span and the
           malformed-line count, as Markdown.
           --format  bos (BOS access logs), cos (COS log management), cdn (Tencent CDN log packages)
           --json    print the summary as JSON
           --top N   entries per top list (1-1000, default 10)
           --strict  stop at the first malformed line or damaged gzip input

Exit codes: 0 every line read; 1 malformed lines or damaged inputs (the summary covers the rest); 2 usage error or an
input that cannot be read.
`;

class LogsUsageError extends Error {}

interface SummarizeOptions {
  format: AccessLogFormat;
  json: boolean;
  top: number;
  strict: boolean;
  paths: string[];
}

function parseSummarizeArgs(args: string[]): SummarizeOptions {
  let format: string | undefined;
  let json = false;
  let strict = false;
  let top = 10;
  const paths: string[] = [];
  const valueOf = (arg: string, name: string, i: number): [string, number] => {
    if (arg.startsWith(`${name}=`)) return [arg.slice(name.length + 1), i];
    const value = args[i + 1];
    if (value === undefined) throw new LogsUsageError(`${name} needs a value`);
    return [value, i + 1];
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--json") json = true;
    else if (arg === "--strict") strict = true;
    else if (arg === "--format" || arg.startsWith("--format=")) [format, i] = valueOf(arg, "--format", i);
    else if (arg === "--top" || arg.startsWith("--top=")) {
      let value: string;
      [value, i] = valueOf(arg, "--top", i);
      top = Number(value);
      if (!/^\d+$/.test(value) || top < 1 || top > 1000)
        throw new LogsUsageError(`--top needs a whole number from 1 to 1000, got ${JSON.stringify(value)}`);
    } else if (arg === "-") paths.push(arg);
    else if (arg.startsWith("-")) throw new LogsUsageError(`unknown option ${arg}`);
    else paths.push(arg);
  }
  if (format === undefined) throw new LogsUsageError("--format is required: bos, cos or cdn");
  if (!isAccessLogFormat(format))
    throw new LogsUsageError(`--format must be bos, cos or cdn, got ${JSON.stringify(format)}`);
  if (paths.length === 0) throw new LogsUsageError("give at least one log file or directory (or - for standard input)");
  if (paths.filter((p) => p === "-").length > 1) throw new LogsUsageError("standard input (-) can be read only once");
  return { format, json, top, strict, paths };
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
    if (command === "--help" || command === "-h" || command === "help") {
      out.stdout(LOGS_CLI_USAGE);
      return 0;
    }
    throw new LogsUsageError(
      command === undefined ? "no logs command given" : `unknown logs command ${JSON.stringify(command)}`,
    );
  } catch (error) {
    if (error instanceof LogsUsageError) {
      out.stderr(`cdktf-access-logs logs: ${error.message}\n\n${LOGS_CLI_USAGE}`);
      return 2;
    }
    if (error instanceof AccessLogSourceError) {
      out.stderr(`cdktf-access-logs logs: ${error.message}\n`);
      return 2;
    }
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

interface Progress {
  update(bytesRead: number, records: number, malformed: number): void;
  clear(): void;
}

/** A progress line on standard error, for large inputs read from a terminal session only. */
async function progressReporter(
  paths: string[],
  out: LogsCliOutput,
  env: LogsCliEnvironment,
): Promise<Progress | undefined> {
  if (!(env.stderrIsTTY ?? process.stderr.isTTY === true)) return undefined;
  const total = await sizeOnDisk(paths.filter((p) => p !== "-"));
  if (total < (env.progressThresholdBytes ?? 256 * 1024 * 1024)) return undefined;
  const interval = env.progressIntervalMs ?? 1000;
  let last = 0;
  let shown = false;
  const mib = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;
  return {
    update(bytesRead, records, malformed) {
      const now = Date.now();
      if (now - last < interval) return;
      last = now;
      shown = true;
      const percent = total > 0 ? ` (${Math.min(100, (100 * bytesRead) / total).toFixed(0)}%)` : "";
      out.stderr(
        `\r\x1b[Kreading ${mib(bytesRead)} of ${mib(total)}${percent}: ${records.toLocaleString("en-US")} requests, ${malformed} malformed`,
      );
    },
    clear() {
      if (shown) out.stderr("\r\x1b[K");
      shown = false;
    },
  };
}

async function sizeOnDisk(paths: string[]): Promise<number> {
  let total = 0;
  for (const path of paths) {
    const stat = await fs.stat(path).catch(() => undefined);
    if (stat?.isFile()) total += stat.size;
    else if (stat?.isDirectory()) {
      const entries = await fs.readdir(path, { withFileTypes: true });
      total += await sizeOnDisk(entries.filter((e) => e.isFile() || e.isDirectory()).map((e) => join(path, e.name)));
    }
  }
  return total;
}
