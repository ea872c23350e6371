import { ReviewDiff } from "../../lib/review/diff";
import { removeSynthOutputs, runCli, writeSynthOutput } from "./synth-output";
import { backupFunction, camDocument, cosLogBucket, dailyTimer, loggedBucket, unloggedBucket } from "./synth-json";

const NOW = "2025-01-01T00:00:00Z";
const APP_ID = "1250000000";
const LOGS = `logs-${APP_ID}`;
const OTHER_LOGS = `other-logs-${APP_ID}`;

afterAll(removeSynthOutputs);

interface AppShape {
  /** Source buckets and where they log: bucket name → [target, prefix]; absent means no logging. */
  readonly logging?: { [bucket: string]: [string, string] | undefined };
  readonly retentionDays?: number;
  readonly statements?: object[];
  readonly trust?: string[];
  readonly presets?: string[];
  readonly cron?: string;
  readonly lookbackHours?: number;
  readonly suppress?: { ruleId: string; path: string; reason: string }[];
  /** How the CAM documents are written: JSON text, or jsonencode({...}) as the constructs write them. */
  readonly documentForm?: "json" | "jsonencode";
}

/** One stack `app`: log buckets, logged buckets, a role with a custom policy, and a scheduled backup function. */
function app(shape: AppShape = {}): object {
  const logging = shape.logging ?? { [`site-${APP_ID}`]: [LOGS, "site/"] };
  const buckets: { [id: string]: object } = {
    logs: cosLogBucket(LOGS, shape.retentionDays ?? 180),
    other_logs: cosLogBucket(OTHER_LOGS, 180),
  };
  for (const [name, where] of Object.entries(logging)) {
    buckets[name.replace(/[^a-z0-9]/g, "_")] = where ? loggedBucket(name, where[0], where[1]) : unloggedBucket(name);
  }
  const statements = shape.statements ?? [
    {
      effect: "allow",
      action: ["name/cos:PutObject"],
      resource: [`qcs::cos:ap-guangzhou:uid/${APP_ID}:${LOGS}/cdn/*`],
    },
  ];
  const trust = (shape.trust ?? ["scf.qcloud.com"]).map((service) => ({
    effect: "allow",
    action: ["name/sts:AssumeRole"],
    principal: { service: [service] },
  }));
  const attachments: { [id: string]: object } = {
    custom: {
      role_id: "${tencentcloud_cam_role.runner.id}",
      policy_id: "${tencentcloud_cam_policy.runner.id}",
      "//": { metadata: { path: "app/Attach" } },
    },
  };
  (shape.presets ?? []).forEach((preset, i) => {
    attachments[`preset_${i}`] = {
      role_name: "${tencentcloud_cam_role.runner.name}",
      policy_name: preset,
      "//": { metadata: { path: `app/Preset${i}` } },
    };
  });
  return {
    "//": {
      metadata: { backend: "local", stackName: "app", version: "0.21.0" },
      "cdktf-access-logs": { suppressions: shape.suppress ?? [] },
    },
    provider: { tencentcloud: [{ region: "ap-guangzhou" }] },
    resource: {
      tencentcloud_cos_bucket: buckets,
      tencentcloud_cam_role: {
        runner: {
          name: "backup-runner",
          document: camDocument(trust, shape.documentForm),
          "//": { metadata: { path: "app/Role" } },
        },
      },
      tencentcloud_cam_policy: {
        runner: {
          name: "backup-writes",
          document: camDocument(statements, shape.documentForm),
          "//": { metadata: { path: "app/Policy" } },
        },
      },
      tencentcloud_cam_role_policy_attachment: Object.fromEntries(
        Object.entries(attachments).filter(([id]) => id === "custom"),
      ),
      tencentcloud_cam_role_policy_attachment_by_name: Object.fromEntries(
        Object.entries(attachments).filter(([id]) => id !== "custom"),
      ),
      tencentcloud_scf_function: {
        backup: backupFunction({
          bucket: LOGS,
          prefix: "cdn/",
          lookbackHours: String(shape.lookbackHours ?? 48),
          path: "app/Backup",
        }),
      },
      tencentcloud_scf_trigger: {
        daily: dailyTimer(shape.cron ?? JSON.stringify({ cron: "0 0 3 * * * *" }), "app/Daily"),
      },
    },
  };
}

