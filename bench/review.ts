/**
 * Review CLI benchmark: synth outputs with 1,000 and 10,000 COS and BOS buckets (each logging into a log bucket with
 * retention, every tenth bucket unlogged so there are findings, a role whose policy names every log prefix, a scheduled
 * backup function), reviewed the way `cdktf-access-logs review` does it: read and check the output, build the model,
 * render the Markdown. A second pass runs `review --base` against a copy with changes. Each size runs in a fresh child
 * process, a warm-up first, then the median of the repetitions.
 *
 *   npx ts-node --transpile-only bench/review.ts [repetitions=3]
 *
 * Prints `t(10k)/t(1k)` for the review and for `--base` (target <= 11: linear, with a margin for sorting and GC),
 * peak RSS, and the size of the 10k Markdown (target <= 65,536, one PR comment). Exits 1 when a target is missed.
 * Not a timed test: numbers depend on the machine.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diffReviews } from "../lib/review/diff";
import { renderDiffMarkdown } from "../lib/review/diff-markdown";
import { loadSynthesizedStacks } from "../lib/review/load";
import { renderReviewMarkdown } from "../lib/review/markdown";
import { PR_COMMENT_MAX_CHARS } from "../lib/markdown/budget";
import { buildReview } from "../lib/review/model";
import {
  backupFunction,
  camDocument,
  cosLogBucket,
  dailyTimer,
  loggedBucket,
  unloggedBucket,
} from "../test/review/synth-json";

const APP_ID = "1250000000";
const SIZES = [1_000, 10_000];
const RATIO_TARGET = 11;
const NOW = new Date("2025-01-01T00:00:00Z");

/** One stack with `buckets` buckets, half COS and half BOS, as `cdktf synth` writes it. `variant` shifts some settings. */
function stackJson(buckets: number, variant: "base" | "head"): object {
  const cos: { [id: string]: object } = {
    logs: cosLogBucket(`access-logs-${APP_ID}`, variant === "base" ? 180 : 90, "logs/", "bench/Logs/Bucket"),
  };
  const bos: { [id: string]: object } = {
    logs: {
      bucket: "bos-access-logs",
      acl: "private",
      server_side_encryption_rule: "AES256",
      lifecycle_rule: [
        {
          id: "expire",
          status: "enabled",
          resource: ["bos-access-logs/logs/*"],
          condition: { time: { date_greater_than: "$(lastModified)+P180D" } },
          action: { name: "DeleteObject" },
        },
      ],
      "//": { metadata: { path: "bench/BosLogs/Bucket" } },
    },
  };
  const resources: string[] = [];
  for (let i = 0; i < buckets; i++) {
    const unlogged = i % 10 === 9;
    const moved = variant === "head" && i % 100 === 1;
    if (i % 2 === 0) {
      const name = `source-${i}-${APP_ID}`;
      resources.push(`qcs::cos:ap-guangzhou:uid/${APP_ID}:access-logs-${APP_ID}/logs/${name}/*`);
      const bucketPath = `bench/Source${i}/Bucket`;
      cos[`source_${i}`] = unlogged
        ? unloggedBucket(name, bucketPath)
        : loggedBucket(name, `access-logs-${APP_ID}`, moved ? `logs/moved/${name}/` : `logs/${name}/`, bucketPath);
    } else {
      const name = `bos-source-${i}`;
      bos[`source_${i}`] = unlogged
        ? { bucket: name, acl: "private", "//": { metadata: { path: `bench/BosSource${i}/Bucket` } } }
        : {
            bucket: name,
            acl: "private",
            logging: { target_bucket: "bos-access-logs", target_prefix: moved ? `logs/m/${i}/` : `logs/${i}/` },
            "//": { metadata: { path: `bench/BosSource${i}/Bucket` } },
          };
    }
  }
  return {
    "//": { metadata: { backend: "local", stackName: "bench", version: "0.21.0" }, outputs: {} },
    terraform: {
      required_providers: {
        tencentcloud: { source: "tencentcloudstack/tencentcloud", version: "1.83.25" },
        baiducloud: { source: "baidubce/baiducloud", version: "1.23.5" },
      },
    },
    provider: { tencentcloud: [{ region: "ap-guangzhou" }], baiducloud: [{ region: "bj" }] },
    resource: {
      tencentcloud_cos_bucket: cos,
      baiducloud_bos_bucket: bos,
      tencentcloud_cam_role: {
        writer: {
          name: "log-writer",
          document: camDocument([
            { effect: "allow", action: ["name/sts:AssumeRole"], principal: { service: ["scf.qcloud.com"] } },
          ]),
          "//": { metadata: { path: "bench/Writer/Role" } },
        },
      },
      tencentcloud_cam_policy: {
        writer: {
          name: "log-writer-policy",
          document: camDocument([
            {
              effect: "allow",
              action: variant === "base" ? ["name/cos:PutObject"] : ["name/cos:PutObject", "name/cos:GetObject"],
              resource: resources,
            },
          ]),
          "//": { metadata: { path: "bench/Writer/Policy" } },
        },
      },
      tencentcloud_cam_role_policy_attachment: {
        writer: {
          role_id: "${tencentcloud_cam_role.writer.id}",
          policy_id: "${tencentcloud_cam_policy.writer.id}",
          "//": { metadata: { path: "bench/Writer/Attach" } },
        },
      },
      tencentcloud_scf_function: {
        backup: backupFunction({
          bucket: `access-logs-${APP_ID}`,
          prefix: "logs/cdn/",
          lookbackHours: variant === "base" ? "48" : "24",
          path: "bench/Backup/Function",
        }),
      },
      tencentcloud_scf_trigger: {
        backup: dailyTimer(variant === "base" ? "0 0 3 * * * *" : "0 30 2 * * * *", "bench/Backup/Timer"),
      },
    },
  };
}

