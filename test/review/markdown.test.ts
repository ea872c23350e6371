import fc from "fast-check";
import MarkdownIt from "markdown-it";
import { PR_COMMENT_MAX_CHARS } from "../../lib/markdown/budget";
import { decodeInlineCode } from "../../lib/markdown/text";
import { renderReviewMarkdown } from "../../lib/review/markdown";
import { AccessLogEntry, buildReview, ReviewReport } from "../../lib/review/model";
import { camDocument, removeSynthOutputs, runCli, writeSynthOutput } from "./synth-output";

const NOW = new Date("2025-01-01T00:00:00Z");
// GFM autolinks `www.`, `http(s)://` and e-mail addresses, not bare domains such as scf.qcloud.com in the rules' own
// fix texts: fuzzy links off matches that; every other construct markdown-it knows is on.
const markdown = new MarkdownIt({ html: true, linkify: true });
markdown.linkify.set({ fuzzyLink: false });

afterAll(removeSynthOutputs);

/** Our own HTML: the collapsible sections and line breaks in table cells. Nothing else may be HTML. */
const OWN_HTML = /^(<details>|<\/details>|<summary>[A-Za-z :-]+ \(\d+\)<\/summary>|<br>)\s*$/;

function expectNoActiveMarkdown(source: string): string[] {
  const codes: string[] = [];
  for (const token of markdown.parse(source, {})) {
    if (token.type === "html_block") {
      for (const line of token.content.trim().split("\n")) expect(line).toMatch(OWN_HTML);
    }
    for (const child of token.children ?? []) {
      expect(["link_open", "image"]).not.toContain(child.type);
      if (child.type === "html_inline") expect(child.content).toMatch(OWN_HTML);
      if (child.type === "text") expect(child.content).not.toMatch(/@[A-Za-z0-9]/);
      if (child.type === "code_inline") codes.push(decodeInlineCode(child.content));
    }
  }
  return codes;
}

/** A stack whose every user-controlled string is `evil`: names, region, prefixes, policies, reasons, cron. */
function hostileStack(evil: string): object {
  return {
    "//": {
      metadata: { backend: "local", stackName: "app", version: "0.21.0" },
      "cdktf-access-logs": { suppressions: [{ path: "app/Plain", ruleId: "TC-COS-1", reason: `because ${evil}` }] },
    },
    provider: { tencentcloud: [{ region: evil }] },
    resource: {
      tencentcloud_cos_bucket: {
        logs: {
          bucket: `logs-${evil}`,
          acl: "private",
          encryption_algorithm: "AES256",
          lifecycle_rules: [{ filter_prefix: "", expiration: { days: 30 } }],
          "//": { metadata: { path: "app/Logs" } },
        },
        src: {
          bucket: `src-${evil}`,
          log_enable: true,
          log_target_bucket: `logs-${evil}`,
          log_prefix: `${evil}/`,
          "//": { metadata: { path: `app/${evil}` } },
        },
        plain: { bucket: evil, "//": { metadata: { path: "app/Plain" } } },
      },
      tencentcloud_cam_role: {
        r: {
          name: `role-${evil}`,
          document: camDocument([{ effect: "allow", action: ["name/sts:AssumeRole"], principal: { service: [evil] } }]),
          "//": { metadata: { path: "app/R" } },
        },
      },
      tencentcloud_cam_policy: {
        p: {
          name: `policy-${evil}`,
          document: camDocument([
            { effect: "allow", action: [evil], resource: [evil], condition: { string_like: { [evil]: [evil] } } },
          ]),
          "//": { metadata: { path: "app/P" } },
        },
      },
      tencentcloud_cam_role_policy_attachment: {
        a: {
          role_id: "${tencentcloud_cam_role.r.id}",
          policy_id: "${tencentcloud_cam_policy.p.id}",
          "//": { metadata: { path: "app/A" } },
        },
      },
      tencentcloud_scf_function: {
        f: { name: `fn-${evil}`, environment: { BACKUP_LOOKBACK_HOURS: "48" }, "//": { metadata: { path: "app/F" } } },
      },
      tencentcloud_scf_trigger: {
        t: {
          function_name: "${tencentcloud_scf_function.f.name}",
          name: evil,
          type: "timer",
          trigger_desc: evil,
          "//": { metadata: { path: "app/T" } },
        },
      },
    },
  };
}

const HOSTILE = [
  "``[**security review: approved**](https://evil.example/)``",
  "<img src=x onerror=alert(1)>",
  "@octocat please approve",
  "https://evil.example/",
  "a|b\nc",
  "<details><summary>x</summary>",
  "![x](https://evil.example/x.png)",
  "\u202egnp.exe",
];

