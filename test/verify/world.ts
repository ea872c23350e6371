/**
 * A deployed world for verify tests: the repository's example app synthesized into a temporary cdktf.out, and local
 * fakes of COS, BOS, CAM and SCF whose state matches what it synthesized, with recent logs and a recent successful
 * backup run. Tests then break one thing at a time.
 */
import { App } from "cdktf";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bosAccessLoggingExample } from "../../examples/bos-access-logging";
import { cdnLogBackupExample } from "../../examples/cdn-log-backup";
import { cosAccessLoggingExample } from "../../examples/cos-access-logging";
import { main } from "../../lib/cli";
import { runVerifyCli } from "../../lib/cli/verify";
import { loadSynthesizedStacks } from "../../lib/review/load";
import { BACKUP_STATUS_KEY_SUFFIX } from "../../lib/verify/backup-checks";
import { planVerify, withAppId, type PlannedDelivery } from "../../lib/verify/plan";
import { FakeBos } from "./fakes/bos";
import { restoreFakeHosts, routeFakeHostsToLoopback } from "./fakes/fake-hosts";
import { FakeTencentApi } from "./fakes/tencent-api";
import { FakeVerifyCos } from "./fakes/verify-cos";

/** The clock of every test run. */
export const NOW = new Date("2026-12-04T06:00:00Z");
export const APP_ID = "1250000000";
export const CLS_TRUST = JSON.stringify({
  version: "2.0",
  statement: [{ action: "name/sts:AssumeRole", effect: "allow", principal: { service: ["cls.cloud.tencent.com"] } }],
});
export const SCF_TRUST = JSON.stringify({
  version: "2.0",
  statement: [{ action: "name/sts:AssumeRole", effect: "allow", principal: { service: ["scf.qcloud.com"] } }],
});

/** The example app, synthesized once per test file. */
export function synthesizeExamples(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-synth-"));
  const app = new App({ outdir });
  cosAccessLoggingExample(app);
  cdnLogBackupExample(app);
  bosAccessLoggingExample(app);
  app.synth();
  return outdir;
}

/** A minutes-ago instant. */
export const ago = (minutes: number): Date => new Date(NOW.getTime() - minutes * 60_000);

const pad = (n: number): string => String(n).padStart(2, "0");

/** A COS log object key `<prefix>YYYY/MM/DD/<YYYYMMDDHHmmss>_<random>_0` for `at` (Beijing time). */
export function cosLogKey(prefix: string, at: Date): string {
  const b = new Date(at.getTime() + 8 * 3600_000);
  const day = `${b.getUTCFullYear()}/${pad(b.getUTCMonth() + 1)}/${pad(b.getUTCDate())}`;
  const time = `${b.getUTCFullYear()}${pad(b.getUTCMonth() + 1)}${pad(b.getUTCDate())}${pad(b.getUTCHours())}${pad(b.getUTCMinutes())}00`;
  return `${prefix}${day}/${time}_a1b2c3_0`;
}

/** A BOS log object key `<prefix><source>-YYYY-mm-DD-HH-MM-SS-<unique>` for `at` (Beijing time). */
export function bosLogKey(prefix: string, source: string, at: Date): string {
  const b = new Date(at.getTime() + 8 * 3600_000);
  return `${prefix}${source}-${b.getUTCFullYear()}-${pad(b.getUTCMonth() + 1)}-${pad(b.getUTCDate())}-${pad(b.getUTCHours())}-00-00-u${b.getTime()}`;
}

/** A run status object as the function writes it. */
export function runStatus(outcome: "succeeded" | "failed", finishedAt: Date, failed = 0): string {
  return JSON.stringify({
    schema: 1,
    outcome,
    version: "0.1.0",
    triggerTime: finishedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    window: { start: "2026-12-02 03:00:00", end: "2026-12-04 03:00:00" },
    counts: { listed: 48, copied: 10 - failed, skipped: 38, deferred: 0, failed },
  });
}

export class World {
  readonly cos = new FakeVerifyCos();
  readonly api = new FakeTencentApi();
  readonly bos = new FakeBos();
  plan: PlannedDelivery[] = [];

  constructor(readonly outdir: string) {}

  async start(): Promise<this> {
    routeFakeHostsToLoopback();
    await Promise.all([this.cos.start(), this.api.start(), this.bos.start()]);
    this.plan = planVerify(loadSynthesizedStacks(this.outdir)).deliveries;
    return this;
  }

  async close(): Promise<void> {
    await Promise.all([this.cos.close(), this.api.close(), this.bos.close()]);
    restoreFakeHosts();
  }