/** Writes a synth output the way cdktf does: the stack, then the manifest. */
function writeOutput(dir: string, buckets: number, variant: "base" | "head"): void {
  fs.mkdirSync(path.join(dir, "stacks", "bench"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "stacks", "bench", "cdk.tf.json"),
    JSON.stringify(stackJson(buckets, variant), null, 2),
  );
  const manifest = {
    version: "0.21.0",
    stacks: {
      bench: { name: "bench", synthesizedStackPath: "stacks/bench/cdk.tf.json", workingDirectory: "stacks/bench" },
    },
  };
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
}

interface ChildResult {
  readonly reviewMs: number;
  readonly diffMs: number;
  readonly markdownChars: number;
  readonly diffMarkdownChars: number;
  readonly maxRssMb: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** In the child: review (and diff) one size `repetitions` times after a warm-up. */
function child(headDir: string, baseDir: string, repetitions: number): void {
  const review = (): string => renderReviewMarkdown(buildReview(loadSynthesizedStacks(headDir), NOW));
  const diff = (): string => {
    const head = buildReview(loadSynthesizedStacks(headDir), NOW);
    const base = buildReview(loadSynthesizedStacks(baseDir), NOW);
    return renderDiffMarkdown(diffReviews(base, head), base, head);
  };
  review();
  diff();
  const reviewTimes: number[] = [];
  const diffTimes: number[] = [];
  let markdown = "";
  let diffMarkdown = "";
  for (let i = 0; i < repetitions; i++) {
    let start = process.hrtime.bigint();
    markdown = review();
    reviewTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    start = process.hrtime.bigint();
    diffMarkdown = diff();
    diffTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const result: ChildResult = {
    reviewMs: median(reviewTimes),
    diffMs: median(diffTimes),
    markdownChars: markdown.length,
    diffMarkdownChars: diffMarkdown.length,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(result));
}

function parent(repetitions: number): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "review-bench-"));
  try {
    const results = new Map<number, ChildResult>();
    for (const size of SIZES) {
      const head = path.join(root, `head-${size}`);
      const base = path.join(root, `base-${size}`);
      writeOutput(base, size, "base");
      writeOutput(head, size, "head");
      const bytes = fs.statSync(path.join(head, "stacks", "bench", "cdk.tf.json")).size;
      const out = execFileSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", __filename, "--child", head, base, String(repetitions)],
        {
          encoding: "utf8",
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      const result = JSON.parse(out) as ChildResult;
      results.set(size, result);
      console.log(
        `${size} buckets (${(bytes / 1e6).toFixed(1)} MB stack): review ${result.reviewMs.toFixed(0)} ms, --base ${result.diffMs.toFixed(0)} ms, ` +
          `Markdown ${result.markdownChars} chars (--base: ${result.diffMarkdownChars}), peak RSS ${result.maxRssMb.toFixed(0)} MB`,
      );
    }
    const small = results.get(SIZES[0])!;
    const large = results.get(SIZES[1])!;
    const reviewRatio = large.reviewMs / small.reviewMs;
    const diffRatio = large.diffMs / small.diffMs;
    const fits = large.markdownChars <= PR_COMMENT_MAX_CHARS && large.diffMarkdownChars <= PR_COMMENT_MAX_CHARS;
    console.log(`t(10k)/t(1k) review: ${reviewRatio.toFixed(2)} (target <= ${RATIO_TARGET})`);
    console.log(`t(10k)/t(1k) review --base: ${diffRatio.toFixed(2)} (target <= ${RATIO_TARGET})`);
    console.log(`peak RSS at 10k: ${large.maxRssMb.toFixed(0)} MB`);
    console.log(
      `10k Markdown: ${large.markdownChars} chars, --base: ${large.diffMarkdownChars} chars (target <= ${PR_COMMENT_MAX_CHARS})`,
    );
    if (reviewRatio > RATIO_TARGET || diffRatio > RATIO_TARGET || !fits) {
      console.error("target missed");
      process.exitCode = 1;
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") child(process.argv[3], process.argv[4], Number(process.argv[5]));
else parent(Number(process.argv[2] ?? 3));