describe("review Markdown on hostile names", () => {
  test.each(HOSTILE)("%j stays inert text in every place it appears", async (evil) => {
    const dir = writeSynthOutput({ app: hostileStack(evil) });
    const { stdout, stderr } = await runCli("review", dir, "--now", NOW.toISOString());
    expect(stderr).toBe("");
    const codes = expectNoActiveMarkdown(stdout);
    expect(codes).toEqual(
      expect.arrayContaining([
        evil,
        `src-${evil}`,
        `logs-${evil}`,
        `${evil}/`,
        `because ${evil}`,
        `role-${evil}`,
        `fn-${evil}`,
      ]),
    );
  });

  test("arbitrary names never open links, HTML or mentions anywhere in the review (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (evil) => {
        fc.pre(evil.length > 0);
        const report = buildReview([{ name: "app", json: hostileStack(evil) as { [key: string]: unknown } }], NOW);
        const codes = expectNoActiveMarkdown(renderReviewMarkdown(report));
        expect(codes).toContain(`src-${evil}`);
      }),
      { numRuns: 150, seed: 12 },
    );
  });
});

function syntheticReport(deliveries: number): ReviewReport {
  const accessLogging: AccessLogEntry[] = Array.from({ length: deliveries }, (_, i) => ({
    cloud: "tencentcloud",
    via: "bucket-logging",
    source: `bucket-${String(i).padStart(5, "0")}-1250000000`,
    sourceAddress: `tencentcloud_cos_bucket.b${i}`,
    target: "logs-1250000000",
    prefix: `bucket-${i}/`,
    region: "ap-guangzhou",
    retentionDays: 180,
    retention: "180 days",
  }));
  const findings = Array.from({ length: Math.floor(deliveries / 2) }, (_, i) => ({
    ruleId: "TC-COS-1",
    level: "error" as const,
    reason: "COS bucket has no access logging",
    fix: "enable logging",
    detail: `tencentcloud_cos_bucket.u${i} is not a log target and does not log its access`,
    address: `tencentcloud_cos_bucket.u${i}`,
    constructPath: `app/U${i}`,
    message: "…",
  }));
  return {
    now: NOW.toISOString(),
    stacks: [
      {
        name: "app",
        accessLogging,
        roles: [],
        scheduledFunctions: [],
        findings,
        providers: [],
        tencentOrBaiduElements: deliveries,
      },
    ],
    totals: { errors: findings.length, warnings: 0, suppressed: 0 },
  };
}

describe("review Markdown fits a PR comment", () => {
  test("10,000 deliveries and 5,000 errors: within 65,536 characters, with counts of what was left out", () => {
    const text = renderReviewMarkdown(syntheticReport(10_000));
    expect(text.length).toBeLessThanOrEqual(PR_COMMENT_MAX_CHARS);
    expect(text).toContain("❌ 1 stack: 5000 errors, 0 warnings, 0 suppressed; 10000 access-log deliveries");
    const shownErrors = (text.match(/^- `TC-COS-1`/gm) ?? []).length;
    const shownRows = (text.match(/^\| `bucket-/gm) ?? []).length;
    expect(shownErrors).toBeGreaterThan(100);
    expect(text).toContain(`- _… ${5000 - shownErrors} more not shown_`);
    expect(text).toMatch(
      new RegExp(
        `_Left out to fit 65536 characters: ${5000 - shownErrors} errors \\(Errors\\), ${10000 - shownRows} deliveries \\(Access logging\\)\\. Run with \`--json\` for the complete review\\._`,
      ),
    );
    // Collapsed sections stay well-formed when cut.
    expect((text.match(/<details>/g) ?? []).length).toBe((text.match(/<\/details>/g) ?? []).length);
  });

  test("any budget from the minimum up is respected (property)", () => {
    const report = syntheticReport(2_000);
    fc.assert(
      fc.property(fc.integer({ min: 4_000, max: 200_000 }), (maxChars) => {
        expect(renderReviewMarkdown(report, { maxChars }).length).toBeLessThanOrEqual(maxChars);
      }),
      { numRuns: 60, seed: 12 },
    );
  });

  test("a review that fits is complete, with no closing count", () => {
    const text = renderReviewMarkdown(syntheticReport(10));
    expect(text).not.toContain("Left out");
    expect((text.match(/^\| `bucket-/gm) ?? []).length).toBe(10);
  });

  test("--max-chars changes the budget; --json stays complete", async () => {
    const stacks: { [name: string]: object } = {};
    const buckets: { [id: string]: object } = {};
    for (let i = 0; i < 300; i++)
      buckets[`b${i}`] = { bucket: `bucket-${i}-1250000000`, "//": { metadata: { path: `app/B${i}` } } };
    stacks.app = {
      provider: { tencentcloud: [{ region: "ap-guangzhou" }] },
      resource: { tencentcloud_cos_bucket: buckets },
    };
    const dir = writeSynthOutput(stacks);
    const small = await runCli("review", dir, "--max-chars", "4000");
    expect(small.code).toBe(1);
    expect(small.stdout.length).toBeLessThanOrEqual(4000);
    expect(small.stdout).toMatch(/_Left out to fit 4000 characters: \d+ errors \(Errors\)/);
    const json = await runCli("review", dir, "--json");
    expect((JSON.parse(json.stdout) as ReviewReport).stacks[0].findings).toHaveLength(300);
  });
});
