// The GitHub Action (action.yml): its inputs reach the CLI, its build step bundles the CLI from a clean checkout with
// only the packages it installs, and the bundle, run as the action runs it, synthesizes base and head in a git
// repository and keeps one comment on the fake GitHub API up to date.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ACTION_INPUTS } from "../../lib/cli/action";
import { FAKE_GITHUB_TOKEN, FakeGitHub } from "./fake-github";
import { cosLogBucket, loggedBucket, makeTempDir, removeSynthOutputs, runCli } from "./synth-output";

const ROOT = path.join(__dirname, "..", "..");
const TOKEN = FAKE_GITHUB_TOKEN;

interface ActionStep {
  readonly name: string;
  readonly shell?: string;
  readonly env?: { [name: string]: string };
  readonly run: string;
}
interface ActionFile {
  readonly inputs: { [name: string]: { description: string; required?: boolean; default?: string } };
  readonly runs: { using: string; steps: ActionStep[] };
}

const action = parse(fs.readFileSync(path.join(ROOT, "action.yml"), "utf8")) as ActionFile;
const [prepare, reviewStep] = action.runs.steps;

let github: FakeGitHub;
let bundle: string;

beforeAll(async () => {
  github = await new FakeGitHub().start();
});
afterAll(async () => {
  await github.close();
  removeSynthOutputs();
});

describe("action.yml", () => {
  test("a composite action whose every input reaches the CLI, and whose every variable is one the CLI reads", () => {
    expect(action.runs.using).toBe("composite");
    expect(action.runs.steps.map((s) => s.name)).toEqual(["Prepare the review command", "Review"]);
    const declared = Object.keys(action.inputs).sort();
    const used = [...JSON.stringify(action.runs).matchAll(/\$\{\{ inputs\.([a-z-]+) \}\}/g)].map((m) => m[1]);
    expect([...new Set(used)].sort()).toEqual(declared);
    const env = reviewStep.env!;
    const inputVariables = Object.keys(env).filter((name) => name.startsWith("INPUT_"));
    expect(inputVariables.sort()).toEqual(Object.values(ACTION_INPUTS).sort());
    for (const name of inputVariables) {
      // INPUT_BASE_REF carries inputs.base-ref: the same name, as GitHub spells input variables.
      expect(env[name]).toBe(`\${{ inputs.${name.slice("INPUT_".length).toLowerCase().replace(/_/g, "-")} }}`);
    }
    expect(env.GITHUB_TOKEN).toBe("${{ inputs.github-token }}");
    expect(action.inputs["github-token"].default).toBe("${{ github.token }}");
    expect(action.inputs["base-ref"].default).toBe("${{ github.event.pull_request.base.sha }}");
    expect(action.inputs["fail-on"].default).toBe("new-errors");
    expect(action.inputs["fail-on"].description).toMatch(/new-errors .*any-error .*never/s);
  });

  test("the review step runs the CLI's `action` command", async () => {
    expect(reviewStep.run).toContain('main(["action"])');
    const { code, stderr } = await runCli("action", "unexpected");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^cdktf-access-logs: action takes no arguments \(inputs come from INPUT_\* variables\)/);
  });

  test("the build step installs the versions the lockfile pins", () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
      packages: { [folder: string]: { version: string } };
    };
    const installed = [...prepare.run.matchAll(/\b(esbuild|cdktf|constructs)@(\S+)/g)].map((m) => [m[1], m[2]]);
    expect(installed).toEqual(
      ["esbuild", "cdktf", "constructs"].map((name) => [name, lock.packages[`node_modules/${name}`].version]),
    );
  });
});

