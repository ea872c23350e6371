// README's "Deploy" section: its shell commands use only what the cdktf CLI this project pins accepts, and it names
// the provider versions the vendored schemas describe. (Its TypeScript snippet runs with the others in
// readme-snippets.test.ts.)
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { VENDORED_PROVIDERS } from "../../scripts/schema-manifest";
import { README } from "./snippets";

const CDKTF_CLI = path.resolve(__dirname, "..", "..", "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");

function deploySection(): string {
  const text = fs.readFileSync(README, "utf8");
  const start = text.indexOf("\n## Deploy\n");
  expect(start).toBeGreaterThan(0);
  const end = text.indexOf("\n## ", start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** Every `cdktf <command> [--options]` in the section's code (fenced blocks and inline code). */
function cdktfCommands(section: string): { command: string; options: string[]; line: string }[] {
  const found: { command: string; options: string[]; line: string }[] = [];
  for (const match of section.matchAll(/npx cdktf ([a-z]+)((?:\s+(?:--[a-z-]+|[a-z<>.-]+))*)/g)) {
    found.push({
      command: match[1],
      options: [...match[2].matchAll(/--[a-z-]+/g)].map((option) => option[0]),
      line: match[0],
    });
  }
  return found;
}

/** The options `cdktf <command> --help` lists. */
function optionsOf(command: string): string[] {
  const help = execFileSync(process.execPath, [CDKTF_CLI, command, "--help"], {
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  return [...help.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((match) => match[1]);
}

test("covers deploy, diff and destroy, the air-gapped flag and both removal choices", () => {
  const section = deploySection();
  const commands = new Set(cdktfCommands(section).map(({ command }) => command));
  expect([...commands].sort()).toEqual(["deploy", "destroy", "diff", "synth"]);
  for (const phrase of [
    "--skip-provider-lock",
    "terraform providers mirror",
    "provider_installation",
    "RemovalPolicy.DESTROY",
    "terraform state rm",
    "No changes. Your infrastructure matches the configuration.",
    "CosBackend",
    "../../../terraform.<stack>.tfstate",
  ]) {
    expect(section).toContain(phrase);
  }
});

test("every cdktf command and option in it exists in the pinned cdktf CLI", () => {
  const known = new Map<string, string[]>();
  for (const { command, options, line } of cdktfCommands(deploySection())) {
    if (!known.has(command)) known.set(command, optionsOf(command));
    const accepted = known.get(command)!;
    expect(accepted.length).toBeGreaterThan(5);
    for (const option of options)
      expect({ line, option, known: accepted.includes(option) }).toEqual({ line, option, known: true });
  }
  expect(known.get("deploy")).toContain("--skip-provider-lock");
});

test("names the provider versions the vendored schemas describe", () => {
  const section = deploySection();
  for (const provider of VENDORED_PROVIDERS) expect(section).toContain(`${provider.name} ${provider.version}`);
});
