/*
 * `logs export` / `logs query` benchmark (npm run bench:logs-export [-- --throughput-mb 64 --size-mb 1024 --runs 3
 * --format bos --query-runs 5]).
 *
 * 1. Throughput: on one generated gzip file (--throughput-mb uncompressed), parsing alone (readAccessLogs, every field
 *    typed) against exporting (the same reading plus PartitionedExport to Parquet in a temporary folder; the default,
 *    uncompressed pages, and --compression gzip), --runs times each, alternating, after an untimed warm-up of each.
 *    Prints export throughput / parse throughput (target >= 0.5 for the default) by CPU time of the process (zlib's
 *    threads included) and by wall time, and the Parquet bytes per row; on a shared machine trust CPU time.
 * 2. Memory: `logs export --to parquet` of a --size-mb (1 GiB) file in a child process, RSS sampled from /proc every
 *    250 ms: RSS at each tenth of the run and the peak (target <= 256 MB).
 * 3. Query: over that export, `logs query` (the command, bundled with esbuild as the compiled package runs it, in a
 *    child process) against DuckDB alone (a child process with @duckdb/node-api running the same SQL over
 *    read_parquet of the same files), --query-runs pairs, alternating; the median ratio of wall times (target <= 2).
 * Generated files and exports go to os.tmpdir() and are deleted afterwards.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AccessLogFormat, readAccessLogs } from "../lib";
import { ParquetCompression } from "../lib/logs/parquet/column-chunk";
import { PartitionedExport } from "../lib/logs/partitioned-export";
import { arg, generateLogs, rssOf, timed } from "./access-log-lines";

const sizeMb = Number(arg("size-mb", "1024"));
const throughputMb = Number(arg("throughput-mb", "64"));
const runs = Number(arg("runs", "3"));
const queryRuns = Number(arg("query-runs", "5"));
const format = arg("format", "bos") as AccessLogFormat;
const root = join(__dirname, "..");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
const COMPRESSIONS: readonly ParquetCompression[] = ["none", "gzip"];
/** The query's columns in each format: the status code, the bytes sent and the client address. */
const QUERY_COLUMNS: Record<AccessLogFormat, [string, string, string]> = {
  bos: ["status", "bytes_sent", "remote_ip"],
  cos: ["res_http_code", "res_bytes_sent", "remote_ip"],
  cdn: ["status", "bytes", "client_ip"],
};

async function parse(path: string): Promise<number> {
  let n = 0;
  for await (const _ of readAccessLogs(path, { format })) n++;
  return n;
}

async function exportTo(
  path: string,
  outDir: string,
  compression: ParquetCompression,
): Promise<{ rows: number; bytes: number }> {
  const exporter = PartitionedExport.open({ format, to: "parquet", outDir, compression });
  for await (const record of readAccessLogs(path, { format })) exporter.add(record);
  return exporter.close();
}

/** Runs `node args…`, sampling its RSS; resolves with its exit code, stdout, wall seconds and RSS samples. */
async function child(args: string[]): Promise<{ code: number; stdout: string; seconds: number; rss: number[] }> {
  const started = process.hrtime.bigint();
  const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const rss: number[] = [];
  const timer = setInterval(() => {
    const value = rssOf(proc.pid!);
    if (value !== undefined) rss.push(value);
  }, 250);
  let stdout = "";
  proc.stdout.on("data", (d) => (stdout += d));
  const [code] = (await once(proc, "exit")) as [number];
  clearInterval(timer);
  return { code, stdout, seconds: Number(process.hrtime.bigint() - started) / 1e9, rss };
}

function bundleCli(): string {
  // Inside the repository, so that the bundle's import of @duckdb/node-api resolves from its node_modules.
  const out = join(root, "node_modules", ".cache", "cdktf-access-logs-bench", "logs-cli.js");
  // esbuild is a dev dependency of this repository (it bundles the CDN backup function).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  esbuild.buildSync({
    entryPoints: [join(root, "lib", "cli", "logs.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    external: ["@duckdb/node-api"],
    outfile: out,
    logLevel: "warning",
  });
  return out;
}