/** Builds the CLI as the prepare step does: from a checkout of the tracked files, with only the packages it installs. */
function buildLikeTheAction(): string {
  const checkout = makeTempDir();
  const tracked = spawnSync("git", ["ls-files", "lib"], { cwd: ROOT, encoding: "utf8" }).stdout.split("\n");
  for (const file of tracked.filter((f) => f !== "")) {
    fs.mkdirSync(path.dirname(path.join(checkout, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(checkout, file));
  }
  const tools = makeTempDir();
  fs.mkdirSync(path.join(tools, "node_modules"));
  for (const name of ["cdktf", "constructs"])
    fs.symlinkSync(path.join(ROOT, "node_modules", name), path.join(tools, "node_modules", name));
  const line = prepare.run.split("\n").find((l) => l.includes('"$TOOLS/node_modules/.bin/esbuild"'))!;
  const args = `${line.replace(/\\$/, "")} ${prepare.run.split("\n")[prepare.run.split("\n").indexOf(line) + 1]}`
    .replace(/^.*"\$TOOLS\/node_modules\/\.bin\/esbuild"/, "")
    .trim()
    .split(/\s+/)
    .map((arg) => arg.replace(/"\$TOOLS/g, tools).replace(/"$/, ""));
  const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "esbuild"), args, {
    cwd: checkout,
    env: { ...process.env, NODE_PATH: path.join(tools, "node_modules") },
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return path.join(tools, "cli.js");
}

/** A git repository with a cdktf-like app whose synth command writes `out/` from app.json. */
function appRepository(): { repo: string; commit: (stack: object, message: string) => string } {
  const repo = makeTempDir();
  const app = path.join(repo, "infra");
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, "cdktf.json"), JSON.stringify({ app: "node synth.js", output: "out" }));
  fs.writeFileSync(
    path.join(app, "synth.js"),
    `const fs = require("fs");
const stack = JSON.parse(fs.readFileSync("app.json", "utf8"));
fs.mkdirSync("out/stacks/app", { recursive: true });
fs.writeFileSync("out/stacks/app/cdk.tf.json", JSON.stringify({ "//": { metadata: { backend: "local", stackName: "app", version: "0.21.0" } }, ...stack }));
fs.writeFileSync("out/manifest.json", JSON.stringify({ version: "0.21.0", stacks: { app: { name: "app", synthesizedStackPath: "stacks/app/cdk.tf.json", workingDirectory: "stacks/app" } } }));
`,
  );
  fs.writeFileSync(path.join(app, ".gitignore"), "out/\ninstalled\n");
  const git = (...args: string[]): string => {
    const result = spawnSync("git", args, { cwd: repo, encoding: "utf8" });
    if (result.status !== 0) throw new Error(result.stderr);
    return result.stdout.trim();
  };
  git("init", "-q", "-b", "main");
  git("config", "user.email", "ci@example.com");
  git("config", "user.name", "CI");
  return {
    repo,
    commit: (stack, message) => {
      fs.writeFileSync(path.join(app, "app.json"), JSON.stringify(stack));
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", message);
      return git("rev-parse", "HEAD");
    },
  };
}

const logged = {
  resource: {
    tencentcloud_cos_bucket: {
      logs: cosLogBucket("logs-1250000000", 180),
      site: loggedBucket("site-1250000000", "logs-1250000000", "site/"),
    },
  },
};
const unlogged = {
  resource: {
    tencentcloud_cos_bucket: {
      logs: cosLogBucket("logs-1250000000", 180),
      site: { bucket: "site-1250000000", acl: "private", "//": { metadata: { path: "app/site" } } },
    },
  },
};

