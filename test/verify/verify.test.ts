import { World, synthesizeExamples, APP_ID, ago, cosLogKey } from "./world";
import * as fs from "fs";

let world: World;

beforeAll(async () => {
  world = await new World(synthesizeExamples()).start();
}, 120_000);

afterAll(async () => {
  await world.close();
  fs.rmSync(world.outdir, { recursive: true, force: true });
});

beforeEach(() => world.healthy());

const byKind = (json: NonNullable<Awaited<ReturnType<World["verify"]>>["json"]>, kind: string) =>
  json.deliveries.filter((d) => d.kind === kind);

describe("verify against fakes through the real SDKs", () => {
  test("a healthy deployment: every delivery ok, exit 0, at most 3 calls per COS/BOS delivery", async () => {
    const { code, json, stderr } = await world.verify(["--json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(json!.deliveries.map((d) => [d.kind, d.verdict])).toEqual([
      ["bos", "ok"],
      ["bos", "ok"],
      ["cdn-backup", "ok"],
      ["cos", "ok"],
      ["cos", "ok"],
    ]);
    for (const d of json!.deliveries) {
      expect(d.findings).toEqual([]);
      if (d.kind !== "cdn-backup") expect(d.apiCalls).toBe(3);
    }
    expect(byKind(json!, "cos")[0].newestLog!.ageSeconds).toBe(20 * 60);
    expect(byKind(json!, "bos")[0].newestLog!.ageSeconds).toBe(90 * 60);
    expect(byKind(json!, "cdn-backup")[0].lastRun).toMatchObject({ outcome: "succeeded", ageSeconds: 150 * 60 });
    // APPID once, CLS_QcsRole and its policies once, for all deliveries.
    expect(json!.sharedApiCalls).toBe(3);
    expect(world.api.count("GetUserAppId")).toBe(1);
    expect(world.api.count("GetRole")).toBe(2); // CLS_QcsRole once, the backup's execution role once
    // Requests went to the hosts the provider variables name, with the session token.
    expect(new Set(world.cos.requests.map((r) => r.host))).toEqual(
      new Set(
        [`website-${APP_ID}`, `downloads-${APP_ID}`, `access-logs-${APP_ID}`, `cdn-logs-${APP_ID}`].map(
          (b) => `${b}.cos.verify.test`,
        ),
      ),
    );
    expect(world.api.requests.every((r) => r.token === "verify-test-session-token-0001")).toBe(true);
    expect(world.api.requests.filter((r) => r.service === "scf").map((r) => r.region)).toEqual(["ap-guangzhou"]);
  });

  test("Markdown: a table of verdicts, values as inline code, within the budget", async () => {
    const { code, stdout } = await world.verify(["--max-chars", "4000"]);
    expect(code).toBe(0);
    expect(stdout).toContain("## Access log verification");
    expect(stdout).toContain("5 deliveries: 5 ok.");
    expect(stdout).toContain(`| **ok** | \`cos-access-logging\` | COS logging | \`website-${APP_ID}\``);
    expect(stdout).toContain(
      "last run `succeeded` 2h 30m ago (listed 48, copied 10, skipped 38, deferred 0, failed 0)",
    );
    expect(stdout.length).toBeLessThanOrEqual(4000);
  });

  test("a fresh deploy (no log objects, no run status yet): no logs yet, exit 0; with --require-logs exit 1", async () => {
    for (const bucket of world.cos.buckets.values()) bucket.objects.clear();
    for (const bucket of world.bos.buckets.values()) bucket.objects.clear();
    const { code, json } = await world.verify(["--json"]);
    expect(code).toBe(0);
    expect(json!.deliveries.map((d) => d.verdict)).toEqual(Array(5).fill("no logs yet"));
    expect((await world.verify(["--require-logs"])).code).toBe(1);
  });

  test("logs older than the max age: no logs yet; --max-age widens it (limit at its value and one past)", async () => {
    const target = `access-logs-${APP_ID}`;
    const bucket = world.cos.buckets.get(target)!;
    bucket.objects.clear();
    world.cos.putObject(target, cosLogKey("cos-access/website/", ago(180)), ago(180));
    let { json } = await world.verify(["--json", "--stack", "cos-access-logging"]);
    expect(json!.deliveries.map((d) => [d.source, d.verdict])).toEqual([
      [`downloads-${APP_ID}`, "no logs yet"],
      [`website-${APP_ID}`, "ok"], // exactly 3h old: accepted
    ]);
    bucket.objects.clear();
    world.cos.putObject(target, cosLogKey("cos-access/website/", ago(181)), ago(181));
    ({ json } = await world.verify(["--json", "--stack", "cos-access-logging"]));
    expect(json!.deliveries[1].verdict).toBe("no logs yet");
    ({ json } = await world.verify(["--json", "--stack", "cos-access-logging", "--max-age", "3h1m"]));
    expect(json!.deliveries[1].verdict).toBe("ok");
  });

  test("--now measures ages from the given time", async () => {
    const { json } = await world.verify(["--json", "--stack", "cos-access-logging", "--now", "2026-12-04T09:00:00Z"]);
    expect(json!.deliveries.map((d) => [d.verdict, d.newestLog!.ageSeconds])).toEqual([
      ["no logs yet", 200 * 60],
      ["no logs yet", 200 * 60],
    ]);
  });

  test("logging switched off behind Terraform's back: drift log_enable, exit 1", async () => {
    world.cos.buckets.get(`website-${APP_ID}`)!.logging = undefined;
    const { code, json } = await world.verify(["--json"]);
    expect(code).toBe(1);
    const website = json!.deliveries.find((d) => d.source === `website-${APP_ID}`)!;
    expect(website.verdict).toBe("drift");
    expect(website.findings).toEqual([
      { verdict: "drift", attribute: "log_enable", synthesized: "true", live: "false" },
    ]);
  });

  test("COS target and prefix changed live: drift naming each attribute with both values", async () => {
    world.cos.buckets.get(`website-${APP_ID}`)!.logging = { targetBucket: `other-${APP_ID}`, targetPrefix: "x/" };
    const { json } = await world.verify(["--json", "--stack", "cos-access-logging"]);
    expect(json!.deliveries[1].findings).toEqual([
      {
        verdict: "drift",
        attribute: "log_target_bucket",
        synthesized: `access-logs-${APP_ID}`,
        live: `other-${APP_ID}`,
      },
      { verdict: "drift", attribute: "log_prefix", synthesized: "cos-access/website/", live: "x/" },
    ]);
  });

  test("a COS target bucket in another region: drift target region", async () => {
    world.cos.buckets.get(`access-logs-${APP_ID}`)!.region = "ap-shanghai";
    const { json } = await world.verify(["--json", "--stack", "cos-access-logging"]);
    for (const d of json!.deliveries)
      expect(d.findings).toContainEqual({
        verdict: "drift",
        attribute: "target region",
        synthesized: "ap-guangzhou",
        live: "ap-shanghai",
      });
  });

  test("missing source and target buckets: missing", async () => {
    world.cos.buckets.delete(`website-${APP_ID}`);
    world.bos.buckets.delete("example-bos-access-logs");
    const { code, json } = await world.verify(["--json"]);
    expect(code).toBe(1);
    expect(json!.deliveries.find((d) => d.source === `website-${APP_ID}`)!.findings).toEqual([
      { verdict: "missing", attribute: "source bucket", synthesized: `website-${APP_ID}` },
    ]);
    for (const d of byKind(json!, "bos")) {
      expect(d.verdict).toBe("missing");
      expect(d.findings).toEqual([
        { verdict: "missing", attribute: "target bucket", synthesized: "example-bos-access-logs" },
      ]);
      expect(d.apiCalls).toBe(2); // no listing of a bucket that does not exist
    }
  });

  test("CLS_QcsRole deleted: missing; without the CLS trust or the policy: drift", async () => {
    world.api.roles.delete("CLS_QcsRole");
    let { json } = await world.verify(["--json", "--stack", "cos-access-logging"]);
    expect(json!.deliveries.map((d) => d.verdict)).toEqual(["missing", "missing"]);
    expect(json!.deliveries[0].findings).toEqual([
      { verdict: "missing", attribute: "CLS_QcsRole role", synthesized: "CLS_QcsRole" },
    ]);

    world.api.roles.set("CLS_QcsRole", {
      document: JSON.stringify({
        version: "2.0",
        statement: [{ effect: "allow", action: "name/sts:AssumeRole", principal: { service: ["scf.qcloud.com"] } }],
      }),
      policies: ["SomethingElse"],
    });
    ({ json } = await world.verify(["--json", "--stack", "cos-access-logging"]));
    expect(json!.deliveries[0].findings).toEqual([
      {
        verdict: "drift",
        attribute: "CLS_QcsRole trust",
        synthesized: "cls.cloud.tencent.com",
        live: "scf.qcloud.com",
      },
      {
        verdict: "drift",
        attribute: "CLS_QcsRole policies",
        synthesized: "CosAccessLogDelivery-cos-access-logging",
        live: "SomethingElse",
      },
    ]);
  });

  test("BOS logging disabled, retargeted, or its target in another region: drift", async () => {
    world.bos.buckets.get("example-site-assets")!.logging = undefined;
    world.bos.buckets.get("example-user-uploads")!.logging = {
      targetBucket: "elsewhere",
      targetPrefix: "logs/example-user-uploads/",
    };
    let { json } = await world.verify(["--json", "--stack", "bos-access-logging"]);
    expect(json!.deliveries.map((d) => d.findings)).toEqual([
      [{ verdict: "drift", attribute: "logging", synthesized: "enabled", live: "disabled" }],
      [
        {
          verdict: "drift",
          attribute: "logging.target_bucket",
          synthesized: "example-bos-access-logs",
          live: "elsewhere",
        },
      ],
    ]);
    world.healthy();
    world.bos.buckets.get("example-bos-access-logs")!.region = "gz";
    ({ json } = await world.verify(["--json", "--stack", "bos-access-logging"]));
    expect(json!.deliveries[0].findings).toEqual([
      { verdict: "drift", attribute: "target region", synthesized: "bj", live: "gz" },
    ]);
  });

  test("CDN backup: function deleted -> missing; environment edited, trigger disabled or re-timed -> drift", async () => {
    const key = [...world.api.functions.keys()][0];
    const fn = world.api.functions.get(key)!;
    fn.Environment.Variables = fn.Environment.Variables.map((v) =>
      v.Key === "BACKUP_PREFIX" ? { ...v, Value: "moved/" } : v,
    );
    fn.Environment.Variables.push({ Key: "DEBUG_SECRET_KEY", Value: "do-not-print-me" });
    fn.Triggers[0].Enable = 0;
    fn.Triggers[0].TriggerDesc = "0 0 5 * * * *";
    const { code, json } = await world.verify(["--json", "--stack", "cdn-log-backup"]);
    expect(code).toBe(1);
    expect(json!.deliveries[0].findings).toEqual([
      { verdict: "drift", attribute: "environment.BACKUP_PREFIX", synthesized: "cdn-logs/", live: "moved/" },
      {
        verdict: "drift",
        attribute: "environment.DEBUG_SECRET_KEY",
        synthesized: "(absent)",
        live: "(value not shown)",
      },
      { verdict: "drift", attribute: "timer trigger cdn-log-backup-timer enabled", synthesized: "true", live: "false" },
      {
        verdict: "drift",
        attribute: "timer trigger cdn-log-backup-timer cron",
        synthesized: "0 30 3 * * * *",
        live: "0 0 5 * * * *",
      },
    ]);
    expect(JSON.stringify(json)).not.toContain("do-not-print-me");

    world.api.functions.clear();
    const missing = await world.verify(["--json", "--stack", "cdn-log-backup"]);
    expect(missing.json!.deliveries[0].findings).toEqual([
      { verdict: "missing", attribute: "function", synthesized: "default/example-cdn-log-backup" },
    ]);
  });

  test("CDN backup: trigger deleted or execution role deleted -> missing; runtime changed -> drift", async () => {
    const fn = [...world.api.functions.values()][0];
    fn.Triggers = [];
    fn.Runtime = "Nodejs16.13";
    world.api.roles.delete("example-cdn-log-backup-role");
    const { json } = await world.verify(["--json", "--stack", "cdn-log-backup"]);
    expect(json!.deliveries[0].verdict).toBe("missing");
    expect(json!.deliveries[0].findings).toEqual([
      { verdict: "drift", attribute: "runtime", synthesized: "Nodejs18.15", live: "Nodejs16.13" },
      { verdict: "missing", attribute: "timer trigger cdn-log-backup-timer", synthesized: "0 30 3 * * * *" },
      { verdict: "missing", attribute: "execution role", synthesized: "example-cdn-log-backup-role" },
    ]);
  });

  test("CDN backup status: a failed last run -> failing; an old one -> no logs yet; 26h at its value and one past", async () => {
    const put = (body: string, at: Date) =>
      world.cos.putObject(`cdn-logs-${APP_ID}`, "cdn-logs/_status/cdn-log-backup.json", at, body);
    const { runStatus } = await import("./world");
    put(runStatus("failed", ago(60), 3), ago(60));
    let { code, json } = await world.verify(["--json", "--stack", "cdn-log-backup"]);
    expect(code).toBe(1);
    expect(json!.deliveries[0]).toMatchObject({
      verdict: "failing",
      lastRun: { outcome: "failed", counts: { failed: 3 } },
    });
    put(runStatus("succeeded", ago(26 * 60)), ago(26 * 60));
    ({ json } = await world.verify(["--json", "--stack", "cdn-log-backup"]));
    expect(json!.deliveries[0].verdict).toBe("ok");
    put(runStatus("succeeded", ago(26 * 60 + 1)), ago(26 * 60 + 1));
    ({ code, json } = await world.verify(["--json", "--stack", "cdn-log-backup"]));
    expect([code, json!.deliveries[0].verdict]).toEqual([0, "no logs yet"]);
  });

  test("throttling and 5xx are retried with backoff and end ok", async () => {
    world.api.failNext("GetFunction", { code: "RequestLimitExceeded", message: "too many requests" }, 2);
    world.api.failNext("GetRole", { status: 502 });
    world.bos.failNext("GetBucketLogging", 503, "ServiceUnavailable", 2);
    world.bos.failNext("ListObjects", 429, "SlowDown");
    world.cos.failNext("GetBucketLogging", 503, "SlowDown");
    const { code, json } = await world.verify(["--json"]);
    expect(code).toBe(0);
    expect(json!.deliveries.map((d) => d.verdict)).toEqual(Array(5).fill("ok"));
    expect(world.api.count("GetFunction")).toBe(3);
    expect(world.bos.count("GetBucketLogging")).toBe(4);
  });

  test("a server error that outlasts the retries: unverified with the error, exit 1, other deliveries still checked", async () => {
    world.bos.failNext("GetBucketLocation", 500, "InternalError", 100);
    const { code, json } = await world.verify(["--json", "--stack", "bos-access-logging"]);
    expect(code).toBe(1);
    for (const d of json!.deliveries) {
      expect(d.verdict).toBe("unverified");
      expect(d.findings).toEqual([
        {
          verdict: "unverified",
          attribute: "target bucket",
          detail: expect.stringContaining("BOS GetBucketLocation failed: InternalError"),
        },
      ]);
      expect(d.apiCalls).toBe(1 + 4); // logging once, location 4 attempts, no listing
    }
  });

  test("a COS 5xx the SDK already repeated is retried once more, not the whole policy over again", async () => {
    world.cos.failNext("GetBucketLogging", 500, "InternalError", 100);
    const { code, json } = await world.verify(["--json", "--stack", "cos-access-logging"]);
    expect(code).toBe(1);
    for (const d of json!.deliveries) {
      expect(d.findings).toEqual([
        {
          verdict: "unverified",
          attribute: "log_enable",
          detail: expect.stringContaining("COS GetBucketLogging failed: InternalError"),
        },
      ]);
      expect(d.apiCalls).toBe(2 + 1 + 1); // logging twice, target once, listing once
    }
    // cos-nodejs-sdk-v5 sends each of those two calls 4 times on a 5xx.
    expect(world.cos.count("GetBucketLogging")).toBe(2 * 2 * 4);
  });

  test.each([
    [
      "Tencent Cloud API",
      (w: World) => (w.api.rejectCredentials = "AuthFailure.SignatureExpire"),
      "CAM GetUserAppId: the credentials have expired",
    ],
    ["COS", (w: World) => (w.cos.expiredCredentials = true), "COS GetBucketLogging: the credentials have expired"],
    ["BOS", (w: World) => (w.bos.expiredCredentials = true), "BOS GetBucketLogging: the credentials have expired"],
  ])("expired credentials at %s: one clear message, exit 2, no secret in it", async (_name, expire, message) => {
    expire(world);
    const { code, stdout, stderr } = await world.verify();
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
    expect(stderr).toMatch(/Fix: set (TENCENTCLOUD|BAIDUCLOUD)_/);
    for (const secret of Object.values(world.env()))
      if (secret && /secret|token|key/i.test(secret)) expect(stderr).not.toContain(secret);
  });

  test("no credentials: exit 2 naming the variables; no output deliveries need none", async () => {
    const { code, stderr } = await world.verify([], world.env({ TENCENTCLOUD_SECRET_KEY: undefined }));
    expect(code).toBe(2);
    expect(stderr).toContain("no Tencent Cloud credentials: set TENCENTCLOUD_SECRET_KEY");
    const bosOnly = await world.verify(
      ["--stack", "bos-access-logging"],
      world.env({ TENCENTCLOUD_SECRET_ID: undefined }),
    );
    expect(bosOnly.code).toBe(0);
  });
});
