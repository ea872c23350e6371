// Users who never ran `npm install @duckdb/node-api`: the package is absent, as Node.js reports it when it is.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COS_SAMPLE, queryCosSample, runLogs } from "./helpers";

jest.mock("@duckdb/node-api", () => {
  throw Object.assign(new Error("Cannot find module '@duckdb/node-api'"), { code: "MODULE_NOT_FOUND" });
});

const run = runLogs;

test("logs query says how to install DuckDB, exit 2, no stack trace", async () => {
  const { code, stdout, stderr } = await queryCosSample("SELECT 1");
  expect(code).toBe(2);
  expect(stdout).toBe("");
  expect(stderr).toBe(
    "cdktf-access-logs logs: this command runs SQL with DuckDB, whose Node.js package is not installed with " +
      "cdktf-access-logs (it is ~70 MB of native code). Install it next to cdktf-access-logs: " +
      "npm install @duckdb/node-api@1.5.6-r.1\n",
  );
});

test("logs export does not need DuckDB", async () => {
  const dir = mkdtempSync(join(tmpdir(), "no-duckdb-"));
  try {
    const out = join(dir, "out");
    const { code } = await run(["export", "--format", "cos", "--to", "ndjson", "--out", out, COS_SAMPLE]);
    expect(code).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
