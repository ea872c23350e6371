#!/usr/bin/env node
// Benchmark of the CDN log backup function on loopback.
//
//   node bench/cdn-log-backup.mjs [--runs N] [--small-count N] [--small-mib N] [--large-mib N]
//
// Compares the function (the built bundle, default settings) with a plain stream pipe
// GET -> PUT between the same fake servers, in paired runs (default 7: on a shared machine single
// pairs spread by +-20%, their median far less):
//   1. many small packages (default 200 x 1 MiB), both sides with concurrency 4;
//   2. one large package (default 1 GiB): the function takes the multipart path.
// Reports throughput ratios (target >= 0.9) and the peak RSS growth of this process while the
// function copies the large package (target <= 64 MB), sampled every 20 ms in runs of their own
// that start from a fully collected heap. The fake servers run in a child process (bodies
// generated on the fly, COS counts and discards), so their memory and CPU are not attributed to
// the function. Exits 1 when a target is missed.
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import * as http from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { buildFunction } from "../functions/cdn-log-backup/build.mjs";

const MiB = 1024 * 1024;
const MB = 1_000_000;
const TARGET_RATIO = 0.9;
const TARGET_RSS_MB = 64;
const RSS_SAMPLE_MS = 20;
const MEMORY_RUNS = 2;
const CONCURRENCY = 4;
const BUCKET = "bench-1250000000";
const TRIGGER_TIME = new Date("2026-11-20T19:00:00Z"); // window 2026-11-20 03:00 .. 2026-11-21 03:00 Beijing

const args = parseArgs(process.argv.slice(2));
const benchDir = dirname(fileURLToPath(import.meta.url));

// A full GC before each memory measurement keeps garbage of earlier runs out of its RSS baseline. Throughput runs
// do not force one: right after a forced full GC V8's heap is shrunk, and the next few seconds of any transfer pay
// for regrowing it (measured: the plain pipe drops from ~500 to ~250 MiB/s on the same machine), which would
// measure the collector rather than the copy.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc");

