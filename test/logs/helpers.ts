// Helpers shared by the log tests.
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
