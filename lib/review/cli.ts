import { ACCESS_LOG_RULES } from "../checks/engine";
import { runLogsCli } from "../logs/cli";
import { loadSynthesizedStacks, ReviewInputError } from "./load";
import { renderReviewMarkdown } from "./markdown";
import { buildReview } from "./model";

/** Where the CLI writes; tests pass their own. */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const PROCESS_OUTPUT: CliOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export const USAGE = `Usage:
  cdktf-access-logs review [cdktf.out] [--json] [--now <ISO time>]
  cdktf-access-logs rules [--json]
  cdktf-access-logs logs summarize --format bos|cos|cdn [--json] <path>...   (see: cdktf-access-logs logs --help)

review  Reads the stacks \`cdktf synth\` wrote (default ./cdktf.out) and prints a Markdown summary for a pull
        request: access logging per bucket, roles and what they grant, scheduled functions with their next runs
        (Beijing time), the access-log check pack's findings and the pinned provider versions.
        --json  print the same review as JSON
        --now   compute next runs after this time (default: now), e.g. 2025-01-01T00:00:00Z
rules   Lists the check pack's rules.

Exit codes: 0 no error finding; 1 an unsuppressed error finding; 2 usage error (bad option, no synthesized stacks).
`;

class UsageError extends Error {}

interface ReviewOptions {
  outdir: string;
  json: boolean;
  now: Date;
}

function parseReviewArgs(args: string[]): ReviewOptions {
  let outdir: string | undefined;
  let json = false;
  let now = new Date();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--json") json = true;
    else if (arg === "--now" || arg.startsWith("--now=")) {
      const value = arg === "--now" ? args[++i] : arg.slice("--now=".length);
      const parsed = value === undefined ? NaN : Date.parse(value);
      if (Number.isNaN(parsed)) throw new UsageError(`--now needs an ISO 8601 time such as 2025-01-01T00:00:00Z, got ${JSON.stringify(value ?? "")}`);
      now = new Date(parsed);
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else if (outdir === undefined) outdir = arg;
    else throw new UsageError(`only one synth output directory can be reviewed, got ${JSON.stringify(outdir)} and ${JSON.stringify(arg)}`);
  }
  return { outdir: outdir ?? "cdktf.out", json, now };
}

function review(args: string[], out: CliOutput): number {
  const options = parseReviewArgs(args);
  const report = buildReview(loadSynthesizedStacks(options.outdir), options.now);
  out.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderReviewMarkdown(report));
  return report.totals.errors > 0 ? 1 : 0;
}

function rules(args: string[], out: CliOutput): number {
  const unknown = args.find((a) => a !== "--json");
  if (unknown) throw new UsageError(`unknown argument ${unknown}`);
  const list = ACCESS_LOG_RULES.map(({ id, level, reason, fix }) => ({ id, level, reason, fix }));
  if (args.includes("--json")) {
    out.stdout(`${JSON.stringify(list, null, 2)}\n`);
  } else {
    const lines = ["| id | level | reason | fix |", "| --- | --- | --- | --- |", ...list.map((r) => `| ${r.id} | ${r.level} | ${r.reason} | ${r.fix} |`)];
    out.stdout(`${lines.join("\n")}\n`);
  }
  return 0;
}

/**
 * The `cdktf-access-logs` command line. Returns the exit code: 0 clean, 1 error findings, 2 usage errors.
 *
 * @param argv the arguments after the program name, e.g. `["review", "cdktf.out", "--json"]`
 */
export async function main(argv: string[], out: CliOutput = PROCESS_OUTPUT): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "review") return review(rest, out);
    if (command === "rules") return rules(rest, out);
    if (command === "logs") return await runLogsCli(rest, out);
    if (command === "--help" || command === "-h" || command === "help") {
      out.stdout(USAGE);
      return 0;
    }
    throw new UsageError(command === undefined ? "no command given" : `unknown command ${JSON.stringify(command)}`);
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr(`cdktf-access-logs: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ReviewInputError) {
      out.stderr(`cdktf-access-logs: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`cdktf-access-logs: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