async function compare(
  base: AppShape,
  head: AppShape,
  ...flags: string[]
): Promise<{ code: number; diff: ReviewDiff; markdown: string; stderr: string }> {
  const baseDir = writeSynthOutput({ app: app(base) });
  const headDir = writeSynthOutput({ app: app(head) });
  const json = await runCli("review", headDir, "--base", baseDir, "--json", "--now", NOW, ...flags);
  const markdown = await runCli("review", headDir, `--base=${baseDir}`, "--now", NOW, ...flags);
  expect(markdown.code).toBe(json.code);
  return {
    code: json.code,
    diff: (JSON.parse(json.stdout) as { diff: ReviewDiff }).diff,
    markdown: markdown.stdout,
    stderr: json.stderr + markdown.stderr,
  };
}

describe("review --base: what a change does", () => {
  test("identical outputs: nothing changed, exit 0, and the bare and JSON timer forms read the same", async () => {
    const { code, diff, markdown, stderr } = await compare({}, { cron: "0 0 3 * * * *" });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(diff).toEqual({
      stacks: { added: [], removed: [] },
      deliveries: { added: [], removed: [], retargeted: [], retentionChanged: [] },
      roles: [],
      schedules: [],
      findings: { new: [], fixed: [], newlySuppressed: [], inRemovedStacks: [] },
      newErrors: 0,
    });
    expect(markdown).toContain("_No access-log delivery or retention changes._");
    expect(markdown).toContain("_No CAM grant changes._");
  });

  test("a bucket that starts logging, one that stops, one retargeted", async () => {
    const { diff, markdown } = await compare(
      {
        logging: {
          [`site-${APP_ID}`]: [LOGS, "site/"],
          [`old-${APP_ID}`]: [LOGS, "old/"],
          [`moved-${APP_ID}`]: [LOGS, "moved/"],
        },
      },
      {
        logging: {
          [`site-${APP_ID}`]: [LOGS, "site/"],
          [`new-${APP_ID}`]: [LOGS, "new/"],
          [`moved-${APP_ID}`]: [OTHER_LOGS, "moved-here/"],
        },
      },
    );
    expect(diff.deliveries.added.map((d) => [d.entry.source, d.entry.target, d.entry.prefix])).toEqual([
      [`new-${APP_ID}`, LOGS, "new/"],
    ]);
    expect(diff.deliveries.removed.map((d) => [d.entry.source, d.entry.target, d.entry.prefix])).toEqual([
      [`old-${APP_ID}`, LOGS, "old/"],
    ]);
    expect(
      diff.deliveries.retargeted.map((c) => [
        c.after.source,
        c.before.target,
        c.before.prefix,
        c.after.target,
        c.after.prefix,
      ]),
    ).toEqual([[`moved-${APP_ID}`, LOGS, "moved/", OTHER_LOGS, "moved-here/"]]);
    expect(markdown).toContain(
      `- ➖ \`old-${APP_ID}\` **stops delivering logs** (was to \`${LOGS}\` under \`old/\` in \`ap-guangzhou\`)`,
    );
    expect(markdown).toContain(
      `- ➕ \`new-${APP_ID}\` now delivers logs to \`${LOGS}\` under \`new/\` in \`ap-guangzhou\`, kept 180 days`,
    );
    expect(markdown).toContain(
      `- 🔀 \`moved-${APP_ID}\` retargeted: \`${LOGS}\` under \`moved/\` in \`ap-guangzhou\` → \`${OTHER_LOGS}\` under \`moved-here/\` in \`ap-guangzhou\`, kept 180 days`,
    );
    // Logging changes come before everything else.
    expect(markdown.indexOf("### Logging changes")).toBeLessThan(markdown.indexOf("### Grant changes"));
    expect(markdown.indexOf("### Grant changes")).toBeLessThan(markdown.indexOf("### Schedule changes"));
  });

  test("retention changed", async () => {
    const { diff, markdown } = await compare({}, { retentionDays: 30 });
    expect(
      diff.deliveries.retentionChanged.map((c) => [c.after.source, c.before.retentionDays, c.after.retentionDays]),
    ).toEqual([
      ["SCF function cdn-backup (CDN log backup)", 180, 30],
      [`site-${APP_ID}`, 180, 30],
    ]);
    expect(markdown).toContain(`- ⏳ retention of logs from \`site-${APP_ID}\` in \`${LOGS}\`: 180 days → 30 days`);
  });

  test("grants widened: a new action and resource, a new trusted service, a new preset policy", async () => {
    const resource = `qcs::cos:ap-guangzhou:uid/${APP_ID}:${LOGS}/cdn/*`;
    const { diff, markdown } = await compare(
      {},
      {
        statements: [
          {
            effect: "allow",
            action: ["name/cos:PutObject", "name/cos:DeleteObject"],
            resource: [resource, `qcs::cos:ap-guangzhou:uid/${APP_ID}:${LOGS}/*`],
          },
        ],
        trust: ["scf.qcloud.com", "cvm.qcloud.com"],
        presets: ["QcloudCOSReadOnlyAccess"],
      },
    );
    expect(diff.roles).toHaveLength(1);
    const [change] = diff.roles;
    expect(change).toMatchObject({ stack: "app", role: "backup-runner", change: "changed", narrowed: [] });
    expect(change.widened.map((a) => [a.kind, a.effect, a.subject, a.resource])).toEqual([
      ["trust", undefined, "service:cvm.qcloud.com", undefined],
      ["preset", undefined, "QcloudCOSReadOnlyAccess", undefined],
      ["statement", "allow", "name/cos:PutObject", `qcs::cos:ap-guangzhou:uid/${APP_ID}:${LOGS}/*`],
      ["statement", "allow", "name/cos:DeleteObject", resource],
      ["statement", "allow", "name/cos:DeleteObject", `qcs::cos:ap-guangzhou:uid/${APP_ID}:${LOGS}/*`],
    ]);
    expect(markdown).toContain("- ⬆️ role `backup-runner` **widened**: may be assumed by `service:cvm.qcloud.com`");
    expect(markdown).toContain(
      `- ⬆️ role \`backup-runner\` **widened**: allow \`name/cos:DeleteObject\` on \`${resource}\``,
    );
  });

  test("documents rewritten from JSON text to jsonencode({...}) change nothing; grants diff the same in either form", async () => {
    const same = await compare({}, { documentForm: "jsonencode" });
    expect(same.stderr).toBe("");
    expect(same.diff.roles).toEqual([]);
    expect(same.diff.findings).toEqual({ new: [], fixed: [], newlySuppressed: [], inRemovedStacks: [] });
    const widened: AppShape = {
      statements: [{ effect: "allow", action: ["name/cos:*"], resource: [`qcs::cos:ap-guangzhou:uid/${APP_ID}:*`] }],
      trust: ["scf.qcloud.com", "cvm.qcloud.com"],
    };
    const asText = await compare({}, widened);
    const asJsonencode = await compare({ documentForm: "jsonencode" }, { ...widened, documentForm: "jsonencode" });
    const mixed = await compare({}, { ...widened, documentForm: "jsonencode" });
    expect(asText.diff.roles[0].widened.length).toBeGreaterThan(0);
    expect(asText.diff.findings.new.map((f) => f.finding.ruleId)).toEqual(["TC-CAM-1", "TC-CAM-2"]);
    expect(asJsonencode.diff).toEqual(asText.diff);
    expect(mixed.diff).toEqual(asText.diff);
    expect(asJsonencode.markdown).toBe(asText.markdown);
  });

  test("grants narrowed: a resource dropped, and a deny added", async () => {
    const wide = {
      effect: "allow",
      action: ["name/cos:PutObject"],
      resource: [
        `qcs::cos:ap-guangzhou:uid/${APP_ID}:${LOGS}/cdn/*`,
        `qcs::cos:ap-guangzhou:uid/${APP_ID}:${LOGS}/tmp/*`,
      ],
    };
    const narrow = { ...wide, resource: [wide.resource[0]] };
    const deny = { effect: "deny", action: ["name/cos:DeleteObject"], resource: [wide.resource[0]] };
    const { diff, markdown } = await compare({ statements: [wide] }, { statements: [narrow, deny] });
    expect(diff.roles[0].widened).toEqual([]);
    expect(diff.roles[0].narrowed.map((a) => [a.effect, a.subject, a.resource])).toEqual([
      ["allow", "name/cos:PutObject", wide.resource[1]],
      ["deny", "name/cos:DeleteObject", wide.resource[0]],
    ]);
    expect(markdown).toContain(
      `- ⬇️ role \`backup-runner\` narrowed: allow \`name/cos:PutObject\` on \`${wide.resource[1]}\``,
    );
    // Removing a deny widens.
    const undo = await compare({ statements: [narrow, deny] }, { statements: [narrow] });
    expect(undo.diff.roles[0].widened.map((a) => [a.effect, a.subject])).toEqual([["deny", "name/cos:DeleteObject"]]);
  });

  test("schedule and lookback changed", async () => {
    const { diff, markdown } = await compare(
      {},
      { cron: JSON.stringify({ cron: "0 30 1 * * * *" }), lookbackHours: 24 },
    );
    expect(
      diff.schedules.map((s) => [
        s.function,
        s.trigger,
        s.change,
        s.before?.cron,
        s.after?.cron,
        s.before?.lookbackHours,
        s.after?.lookbackHours,
      ]),
    ).toEqual([["cdn-backup", "daily", "changed", "0 0 3 * * * *", "0 30 1 * * * *", 48, 24]]);
    expect(markdown).toContain(
      "- 🕑 `cdn-backup` trigger `daily`: schedule `0 0 3 * * * *` (`every day at 03:00 Beijing time`) → `0 30 1 * * * *` (`every day at 01:30 Beijing time`); lookback 48 hours → 24 hours",
    );
    const lookbackOnly = await compare({}, { lookbackHours: 72 });
    expect(lookbackOnly.markdown).toContain("- 🕑 `cdn-backup` trigger `daily`: lookback 48 hours → 72 hours");
  });

  test("a new error fails the review; the same error in base and head does not; a fixed one is reported", async () => {
    const unlogged = {
      logging: { [`site-${APP_ID}`]: [LOGS, "site/"] as [string, string], [`bare-${APP_ID}`]: undefined },
    };
    const introduced = await compare({}, unlogged);
    expect(introduced.code).toBe(1);
    expect(introduced.diff.newErrors).toBe(1);
    expect(introduced.diff.findings.new.map((r) => [r.finding.ruleId, r.finding.address])).toEqual([
      ["TC-COS-1", "tencentcloud_cos_bucket.bare_1250000000"],
    ]);
    expect(introduced.markdown).toMatch(/^❌ This change: 1 new error, /m);
    expect(introduced.markdown).toContain(
      "- 🆕 error `TC-COS-1` `app/bare-1250000000`: COS bucket has no access logging",
    );

    const unchanged = await compare(unlogged, unlogged);
    expect(unchanged.code).toBe(0);
    expect(unchanged.diff.findings).toEqual({ new: [], fixed: [], newlySuppressed: [], inRemovedStacks: [] });

    const fixed = await compare(unlogged, {});
    expect(fixed.code).toBe(0);
    expect(fixed.diff.findings.fixed.map((r) => r.finding.ruleId)).toEqual(["TC-COS-1"]);
    expect(fixed.markdown).toContain("- ✅ error `TC-COS-1` `app/bare-1250000000`");
  });

  test("a new warning only: exit 0; a new suppression is shown with its reason", async () => {
    const warned = await compare({}, { presets: ["QcloudCOSFullAccess"] });
    expect(warned.code).toBe(0);
    expect(warned.diff.findings.new.map((r) => [r.finding.ruleId, r.finding.level])).toEqual([["TC-CAM-5", "warning"]]);

    const unlogged = {
      logging: { [`site-${APP_ID}`]: [LOGS, "site/"] as [string, string], [`bare-${APP_ID}`]: undefined },
    };
    const suppressed = await compare(unlogged, {
      ...unlogged,
      suppress: [
        { ruleId: "TC-COS-1", path: `app/bare-${APP_ID}`, reason: "public mirror @octocat [ok](https://evil.example)" },
      ],
    });
    expect(suppressed.code).toBe(0);
    expect(suppressed.diff.findings.newlySuppressed.map((r) => r.finding.suppressedBecause)).toEqual([
      "public mirror @octocat [ok](https://evil.example)",
    ]);
    expect(suppressed.markdown).toContain("Suppressed because: `public mirror @octocat [ok](https://evil.example)`");
  });

  test("an unusable base output is refused like the head: exit 2", async () => {
    const headDir = writeSynthOutput({ app: app() });
    const { code, stderr } = await runCli("review", headDir, "--base", `${headDir}-missing`);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `cdktf-access-logs: base output ${JSON.stringify(`${headDir}-missing`)} (--base) is not a directory: ` +
        "run `cdktf synth` first, or pass the synth output directory\n",
    );
  });
});
