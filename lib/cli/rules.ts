import { ACCESS_LOG_RULES } from "../checks/engine";
import { UsageError } from "./args";
import { CliOutput } from "./output";

/** The `rules` line of the command's help text. */
export const RULES_USAGE = `rules   Lists the check pack's rules.
`;

/** `cdktf-access-logs rules [--json]`: the check pack's rules as a Markdown table or JSON. */
export function runRules(args: string[], out: CliOutput): number {
  const unknown = args.find((a) => a !== "--json");
  if (unknown) throw new UsageError(`unknown argument ${unknown}`);
  const list = ACCESS_LOG_RULES.map(({ id, level, reason, fix }) => ({ id, level, reason, fix }));
  if (args.includes("--json")) {
    out.stdout(`${JSON.stringify(list, null, 2)}\n`);
  } else {
    const lines = [
      "| id | level | reason | fix |",
      "| --- | --- | --- | --- |",
      ...list.map((r) => `| ${r.id} | ${r.level} | ${r.reason} | ${r.fix} |`),
    ];
    out.stdout(`${lines.join("\n")}\n`);
  }
  return 0;
}
