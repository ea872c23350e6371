// `cdktf-access-logs action`: what the repository's GitHub Action (action.yml) runs. Reads the action's inputs from
// INPUT_* variables, synthesizes the head and the base (the base in a git worktree of the base ref) unless given ready
// synth directories, then runs `review --base … --github-comment` with the exit status `fail-on` asks for.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UsageError } from "./args";
import { CliOutput } from "./output";
import { runReview } from "./review";

/** The `action` lines of the command's help text. */
export const ACTION_USAGE = `action  What the GitHub Action runs (see action.yml); inputs come from INPUT_* variables:
        INPUT_WORKING_DIRECTORY (the cdktf app, default .), INPUT_BASE_REF (commit to synthesize as the base in a
        git worktree) or INPUT_BASE_OUTPUT (a ready base synth directory), INPUT_HEAD_OUTPUT (a ready head synth
        directory, else synthesized), INPUT_INSTALL_COMMAND (default npm ci), INPUT_SYNTH_COMMAND (default
        npx cdktf synth), INPUT_MAX_CHARS, INPUT_FAIL_ON, INPUT_COMMENT_ID; GITHUB_* as for review --github-comment.
`;

/** The action's inputs, as action.yml passes them. */
export const ACTION_INPUTS = {
  workingDirectory: "INPUT_WORKING_DIRECTORY",
  baseRef: "INPUT_BASE_REF",
  baseOutput: "INPUT_BASE_OUTPUT",
  headOutput: "INPUT_HEAD_OUTPUT",
  installCommand: "INPUT_INSTALL_COMMAND",
  synthCommand: "INPUT_SYNTH_COMMAND",
  maxChars: "INPUT_MAX_CHARS",
  failOn: "INPUT_FAIL_ON",
  commentId: "INPUT_COMMENT_ID",
} as const;

/** A step of the action that failed: what, where, and how it ended. Exit code 2. */
export class ActionStepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ActionStepError";
  }
}

function input(name: keyof typeof ACTION_INPUTS, fallback = ""): string {
  const value = (process.env[ACTION_INPUTS[name]] ?? "").trim();
  return value === "" ? fallback : value;
}

/** Runs a shell command in `cwd`, its output going to standard error (the job log), so stdout stays the review. */
function run(command: string, cwd: string, what: string, out: CliOutput): void {
  out.stderr(`::group::${what}: ${command}\n`);
  const result = spawnSync(command, { cwd, shell: true, stdio: ["ignore", 2, 2] });
  out.stderr("::endgroup::\n");
  if (result.error)
    throw new ActionStepError(`${what}: cannot run ${JSON.stringify(command)} (${result.error.message})`);
  if (result.status !== 0) {
    const ended = result.signal ? `was killed by ${result.signal}` : `exited with ${result.status}`;
    throw new ActionStepError(
      `${what}: ${JSON.stringify(command)} in ${JSON.stringify(cwd)} ${ended}; see the log above`,
    );
  }
}

function git(args: string[], cwd: string): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  return { ok: result.status === 0, stdout: (result.stdout ?? "").trim(), stderr: (result.stderr ?? "").trim() };
}

/** Where `cdktf synth` writes in an app directory: cdktf.json's `output`, else `cdktf.out`. */
export function synthOutputOf(appDir: string): string {
  const config = path.join(appDir, "cdktf.json");
  let output = "cdktf.out";
  if (fs.existsSync(config)) {
    try {
      const parsed = JSON.parse(fs.readFileSync(config, "utf8")) as { output?: unknown };
      if (typeof parsed.output === "string" && parsed.output !== "") output = parsed.output;
    } catch {
      throw new ActionStepError(`${config} is not valid JSON`);
    }
  }
  return path.resolve(appDir, output);
}

/** Installs and synthesizes the app in `appDir`; returns its synth output directory. */
function synthesize(appDir: string, which: "head" | "base", out: CliOutput): string {
  run(input("installCommand", "npm ci"), appDir, `installing the ${which}'s dependencies`, out);
  run(input("synthCommand", "npx cdktf synth"), appDir, `synthesizing the ${which}`, out);
  return synthOutputOf(appDir);
}

