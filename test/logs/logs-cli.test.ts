import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { formatCdnAccessLogLine, inlineCode, parseCdnAccessLogLine, runReviewCli } from "../../lib";
import { runLogs } from "./helpers";

const fixtures = join(__dirname, "fixtures");
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "logs-cli-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = runLogs;

describe("cdktf-access-logs logs summarize", () => {
  test("Markdown summary of a BOS log with a malformed and a blank line; exit 1 because a line was not read", async () => {
    const { code, stdout, stderr } = await run(["summarize", "--format", "bos", join(fixtures, "bos-mixed.log")]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout).toContain("## BOS access log summary");
    expect(stdout).toContain("| Inputs | 1, 1.1 KiB (1,099 bytes) read |");
    expect(stdout).toContain("| Requests | 3 |");
    expect(stdout).toContain("| Bytes sent | 2.6 KiB (2,647 bytes) |");
    expect(stdout).toContain("| Time span | 2016-09-05T01:02:03.000Z to 2016-09-05T02:00:00.000Z (UTC) |");
    expect(stdout).toContain("| Malformed lines | 1 (not counted above; see below) |");
    expect(stdout).toContain("| 2xx | 2 | 66.7% |");
    expect(stdout).toContain("| 4xx | 1 | 33.3% |");
    expect(stdout).toContain("| 1 | `big.bin` | 1 | 33.3% |");
    expect(stdout).toContain("| 3 | `127.0.0.1` | 1 | 33.3% |");
    expect(stdout).toContain("| 1 | `NoSuchKey` | 1 | 33.3% |");
    expect(stdout).not.toContain("| success |");
    expect(stdout).toMatch(
      /### Malformed lines\n\n\| input \| line \| column \| problem \|\n\| --- \| ---: \| ---: \| --- \|\n\| `[^`]*bos-mixed\.log` \| 4 \| \d+ \| `bos access log: field 12 \(status\) at column \d+ is not an HTTP status code \(100-599\): "abc"` \|/,
    );
    expect(stdout).not.toContain("approximate");
  });

  test("--json: every figure, clean input exits 0", async () => {
    const path = join(dir, "package.gz");
    writeFileSync(path, gzipSync(readFileSync(join(fixtures, "cdn-crlf.log"))));
    const { code, stdout } = await run(["summarize", "--json", "--format=cdn", "--top", "2", path]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      format: "cdn",
      sources: 1,
      bytesRead: readFileSync(path).length,
      lines: 3,
      requests: 3,
      bytesSent: 5120 + 1048576 + 120,
      statusClasses: { "1xx": 0, "2xx": 2, "3xx": 0, "4xx": 1, "5xx": 0, unknown: 0 },
      firstRequestAt: "2026-11-20T16:00:12.000Z",
      lastRequestAt: "2026-11-20T16:01:00.000Z",
      topKeys: [
        { value: "/index.html", count: 1, maxOverestimate: 0 },
        { value: "/missing", count: 1, maxOverestimate: 0 },
      ],
      topClientIps: [
        { value: "198.51.100.4", count: 1, maxOverestimate: 0 },
        { value: "2001:db8::1", count: 1, maxOverestimate: 0 },
      ],
      errorCodes: [{ value: "HTTP 404", count: 1, maxOverestimate: 0 }],
      topListsApproximate: false,
      blankLines: 0,
      malformedLines: 0,
      malformedSamples: [],
      damagedSources: [],
    });
  });

  test("user-controlled strings cannot inject Markdown, HTML or mentions", async () => {
    const base = parseCdnAccessLogLine(readFileSync(join(fixtures, "cdn-crlf.log"), "utf8").split("\r\n")[0]);
    const hostile = [
      "/a`b``c",
      "/x|y",
      "/<script>alert(1)</script>",
      "/[approved](https://evil.example)",
      "@octocat #1",
      "/**bold**_em_",
      "/line\nbreak",
    ];
    const lines = hostile.map((path) => formatCdnAccessLogLine({ ...base, path }));
    const file = join(dir, "hostile.log");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const { stdout } = await run(["summarize", "--format", "cdn", "--top", "20", file]);
    const table = stdout.slice(stdout.indexOf("### Top keys"), stdout.indexOf("### Top client IPs"));
    // Each value is shown as a code span (the review CLI's inlineCode): never parsed as Markdown or HTML.
    for (const path of hostile) expect(table).toContain(`| ${inlineCode(path, "table", 200)} |`);
    expect(table).toContain("| ```/a`b``c``` |");
    expect(table).toContain("| `/x\\|y` |");
    expect(table).toContain("| `/line\\nbreak` |");
    // Every row still has exactly five cell borders: no value opened or closed a cell.
    for (const row of table.split("\n").filter((l) => /^\| \d/.test(l))) {
      expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(6);
    }
  });

  test("standard input with -", async () => {
    const stdin = Readable.from([readFileSync(join(fixtures, "cos-sample.log"))]);
    const { code, stdout } = await run(["summarize", "--format", "cos", "--json", "-"], { stdin, stderrIsTTY: false });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      requests: 1,
      bytesSent: 197,
      errorCodes: [{ value: "NoSuchKey", count: 1 }],
    });
  });

  test("--strict stops at the first malformed line with exit 1 and no summary", async () => {
    const { code, stdout, stderr } = await run([
      "summarize",
      "--format",
      "bos",
      "--strict",
      join(fixtures, "bos-mixed.log"),
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^cdktf-access-logs logs: .*bos-mixed\.log:4:\d+: bos access log: field 12 \(status\)/);
    expect(stderr).toContain("--strict stops at the first problem");
  });

  test("a truncated gzip input is listed, and the exit code is 1", async () => {
    const whole = gzipSync(readFileSync(join(fixtures, "cdn-crlf.log")).toString().repeat(200));
    const path = join(dir, "cut.gz");
    writeFileSync(path, whole.subarray(0, whole.length >> 1));
    const { code, stdout } = await run(["summarize", "--format", "cdn", path]);
    expect(code).toBe(1);
    expect(stdout).toContain("| Damaged inputs | 1 (see below) |");
    expect(stdout).toMatch(
      /### Damaged inputs\n\n\| input \| lines read \| problem \|\n\| --- \| ---: \| --- \|\n\| `[^`]*cut\.gz` \| \d+ \| `gzip data ends before its end marker/,
    );
  });

  test("progress on a terminal for large inputs only", async () => {
    const path = join(dir, "big.log");
    writeFileSync(path, readFileSync(join(fixtures, "cdn-crlf.log")).toString().repeat(3000));
    const tty = await run(["summarize", "--format", "cdn", path], {
      stderrIsTTY: true,
      progressThresholdBytes: 1000,
      progressIntervalMs: 0,
    });
    expect(tty.code).toBe(0);
    // Each progress line starts with a carriage return and ESC[K (erase to end of line).
    expect(tty.stderr.startsWith("\r\x1b[K")).toBe(true);
    expect(tty.stderr.slice("\r\x1b[K".length)).toMatch(
      /^reading [\d.]+ MiB of [\d.]+ MiB \(\d+%\): [\d,]+ requests, 0 malformed/,
    );
    expect(tty.stderr.endsWith("\r\x1b[K")).toBe(true);
    const small = await run(["summarize", "--format", "cdn", path], {
      stderrIsTTY: true,
      progressThresholdBytes: 10 * 1024 * 1024,
      progressIntervalMs: 0,
    });
    expect(small.stderr).toBe("");
    const pipe = await run(["summarize", "--format", "cdn", path], {
      stderrIsTTY: false,
      progressThresholdBytes: 0,
      progressIntervalMs: 0,
    });
    expect(pipe.stderr).toBe("");
  });

  test.each([
    [["summarize", join(fixtures, "bos-sample.log")], "--format is required: bos, cos or cdn"],
    [["summarize", "--format", "s3", "x"], '--format must be bos, cos or cdn, got "s3"'],
    [["summarize", "--format", "bos"], "give at least one log file or directory (or - for standard input)"],
    [["summarize", "--format", "bos", "--top", "0", "x"], '--top needs a whole number from 1 to 1000, got "0"'],
    [["summarize", "--format", "bos", "--top", "1001", "x"], '--top needs a whole number from 1 to 1000, got "1001"'],
    [["summarize", "--format", "bos", "--top"], "--top needs a value"],
    [["summarize", "--format", "bos", "--color", "x"], "unknown option --color"],
    [["summarize", "--format", "bos", "-", "-"], "standard input (-) can be read only once"],
    [["tail"], 'unknown logs command "tail"'],
    [[], "no logs command given"],
  ])("usage error %j", async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(`cdktf-access-logs logs: ${message}\n`);
    expect(stderr).toContain("Usage:");
  });

  test("--top 1000 and 1 are accepted", async () => {
    expect((await run(["summarize", "--format", "bos", "--top", "1000", join(fixtures, "bos-sample.log")])).code).toBe(
      0,
    );
    const one = await run(["summarize", "--format", "bos", "--json", "--top=1", join(fixtures, "bos-mixed.log")]);
    expect(JSON.parse(one.stdout).topClientIps).toHaveLength(1);
  });

  test("a missing input is exit 2 with its path", async () => {
    const { code, stderr } = await run(["summarize", "--format", "bos", join(dir, "missing")]);
    expect(code).toBe(2);
    expect(stderr).toBe(`cdktf-access-logs logs: ${join(dir, "missing")}: cannot be read (ENOENT)\n`);
  });

  test("the cdktf-access-logs command dispatches `logs` to it", async () => {
    let stdout = "";
    const code = await runReviewCli(
      ["logs", "summarize", "--format", "bos", "--json", join(fixtures, "bos-sample.log")],
      { stdout: (t) => (stdout += t), stderr: () => undefined },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).requests).toBe(1);
  });
});
