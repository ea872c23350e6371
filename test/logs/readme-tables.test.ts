// README's table definitions for Spark/DLC, Trino and the column table must name the columns logs export writes, and
// its logs export and logs query command lines must be ones the command line accepts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseExportArgs } from "../../lib/cli/logs-export";
import { parseQueryArgs } from "../../lib/cli/logs-query";
import { accessLogColumns } from "../../lib/logs/access-log-table";

const README = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

function block(startsWith: string): string {
  const start = README.indexOf(startsWith);
  expect(start).toBeGreaterThan(-1);
  return README.slice(start, README.indexOf("\n)", start));
}

test.each(["bos", "cos", "cdn"] as const)(
  "the column table lists the %s columns, in order, with their types",
  (format) => {
    const row = README.split("\n").find((line) => new RegExp(`^\\| ${format} +\\| `).test(line)) as string;
    const listed = row.split("|")[2].trim();
    expect(listed).toBe(
      accessLogColumns(format)
        .map((c) => `${c.name} ${c.type}`)
        .join(", "),
    );
  },
);

test.each([
  ["CREATE TABLE cos_access_logs (", { timestamp: "TIMESTAMP", int32: "INT", int64: "BIGINT", string: "STRING" }],
  [
    "CREATE TABLE hive.logs.cos_access_logs (",
    { timestamp: "timestamp(3)", int32: "integer", int64: "bigint", string: "varchar" },
  ],
])("%s names every COS column with its type, then the partitions", (start, types) => {
  const columns = block(start)
    .split("\n")
    .slice(1)
    .map((line) => line.trim().replace(/,$/, "").replace(/[`"]/g, ""));
  const expected = accessLogColumns("cos").map((c) => `${c.name} ${types[c.type]}`);
  expect(columns.slice(0, -2)).toEqual(expected);
  expect(columns.slice(-2).map((c) => c.split(" ")[0])).toEqual(["date", "source"]);
});

/** Splits a shell command line into words: double quotes group, `#` starts a comment. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.replace(/\s+#.*$/, "").matchAll(/"([^"]*)"|(\S+)/g)) words.push(match[1] ?? match[2]);
  return words;
}

test("every logs export and logs query command in README is one the command line accepts", () => {
  const commands = README.split("\n")
    .map((line) => /npx cdktf-access-logs logs (export|query) (.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null);
  expect(commands.map((m) => m[1]).sort()).toEqual(["export", "export", "query", "query"]);
  for (const [line, command, rest] of commands) {
    const args = shellWords(rest);
    expect({ line, parsed: command === "export" ? parseExportArgs(args).format : parseQueryArgs(args).format }).toEqual(
      { line, parsed: expect.stringMatching(/^(bos|cos|cdn)$/) },
    );
  }
  expect(shellWords('--format cos "SELECT 1, 2" x/ # note')).toEqual(["--format", "cos", "SELECT 1, 2", "x/"]);
});