function cliScript(bundle: string, args: string[]): string {
  return `
    const { runLogsCli } = require(${JSON.stringify(bundle)});
    const out = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
    runLogsCli(${JSON.stringify(args)}, out, { stderrIsTTY: false }).then((code) => { process.exitCode = code; });`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "access-log-export-bench-"));
  const missed: string[] = [];
  try {
    // 1. Throughput.
    const small = join(dir, `${format}-${throughputMb}.log.gz`);
    const lines = await generateLogs(small, format, throughputMb);
    console.log(`generated ${lines.toLocaleString("en-US")} ${format} lines, ${throughputMb} MiB uncompressed`);
    let exports = 0;
    const nextOut = () => join(dir, `export-${++exports}`);
    const gzipBytes = statSync(small).size;
    await parse(small);
    for (const compression of COMPRESSIONS) await exportTo(small, nextOut(), compression);
    const cpuRatios = new Map(COMPRESSIONS.map((c) => [c, [] as number[]]));
    const wallRatios = new Map(COMPRESSIONS.map((c) => [c, [] as number[]]));
    const sizes = new Map<ParquetCompression, number>();
    for (let run = 1; run <= runs; run++) {
      const [parsed, wallParse, cpuParse] = await timed(() => parse(small));
      if (parsed !== lines) throw new Error(`count mismatch: ${lines} lines, ${parsed} parsed`);
      const line = [`run ${run}: parse ${wallParse.toFixed(2)} s wall, ${cpuParse.toFixed(2)} s CPU`];
      for (const compression of COMPRESSIONS) {
        const out = nextOut();
        const [exported, wallExport, cpuExport] = await timed(() => exportTo(small, out, compression));
        if (exported.rows !== lines) throw new Error(`count mismatch: ${lines} lines, ${exported.rows} exported`);
        rmSync(out, { recursive: true });
        sizes.set(compression, exported.bytes);
        cpuRatios.get(compression)?.push(cpuParse / cpuExport);
        wallRatios.get(compression)?.push(wallParse / wallExport);
        line.push(
          `export (${compression}) ${wallExport.toFixed(2)} s wall, ${cpuExport.toFixed(2)} s CPU, ratio ` +
            `${(cpuParse / cpuExport).toFixed(2)} CPU, ${(wallParse / wallExport).toFixed(2)} wall`,
        );
      }
      console.log(line.join("; "));
    }
    const list = (xs: number[]) => xs.map((r) => r.toFixed(2)).join(", ");
    if (median(cpuRatios.get("none") ?? []) < 0.5) missed.push("export / parse throughput");
    for (const compression of COMPRESSIONS) {
      const cpu = cpuRatios.get(compression) ?? [];
      const wall = wallRatios.get(compression) ?? [];
      const bytes = sizes.get(compression) ?? 0;
      console.log(
        `export (${compression === "none" ? "default, uncompressed pages" : "--compression gzip"}) / parse throughput` +
          `${compression === "none" ? " (target >= 0.5)" : ""}, median of ${runs}: ${median(cpu).toFixed(2)} by CPU time ` +
          `(${list(cpu)}), ${median(wall).toFixed(2)} by wall time (${list(wall)}); Parquet ${mb(bytes)}, ` +
          `${(bytes / lines).toFixed(1)} bytes a row, ${(bytes / gzipBytes).toFixed(2)} x the gzip input`,
      );
    }
    rmSync(small);

    // 2. Memory of `logs export` over the big file.
    const bundle = bundleCli();
    const big = join(dir, `${format}-${sizeMb}.log.gz`);
    const bigLines = await generateLogs(big, format, sizeMb);
    console.log(
      `generated ${bigLines.toLocaleString("en-US")} ${format} lines, ${sizeMb} MiB uncompressed, ${mb(statSync(big).size)} gzip`,
    );
    const exportDir = join(dir, "big-export");
    // A 128 MB old space makes "constant memory" a hard check: an export that held on to what it read would die with
    // "heap out of memory" long before the end of the input.
    const exported = await child([
      "--max-old-space-size=128",
      "-e",
      cliScript(bundle, ["export", "--format", format, "--to", "parquet", "--out", exportDir, "--json", big]),
    ]);
    const report = JSON.parse(exported.stdout) as { requests: number; files: string[]; bytesWritten: number };
    const at = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(
      (tenth) => exported.rss[Math.min(exported.rss.length - 1, Math.floor((exported.rss.length * tenth) / 10))],
    );
    console.log(
      `logs export of ${sizeMb} MiB: exit ${exported.code}, ${report.requests.toLocaleString("en-US")} requests, ` +
        `${report.files.length} files, ${mb(report.bytesWritten)} Parquet, ${exported.seconds.toFixed(1)} s; ` +
        `RSS at 10%..90%: ${at.map(mb).join(", ")}; peak ${mb(Math.max(...exported.rss))} (target <= 256 MB)`,
    );
    if (exported.code !== 0) missed.push(`logs export exit code ${exported.code}`);
    if (Math.max(...exported.rss) > 256 * 1048576) missed.push("RSS while exporting");
    rmSync(big);

    // 3. `logs query` over the export against DuckDB alone on the same files.
    const [status, bytes, ip] = QUERY_COLUMNS[format];
    const sql =
      `SELECT ${status} AS status, count(*) AS requests, sum(${bytes}) AS bytes, count(DISTINCT ${ip}) AS ips ` +
      `FROM access_logs GROUP BY ${status} ORDER BY ${status}`;
    const glob = `${exportDir}/**/*.parquet`;
    const alone = `
      const { DuckDBInstance } = require(${JSON.stringify(join(root, "node_modules", "@duckdb", "node-api"))});
      (async () => {
        const instance = await DuckDBInstance.create(":memory:");
        const connection = await instance.connect();
        await connection.run(${JSON.stringify(`CREATE VIEW access_logs AS SELECT * FROM read_parquet('${glob}', hive_partitioning = true)`)});
        const reader = await connection.runAndReadAll(${JSON.stringify(sql)});
        process.stdout.write(JSON.stringify(reader.getRowObjectsJson()));
      })();`;
    const ratios: number[] = [];
    for (let run = 0; run <= queryRuns; run++) {
      const ours = await child(["-e", cliScript(bundle, ["query", "--format", format, "--json", sql, exportDir])]);
      const theirs = await child(["-e", alone]);
      const same = JSON.stringify(
        JSON.parse(ours.stdout).map((r: Record<string, unknown>) => Object.values(r).map(String)),
      );
      const reference = JSON.stringify(
        JSON.parse(theirs.stdout).map((r: Record<string, unknown>) => Object.values(r).map(String)),
      );
      if (ours.code !== 0 || same !== reference)
        throw new Error(`logs query and DuckDB disagree: ${ours.stdout} / ${theirs.stdout}`);
      if (run === 0) continue; // warm-up pair
      ratios.push(ours.seconds / theirs.seconds);
      console.log(
        `query run ${run}: logs query ${ours.seconds.toFixed(2)} s, DuckDB alone ${theirs.seconds.toFixed(2)} s`,
      );
    }
    console.log(
      `logs query / DuckDB alone, wall time (target <= 2), median of ${queryRuns}: ${median(ratios).toFixed(2)} (${ratios.map((r) => r.toFixed(2)).join(", ")})`,
    );
    if (median(ratios) > 2) missed.push("logs query / DuckDB alone");
    console.log(`export folder: ${readdirSync(exportDir).join(", ")}`);
    if (missed.length > 0) {
      console.log(`missed: ${missed.join("; ")}`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
