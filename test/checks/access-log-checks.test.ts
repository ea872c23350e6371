import { App, Aspects, TerraformStack, Testing } from "cdktf";
import { Construct, IConstruct } from "constructs";
import * as fs from "fs";
import * as path from "path";
import { CosBucket } from "../../.gen/providers/tencentcloud/cos-bucket";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import { PropValidationError } from "../../lib";
import { AccessLogChecks, ACCESS_LOG_RULES } from "../../lib/checks";
import { newStack, synthChecked } from "../helpers";

function warningsOf(scope: IConstruct): string[] {
  return scope.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}

function errorsOf(scope: IConstruct): string[] {
  return scope.node.metadata.filter((m) => m.type === "@cdktf/error").map((m) => String(m.data));
}

/** A stack with one unlogged bucket (TC-COS-1, error) inside a group construct, and a bucket logging into itself (TC-COS-3, warning). */
function badStack(stack: TerraformStack): { group: Construct; plain: CosBucket; self: CosBucket } {
  new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
  const group = new Construct(stack, "Site");
  const plain = new CosBucket(group, "Bucket", { bucket: "site-1250000000" });
  const self = new CosBucket(stack, "Self", {
    bucket: "self-1250000000",
    logEnable: true,
    logTargetBucket: "self-1250000000",
    logPrefix: "logs/",
    encryptionAlgorithm: "AES256",
    lifecycleRules: [{ expiration: { days: 30 } }],
  });
  return { group, plain, self };
}

describe("AccessLogChecks aspect", () => {
  test("every rule has a stable id, a level, a one-line reason and a fix", () => {
    const idsSeen = new Set<string>();
    for (const rule of ACCESS_LOG_RULES) {
      expect(rule.id).toMatch(/^(TC-COS|BD-BOS|TC-CAM|SEC|TC-SCF)-\d+$/);
      expect(idsSeen.has(rule.id)).toBe(false);
      idsSeen.add(rule.id);
      expect(["error", "warning"]).toContain(rule.level);
      expect(rule.reason).not.toMatch(/\n/);
      expect(rule.fix).not.toMatch(/\n/);
      expect(rule.reason.length).toBeGreaterThan(10);
      expect(rule.fix.length).toBeGreaterThan(10);
    }
  });

  test("an error finding fails synth with validations, naming construct, rule, detail and fix", () => {
    const { stack } = newStack();
    badStack(stack);
    Aspects.of(stack).add(new AccessLogChecks());
    expect(() => synthChecked(stack)).toThrow(
      /test\/Site\/Bucket: \[TC-COS-1\] COS bucket has no access logging — tencentcloud_cos_bucket\.Site_Bucket_[0-9A-F]+ \("site-1250000000"\) is not a log target and does not log its access\. Fix: enable logging/,
    );
  });

  test("an error finding fails app.synth(), and the error is annotated on the offending construct", () => {
    const { app, stack } = newStack();
    const { plain } = badStack(stack);
    AccessLogChecks.applyTo(app);
    expect(() => app.synth()).toThrow(/\[TC-COS-1\]/);
    expect(errorsOf(plain)).toEqual([expect.stringMatching(/^\[TC-COS-1\] COS bucket has no access logging — /)]);
  });

  test("warnings do not fail synth; they are annotated once and reach the manifest", () => {
    const { app, stack } = newStack();
    const { group, self } = badStack(stack);
    AccessLogChecks.suppress(group, "TC-COS-1", "static site, access is logged by the CDN in front of it");
    AccessLogChecks.applyTo(app);
    synthChecked(stack);
    synthChecked(stack); // validations run again: no duplicate annotation
    expect(warningsOf(self)).toEqual([expect.stringMatching(/^\[TC-COS-3\] COS bucket logs into itself — .*\. Fix: /)]);
    app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, "manifest.json"), "utf8"));
    const annotations = manifest.stacks.test.annotations.map(
      (a: { level: string; message: string; constructPath: string }) => [
        a.level,
        a.constructPath,
        a.message.slice(0, 11),
      ],
    );
    expect(annotations).toEqual([["@cdktf/warn", "test/Self", "[TC-COS-3] "]]);
  });

  test("a suppression covers the construct and its children, and is written to cdk.tf.json with its reason", () => {
    const { app, stack } = newStack();
    const { group } = badStack(stack);
    AccessLogChecks.suppress(group, "TC-COS-1", "static site, access is logged by the CDN in front of it");
    AccessLogChecks.suppress(stack, "TC-COS-3", "self-logging test bucket, deleted after the experiment");
    AccessLogChecks.applyTo(stack);
    expect(() => synthChecked(stack)).not.toThrow();
    app.synth();
    const synthesized = JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", "test", "cdk.tf.json"), "utf8"));
    expect(synthesized["//"]["cdktf-access-logs"]).toEqual({
      suppressions: [
        { path: "test", ruleId: "TC-COS-3", reason: "self-logging test bucket, deleted after the experiment" },
        { path: "test/Site", ruleId: "TC-COS-1", reason: "static site, access is logged by the CDN in front of it" },
      ],
    });
    expect(AccessLogChecks.suppressionsOf(stack).map((s) => s.ruleId)).toEqual(["TC-COS-3", "TC-COS-1"]);
  });

  test("a suppression of one rule does not hide another rule on the same construct", () => {
    const { stack } = newStack();
    const { group } = badStack(stack);
    AccessLogChecks.suppress(group, "TC-COS-5", "not a log bucket, so this suppression should change nothing");
    AccessLogChecks.applyTo(stack);
    expect(() => synthChecked(stack)).toThrow(/\[TC-COS-1\]/);
  });

  test("suppress needs a known rule, a real reason, and a construct in a stack", () => {
    const { app, stack } = newStack();
    const { plain } = badStack(stack);
    expect(() => AccessLogChecks.suppress(plain, "TC-COS-1", "ok")).toThrow(PropValidationError);
    expect(() => AccessLogChecks.suppress(plain, "TC-COS-1", "          ")).toThrow(
      /^test\/Site\/Bucket: reason " {10}" is too short to tell a reviewer why TC-COS-1 does not apply\. Fix: explain in at least 10 characters/,
    );
    expect(() => AccessLogChecks.suppress(plain, "TC-COS-99", "because it is fine here")).toThrow(
      /ruleId "TC-COS-99" is not a rule of the access-log check pack\. Fix: use one of TC-COS-1, /,
    );
    expect(() => AccessLogChecks.suppress(app, "TC-COS-1", "because it is fine here")).toThrow(
      /is not inside a TerraformStack/,
    );
  });

  test("the aspect only reports on the constructs it visits", () => {
    const { stack } = newStack();
    const { self } = badStack(stack);
    Aspects.of(self).add(new AccessLogChecks());
    expect(() => synthChecked(stack)).not.toThrow(); // TC-COS-1 is on test/Site/Bucket, outside the aspect's scope
    expect(warningsOf(self)).toHaveLength(1);
  });

  test("without the aspect, synth is unaffected", () => {
    const { stack } = newStack();
    badStack(stack);
    expect(() => synthChecked(stack)).not.toThrow();
  });
});