/**
 * The base's synth output: synthesized in a detached git worktree of `ref` at the same path inside the repository
 * as the head's app. The worktree is removed afterwards. Undefined when the app does not exist at `ref` (the pull
 * request adds it): the head is then reviewed alone.
 */
function synthesizeBase(ref: string, appDir: string, scratch: string, out: CliOutput): string | undefined {
  const top = git(["rev-parse", "--show-toplevel"], appDir);
  if (!top.ok) throw new ActionStepError(`${JSON.stringify(appDir)} is not in a git checkout: ${top.stderr}`);
  if (!git(["cat-file", "-e", `${ref}^{commit}`], appDir).ok) {
    // A shallow checkout (actions/checkout's default) lacks the base commit: fetch just it.
    const fetched = git(["fetch", "--no-tags", "--depth=1", "origin", ref], appDir);
    if (!fetched.ok)
      throw new ActionStepError(
        `the base ref ${JSON.stringify(ref)} is not in the checkout and cannot be fetched (${fetched.stderr.split("\n")[0]}); use actions/checkout with fetch-depth: 0`,
      );
  }
  const worktree = path.join(scratch, "base");
  const added = git(["worktree", "add", "--detach", worktree, ref], appDir);
  if (!added.ok) throw new ActionStepError(`cannot check out the base ref ${JSON.stringify(ref)}: ${added.stderr}`);
  try {
    const relative = path.relative(fs.realpathSync(top.stdout), fs.realpathSync(appDir));
    const baseApp = path.join(worktree, relative);
    if (!fs.existsSync(path.join(baseApp, "cdktf.json"))) {
      out.stderr(
        `cdktf-access-logs: the base ${ref} has no cdktf app at ${relative || "."}: reviewing the head alone\n`,
      );
      return undefined;
    }
    const output = synthesize(baseApp, "base", out);
    if (!fs.existsSync(output))
      throw new ActionStepError(
        `synthesizing the base wrote no ${JSON.stringify(path.relative(baseApp, output))}: set cdktf.json's "output" or synth-command so the synth output lands there`,
      );
    // The review reads the base after the worktree is gone: keep its output.
    const kept = path.join(scratch, "base.out");
    fs.cpSync(output, kept, { recursive: true, preserveTimestamps: true });
    return kept;
  } finally {
    git(["worktree", "remove", "--force", worktree], appDir);
  }
}

/** `cdktf-access-logs action`: returns the review's exit code, or 2 when a step fails. */
export async function runAction(args: string[], out: CliOutput): Promise<number> {
  if (args.length > 0) throw new UsageError(`action takes no arguments (inputs come from INPUT_* variables)`);
  const appDir = path.resolve(input("workingDirectory", "."));
  if (!fs.existsSync(appDir) || !fs.statSync(appDir).isDirectory())
    throw new ActionStepError(`working-directory ${JSON.stringify(input("workingDirectory", "."))} is not a directory`);
  const baseOutput = input("baseOutput");
  const baseRef = input("baseRef");
  const headOutput = input("headOutput");
  if (baseOutput === "" && baseRef === "")
    throw new UsageError("the action needs base-ref (a commit to synthesize) or base-output (a ready synth directory)");
  const scratch = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), "cdktf-access-logs-"));
  try {
    const head = headOutput !== "" ? path.resolve(appDir, headOutput) : synthesize(appDir, "head", out);
    const base = baseOutput !== "" ? path.resolve(appDir, baseOutput) : synthesizeBase(baseRef, appDir, scratch, out);
    const reviewArgs = [head, ...(base !== undefined ? ["--base", base] : []), "--github-comment"];
    reviewArgs.push("--fail-on", input("failOn", "new-errors"));
    if (input("maxChars") !== "") reviewArgs.push("--max-chars", input("maxChars"));
    if (input("commentId") !== "") reviewArgs.push("--comment-id", input("commentId"));
    return await runReview(reviewArgs, out);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
