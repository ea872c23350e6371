/**
 * Synth benchmark for COS access logging: N source buckets (N = 1000, 2000) logging into 10 log buckets in 10
 * regions, declared once with this library's constructs and once with the generated L1 classes directly (the same
 * resources, written by hand). Each measurement builds the app and runs `app.synth()` into a temporary directory,
 * as `cdktf synth` does, in a fresh child process after a warm-up there; the variants and sizes are interleaved and
 * the median of the repetitions is reported.
 *
 *   npx ts-node --transpile-only bench/cos-logging-synth.ts [repetitions]
 *
 * Prints `construct/raw` (target <= 1.2), `t(2000)/t(1000)` for the constructs (target <= 2.1) and peak heap.
 * Not a timed test: numbers depend on the machine.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { CamPolicy } from "../.gen/providers/tencentcloud/cam-policy";
import { CamRole } from "../.gen/providers/tencentcloud/cam-role";
import { CamRolePolicyAttachmentByName } from "../.gen/providers/tencentcloud/cam-role-policy-attachment-by-name";
import { CosBucket } from "../.gen/providers/tencentcloud/cos-bucket";
import { TencentcloudProvider } from "../.gen/providers/tencentcloud/provider";
import {
  CLS_DELIVERY_ACTIONS,
  ClsDeliveryAuthorization,
  COS_LOGGING_REGIONS,
  CosAccessLoggedBucket,
  CosLogBucket,
} from "../lib";

const APP_ID = "1250000000";
const REGIONS = COS_LOGGING_REGIONS.slice(0, 10);
const SIZES = [1000, 2000];
const REPETITIONS = process.argv[2] === "--child" ? 1 : Number(process.argv[2] ?? 5);

type Variant = "construct" | "raw";

function regionProviders(stack: TerraformStack): TencentcloudProvider[] {
  new TencentcloudProvider(stack, "tencentcloud", { region: REGIONS[0] });
  return REGIONS.map((region) => new TencentcloudProvider(stack, `provider-${region}`, { region, alias: region }));
}

/** The library's way. */
function buildWithConstructs(app: App, sources: number): TerraformStack {
  const stack = new TerraformStack(app, "bench");
  const providers = regionProviders(stack);
  ClsDeliveryAuthorization.of(stack);
  const targets = REGIONS.map(
    (region, i) =>
      new CosLogBucket(stack, `Logs-${region}`, {
        bucketName: `access-logs-${region}-${APP_ID}`,
        region,
        provider: providers[i],
      }),
  );
  for (let i = 0; i < sources; i++) {
    const r = i % REGIONS.length;
    new CosAccessLoggedBucket(stack, `Source${i}`, {
      bucketName: `source-${i}-${APP_ID}`,
      region: REGIONS[r],
      target: targets[r],
      provider: providers[r],
    });
  }
  return stack;
}

