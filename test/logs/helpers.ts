// Helpers shared by the log tests.
import { join } from "node:path";
import { AccessLogParseError, runLogsCli } from "../../lib";
import type { LogsCliEnvironment } from "../../lib";

/** Runs `cdktf-access-logs logs <args>` in this process; returns its exit code and what it printed. */
export async function runLogs(
  args: string[],
  env: LogsCliEnvironment = { stderrIsTTY: false },
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runLogsCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, env);
  return { code, stdout, stderr };
}

/** The COS fixture line: one request of bucket examplebucket-1250000000. */
export const COS_SAMPLE = join(__dirname, "fixtures", "cos-sample.log");

/** Runs `cdktf-access-logs logs query --format cos <sql>` over the COS fixture line. */
export function queryCosSample(
  sql: string,
  ...flags: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runLogs(["query", "--format", "cos", ...flags, sql, COS_SAMPLE]);
}

/** The AccessLogParseError `parse` throws (fails the test when it throws nothing or something else). */
export function parseError(parse: () => unknown): AccessLogParseError {
  try {
    parse();
  } catch (error) {
    if (error instanceof AccessLogParseError) return error;
    throw error;
  }
  throw new Error("expected an AccessLogParseError");
}