/** Runs the bundle the way the review step does, with the step's variables. */
function runAction(
  cli: string,
  cwd: string,
  inputs: { [name: string]: string },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: { [name: string]: string } = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    CDKTF_ACCESS_LOGS_CLI: cli,
    GITHUB_API_URL: github.apiUrl,
    GITHUB_REPOSITORY: "acme/infra",
    GITHUB_TOKEN: TOKEN,
    RUNNER_TEMP: makeTempDir(),
    ...inputs,
  };
  const script = /node -e '(.*)'$/.exec(reviewStep.run.trim())![1];
  return new Promise((resolve) => {
    const child = spawn("node", ["-e", script], { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += String(chunk)));
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe("the action, built and run as GitHub runs it", () => {
  beforeAll(() => {
    bundle = buildLikeTheAction();
  }, 60_000);

  test("first push: base and head synthesized, one comment created; second push: the same comment updated", async () => {
    const { repo, commit } = appRepository();
    const base = commit(logged, "base");
    commit(unlogged, "head: stop logging the site bucket");
    const summary = path.join(makeTempDir(), "summary.md");
    const inputs = {
      INPUT_WORKING_DIRECTORY: "infra",
      INPUT_BASE_REF: base,
      INPUT_INSTALL_COMMAND: "node -e \"require('fs').writeFileSync('installed', '')\"",
      INPUT_SYNTH_COMMAND: "node synth.js",
      INPUT_FAIL_ON: "new-errors",
      GITHUB_STEP_SUMMARY: summary,
    };
    const eventPath = path.join(makeTempDir(), "event.json");
    fs.writeFileSync(eventPath, JSON.stringify({ pull_request: { number: 12 } }));

    const first = await runAction(bundle, repo, { ...inputs, GITHUB_EVENT_PATH: eventPath });
    expect(first.stderr).not.toContain(TOKEN);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain("::group::synthesizing the base: node synth.js");
    expect(first.stderr).toContain("cdktf-access-logs: created the review comment on pull request #12");
    const comments = github.comments.get(12)!;
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toMatch(
      /^<!-- cdktf-access-logs review -->\n# Access-log review: what this change does\n/,
    );
    expect(comments[0].body).toContain("❌ This change: 2 new errors");
    expect(comments[0].body).toContain("**stops delivering logs**");
    expect(fs.readFileSync(summary, "utf8")).toBe(`${first.stdout}\n`);
    // The base worktree is gone again.
    expect(
      spawnSync("git", ["worktree", "list"], { cwd: repo, encoding: "utf8" }).stdout.trim().split("\n"),
    ).toHaveLength(1);

    commit(logged, "head: log it again");
    const second = await runAction(bundle, repo, { ...inputs, GITHUB_EVENT_PATH: eventPath });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain("cdktf-access-logs: updated the review comment on pull request #12");
    expect(github.comments.get(12)).toHaveLength(1);
    expect(github.comments.get(12)![0].body).toContain("✅ This change: 0 new errors");
  }, 60_000);

  test("ready synth directories, fail-on any-error and never, and a failing synth named with its step", async () => {
    const { repo, commit } = appRepository();
    commit(unlogged, "only commit");
    spawnSync("node", ["synth.js"], { cwd: path.join(repo, "infra") });
    const out = path.join(repo, "infra", "out");
    const common = {
      INPUT_WORKING_DIRECTORY: "infra",
      INPUT_HEAD_OUTPUT: "out",
      INPUT_BASE_OUTPUT: out,
    };
    const inputs = (failOn: string): { [name: string]: string } => ({ ...common, INPUT_FAIL_ON: failOn });
    const eventPath = path.join(makeTempDir(), "event.json");
    fs.writeFileSync(eventPath, JSON.stringify({ pull_request: { number: 13 } }));
    expect((await runAction(bundle, repo, { ...inputs("new-errors"), GITHUB_EVENT_PATH: eventPath })).code).toBe(0);
    expect((await runAction(bundle, repo, { ...inputs("any-error"), GITHUB_EVENT_PATH: eventPath })).code).toBe(1);
    expect((await runAction(bundle, repo, { ...inputs("never"), GITHUB_EVENT_PATH: eventPath })).code).toBe(0);
    expect(github.comments.get(13)).toHaveLength(1);

    const failing = await runAction(bundle, repo, {
      INPUT_WORKING_DIRECTORY: "infra",
      INPUT_BASE_OUTPUT: out,
      INPUT_INSTALL_COMMAND: "true",
      INPUT_SYNTH_COMMAND: "node -e 'process.exit(3)'",
      GITHUB_EVENT_PATH: eventPath,
    });
    expect(failing.code).toBe(2);
    const nowhere = await runAction(bundle, repo, {
      INPUT_WORKING_DIRECTORY: "infra",
      INPUT_BASE_REF: "HEAD",
      INPUT_HEAD_OUTPUT: "out",
      INPUT_INSTALL_COMMAND: "true",
      INPUT_SYNTH_COMMAND: "true",
      GITHUB_EVENT_PATH: eventPath,
    });
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain(
      `cdktf-access-logs: synthesizing the base wrote no "out": set cdktf.json's "output" or synth-command so the synth output lands there`,
    );
    expect(failing.stderr).toContain(
      `cdktf-access-logs: synthesizing the head: "node -e 'process.exit(3)'" in ${JSON.stringify(fs.realpathSync(path.join(repo, "infra")))} exited with 3; see the log above`,
    );
  }, 60_000);

  test("a shallow checkout (actions/checkout's default) fetches the base commit itself", async () => {
    const { repo, commit } = appRepository();
    const base = commit(logged, "base");
    commit(logged, "head");
    const clone = path.join(makeTempDir(), "clone");
    const cloned = spawnSync("git", ["clone", "-q", "--depth", "1", `file://${repo}`, clone], { encoding: "utf8" });
    expect(cloned.stderr).toBe("");
    expect(spawnSync("git", ["cat-file", "-e", `${base}^{commit}`], { cwd: clone }).status).not.toBe(0);
    const eventPath = path.join(makeTempDir(), "event.json");
    fs.writeFileSync(eventPath, JSON.stringify({ pull_request: { number: 15 } }));
    const result = await runAction(bundle, clone, {
      INPUT_WORKING_DIRECTORY: "infra",
      INPUT_BASE_REF: base,
      INPUT_INSTALL_COMMAND: "true",
      INPUT_SYNTH_COMMAND: "node synth.js",
      GITHUB_EVENT_PATH: eventPath,
    });
    expect(result.stderr).toContain("::group::synthesizing the base: node synth.js");
    expect(result.code).toBe(0);
    expect(github.comments.get(15)![0].body).toContain("✅ This change: 0 new errors");
  }, 60_000);

  test("an app the base does not have yet is reviewed alone", async () => {
    const { repo, commit } = appRepository();
    fs.writeFileSync(path.join(repo, "README.md"), "before the app\n");
    spawnSync("git", ["add", "README.md"], { cwd: repo });
    spawnSync("git", ["commit", "-q", "-m", "no app yet", "--", "README.md"], { cwd: repo });
    const base = spawnSync("git", ["rev-parse", "HEAD"], { cwd: repo, encoding: "utf8" }).stdout.trim();
    commit(logged, "add the app");
    const eventPath = path.join(makeTempDir(), "event.json");
    fs.writeFileSync(eventPath, JSON.stringify({ pull_request: { number: 14 } }));
    const result = await runAction(bundle, repo, {
      INPUT_WORKING_DIRECTORY: "infra",
      INPUT_BASE_REF: base,
      INPUT_INSTALL_COMMAND: "true",
      INPUT_SYNTH_COMMAND: "node synth.js",
      GITHUB_EVENT_PATH: eventPath,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`the base ${base} has no cdktf app at infra: reviewing the head alone`);
    expect(github.comments.get(14)![0].body).toContain("# Access-log review\n");
  }, 60_000);
});

describe("README: the workflow users copy", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const block = /<!-- readme-workflow -->\s*```yaml\n([\s\S]*?)```/.exec(readme);
  const workflow = parse(block ? block[1] : "") as {
    on: { [event: string]: unknown };
    permissions: { [scope: string]: string };
    jobs: {
      [id: string]: { "runs-on": string; steps: { uses?: string; run?: string; with?: { [k: string]: unknown } }[] };
    };
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

  test("runs on pull requests with the least permissions: contents read, pull-requests write", () => {
    expect(block).not.toBeNull();
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.permissions).toEqual({ contents: "read", "pull-requests": "write" });
  });

  test("uses this repository's action with inputs it declares and values it accepts", () => {
    const repository = (
      JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { repository: { url: string } }
    ).repository.url
      .replace(/^git\+https:\/\/github\.com\//, "")
      .replace(/\.git$/, "");
    const ours = steps.filter((s) => s.uses?.startsWith(`${repository}@`));
    expect(ours).toHaveLength(1);
    for (const name of Object.keys(ours[0].with ?? {})) expect(Object.keys(action.inputs)).toContain(name);
    expect(["new-errors", "any-error", "never"]).toContain(ours[0].with!["fail-on"]);
    expect(steps.filter((s) => s.uses !== undefined && s !== ours[0]).map((s) => s.uses)).toEqual([
      "actions/checkout@v4",
      "actions/setup-node@v4",
    ]);
    expect(steps.filter((s) => s.run !== undefined)).toEqual([]);
  });

  test("the inputs table lists exactly the action's inputs, with its defaults", () => {
    const rows = [...readme.matchAll(/^\| `([a-z-]+)` +\| ([^|]*?) +\|/gm)].filter(([, name]) => name in action.inputs);
    expect(rows.map(([, name]) => name)).toEqual(Object.keys(action.inputs));
    for (const [, name, shown] of rows) {
      const value = action.inputs[name].default ?? "";
      if (value !== "" && name !== "max-chars") expect(shown).toBe(`\`${value}\``);
    }
  });

  test("the GitLab job is valid YAML, runs on merge request pipelines and posts with --gitlab-note", () => {
    const job = /```yaml\n(access-log-review:[\s\S]*?)```/.exec(readme);
    expect(job).not.toBeNull();
    const parsed = parse(job![1]) as { "access-log-review": { rules: { if: string }[]; script: string[] } };
    expect(parsed["access-log-review"].rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(parsed["access-log-review"].script.at(-1)).toBe(
      "npx cdktf-access-logs review cdktf.out --base ../base.out --gitlab-note",
    );
  });

  test("every cdktf-access-logs command and option the README shows exists", async () => {
    const { stdout: usage } = await runCli("--help");
    // `logs` has a help text of its own, which lists its subcommands' options.
    const { stdout: logsUsage } = await runCli("logs", "--help");
    const commands = [...readme.matchAll(/npx cdktf-access-logs ([a-z]+)([^\n`#]*)/g)];
    expect(commands.length).toBeGreaterThan(3);
    for (const [, command, rest] of commands) {
      expect(usage).toContain(`cdktf-access-logs ${command}`);
      const help = command === "logs" ? logsUsage : usage;
      for (const option of rest.match(/--[a-z-]+/g) ?? [])
        expect({ command, option, shown: help.includes(option) }).toEqual({ command, option, shown: true });
    }
  });
});