async function main() {
  console.log("building function bundle ...");
  const bundlePath = await buildFunction({ quiet: true });
  const fn = createRequire(import.meta.url)(bundlePath);

  const servers = await startServers();
  try {
    const env = (domain) => ({
      BACKUP_DOMAINS: domain,
      BACKUP_BUCKET: BUCKET,
      BACKUP_REGION: "ap-guangzhou",
      BACKUP_PREFIX: "bench/",
      BACKUP_AREA: "mainland",
      BACKUP_LOOKBACK_HOURS: "24",
      BACKUP_CONCURRENCY: String(CONCURRENCY),
      TENCENTCLOUD_SECRETID: "AKIDbench",
      TENCENTCLOUD_SECRETKEY: "bench-secret",
      TENCENTCLOUD_SESSIONTOKEN: "bench-token",
      BACKUP_CDN_ENDPOINT: servers.cdnEndpoint,
      BACKUP_COS_ENDPOINT: servers.cosEndpoint,
      BACKUP_EXTRA_LOG_HOSTS: servers.logEndpoint,
    });
    let domainCounter = 0;

    // Publishes `count` packages of `bytes` under a fresh domain; returns what both sides need.
    const publish = async (count, bytes) => {
      domainCounter += 1;
      const domain = `bench${domainCounter}.example.com`;
      const packages = Array.from({ length: count }, (_, i) => ({
        area: "mainland",
        logName: `p${String(i).padStart(4, "0")}.gz`,
        size: bytes,
        startTime: `2026-11-20 ${String(4 + (i % 20)).padStart(2, "0")}:00:00`,
      }));
      const { downloadUrls } = await servers.call({ command: "publish", domain, packages });
      return { domain, packages, downloadUrls };
    };

    // The large package arrived whole (the function's own check is not taken on trust).
    const expectStored = async (published) => {
      const stored = await servers.call({
        command: "size",
        bucket: BUCKET,
        key: `bench/${published.domain}/mainland/2026/11/20/p0000.gz`,
      });
      if (stored !== args.largeMiB * MiB) throw new Error(`large package stored with ${stored} bytes`);
    };

    const runFunction = async (published, onStart) => {
      const events = { copied: 0, failed: [] };
      const logger = fn.createLogger((record) => {
        if (record.event === "copied") events.copied += 1;
        if (record.event === "failed" || record.event === "list_failed") events.failed.push(record);
      });
      onStart?.();
      const started = process.hrtime.bigint();
      const summary = await fn.runBackup(fn.parseConfig(env(published.domain)), {
        triggerTime: TRIGGER_TIME,
        remainingTimeMs: () => Number.MAX_SAFE_INTEGER,
        logger,
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (summary.copied !== published.packages.length || events.failed.length > 0) {
        throw new Error(
          `function run incomplete: ${JSON.stringify({ ...summary, failures: events.failed.slice(0, 3) })}`,
        );
      }
      return { seconds, bytes: summary.bytesCopied };
    };

    const runPipe = async (published) => {
      // A fresh keep-alive agent per run, like the function's: a socket left idle between runs may have been closed
      // by the server (its keep-alive timeout), and reusing it fails with ECONNRESET on a loaded machine.
      const agent = new http.Agent({ keepAlive: true });
      let next = 0;
      let bytes = 0;
      const started = process.hrtime.bigint();
      const lane = async () => {
        while (next < published.packages.length) {
          const index = next++;
          const copied = await pipeOne(
            published.downloadUrls[index],
            `http://${servers.cosEndpoint}/${BUCKET}/pipe/${published.domain}/${index}`,
            agent,
          );
          bytes += copied; // not `bytes += await ...`: that would read `bytes` before the await
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, lane)).finally(() => agent.destroy());
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const expected = published.packages.reduce((sum, p) => sum + p.size, 0);
      if (bytes !== expected) throw new Error(`pipe copied ${bytes} bytes, expected ${expected}`);
      return { seconds, bytes };
    };

    // Warm-up, not measured: loads the SDKs, opens keep-alive connections, JIT-compiles the hot
    // paths of both transfer methods (a 128 MiB package takes the multipart path).
    await runFunction(await publish(20, MiB));
    await runPipe(await publish(20, MiB));
    await runFunction(await publish(1, 128 * MiB));
    await runPipe(await publish(1, 128 * MiB));

    console.log(
      `\nsmall packages: ${args.smallCount} x ${args.smallMiB} MiB, concurrency ${CONCURRENCY}, ${args.runs} paired runs`,
    );
    const small = await compare(args.runs, () => publish(args.smallCount, args.smallMiB * MiB), runPipe, runFunction);
    report(small);

    const config = fn.parseConfig(env("plan.example.com"));
    const plan = fn.planParts(config.memoryBudgetMiB, config.concurrency);
    console.log(
      `\nlarge package: 1 x ${args.largeMiB} MiB (function: multipart, ${plan.streamedPartBytes / MiB} MiB parts, up to ${plan.partsInFlight} in flight holding <= ${plan.streamedPartBufferBytes / MiB} MiB each), ${args.runs} paired runs`,
    );
    const large = await compare(
      args.runs,
      () => publish(1, args.largeMiB * MiB),
      runPipe,
      async (published) => {
        const result = await runFunction(published);
        await expectStored(published);
        return result;
      },
    );
    report(large);

    // Memory: separate runs, each from a fully collected heap (see collectGarbage above).
    const growth = [];
    for (let i = 0; i < MEMORY_RUNS; i += 1) {
      const published = await publish(1, args.largeMiB * MiB);
      collectGarbage();
      const sampler = rssSampler();
      try {
        await runFunction(published, () => sampler.start());
      } finally {
        growth.push(sampler.stop());
      }
      await expectStored(published);
    }
    const peakGrowth = Math.max(...growth);
    console.log(
      `  peak RSS growth = ${(peakGrowth / MB).toFixed(1)} MB (target <= ${TARGET_RSS_MB}; ${MEMORY_RUNS} runs: ${growth.map((g) => (g / MB).toFixed(1)).join(", ")})`,
    );

    const failures = [];
    if (small.ratio < TARGET_RATIO)
      failures.push(`small-package throughput ratio ${small.ratio.toFixed(2)} < ${TARGET_RATIO}`);
    if (large.ratio < TARGET_RATIO)
      failures.push(`large-package throughput ratio ${large.ratio.toFixed(2)} < ${TARGET_RATIO}`);
    if (peakGrowth / MB > TARGET_RSS_MB)
      failures.push(`peak RSS growth ${(peakGrowth / MB).toFixed(1)} MB > ${TARGET_RSS_MB} MB`);
    console.log(failures.length === 0 ? "\nall targets met" : `\nTARGETS MISSED:\n  ${failures.join("\n  ")}`);
    process.exitCode = failures.length === 0 ? 0 : 1;
  } finally {
    await servers.close();
  }
}

/**
 * Runs pipe and function back to back `runs` times (fresh packages each time, alternating which
 * goes first). The ratio is the median of the per-pair ratios: on a shared machine throughput
 * drifts between runs, and pairing cancels most of that drift. One extra pair runs first and is
 * not counted: right after a change of scenario its first transfer is consistently an outlier.
 */
async function compare(runs, publish, runPipe, runFunction) {
  const pipe = [];
  const func = [];
  const ratios = [];
  await runPipe(await publish());
  await runFunction(await publish());
  for (let i = 0; i < runs; i += 1) {
    const measurePipe = async () => throughput(await runPipe(await publish()));
    const measureFunction = async () => throughput(await runFunction(await publish()));
    let pipeRate;
    let functionRate;
    if (i % 2 === 0) {
      pipeRate = await measurePipe();
      functionRate = await measureFunction();
    } else {
      functionRate = await measureFunction();
      pipeRate = await measurePipe();
    }
    pipe.push(pipeRate);
    func.push(functionRate);
    ratios.push(functionRate / pipeRate);
  }
  return { pipe: median(pipe), func: median(func), ratio: median(ratios), pipeRuns: pipe, funcRuns: func, ratios };
}

function report({ pipe, func, ratio, pipeRuns, funcRuns, ratios }) {
  const list = (values, digits = 0) => values.map((v) => v.toFixed(digits)).join(", ");
  console.log(`  pipe     : ${pipe.toFixed(0)} MiB/s median  (runs: ${list(pipeRuns)})`);
  console.log(`  function : ${func.toFixed(0)} MiB/s median  (runs: ${list(funcRuns)})`);
  console.log(
    `  throughput ratio function/pipe = ${ratio.toFixed(2)} (target >= ${TARGET_RATIO}; median of per-run ratios ${list(ratios, 2)})`,
  );
}

function throughput({ seconds, bytes }) {
  return bytes / MiB / seconds;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Samples RSS every RSS_SAMPLE_MS between start() and stop(); stop() returns peak - baseline. */
function rssSampler() {
  let baseline = 0;
  let peak = 0;
  let timer;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  return {
    start() {
      baseline = process.memoryUsage.rss();
      peak = baseline;
      timer = setInterval(sample, RSS_SAMPLE_MS);
    },
    stop() {
      clearInterval(timer);
      sample();
      return peak - baseline;
    },
  };
}

/** The baseline: GET the package and stream it straight into one PUT with its Content-Length. */
function pipeOne(sourceUrl, destinationUrl, agent) {
  return new Promise((resolve, reject) => {
    http
      .get(sourceUrl, { agent }, (download) => {
        if (download.statusCode !== 200) {
          reject(new Error(`GET ${download.statusCode}`));
          return;
        }
        const length = Number(download.headers["content-length"]);
        const upload = http.request(destinationUrl, {
          method: "PUT",
          agent,
          // The fake COS only checks that a COS-style signature header is present.
          headers: { "content-length": length, authorization: "q-sign-algorithm=sha1&q-ak=bench" },
        });
        upload.on("response", (response) => {
          response.resume();
          response.on("end", () =>
            response.statusCode === 200 ? resolve(length) : reject(new Error(`PUT ${response.statusCode}`)),
          );
        });
        pipeline(download, upload).catch(reject);
      })
      .on("error", reject);
  });
}

/** Bundles bench/cdn-log-backup/fake-servers.ts and runs it as a child process. */
async function startServers() {
  const outDir = mkdtempSync(join(tmpdir(), "cdn-log-backup-bench-"));
  const script = join(outDir, "fake-servers.cjs");
  await build({
    entryPoints: [join(benchDir, "cdn-log-backup", "fake-servers.ts")],
    outfile: script,
    bundle: true,
    platform: "node",
    target: "node18",
    format: "cjs",
    logLevel: "error",
  });
  const child = fork(script, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const pending = new Map();
  let nextId = 0;
  const ready = new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`fake servers exited with ${code}`)));
    child.on("message", (message) => {
      if (message.ready) {
        resolve(message);
        return;
      }
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.result);
    });
  });
  const info = await ready;
  return {
    cdnEndpoint: info.cdnEndpoint,
    cosEndpoint: info.cosEndpoint,
    logEndpoint: info.logEndpoint,
    call(message) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ ...message, id });
      });
    },
    async close() {
      child.removeAllListeners("exit");
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send({ command: "close", id: ++nextId });
      await exited;
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

function parseArgs(argv) {
  const options = { runs: 7, smallCount: 200, smallMiB: 1, largeMiB: 1024 };
  const names = {
    "--runs": "runs",
    "--small-count": "smallCount",
    "--small-mib": "smallMiB",
    "--large-mib": "largeMiB",
  };
  for (let i = 0; i < argv.length; i += 2) {
    const name = names[argv[i]];
    const value = Number(argv[i + 1]);
    if (name === undefined || !Number.isInteger(value) || value < 1) {
      console.error(
        `usage: node bench/cdn-log-backup.mjs [--runs N] [--small-count N] [--small-mib N] [--large-mib N]`,
      );
      process.exit(2);
    }
    options[name] = value;
  }
  return options;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
