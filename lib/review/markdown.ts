import type { CheckFinding } from "../checks/rule";
import { LazyItems, MarkdownSection, PR_COMMENT_MAX_CHARS, renderWithinBudget } from "../markdown/budget";
import { inlineCode, MarkdownContext } from "../markdown/text";
import {
  AccessLogEntry,
  formatBeijingTime,
  ProviderPin,
  ReviewReport,
  RoleEntry,
  RoleGrant,
  ScheduleEntry,
  StackReview,
} from "./model";

/**
 * Shortens the account lookups every bucket name and qcs name carries, so tables stay readable:
 * `${data.tencentcloud_user_info.<id>.app_id}` → `<appid>`, `...owner_uin}` → `<owner-uin>`.
 */
export function readable(text: string): string {
  return text
    .replace(/\$\{data\.tencentcloud_user_info\.[A-Za-z0-9_-]+\.app_id\}/g, "<appid>")
    .replace(/\$\{data\.tencentcloud_user_info\.[A-Za-z0-9_-]+\.owner_uin\}/g, "<owner-uin>");
}

/** A user-controlled value as an unbreakable code span (see {@link inlineCode}). */
export function code(value: string, context: MarkdownContext = "text"): string {
  return inlineCode(readable(value), context);
}

/** Options of {@link renderReviewMarkdown}. */
export interface MarkdownOptions {
  /**
   * Most characters the Markdown may have; sections are cut to fit and what was left out is counted.
   * @default PR_COMMENT_MAX_CHARS (65,536, GitHub's limit for a PR comment)
   */
  readonly maxChars?: number;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** A table row whose cells are already rendered. */
function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function grantText(grant: RoleGrant): string {
  if (grant.kind === "preset") return `preset ${code(grant.policy, "table")}`;
  const statements = (grant.statements ?? []).map(
    (s) =>
      `${s.effect === "allow" || s.effect === "deny" ? s.effect : code(s.effect, "table")} ` +
      `${s.actions.map((a) => code(a, "table")).join(", ") || "(no action)"} on ${s.resources.map((r) => code(r, "table")).join(", ") || "(no resource)"}` +
      (s.conditions && s.conditions.length > 0
        ? ` when ${s.conditions.map((c) => code(c, "table")).join(" and ")}`
        : ""),
  );
  return `custom ${code(grant.policy, "table")}: ${statements.join("; ") || "(no readable statement)"}`;
}

/**
 * Where a finding is, each name once: the construct path, which starts with the stack's name for constructs of the
 * stack and is the stack's name for stack-level findings (providers, the backend); the stack is put in front only when
 * several stacks are shown and the path does not already start with it.
 */
function findingPlace(stack: string, finding: CheckFinding, showStack: boolean): string {
  const path = finding.constructPath;
  const namesStack = path === stack || path.startsWith(`${stack}/`);
  return showStack && !namesStack ? `${code(stack)} ${code(path)}` : code(path);
}

/** One finding as a list item: rule id, place, the rule's reason and fix (ours) and the detail (from the stack). */
export function findingItem(stack: string, finding: CheckFinding, showStack: boolean): string {
  const suppressed =
    finding.suppressedBecause !== undefined ? ` Suppressed because: ${code(finding.suppressedBecause)}` : "";
  return `- ${code(finding.ruleId)} ${findingPlace(stack, finding, showStack)}: ${finding.reason} — ${code(finding.detail)}. Fix: ${finding.fix}.${suppressed}`;
}

function retentionCell(entry: AccessLogEntry): string {
  if (entry.retentionDays !== undefined) return plural(entry.retentionDays, "day");
  if (["none", "not in this stack", "set at plan time"].includes(entry.retention))
    return entry.retention === "none" ? "**none**" : entry.retention;
  return code(entry.retention, "table");
}

/** The cells of one table row per kind of item; the table adds the stack column when there are several stacks. */
function accessLogCells(e: AccessLogEntry): string[] {
  return [
    code(e.source, "table"),
    code(e.target, "table"),
    code(e.prefix, "table"),
    e.region ? code(e.region, "table") : "unknown",
    retentionCell(e),
  ];
}

function roleCells(role: RoleEntry): string[] {
  const name = role.managed ? code(role.name, "table") : `${code(role.name, "table")} (existing)`;
  const trust = role.managed ? role.trust.map((t) => code(t, "table")).join(", ") || "(nobody)" : "managed elsewhere";
  const grants = role.grants.map(grantText).join("<br>") || "(no policy attached)";
  return [name, trust, grants];
}

function scheduleCells(s: ScheduleEntry): string[] {
  return [
    code(s.function, "table"),
    code(s.cron, "table"),
    s.problem ? `**invalid**: ${code(s.problem, "table")}` : code(s.description ?? "", "table"),
    s.lookbackHours !== undefined ? plural(s.lookbackHours, "hour") : "—",
    s.nextRuns.map((run) => code(run, "table")).join("<br>") || "—",
  ];
}

function providerCells(p: ProviderPin): string[] {
  return [
    code(p.name, "table"),
    p.source ? code(p.source, "table") : "—",
    p.version ? code(p.version, "table") : "—",
    p.exact ? "exact" : "**not exact**",
  ];
}

function stackHeader(showStack: boolean, headers: string[]): string[] {
  return showStack ? ["stack", ...headers] : headers;
}

/** The sections describing one synth output: findings first (errors open), then what the stacks configure. */
export function reviewSections(
  report: ReviewReport,
  options: { readonly errorsOpen?: boolean } = {},
): MarkdownSection[] {
  const showStack = report.stacks.length > 1;
  const each = <T>(
    pick: (stack: StackReview) => readonly T[],
    render: (stack: string, item: T) => string,
  ): LazyItems => {
    const pairs = report.stacks.flatMap((stack) => pick(stack).map((item) => ({ stack: stack.name, item })));
    return { length: pairs.length, item: (index) => render(pairs[index].stack, pairs[index].item) };
  };
  const findings = (keep: (f: CheckFinding) => boolean): LazyItems =>
    each(
      (stack) => stack.findings.filter(keep),
      (stack, f) => findingItem(stack, f, showStack),
    );
  /** A collapsed table of one kind of item across all stacks. */
  const table = <T>(
    title: string,
    noun: string,
    headers: string[],
    pick: (stack: StackReview) => readonly T[],
    cells: (item: T) => string[],
    empty: string,
    plural?: string,
  ): MarkdownSection => ({
    title,
    noun,
    ...(plural ? { plural } : {}),
    collapsed: true,
    headers: stackHeader(showStack, headers),
    items: each(pick, (stack, item) => row(showStack ? [code(stack, "table"), ...cells(item)] : cells(item))),
    empty,
  });
  const errors = findings((f) => f.suppressedBecause === undefined && f.level === "error");
  const warnings = findings((f) => f.suppressedBecause === undefined && f.level === "warning");
  const suppressed = findings((f) => f.suppressedBecause !== undefined);
  return [
    { title: "Errors", noun: "error", collapsed: !(options.errorsOpen ?? true), items: errors, empty: "_No errors._" },
    { title: "Warnings", noun: "warning", collapsed: true, items: warnings, empty: "_No warnings._" },
    {
      title: "Suppressed findings",
      noun: "suppressed finding",
      collapsed: true,
      items: suppressed,
      empty: "_No suppressed findings._",
    },
    table(
      "Access logging",
      "delivery",
      ["source", "target bucket", "prefix", "region", "retention"],
      (s) => s.accessLogging,
      accessLogCells,
      "_No access logging configured._",
      "deliveries",
    ),
    table("Roles", "role", ["role", "trusted by", "grants"], (s) => s.roles, roleCells, "_No CAM roles._"),
    table(
      "Scheduled functions",
      "scheduled function",
      ["function", "cron", "in words", "lookback", "next runs (Beijing time)"],
      (s) => s.scheduledFunctions,
      scheduleCells,
      "_No scheduled functions._",
    ),
    table(
      "Providers",
      "provider pin",
      ["provider", "source", "version", "pinned"],
      (s) => s.providers,
      providerCells,
      "_No required providers._",
    ),
  ];
}

/** Whether no stack holds a resource or data source of the Tencent Cloud or Baidu AI Cloud provider. */
export function hasNoTencentOrBaidu(report: ReviewReport): boolean {
  return report.stacks.every((s) => s.tencentOrBaiduElements === 0);
}

/**
 * The status line of a review: icon, totals and what the stacks hold. An output without any Tencent Cloud or Baidu
 * AI Cloud resource gets neither a pass nor a fail icon: it says so, and what the credential checks found.
 */
export function reviewStatusLine(report: ReviewReport): string {
  const { errors, warnings, suppressed } = report.totals;
  if (hasNoTencentOrBaidu(report)) {
    return (
      `ℹ️ No Tencent Cloud or Baidu AI Cloud resource in ${plural(report.stacks.length, "stack")}: no access logging, ` +
      `CAM role or scheduled function to review; only the credential checks apply (${plural(errors, "error")}, ` +
      `${plural(warnings, "warning")}, ${suppressed} suppressed).`
    );
  }
  const status = errors > 0 ? "❌" : warnings > 0 ? "⚠️" : "✅";
  const count = (pick: (s: StackReview) => readonly unknown[]): number =>
    report.stacks.reduce((sum, s) => sum + pick(s).length, 0);
  return (
    `${status} ${plural(report.stacks.length, "stack")}: ${plural(errors, "error")}, ${plural(warnings, "warning")}, ${suppressed} suppressed; ` +
    `${count((s) => s.accessLogging)} access-log ${count((s) => s.accessLogging) === 1 ? "delivery" : "deliveries"}, ${plural(
      count((s) => s.roles),
      "role",
    )}, ${plural(
      count((s) => s.scheduledFunctions),
      "scheduled function",
    )}. ` +
    `Next runs are counted from ${formatBeijingTime(new Date(report.now))} Beijing time.`
  );
}

/**
 * The review as Markdown for a pull-request comment: a status line, the errors, then collapsed sections for warnings,
 * suppressions, access logging, roles, schedules and providers. Fits in `maxChars` (default: one GitHub PR comment);
 * what does not fit is counted at the end. Every value taken from the stacks is an escaped code span. Deterministic
 * for the same input and `now`.
 */
export function renderReviewMarkdown(report: ReviewReport, options: MarkdownOptions = {}): string {
  const head = ["# Access-log review", "", reviewStatusLine(report), ""];
  return renderWithinBudget(head, reviewSections(report), options.maxChars ?? PR_COMMENT_MAX_CHARS);
}
