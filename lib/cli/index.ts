// The `cdktf-access-logs` command: one entry that parses the command name, prints usage and maps failures to exit
// codes; each subcommand lives in a module of its own.
import { ReviewInputError } from "../review/load";
import { ACTION_USAGE, ActionStepError, runAction } from "./action";
import { reportExpectedFailure, UsageError } from "./args";
import { GitHubCommentError } from "./github-comment";
import { runLogsCli } from "./logs";
import { CliOutput, PROCESS_OUTPUT } from "./output";
import { REVIEW_USAGE, runReview } from "./review";
import { RULES_USAGE, runRules } from "./rules";
import { runVerifyCli, VERIFY_USAGE } from "./verify";

export type { CliOutput } from "./output";
export { LOGS_CLI_USAGE, runLogsCli } from "./logs";
export type { LogsCliEnvironment, LogsCliOutput } from "./logs";
export type { ProgressEnvironment } from "./progress";
export { runVerifyCli, VERIFY_USAGE } from "./verify";
export type { VerifyCliEnvironment } from "./verify";

/** The command line's help text. */
export const USAGE = `Usage:
  cdktf-access-logs review [cdktf.out] [--base <dir>] [--json] [--max-chars <n>] [--now <ISO time>]
                           [--fail-on new-errors|any-error|never]
                           [--github-comment | --gitlab-note] [--pr <n>] [--comment-id <id>]
  cdktf-access-logs rules [--json]
  cdktf-access-logs action   (what the GitHub Action runs; inputs from INPUT_* variables)
  cdktf-access-logs logs summarize|export|query --format bos|cos|cdn ...   (see: cdktf-access-logs logs --help)
  cdktf-access-logs verify [cdktf.out] [--stack NAME] [--max-age DURATION] [--require-logs] [--json]

${REVIEW_USAGE}${RULES_USAGE}${ACTION_USAGE}${VERIFY_USAGE}
Exit codes (review, rules, action): 0 no error finding; 1 an unsuppressed error finding (with --base: a new one; see
--fail-on); 2 usage error, synth output that cannot be reviewed, a pull-request comment that could not be written, or
an action step (install, synth, git) that failed.
`;

/** The subcommands, each returning its exit code. */
const COMMANDS: { readonly [name: string]: (args: string[], out: CliOutput) => number | Promise<number> } = {
  review: (args, out) => runReview(args, out),
  rules: runRules,
  action: runAction,
  logs: (args, out) => runLogsCli(args, out),
  verify: (args, out) => runVerifyCli(args, out),
};

/**
 * The `cdktf-access-logs` command line. Returns the exit code: 0 clean, 1 error findings, 2 usage errors.
 *
 * @param argv the arguments after the program name, e.g. `["review", "cdktf.out", "--json"]`
 */
export async function main(argv: string[], out: CliOutput = PROCESS_OUTPUT): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "--help" || command === "-h" || command === "help") {
      out.stdout(USAGE);
      return 0;
    }
    const run =
      command === undefined
        ? undefined
        : Object.prototype.hasOwnProperty.call(COMMANDS, command)
          ? COMMANDS[command]
          : undefined;
    if (run === undefined)
      throw new UsageError(command === undefined ? "no command given" : `unknown command ${JSON.stringify(command)}`);
    return await run(rest, out);
  } catch (error) {
    const code = reportExpectedFailure(error, out, {
      prefix: "cdktf-access-logs",
      usage: USAGE,
      inputErrors: [ReviewInputError, GitHubCommentError, ActionStepError],
    });
    if (code !== undefined) return code;
    // Anything else is a bug of ours: say so in one line; a stack trace in CI logs helps nobody reviewing a PR.
    out.stderr(`cdktf-access-logs: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
