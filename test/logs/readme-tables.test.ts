// README's table definitions for Spark/DLC, Trino and the column table must name the columns logs export writes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
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
