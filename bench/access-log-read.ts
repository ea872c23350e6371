/*
 * Access-log reading benchmark (npm run bench:logs [-- --throughput-mb 128 --size-mb 1024 --runs 3 --format bos]).
 *
 * 1. Generates gzip BOS (or COS/CDN) logs into os.tmpdir() (deleted afterwards): --throughput-mb uncompressed MiB for
 *    the timing runs, --size-mb for the memory run; realistic lines with quoted user agents, ~100k distinct keys and
 *    ~50k client IPs.
 * 2. Throughput: a plain line split (`readline` over `zlib.createGunzip()`, counting lines) against
 *    `readAccessLogs` (gzip sniffing, line splitting, full typed parsing), --runs times each, alternating, after one
 *    untimed warm-up pass of each. Prints each ratio (parse throughput / line-split throughput; target >= 0.5) and
 *    the median, by CPU time of the process (all threads, so zlib's work counts on both sides) and by wall time. On
 *    a shared machine the CPU-time ratio is the one to trust: wall time also measures what the neighbours do.
 * 3. Memory: runs `logs summarize` (lib/cli/logs.ts) on the file in a child process and samples its RSS from
 *    /proc/<pid>/status every 250 ms (Linux), printing RSS at each tenth of the run and the peak: flat means constant
 *    memory whatever the input size. The child runs with a --heap-limit-mb old space (default 128 MB), so holding on
 *    to what was read would end it with "heap out of memory".
 * Figures are noisy on a shared machine; compare runs, not single numbers.
 */
import { spawn } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { once } from "node:events";
import { createGunzip } from "node:zlib";
import { AccessLogFormat, readAccessLogs } from "../lib";
import { arg, generateLogs, rssOf, timed } from "./access-log-lines";

const sizeMb = Number(arg("size-mb", "1024"));
const throughputMb = Number(arg("throughput-mb", "128"));
const heapLimitMb = Number(arg("heap-limit-mb", "128"));
const runs = Number(arg("runs", "3"));
const format = arg("format", "bos") as AccessLogFormat;

async function baseline(path: string): Promise<number> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  let n = 0;
  for await (const _ of lines) n++;
  return n;
}

async function parse(path: string): Promise<{ records: number; malformed: number; rss: number[] }> {
  const reader = readAccessLogs(path, { format });
  let records = 0;
  const rss: number[] = [];
  for await (const _ of reader) {
    if ((++records & 0x3ffff) === 0) rss.push(process.memoryUsage().rss);
  }
  return { records, malformed: reader.stats.malformed, rss };
}

async function cliMemory(path: string): Promise<void> {
  // The `logs summarize` command, loaded on its own (through ts-node, transpile only) rather than through the bin
  // script, which would first compile the whole library, cdktf bindings included: that start-up would dominate a
  // memory profile that is meant to show the reading.
  const root = join(__dirname, "..");
  const script = `
    require("ts-node").register({ transpileOnly: true, project: ${JSON.stringify(join(root, "tsconfig.json"))} });
    const { runLogsCli } = require(${JSON.stringify(join(root, "lib", "cli", "logs.ts"))});
    const out = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
    runLogsCli(["summarize", "--format", ${JSON.stringify(format)}, "--json", ${JSON.stringify(path)}], out, { stderrIsTTY: false })
      .then((code) => { process.exitCode = code; });`;
  // A small old-space limit makes "constant memory" a hard check: a reader that held on to what it read would die
  // with "heap out of memory" long before the end of a 1 GiB input.
  const child = spawn(process.execPath, [`--max-old-space-size=${heapLimitMb}`, "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const samples: Array<[number, number]> = [];
  const started = Date.now();
  const timer = setInterval(() => {
    const rss = rssOf(child.pid!);
    if (rss !== undefined) samples.push([Date.now() - started, rss]);
  }, 250);
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += d));
  const [code] = (await once(child, "exit")) as [number];
  clearInterval(timer);
  const summary = JSON.parse(stdout) as { requests: number; malformedLines: number };
  const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
  console.log(
    `cli summarize (--max-old-space-size=${heapLimitMb}): exit ${code}, ${summary.requests.toLocaleString("en-US")} requests, ${summary.malformedLines} malformed, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (samples.length === 0) {
    console.log("cli RSS: not measurable here (no /proc)");
    return;
  }
  const at = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(
    (tenth) => samples[Math.min(samples.length - 1, Math.floor((samples.length * tenth) / 10))][1],
  );
  console.log(
    `cli RSS at 10%..90% of the run: ${at.map(mb).join(", ")}; peak ${mb(Math.max(...samples.map((s) => s[1])))}`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "access-log-bench-"));
  const small = join(dir, `${format}-${throughputMb}.log.gz`);
  const big = join(dir, `${format}-${sizeMb}.log.gz`);
  try {
    const [lines, genSeconds] = await timed(() => generateLogs(small, format, throughputMb));
    console.log(
      `generated ${lines.toLocaleString("en-US")} ${format} lines, ${throughputMb} MiB uncompressed, ${(statSync(small).size / 1048576).toFixed(0)} MiB gzip, in ${genSeconds.toFixed(1)} s`,
    );
    // One untimed pass of each first, so that neither side is measured while the JIT is still warming up.
    await baseline(small);
    await parse(small);
    const wallRatios: number[] = [];
    const cpuRatios: number[] = [];
    for (let run = 1; run <= runs; run++) {
      const [count, wallBase, cpuBase] = await timed(() => baseline(small));
      const [result, wallParse, cpuParse] = await timed(() => parse(small));
      if (count !== lines || result.records !== lines || result.malformed !== 0) {
        throw new Error(
          `count mismatch: generated ${lines}, readline ${count}, parsed ${result.records}, malformed ${result.malformed}`,
        );
      }
      wallRatios.push(wallBase / wallParse);
      cpuRatios.push(cpuBase / cpuParse);
      const mbps = (t: number) => `${(throughputMb / t).toFixed(0)} MiB/s`;
      console.log(
        `run ${run}: readline+zlib ${wallBase.toFixed(2)} s wall (${mbps(wallBase)}), ${cpuBase.toFixed(2)} s CPU; ` +
          `readAccessLogs ${wallParse.toFixed(2)} s wall (${mbps(wallParse)}), ${cpuParse.toFixed(2)} s CPU; ` +
          `ratio ${(wallBase / wallParse).toFixed(2)} wall, ${(cpuBase / cpuParse).toFixed(2)} CPU`,
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(
      `parse throughput / line-split throughput (target >= 0.5), median of ${runs}: ${median(cpuRatios).toFixed(2)} by CPU time ` +
        `(${cpuRatios.map((r) => r.toFixed(2)).join(", ")}), ${median(wallRatios).toFixed(2)} by wall time (${wallRatios.map((r) => r.toFixed(2)).join(", ")})`,
    );
    rmSync(small);

    const [bigLines, bigSeconds] = await timed(() => generateLogs(big, format, sizeMb));
    console.log(
      `generated ${bigLines.toLocaleString("en-US")} ${format} lines, ${sizeMb} MiB uncompressed, ${(statSync(big).size / 1048576).toFixed(0)} MiB gzip, in ${bigSeconds.toFixed(1)} s`,
    );
    await cliMemory(big);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
