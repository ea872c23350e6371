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