/** The same resources written directly with the generated classes. */
function buildRaw(app: App, sources: number): TerraformStack {
  const stack = new TerraformStack(app, "bench");
  const providers = regionProviders(stack);
  const role = new CamRole(stack, "ClsRole", {
    name: "CLS_QcsRole",
    document: JSON.stringify({
      version: "2.0",
      statement: [
        { effect: "allow", action: ["name/sts:AssumeRole"], principal: { service: ["cls.cloud.tencent.com"] } },
      ],
    }),
    description: "Lets CLS deliver COS bucket access logs (COS log management).",
  });
  const resources: string[] = [];
  for (let i = 0; i < sources; i++) {
    const region = REGIONS[i % REGIONS.length];
    resources.push(`qcs::cos:${region}:uid/${APP_ID}:access-logs-${region}-${APP_ID}/source-${i}/*`);
  }
  resources.sort();
  const policy = new CamPolicy(stack, "ClsPolicy", {
    name: "CosAccessLogDelivery-bench",
    document: JSON.stringify({
      version: "2.0",
      statement: [{ effect: "allow", action: [...CLS_DELIVERY_ACTIONS], resource: resources }],
    }),
    description: "Least privilege for CLS to deliver COS access logs: read/write on the log prefixes only.",
  });
  const attachment = new CamRolePolicyAttachmentByName(stack, "ClsAttachment", {
    roleName: role.name,
    policyName: policy.name,
  });
  const targets = REGIONS.map(
    (region, i) =>
      new CosBucket(stack, `Logs-${region}`, {
        provider: providers[i],
        bucket: `access-logs-${region}-${APP_ID}`,
        acl: "private",
        encryptionAlgorithm: "AES256",
        forceClean: false,
        versioningEnable: false,
        lifecycleRules: [
          {
            id: "access-log-retention",
            expiration: { days: 180 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      }),
  );
  for (let i = 0; i < sources; i++) {
    const r = i % REGIONS.length;
    new CosBucket(stack, `Source${i}`, {
      provider: providers[r],
      bucket: `source-${i}-${APP_ID}`,
      acl: "private",
      encryptionAlgorithm: "AES256",
      forceClean: false,
      versioningEnable: false,
      logEnable: true,
      logTargetBucket: targets[r].bucketInput!,
      logPrefix: `source-${i}/`,
      dependsOn: [attachment, targets[r]],
    });
  }
  return stack;
}

interface Run {
  readonly ms: number;
  readonly heapMb: number;
  readonly shape: string;
}

/**
 * One measurement, in the current process: build the app and synthesize it into a temporary directory. cdktf keeps
 * every token in a process-global map, so each measurement runs in a fresh child process (see {@link measure}).
 */
function runOnce(variant: Variant, sources: number): Run {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cos-logging-bench-"));
  try {
    const start = process.hrtime.bigint();
    const app = new App({ outdir });
    (variant === "construct" ? buildWithConstructs : buildRaw)(app, sources);
    const built = process.memoryUsage().heapUsed;
    app.synth();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const heapMb = Math.max(built, process.memoryUsage().heapUsed) / (1024 * 1024);
    const output = fs.readFileSync(path.join(outdir, "stacks", "bench", "cdk.tf.json"), "utf8");
    return { ms, heapMb, shape: shape(output) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Child mode: warm up (JIT, module loading) on a small stack, then measure once and print the result as JSON. */
function child(variant: Variant, sources: number): void {
  runOnce(variant, 50);
  runOnce(variant, 50);
  process.stdout.write(`${JSON.stringify(runOnce(variant, sources))}\n`);
}

/** Runs one measurement in a fresh Node process with the same loader (ts-node) as this one. */
function measure(variant: Variant, sources: number): Run {
  const output = execFileSync(
    process.execPath,
    [...process.execArgv, __filename, "--child", variant, String(sources)],
    {
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const lastLine = output.trim().split("\n").pop()!;
  return JSON.parse(lastLine) as Run;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Resource counts per type, and how many buckets log; both variants must declare the same things. */
function shape(output: string): string {
  const json = JSON.parse(output) as { resource: { [type: string]: { [name: string]: { log_enable?: boolean } } } };
  const counts = Object.entries(json.resource)
    .map(([type, byName]) => `${type}=${Object.keys(byName).length}`)
    .sort();
  const logging = Object.values(json.resource.tencentcloud_cos_bucket).filter(
    (bucket) => bucket.log_enable === true,
  ).length;
  return `${counts.join(",")};logging=${logging}`;
}

function main(): void {
  const times: { [key: string]: number[] } = {};
  const shapes: { [key: string]: string } = {};
  let peakHeapMb = 0;
  // Interleave variants and sizes so drift in machine load hits all of them alike.
  for (let rep = 0; rep < REPETITIONS; rep++) {
    for (const sources of SIZES) {
      for (const variant of ["raw", "construct"] as Variant[]) {
        const run = measure(variant, sources);
        (times[`${variant}:${sources}`] ??= []).push(run.ms);
        shapes[`${variant}:${sources}`] = run.shape;
        peakHeapMb = Math.max(peakHeapMb, run.heapMb);
      }
    }
  }
  for (const sources of SIZES) {
    if (shapes[`construct:${sources}`] !== shapes[`raw:${sources}`]) {
      throw new Error(
        `the two variants declare different resources for N=${sources}: ${shapes[`construct:${sources}`]} vs ${shapes[`raw:${sources}`]}`,
      );
    }
    for (const variant of ["raw", "construct"]) {
      const key = `${variant}:${sources}`;
      console.log(
        `${variant.padEnd(9)} N=${sources}: median ${median(times[key]).toFixed(0)} ms of ${times[key].map((t) => t.toFixed(0)).join(", ")}`,
      );
    }
    console.log(`  declares ${shapes[`raw:${sources}`]}`);
  }
  const m = (key: string) => median(times[key]);
  const [small, large] = SIZES;
  console.log(
    `construct/raw = ${(m(`construct:${large}`) / m(`raw:${large}`)).toFixed(2)} (target <= 1.2) at N=${large}; ${(m(`construct:${small}`) / m(`raw:${small}`)).toFixed(2)} at N=${small}`,
  );
  console.log(
    `t(${large})/t(${small}) = ${(m(`construct:${large}`) / m(`construct:${small}`)).toFixed(2)} (target <= 2.1); raw: ${(m(`raw:${large}`) / m(`raw:${small}`)).toFixed(2)}`,
  );
  console.log(
    `peak heap = ${peakHeapMb.toFixed(0)} MB (largest heapUsed of any measured run, after build or after synth)`,
  );
}

if (process.argv[2] === "--child") {
  child(process.argv[3] as Variant, Number(process.argv[4]));
} else {
  main();
}