  /** The provider variables, pointed at the fakes. */
  env(overrides: { [name: string]: string | undefined } = {}): { [name: string]: string | undefined } {
    return {
      TENCENTCLOUD_SECRET_ID: "AKIDverifytestsecretid0001",
      TENCENTCLOUD_SECRET_KEY: "verify-test-secret-key-0001",
      TENCENTCLOUD_SECURITY_TOKEN: "verify-test-session-token-0001",
      TENCENTCLOUD_DOMAIN: this.api.domain,
      TENCENTCLOUD_PROTOCOL: "HTTP",
      TENCENTCLOUD_COS_DOMAIN: this.cos.cosDomain,
      BAIDUCLOUD_ACCESS_KEY: "bce-verify-access-key-0001",
      BAIDUCLOUD_SECRET_KEY: "bce-verify-secret-key-0001",
      ...overrides,
    };
  }

  /** Resets every fake to the healthy deployed state of the example app. */
  healthy(): this {
    for (const fake of [this.cos, this.api, this.bos]) fake.reset();
    this.cos.buckets.clear();
    this.bos.buckets.clear();
    this.api.roles.clear();
    this.api.functions.clear();
    this.api.rejectCredentials = undefined;
    this.cos.expiredCredentials = false;
    this.bos.expiredCredentials = false;
    this.api.appId = APP_ID;
    this.api.roles.set("CLS_QcsRole", { document: CLS_TRUST, policies: ["CosAccessLogDelivery-cos-access-logging"] });
    for (const d of this.plan) {
      const target = withAppId(d.target, APP_ID);
      if (d.kind === "cos") {
        const source = withAppId(d.source, APP_ID);
        this.cos.bucket(source, d.region!).logging = { targetBucket: target, targetPrefix: d.prefix };
        this.cos.bucket(target, d.region!);
        this.cos.putObject(target, cosLogKey(d.prefix, ago(200)), ago(200));
        this.cos.putObject(target, cosLogKey(d.prefix, ago(20)), ago(20));
      } else if (d.kind === "bos") {
        this.bos.bucket(d.source, d.region!).logging = { targetBucket: d.target, targetPrefix: d.prefix };
        this.bos.bucket(d.target, d.region!);
        for (const minutes of [300, 90])
          this.bos.putObject(d.target, bosLogKey(d.prefix, d.source, ago(minutes)), ago(minutes));
      } else {
        const fn = d.function!;
        this.api.functions.set(`${d.region}/${fn.namespace}/${fn.name}`, {
          Runtime: fn.runtime!,
          Role: fn.role!,
          Environment: {
            Variables: Object.entries(fn.environment).map(([Key, Value]) => ({ Key, Value: withAppId(Value, APP_ID) })),
          },
          Triggers: fn.triggers.map((t) => ({
            TriggerName: t.name,
            Type: "timer",
            TriggerDesc: JSON.stringify({ cron: t.cron }),
            Enable: 1,
          })),
        });
        this.api.roles.set(fn.role!, { document: SCF_TRUST, policies: [] });
        this.cos.bucket(target, d.region!);
        this.cos.putObject(
          target,
          `${d.prefix}${BACKUP_STATUS_KEY_SUFFIX}`,
          ago(150),
          runStatus("succeeded", ago(150)),
        );
      }
    }
    return this;
  }

  /** Runs `cdktf-access-logs verify <outdir> ...args` through the real SDKs against the fakes. */
  async verify(
    args: string[] = [],
    env = this.env(),
  ): Promise<{ code: number; stdout: string; stderr: string; json?: VerifyJson }> {
    let stdout = "";
    let stderr = "";
    const code = await runVerifyCli(
      [this.outdir, "--bos-endpoint", this.bos.endpoint, ...args],
      { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
      {
        env,
        run: { now: NOW, sleep: async () => undefined, random: () => 0 },
      },
    );
    return {
      code,
      stdout,
      stderr,
      ...(args.includes("--json") && code !== 2 ? { json: JSON.parse(stdout) as VerifyJson } : {}),
    };
  }
}

/** The JSON report, as tests read it. */
export interface VerifyJson {
  deliveries: {
    stack: string;
    kind: string;
    source: string;
    target: string;
    verdict: string;
    apiCalls: number;
    findings: { verdict: string; attribute: string; synthesized?: string; live?: string; detail?: string }[];
    newestLog?: { key: string; ageSeconds: number };
    lastRun?: { outcome: string; ageSeconds: number; counts?: { [name: string]: number } };
  }[];
  totals: { [verdict: string]: number };
  notChecked: string[];
  sharedApiCalls: number;
  exitCode: number;
}

/** Runs the whole command line (main), for the dispatch test. */
export async function runMain(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
