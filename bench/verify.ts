/**
 * verify benchmark: synth outputs with 500 and 1,000 deliveries (half COS bucket logging, half BOS bucket logging,
 * 50 sources per log bucket, each with recent log objects), verified through the real SDKs against the local fakes of
 * COS, BOS and CAM on 127.0.0.1 (test/verify/fakes), as `cdktf-access-logs verify --json` does it. A warm-up run
 * first, then the median of the repetitions per size; sizes interleaved.
 *
 *   npx ts-node --transpile-only bench/verify.ts [repetitions=3]
 *
 * Prints API requests per delivery (target: at most 3 per COS/BOS delivery, plus 3 shared CAM calls per run) and
 * `t(1000)/t(500)` (target <= 2.3: linear, with a margin for a shared machine). Exits 1 when a target is missed.
 * Not a timed test: numbers depend on the machine.
 */
import { runVerifyCli } from "../lib/cli/verify";
import { FakeBos } from "../test/verify/fakes/bos";
import { routeFakeHostsToLoopback } from "../test/verify/fakes/fake-hosts";
import { FakeTencentApi } from "../test/verify/fakes/tencent-api";
import { FakeVerifyCos } from "../test/verify/fakes/verify-cos";
import { bosLogKey, cosLogKey } from "../test/verify/world";
import { loggedBucket } from "../test/review/synth-json";
import { writeSynthOutput, removeSynthOutputs } from "../test/review/synth-output";

const APP_ID = "1250000000";
const SIZES = [500, 1_000];
const PER_TARGET = 50;
const RATIO_TARGET = 2.3;
const NOW = new Date("2026-12-04T06:00:00Z");
const ago = (minutes: number): Date => new Date(NOW.getTime() - minutes * 60_000);

interface World {
  outdir: string;
  deliveries: number;
}

/** One stack with `count` deliveries, and the fakes' state that makes every one of them `ok`. */
function build(count: number, cos: FakeVerifyCos, bos: FakeBos): World {
  const cosResources: { [id: string]: object } = {};
  const bosResources: { [id: string]: object } = {};
  for (let i = 0; i < count; i++) {
    const target = Math.floor(i / PER_TARGET);
    if (i % 2 === 0) {
      const source = `src${count}x${i}-${APP_ID}`;
      const logs = `logs${count}x${target}-${APP_ID}`;
      const prefix = `cos/${source}/`;
      cosResources[`s${i}`] = loggedBucket(source, logs, prefix, `bench/S${i}`);
      cos.bucket(source, "ap-guangzhou").logging = { targetBucket: logs, targetPrefix: prefix };
      cos.bucket(logs, "ap-guangzhou");
      for (const minutes of [300, 25]) cos.putObject(logs, cosLogKey(prefix, ago(minutes)), ago(minutes));
    } else {
      const source = `bsrc${count}x${i}`;
      const logs = `blogs${count}x${target}`;
      const prefix = `bos/${source}/`;
      bosResources[`s${i}`] = {
        bucket: source,
        acl: "private",
        logging: [{ target_bucket: logs, target_prefix: prefix }],
        "//": { metadata: { path: `bench/B${i}` } },
      };
      bos.bucket(source, "bj").logging = { targetBucket: logs, targetPrefix: prefix };
      bos.bucket(logs, "bj");
      for (const minutes of [300, 70]) bos.putObject(logs, bosLogKey(prefix, source, ago(minutes)), ago(minutes));
    }
  }
  const outdir = writeSynthOutput({
    bench: {
      provider: { tencentcloud: [{ region: "ap-guangzhou" }], baiducloud: [{ region: "bj" }] },
      resource: { tencentcloud_cos_bucket: cosResources, baiducloud_bos_bucket: bosResources },
    },
  });
  return { outdir, deliveries: count };
}

async function main(): Promise<void> {
  const repetitions = Number(process.argv[2] ?? 3);
  routeFakeHostsToLoopback();
  const cos = await new FakeVerifyCos().start();
  const bos = await new FakeBos().start();
  const api = await new FakeTencentApi().start();
  api.appId = APP_ID;
  api.roles.set("CLS_QcsRole", {
    document: JSON.stringify({
      version: "2.0",
      statement: [
        { effect: "allow", action: "name/sts:AssumeRole", principal: { service: ["cls.cloud.tencent.com"] } },
      ],
    }),
    policies: ["QcloudCOSAccessForCLSRole"],
  });
  const env = {
    TENCENTCLOUD_SECRET_ID: "AKIDbench",
    TENCENTCLOUD_SECRET_KEY: "bench-secret",
    TENCENTCLOUD_DOMAIN: api.domain,
    TENCENTCLOUD_PROTOCOL: "HTTP",
    TENCENTCLOUD_COS_DOMAIN: cos.cosDomain,
    BAIDUCLOUD_ACCESS_KEY: "bench-ak",
    BAIDUCLOUD_SECRET_KEY: "bench-sk",
  };
  const worlds = new Map(SIZES.map((size) => [size, build(size, cos, bos)]));
  const run = async (size: number): Promise<{ ms: number; requests: number; cosBos: number; shared: number }> => {
    const world = worlds.get(size)!;
    cos.reset();
    bos.reset();
    api.reset();
    let stdout = "";
    const started = process.hrtime.bigint();
    const code = await runVerifyCli(
      [world.outdir, "--json", "--bos-endpoint", bos.endpoint],
      { stdout: (t) => (stdout += t), stderr: (t) => process.stderr.write(t) },
      { env, run: { now: NOW } },
    );
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const report = JSON.parse(stdout) as {
      deliveries: { verdict: string; apiCalls: number }[];
      sharedApiCalls: number;
    };
    if (code !== 0 || report.deliveries.length !== size || report.deliveries.some((d) => d.verdict !== "ok"))
      throw new Error(
        `size ${size}: exit ${code}, ${report.deliveries.filter((d) => d.verdict !== "ok").length} not ok`,
      );
    const cosBos = cos.count() + bos.count();
    return { ms, requests: cosBos + api.count(), cosBos, shared: report.sharedApiCalls };
  };

  for (const size of SIZES) await run(size); // warm-up
  const times = new Map<number, number[]>(SIZES.map((s) => [s, []]));
  const last = new Map<number, Awaited<ReturnType<typeof run>>>();
  for (let r = 0; r < repetitions; r++)
    for (const size of SIZES) {
      const result = await run(size);
      times.get(size)!.push(result.ms);
      last.set(size, result);
    }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  let failed = false;
  for (const size of SIZES) {
    const result = last.get(size)!;
    const perDelivery = result.cosBos / size;
    console.log(
      `${size} deliveries: median ${median(times.get(size)!).toFixed(0)} ms; ${result.requests} requests = ${result.cosBos} COS/BOS (${perDelivery.toFixed(2)} per delivery) + ${result.shared} shared CAM`,
    );
    if (perDelivery > 3 || result.shared > 3) failed = true;
  }
  const ratio = median(times.get(1_000)!) / median(times.get(500)!);
  console.log(`t(1000)/t(500) = ${ratio.toFixed(2)} (target <= ${RATIO_TARGET})`);
  if (ratio > RATIO_TARGET) failed = true;
  await Promise.all([cos.close(), bos.close(), api.close()]);
  removeSynthOutputs();
  process.exit(failed ? 1 : 0);
}

void main();
