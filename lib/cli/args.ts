import { AccessLogFormat, isAccessLogFormat } from "../logs/formats";
import { CliOutput } from "./output";

/** A command line that cannot be run as given: reported with the usage text, exit 2. */
export class UsageError extends Error {}

/** Whether `arg` is the option `name`, as `--name` or `--name=value`. */
export function isOption(arg: string, name: string): boolean {
  return arg === name || arg.startsWith(`${name}=`);
}

/**
 * The value of the option at `args[index]`, given as `--name=value` or as `--name value`.
 *
 * @returns the value and the index of the last argument it used
 */
export function optionValue(args: readonly string[], index: number, name: string): [string, number] {
  const arg = args[index];
  if (arg.startsWith(`${name}=`)) return [arg.slice(name.length + 1), index];
  const value = args[index + 1];
  if (value === undefined) throw new UsageError(`${name} needs a value`);
  return [value, index + 1];
}

/** How a command reports the failures it expects. */
export interface FailureReport {
  /** What every message starts with, e.g. `cdktf-access-logs logs`. */
  readonly prefix: string;
  /** Printed after a usage error. */
  readonly usage: string;
  /** Errors about the input (unreadable files, synth output that cannot be used): one line, no usage. */
  readonly inputErrors: ReadonlyArray<abstract new (...args: never[]) => Error>;
}

/**
 * Reports a usage or input error the way every subcommand does (exit 2). Returns undefined for anything else, which
 * the caller handles.
 */
export function reportExpectedFailure(error: unknown, out: CliOutput, report: FailureReport): number | undefined {
  if (error instanceof UsageError) {
    out.stderr(`${report.prefix}: ${error.message}\n\n${report.usage}`);
    return 2;
  }
  if (report.inputErrors.some((type) => error instanceof type)) {
    out.stderr(`${report.prefix}: ${(error as Error).message}\n`);
    return 2;
  }
  return undefined;
}

/** The options every `logs` subcommand takes, and its positional arguments (paths; for `query`, the SQL first). */
export interface LogsArguments {
  readonly format: AccessLogFormat;
  readonly json: boolean;
  readonly strict: boolean;
  readonly positional: string[];
}

/**
 * Parses a `logs` subcommand's arguments: `--format`, `--json`, `--strict`, positional arguments (`-` among them), and
 * the subcommand's own options through `option`, which returns the index of the last argument it used, or undefined
 * when `args[index]` is not one of its options.
 */
export function parseLogsArguments(
  args: readonly string[],
  option: (args: readonly string[], index: number) => number | undefined = () => undefined,
): LogsArguments {
  let format: string | undefined;
  let json = false;
  let strict = false;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--json") json = true;
    else if (arg === "--strict") strict = true;
    else if (isOption(arg, "--format")) [format, i] = optionValue(args, i, "--format");
    else if (arg === "-" || !arg.startsWith("-")) positional.push(arg);
    else {
      const used = option(args, i);
      if (used === undefined) throw new UsageError(`unknown option ${arg}`);
      i = used;
    }
  }
  if (format === undefined) throw new UsageError("--format is required: bos, cos or cdn");
  if (!isAccessLogFormat(format))
    throw new UsageError(`--format must be bos, cos or cdn, got ${JSON.stringify(format)}`);
  return { format, json, strict, positional };
}

/** Checks the log inputs of a `logs` subcommand: at least one, standard input at most once. */
export function checkLogInputs(paths: readonly string[], noneGiven: string): void {
  if (paths.length === 0) throw new UsageError(noneGiven);
  if (paths.filter((p) => p === "-").length > 1) throw new UsageError("standard input (-) can be read only once");
}

/** A whole-number option value from `min` to `max`. */
export function wholeNumberOption(name: string, value: string, min: number, max: number, unit = ""): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new UsageError(`${name} needs a whole number${unit} from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
}
