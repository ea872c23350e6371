import { promises as fs } from "node:fs";
import { join } from "node:path";
import { AccessLogSummarizer } from "../logs/access-log-summary";
import { AccessLogFormat, isAccessLogFormat } from "../logs/formats";
import { AccessLogSourceError } from "../logs/log-sources";
import { AccessLogDamagedSourceError, AccessLogLineError, readAccessLogs } from "../logs/read-access-logs";
import { renderAccessLogSummaryMarkdown } from "../logs/summary-markdown";
import { isOption, optionValue, reportExpectedFailure, UsageError } from "./args";
import { CliOutput } from "./output";

/** Where the `logs` command writes: the CLI's own output object. */
export type LogsCliOutput = CliOutput;

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
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    let value: string;
    if (arg === "--json") json = true;
    else if (arg === "--strict") strict = true;
    else if (isOption(arg, "--format")) [format, i] = optionValue(args, i, "--format");
    else if (isOption(arg, "--top")) {
      [value, i] = optionValue(args, i, "--top");
      top = Number(value);
      if (!/^\d+$/.test(value) || top < 1 || top > 1000)
        throw new UsageError(`--top needs a whole number from 1 to 1000, got ${JSON.stringify(value)}`);
    } else if (arg === "-") paths.push(arg);
    else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else paths.push(arg);
  }
  if (format === undefined) throw new UsageError("--format is required: bos, cos or cdn");
  if (!isAccessLogFormat(format))
    throw new UsageError(`--format must be bos, cos or cdn, got ${JSON.stringify(format)}`);
  if (paths.length === 0) throw new UsageError("give at least one log file or directory (or - for standard input)");
  if (paths.filter((p) => p === "-").length > 1) throw new UsageError("standard input (-) can be read only once");
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
    throw new UsageError(
      command === undefined ? "no logs command given" : `unknown logs command ${JSON.stringify(command)}`,
    );
  } catch (error) {
    const code = reportExpectedFailure(error, out, {
      prefix: "cdktf-access-logs logs",
      usage: LOGS_CLI_USAGE,
      inputErrors: [AccessLogSourceError],
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