describe("AccessLogChecks.declareLogBucket", () => {
  function backupStack(encrypted: boolean, filterPrefix: string) {
    const { app, stack } = newStack();
    new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
    const group = new Construct(stack, "CdnLogs");
    new CosBucket(group, "Resource", {
      bucket: "cdn-logs-1250000000",
      ...(encrypted ? { encryptionAlgorithm: "AES256" } : {}),
      lifecycleRules: [{ filterPrefix, expiration: { days: 365 } }],
    });
    AccessLogChecks.declareLogBucket(group, { purpose: "CDN log backup", prefix: "cdn-logs/" });
    AccessLogChecks.applyTo(app);
    return { app, stack, group };
  }

  test("a declared log bucket needs no logging of its own", () => {
    const { stack } = backupStack(true, "cdn-logs/");
    expect(() => synthChecked(stack)).not.toThrow();
    expect(stack.toTerraform()["//"]["cdktf-access-logs"]).toEqual({
      suppressions: [],
      logBuckets: [{ path: "test/CdnLogs", purpose: "CDN log backup", prefix: "cdn-logs/" }],
    });
  });

  test("the log-bucket rules apply to it: encryption and retention of the declared prefix", () => {
    const { stack } = backupStack(false, "other/");
    expect(() => synthChecked(stack)).toThrow(/\[TC-COS-5\]/);
    const bucket = stack.node.findChild("CdnLogs").node.findChild("Resource");
    expect(warningsOf(bucket)).toEqual([
      expect.stringMatching(/^\[TC-COS-6\] .* never expires logs under "cdn-logs\/"/),
    ]);
  });

  test("purpose and prefix are validated", () => {
    const { stack } = newStack();
    expect(() => AccessLogChecks.declareLogBucket(stack, { purpose: " " })).toThrow(
      /^test: purpose " " must be one non-empty line\. Fix: /,
    );
    expect(() => AccessLogChecks.declareLogBucket(stack, { purpose: "CDN", prefix: "/abs/" })).toThrow(
      /^test: prefix "\/abs\/" is not a key prefix\. Fix: /,
    );
  });
});

describe("the library's own examples", () => {
  const exampleDir = path.join(__dirname, "..", "..", "examples");
  const files = fs
    .readdirSync(exampleDir)
    .filter((f) => f.endsWith(".ts") && f !== "main.ts")
    .sort();

  test("there are examples to check", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  test.each(files)("%s synthesizes with the check pack: no error, no warning", async (file) => {
    const mod = (await import(path.join(exampleDir, file))) as { [name: string]: unknown };
    const builders = Object.values(mod).filter((v): v is (app: App) => TerraformStack => typeof v === "function");
    expect(builders.length).toBeGreaterThan(0);
    for (const build of builders) {
      const app = Testing.app();
      const stack = build(app);
      AccessLogChecks.applyTo(stack);
      synthChecked(stack);
      const messages = stack.node.findAll().flatMap((c) => [...warningsOf(c), ...errorsOf(c)]);
      expect(messages.filter((m) => /^\[[A-Z]+-/.test(m))).toEqual([]);
    }
  });
});
