/*
 * logs export and logs query. The export runs as users run it, through bin/cdktf-access-logs.js in its own Node.js
 * process, or in this one, and is read back with DuckDB (test/logs/parquet/ reads the writer's files with Arrow's
 * Rust reader too).
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { queryCosSample, runLogs } from "./helpers";

const fixtures = join(__dirname, "fixtures");
const BIN = join(__dirname, "..", "..", "bin", "cdktf-access-logs.js");
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "logs-export-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = runLogs;

/** Runs the command line in a Node.js process of its own. */
async function runBin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, "logs", ...args], {
      maxBuffer: 16 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function duckdb(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}

const parquetOf = (out: string) =>
  `read_parquet('${out}/**/*.parquet', hive_partitioning = true, hive_types = {'date': DATE, 'source': VARCHAR})`;

describe("logs export to Parquet, read back with DuckDB", () => {
  test("BOS: rows, typed values, partitions; the malformed line is reported and left out (exit 1)", async () => {
    const out = join(dir, "bos");
    const { code, stdout, stderr } = await runBin([
      "export",
      "--format",
      "bos",
      "--to",
      "parquet",
      "--out",
      out,
      join(fixtures, "bos-mixed.log"),
      join(fixtures, "bos-sample.log"),
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout).toContain("| Requests written | 4 |");
    expect(stdout).toContain("| Malformed lines | 1 (not written; see below) |");
    expect(stdout).toMatch(/### Malformed lines\n\n\| input \| line \| column \| problem \|/);
    expect(filesUnder(out)).toEqual(["date=2016-09-05/source=bos-logging/part-00000.parquet"]);
    const rows = await duckdb(
      `SELECT count(*) AS n, count(DISTINCT request_id) AS ids, min(time) AS first, sum(bytes_sent) AS bytes, ` +
        `any_value(typeof(time)) AS time_type, any_value(typeof(bytes_sent)) AS bytes_type, ` +
        `any_value(typeof(status)) AS status_type, any_value(date) AS date, any_value(source) AS source, ` +
        `count(key) AS keys, any_value(utc_offset_minutes) AS offset FROM ${parquetOf(out)}`,
    );
    expect(rows).toEqual([
      {
        n: 4n,
        ids: 3n,
        first: new Date("2016-09-05T01:02:03Z"),
        bytes: 2335n * 2n + 312n,
        time_type: "TIMESTAMP WITH TIME ZONE",
        bytes_type: "BIGINT",
        status_type: "INTEGER",
        date: new Date("2016-09-05T00:00:00Z"),
        source: "bos-logging",
        keys: 2n,
        offset: 480,
      },
    ]);
    const sample = await duckdb(
      `SELECT user_agent, status, error_code, object_size, referer, extra_fields FROM ${parquetOf(out)} ` +
        `WHERE request_id = '98a20094-2002-4950-899d-9347244c71da' LIMIT 1`,
    );
    expect(sample).toEqual([
      {
        user_agent:
          "bce-sdk-python/0.8.9/2.7.3 (default, Jun 24 2016, 15:08:42) [GCC 3.4.5 20051201 (Red Hat 3.4.5-2)]/linux2",
        status: 200,
        error_code: "success",
        object_size: null,
        referer: null,
        extra_fields: null,
      },
    ]);
  });

  test("COS: both fixture lines and the field table's line with vpcId, one partition per bucket", async () => {
    const input = join(dir, "cos.log");
    const table = readFileSync(join(fixtures, "cos-sample.log"), "utf8")
      .trimEnd()
      .replace('"The specified key does not exist."', "The specified key does not exist.")
      .replace("examplebucket-1250000000", "otherbucket-1250000000")
      .concat(' "0" extra-1');
    writeFileSync(input, `${table}\n`);
    const out = join(dir, "cos");
    const result = await runBin([
      "export",
      "--format=cos",
      "--to=parquet",
      `--out=${out}`,
      "--json",
      input,
      join(fixtures, "cos-sample.log"),
      join(fixtures, "cos-tab-separated.log"),
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ format: "cos", to: "parquet", requests: 3, partitions: 2, malformedLines: 0 });
    expect([...report.files].sort()).toEqual([
      "date=2018-12-01/source=examplebucket-1250000000/part-00000.parquet",
      "date=2018-12-01/source=otherbucket-1250000000/part-00000.parquet",
    ]);
    const rows = await duckdb(
      `SELECT source, event_time, res_http_code, delta_data_size, res_error_msg, vpc_id, extra_fields, request_uri ` +
        `FROM ${parquetOf(out)} ORDER BY source, delta_data_size`,
    );
    expect(rows).toEqual([
      expect.objectContaining({ source: "examplebucket-1250000000", res_http_code: 204, delta_data_size: -808n }),
      expect.objectContaining({ source: "examplebucket-1250000000", res_http_code: 404, vpc_id: null }),
      {
        source: "otherbucket-1250000000",
        event_time: new Date("2018-12-01T11:02:33Z"),
        res_http_code: 404,
        delta_data_size: 808n,
        res_error_msg: "The specified key does not exist.",
        vpc_id: "0",
        extra_fields: '["extra-1"]',
        request_uri: "GET /folder/text.txt HTTP/1.1",
      },
    ]);
  });

  test("CDN: gzip input, Beijing-time lines across a UTC day boundary land in their UTC days", async () => {
    const input = join(dir, "cdn.gz");
    const text = readFileSync(join(fixtures, "cdn-crlf.log"), "utf8");
    // 08:00:05 Beijing time on the 21st is 00:00:05 UTC on the 21st; the fixture's lines are on the 20th in UTC.
    const nextDay = text.split("\r\n")[0].replace("20261121000012", "20261121080005");
    writeFileSync(input, gzipSync(`${text}${nextDay}\r\n`));
    const out = join(dir, "cdn");
    const { code, stderr } = await runBin(["export", "--format", "cdn", "--to", "parquet", "--out", out, input]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(filesUnder(out)).toEqual([
      "date=2026-11-20/source=www.example.com/part-00000.parquet",
      "date=2026-11-21/source=www.example.com/part-00000.parquet",
    ]);
    const rows = await duckdb(
      `SELECT date, time, utc_offset_minutes, province_id, isp_id, client_port, protocol, range FROM ${parquetOf(out)} ` +
        `ORDER BY time`,
    );
    expect(rows).toEqual([
      {
        date: new Date("2026-11-20T00:00:00Z"),
        time: new Date("2026-11-20T16:00:12Z"),
        utc_offset_minutes: 480,
        province_id: 22n,
        isp_id: 2n,
        client_port: 51234n,
        protocol: "HTTP/2.0",
        range: null,
      },
      expect.objectContaining({ date: new Date("2026-11-20T00:00:00Z"), range: "bytes=0-1048575", client_port: null }),
      expect.objectContaining({ date: new Date("2026-11-20T00:00:00Z"), province_id: -20n, client_port: null }),
      expect.objectContaining({ date: new Date("2026-11-21T00:00:00Z"), time: new Date("2026-11-21T00:00:05Z") }),
    ]);
  });

  test("files are finished at --max-file-size: a partition goes on in its next part, no row lost", async () => {
    const line = readFileSync(join(fixtures, "cos-sample.log"), "utf8").trimEnd();
    const lines: string[] = [];
    for (let i = 0; i < 120_000; i++)
      lines.push(line.replace("NWQ1ZjY4MTBfMjZiMjU4NjRfOWI1N180NXXXX=", `req-${i}-${i * 7919}`));
    const input = join(dir, "many.log");
    writeFileSync(input, `${lines.join("\n")}\n`);
    const out = join(dir, "many");
    const { code } = await runBin([
      "export",
      "--format",
      "cos",
      "--to",
      "parquet",
      "--out",
      out,
      "--max-file-size",
      "1",
      input,
    ]);
    expect(code).toBe(0);
    const files = filesUnder(out);
    expect(files.length).toBeGreaterThan(1);
    expect(files[0]).toBe("date=2018-12-01/source=examplebucket-1250000000/part-00000.parquet");
    // Each file is finished after the row group that reached 1 MiB: at most one row group (32,768 rows) beyond it.
    for (const file of files.slice(0, -1)) expect(statSync(join(out, file)).size).toBeGreaterThanOrEqual(1 << 20);
    const [{ n, ids }] = await duckdb(`SELECT count(*) AS n, count(DISTINCT request_id) AS ids FROM ${parquetOf(out)}`);
    expect([n, ids]).toEqual([120_000n, 120_000n]);
  }, 60_000);
});

describe("logs export: NDJSON, usage and safety", () => {
  test("NDJSON rows: times as ISO 8601 UTC, numbers as numbers, absent as null", async () => {
    const out = join(dir, "nd");
    const { code, stdout } = await run([
      "export",
      "--format",
      "cdn",
      "--to",
      "ndjson",
      "--out",
      out,
      join(fixtures, "cdn-crlf.log"),
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain("| Output | `" + out + "`: 1 ndjson file in 1 partition");
    const rows = readFileSync(join(out, "date=2026-11-20", "source=www.example.com", "part-00000.ndjson"), "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows[0]).toEqual({
      time: "2026-11-20T16:00:12.000Z",
      utc_offset_minutes: 480,
      client_ip: "203.0.113.9",
      domain: "www.example.com",
      path: "/index.html",
      bytes: 5120,
      province_id: 22,
      isp_id: 2,
      status: 200,
      referer: null,
      response_time_ms: 12,
      user_agent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)",
      range: null,
      method: "GET",
      protocol: "HTTP/2.0",
      cache_status: "hit",
      client_port: 51234,
      extra_fields: null,
    });
    expect(rows).toHaveLength(3);
  });

  test("progress on a terminal for large inputs, cleared before the report; none on a pipe", async () => {
    const input = join(dir, "big.log");
    writeFileSync(input, readFileSync(join(fixtures, "cdn-crlf.log")).toString().repeat(3000));
    const args = (out: string) => ["export", "--format", "cdn", "--to", "ndjson", "--out", join(dir, out), input];
    const tty = await run(args("tty"), { stderrIsTTY: true, progressThresholdBytes: 1000, progressIntervalMs: 0 });
    expect(tty.code).toBe(0);
    // Each progress line starts with a carriage return and ESC[K (erase to end of line).
    expect(tty.stderr.startsWith("\r\x1b[K")).toBe(true);
    expect(tty.stderr.slice("\r\x1b[K".length)).toMatch(
      /^reading [\d.]+ MiB of [\d.]+ MiB \(\d+%\): [\d,]+ requests, 0 malformed/,
    );
    expect(tty.stderr.endsWith("\r\x1b[K")).toBe(true);
    expect(tty.stdout).toContain("| Requests written | 9,000 |");
    const pipe = await run(args("pipe"), { stderrIsTTY: false, progressThresholdBytes: 0, progressIntervalMs: 0 });
    expect(pipe.stderr).toBe("");
  });

  test("a hostile source value cannot leave its partition folder", async () => {
    const line = readFileSync(join(fixtures, "cdn-crlf.log"), "utf8")
      .split("\r\n")[0]
      .replace("www.example.com", "../x=%2F");
    const input = join(dir, "hostile.log");
    writeFileSync(input, `${line}\n`);
    const out = join(dir, "h");
    expect((await run(["export", "--format", "cdn", "--to", "ndjson", "--out", out, input])).code).toBe(0);
    expect(filesUnder(out)).toEqual(["date=2026-11-20/source=..%2Fx%3D%252F/part-00000.ndjson"]);
  });

  test("a damaged gzip input is listed with exit 1; the lines before the damage are written", async () => {
    const whole = gzipSync(readFileSync(join(fixtures, "cdn-crlf.log")).toString().repeat(200));
    const input = join(dir, "cut.gz");
    writeFileSync(input, whole.subarray(0, whole.length >> 1));
    const out = join(dir, "cut");
    const { code, stdout } = await run(["export", "--format", "cdn", "--to", "ndjson", "--out", out, input]);
    expect(code).toBe(1);
    expect(stdout).toContain("| Damaged inputs | 1 (see below) |");
    expect(stdout).toMatch(/### Damaged inputs\n\n\| input \| lines read \| problem \|/);
    expect(filesUnder(out).length).toBeGreaterThan(0);
  });

  test("--strict stops at the first malformed line, exit 1, and the files written so far are complete", async () => {
    const out = join(dir, "strict");
    const { code, stdout, stderr } = await run([
      "export",
      "--format",
      "bos",
      "--to",
      "ndjson",
      "--strict",
      "--out",
      out,
      join(fixtures, "bos-mixed.log"),
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^cdktf-access-logs logs: .*bos-mixed\.log:4:\d+: bos access log: field 12 \(status\)/);
    expect(stderr).toContain(`the 2 requests before it were written to ${out}`);
    const written = readFileSync(join(out, filesUnder(out)[0]), "utf8")
      .trimEnd()
      .split("\n");
    expect(written.map((l) => JSON.parse(l).request_id)).toHaveLength(2);
  });

  test("a folder that already holds files is refused: a second export would count every request twice", async () => {
    const out = join(dir, "used");
    mkdirSync(out);
    writeFileSync(join(out, "x"), "");
    const { code, stderr } = await run([
      "export",
      "--format",
      "cos",
      "--to",
      "ndjson",
      "--out",
      out,
      join(fixtures, "cos-sample.log"),
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain(`--out ${JSON.stringify(out)} is not empty: export into a new or empty folder`);
    expect(readdirSync(out)).toEqual(["x"]);
  });

  test.each([
    [["--format", "cos", "--out", "o", "x.log"], "--to is required: parquet or ndjson"],
    [["--format", "cos", "--to", "csv", "--out", "o", "x.log"], '--to must be parquet or ndjson, got "csv"'],
    [["--format", "cos", "--to", "parquet", "x.log"], "--out DIR is required"],
    [["--to", "parquet", "--out", "o", "x.log"], "--format is required: bos, cos or cdn"],
    [["--format", "cos", "--to", "parquet", "--out", "o"], "give at least one log file or directory"],
    [
      ["--format", "cos", "--to", "parquet", "--out", "o", "--max-file-size", "0", "x"],
      '--max-file-size needs a whole number of MiB from 1 to 4096, got "0"',
    ],
    [["--format", "cos", "--to", "parquet", "--out", "o", "--max-file-size", "4097", "x"], 'got "4097"'],
    [["--format", "cos", "--to", "parquet", "--out", "o", "--max-file-size", "1.5", "x"], 'got "1.5"'],
    [["--format", "cos", "--to", "parquet", "--out", "o", "--bogus", "x"], "unknown option --bogus"],
    [
      ["--format", "cos", "--to", "parquet", "--out", "o", "--compression", "snappy", "x"],
      '--compression must be none or gzip, got "snappy"',
    ],
    [["--format", "cos", "--to", "parquet", "--out", "o", "--compression", "GZIP", "x"], 'got "GZIP"'],
    [["--format", "cos", "--to", "parquet", "--out", "o", "--compression", "", "x"], 'got ""'],
    [
      ["--format", "cos", "--to", "ndjson", "--out", "o", "--compression", "gzip", "x"],
      "--compression applies to Parquet files: leave it out with --to ndjson (or gzip the files)",
    ],
    [
      ["--format", "cos", "--to", "ndjson", "--out", "o", "--compression", "none", "x"],
      "--compression applies to Parquet files",
    ],
  ])("usage error %j", async (args, message) => {
    const { code, stderr } = await run(["export", ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain("Usage:");
  });

  test("--compression gzip: GZIP pages, the same rows as the default's uncompressed ones, and the JSON report says which", async () => {
    const written: Record<string, { bytesWritten: number; compression: string }> = {};
    for (const compression of ["none", "gzip"]) {
      const out = join(dir, compression);
      const args = ["export", "--format", "cos", "--to", "parquet", "--out", out, "--json"];
      const flags = compression === "none" ? [] : ["--compression", compression];
      const { code, stdout } = await run([...args, ...flags, join(fixtures, "cos-sample.log")]);
      expect(code).toBe(0);
      written[compression] = JSON.parse(stdout);
    }
    expect([written.none.compression, written.gzip.compression]).toEqual(["none", "gzip"]);
    const read = (out: string) =>
      duckdb(`SELECT * EXCLUDE (date, source) FROM ${parquetOf(join(dir, out))} ORDER BY request_id`);
    expect(await read("gzip")).toEqual(await read("none"));
    const codecs = await duckdb(
      `SELECT DISTINCT compression FROM parquet_metadata('${join(dir, "gzip")}/**/*.parquet')`,
    );
    expect(codecs).toEqual([{ compression: "GZIP" }]);
  });

  test("--max-file-size 1 and 4096 are accepted", async () => {
    for (const size of ["1", "4096"]) {
      const out = join(dir, `size-${size}`);
      const args = ["export", "--format", "cos", "--to", "ndjson", "--out", out, "--max-file-size", size];
      expect((await run([...args, join(fixtures, "cos-sample.log")])).code).toBe(0);
    }
  });
});

describe("logs query", () => {
  test("over raw inputs: the view access_logs with typed columns and partition columns", async () => {
    const { code, stdout, stderr } = await run([
      "query",
      "--format",
      "cdn",
      "--json",
      "SELECT date, source, count(*) AS n, sum(bytes) AS bytes, max(time) AS last FROM access_logs GROUP BY ALL ORDER BY date",
      join(fixtures, "cdn-crlf.log"),
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      {
        date: "2026-11-20",
        source: "www.example.com",
        n: 3,
        bytes: 5120 + 1048576 + 120,
        last: "2026-11-20 16:01:00+00",
      },
    ]);
  });

  test("over an export folder, read in place; the same answer as over the raw inputs", async () => {
    const out = join(dir, "exp");
    expect(
      (await runBin(["export", "--format", "bos", "--to", "parquet", "--out", out, join(fixtures, "bos-mixed.log")]))
        .code,
    ).toBe(1);
    const sql = "SELECT operation, status, count(*) AS n FROM access_logs GROUP BY ALL ORDER BY operation, status";
    const fromExport = await run(["query", "--format", "bos", sql, out]);
    const fromRaw = await run(["query", "--format", "bos", sql, join(fixtures, "bos-mixed.log")]);
    expect(fromExport.code).toBe(0);
    expect(fromExport.stdout).toBe(fromRaw.stdout);
    expect(fromRaw.code).toBe(1); // the raw read met the malformed line, and says so
    expect(fromRaw.stderr).toMatch(
      /^cdktf-access-logs logs: left out .*bos-mixed\.log:4:\d+: bos access log: field 12/,
    );
    expect(fromExport.stdout).toMatch(/^operation +\| status \| n\n-+-\+-/);
    expect(fromExport.stdout).toMatch(/\(3 rows\)\n$/);
  });

  test("an NDJSON export folder is refused with what to do instead, and so is an export folder among other inputs", async () => {
    const out = join(dir, "nd");
    const cos = join(fixtures, "cos-sample.log");
    expect((await run(["export", "--format", "cos", "--to", "ndjson", "--out", out, cos])).code).toBe(0);
    const ndjson = await run(["query", "--format", "cos", "SELECT 1", out]);
    expect(ndjson.code).toBe(2);
    expect(ndjson.stderr).toContain(
      "logs query reads the folders logs export --to parquet writes; query the raw logs, or export them to Parquet",
    );
    const parquet = join(dir, "pq");
    expect((await runBin(["export", "--format", "cos", "--to", "parquet", "--out", parquet, cos])).code).toBe(0);
    const mixed = await run(["query", "--format", "cos", "SELECT 1", parquet, cos]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("give an export folder on its own");
  });

  test("bad SQL gets DuckDB's message and exit 2, never a stack trace", async () => {
    const { code, stdout, stderr } = await queryCosSample("SELEC 1");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^cdktf-access-logs logs: (Error: )?Parser Error: syntax error at or near "SELEC"/);
    expect(stderr).not.toMatch(/\n\s+at /);
    const missing = await queryCosSample("SELECT nope FROM access_logs");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Binder Error: Referenced column "nope" not found');
  });

  test("the table escapes control characters, so a log value cannot drive the terminal", async () => {
    const { stdout } = await queryCosSample("SELECT 'a' || chr(27) || '[2J' || chr(10) || 'b' AS v");
    expect(stdout).toBe("v\n-------------\na\\u001b[2J\\nb\n(1 row)\n");
  });

  test.each([
    [["--format", "cos", "x.log"], "give at least one log file or directory, or an export folder"],
    [["--format", "cos"], 'give the SQL to run, e.g. "SELECT count(*) FROM access_logs"'],
    [["SELECT 1", "x.log"], "--format is required"],
    [["--format", "cos", "--top", "3", "SELECT 1", "x"], "unknown option --top"],
  ])("usage error %j", async (args, message) => {
    const { code, stderr } = await run(["query", ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
