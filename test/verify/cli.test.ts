import { main } from "../../lib/cli";
import { parseDuration, runVerifyCli } from "../../lib/cli/verify";
import { cosClient } from "../../lib/verify/sdk-clients";
import { removeSynthOutputs, unloggedBucketStack, writeSynthOutput } from "./cli-fixtures";

afterAll(() => removeSynthOutputs());

async function run(args: string[], env: { [name: string]: string | undefined } = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runVerifyCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, { env });
  return { code, stdout, stderr };
}

describe("verify command line", () => {
  test("an output with no deliveries says so and exits 0, without credentials or calls", async () => {
    const dir = writeSynthOutput({ plain: unloggedBucketStack() });
    const { code, stdout, stderr } = await run([dir]);
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toContain(
      "_No deliveries to verify: the synth output has no COS or BOS bucket logging and no CDN log backup._",
    );
    const json = await run([dir, "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ deliveries: [], exitCode: 0, sharedApiCalls: 0 });
  });

  test("the main command dispatches verify and lists it in the usage", async () => {
    const dir = writeSynthOutput({ plain: unloggedBucketStack() });
    let stdout = "";
    const code = await main(["verify", dir], { stdout: (t) => (stdout += t), stderr: () => undefined });
    expect(code).toBe(0);
    expect(stdout).toContain("No deliveries to verify");
    let usage = "";
    await main(["--help"], { stdout: (t) => (usage += t), stderr: () => undefined });
    expect(usage).toContain(
      "cdktf-access-logs verify [cdktf.out] [--stack NAME] [--max-age DURATION] [--require-logs] [--json]",
    );
  });

  test.each([
    [["--max-age", "3"], '--max-age needs a duration such as 90m, 3h or 1d12h, got "3"'],
    [["--max-age", "0h"], '--max-age needs a duration such as 90m, 3h or 1d12h, got "0h"'],
    [["--max-age", "3h2d"], '--max-age needs a duration such as 90m, 3h or 1d12h, got "3h2d"'],
    [
      ["--bos-endpoint", "bj.bcebos.com/path"],
      '--bos-endpoint needs host[:port], e.g. bj.bcebos.com, got "bj.bcebos.com/path"',
    ],
    [["--max-chars", "3999"], '--max-chars needs a whole number of at least 4000, got "3999"'],
    [["--frobnicate"], 'unknown option "--frobnicate"'],
    [["--now", "yesterday"], '--now needs an ISO 8601 time such as 2025-01-01T00:00:00Z, got "yesterday"'],
    [["--stack", "nope"], 'no stack "nope" in the synth output; it has "plain"'],
    [["other-dir"], "only one synth output directory can be verified"],
  ])("usage error %j: exit 2 with the reason", async (args, message) => {
    const dir = writeSynthOutput({ plain: unloggedBucketStack() });
    const { code, stdout, stderr } = await run([dir, ...args]);
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toContain(message);
  });

  test("unreadable input: exit 2", async () => {
    const { code, stderr } = await run(["/nonexistent/cdktf.out"]);
    expect(code).toBe(2);
    expect(stderr).toContain("is not a directory");
  });

  test.each([
    ["90m", 5400],
    ["3h", 10800],
    ["1d12h", 129600],
    ["1h30m15s", 5415],
    ["", undefined],
    ["h", undefined],
    ["-3h", undefined],
    ["3H", undefined],
  ])("parseDuration(%j) = %j", (text, seconds) => expect(parseDuration(text)).toBe(seconds));

  test("a missing SDK is a setup error naming the package to install", () => {
    const missing = (name: string) => {
      const error = new Error(`Cannot find module '${name}'`) as NodeJS.ErrnoException;
      error.code = "MODULE_NOT_FOUND";
      throw error;
    };
    expect(() => cosClient({ secretId: "id", secretKey: "key", protocol: "https" }, { loader: missing })).toThrow(
      "verify needs the SDK package cos-nodejs-sdk-v5, which is not installed (it is an optional peer dependency of cdktf-access-logs). Fix: npm install --save-dev cos-nodejs-sdk-v5@^3.0.0",
    );
  });
});
