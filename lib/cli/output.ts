/** Where the CLI writes; tests pass their own. */
export interface CliOutput {
  /** Receives what the command prints to standard output (the review, the rule list). */
  stdout(text: string): void;
  /** Receives errors and usage messages. */
  stderr(text: string): void;
}

/** The process's own standard output and error. */
export const PROCESS_OUTPUT: CliOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};
