import type {
  DeliveryChange,
  DeliveryRef,
  GrantAtom,
  ReviewDiff,
  RoleChange,
  ScheduleChange,
  StackRemoval,
} from "./diff";
import { code, findingItem, hasNoTencentOrBaidu, MarkdownOptions, reviewSections, reviewStatusLine } from "./markdown";
import { MarkdownSection, PR_COMMENT_MAX_CHARS, renderWithinBudget } from "../markdown/budget";
import type { AccessLogEntry, ReviewReport, ScheduleEntry } from "./model";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function where(entry: AccessLogEntry): string {
  return `${code(entry.target)} under ${code(entry.prefix)}${entry.region ? ` in ${code(entry.region)}` : ""}`;
}

function retention(entry: AccessLogEntry): string {
  if (entry.retentionDays !== undefined) return plural(entry.retentionDays, "day");
  return entry.retention === "none" ? "**never expires**" : code(entry.retention);
}

function inStack(stack: string, showStack: boolean): string {
  return showStack ? ` (stack ${code(stack)})` : "";
}

function addedItem(ref: DeliveryRef, showStack: boolean): string {
  return `- ➕ ${code(ref.entry.source)} now delivers logs to ${where(ref.entry)}, kept ${retention(ref.entry)}${inStack(ref.stack, showStack)}`;
}

function removedItem(ref: DeliveryRef, showStack: boolean): string {
  return `- ➖ ${code(ref.entry.source)} **stops delivering logs** (was to ${where(ref.entry)})${inStack(ref.stack, showStack)}`;
}

function retargetedItem(change: DeliveryChange, showStack: boolean): string {
  return `- 🔀 ${code(change.after.source)} retargeted: ${where(change.before)} → ${where(change.after)}, kept ${retention(change.after)}${inStack(change.stack, showStack)}`;
}

function retentionItem(change: DeliveryChange, showStack: boolean): string {
  return `- ⏳ retention of logs from ${code(change.after.source)} in ${code(change.after.target)}: ${retention(change.before)} → ${retention(change.after)}${inStack(change.stack, showStack)}`;
}

function atomText(atom: GrantAtom): string {
  if (atom.kind === "trust") return `may be assumed by ${code(atom.subject)}`;
  if (atom.kind === "preset") return `preset policy ${code(atom.subject)}`;
  const effect = atom.effect === "allow" || atom.effect === "deny" ? atom.effect : code(atom.effect ?? "");
  return `${effect} ${code(atom.subject)} on ${code(atom.resource ?? "")}${atom.condition ? ` when ${code(atom.condition)}` : ""}`;
}

function roleItems(change: RoleChange, showStack: boolean): string[] {
  const role = `role ${code(change.role)}${inStack(change.stack, showStack)}`;
  const lead = change.change === "added" ? `new ${role}` : change.change === "removed" ? `${role} removed` : role;
  return [
    ...change.widened.map((atom) => `- ⬆️ ${lead} **widened**: ${atomText(atom)}`),
    ...change.narrowed.map((atom) => `- ⬇️ ${lead} narrowed: ${atomText(atom)}`),
  ];
}

function scheduleText(entry: ScheduleEntry): string {
  const lookback = entry.lookbackHours !== undefined ? `, looking back ${plural(entry.lookbackHours, "hour")}` : "";
  return `${code(entry.cron)}${entry.description ? ` (${code(entry.description)})` : ""}${lookback}`;
}

function scheduleItem(change: ScheduleChange, showStack: boolean): string {
  const what = `${code(change.function)} trigger ${code(change.trigger)}${inStack(change.stack, showStack)}`;
  if (change.change === "added") return `- ➕ ${what} runs on ${scheduleText(change.after!)}`;
  if (change.change === "removed") return `- ➖ ${what} no longer runs (was ${scheduleText(change.before!)})`;
  const parts: string[] = [];
  if (change.before!.cron !== change.after!.cron)
    parts.push(
      `schedule ${scheduleText({ ...change.before!, lookbackHours: undefined })} → ${scheduleText({ ...change.after!, lookbackHours: undefined })}`,
    );
  if (change.before!.lookbackHours !== change.after!.lookbackHours) {
    const hours = (h: number | undefined): string => (h === undefined ? "unknown" : plural(h, "hour"));
    parts.push(`lookback ${hours(change.before!.lookbackHours)} → ${hours(change.after!.lookbackHours)}`);
  }
  return `- 🕑 ${what}: ${parts.join("; ")}`;
}

function addedStackItem(stack: string): string {
  return `- ➕ stack ${code(stack)} added to the app`;
}

function removedStackItem(removal: StackRemoval): string {
  const held = [
    `${removal.deliveries} access-log ${removal.deliveries === 1 ? "delivery" : "deliveries"}`,
    plural(removal.roles, "role"),
    plural(removal.scheduledFunctions, "scheduled function"),
  ].join(", ");
  return (
    `- ➖ stack ${code(removal.stack)} removed from the app (it had ${held}): cdktf stops deploying it, but removing it ` +
    `destroys nothing; what it deployed stays until \`cdktf destroy\` is run for it from the base branch`
  );
}

/**
 * The one-line summary of a diff: what changed, by kind, with the new errors first. When neither output holds a
 * Tencent Cloud or Baidu AI Cloud resource, it says so instead of passing or failing the change.
 */
export function diffStatusLine(diff: ReviewDiff, nothingToReview = false): string {
  const d = diff.deliveries;
  const widened = diff.roles.filter((r) => r.widened.length > 0).length;
  const narrowed = diff.roles.filter((r) => r.narrowed.length > 0).length;
  const newWarnings = diff.findings.new.length - diff.newErrors;
  const s = diff.stacks;
  const stacks =
    s.added.length + s.removed.length > 0 ? `stacks ${s.added.length} added, ${s.removed.length} removed; ` : "";
  const findings = `${plural(diff.newErrors, "new error")}, ${plural(newWarnings, "new warning")}, ${diff.findings.fixed.length} fixed`;
  if (nothingToReview) {
    return (
      `ℹ️ This change: no Tencent Cloud or Baidu AI Cloud resource in base or head, so no access logging to review; ` +
      `${stacks}credential checks: ${findings}.`
    );
  }
  const icon =
    diff.newErrors > 0
      ? "❌"
      : newWarnings > 0 || d.removed.length > 0 || widened > 0 || s.removed.length > 0
        ? "⚠️"
        : "✅";
  return (
    `${icon} This change: ${stacks}${findings}, ` +
    `${diff.findings.newlySuppressed.length} newly suppressed; deliveries ${d.added.length} added, ${d.removed.length} removed, ` +
    `${d.retargeted.length} retargeted, ${d.retentionChanged.length} with new retention; ` +
    `${plural(widened, "role")} widened, ${narrowed} narrowed; ${plural(diff.schedules.length, "schedule change")}.`
  );
}

/**
 * The change report for `review --base` as Markdown: what the PR changes (logging first, then grants, schedules and
 * findings), followed by the head's full review collapsed. Fits in `maxChars` like {@link renderReviewMarkdown}.
 */
export function renderDiffMarkdown(
  diff: ReviewDiff,
  base: ReviewReport,
  head: ReviewReport,
  options: MarkdownOptions = {},
): string {
  const showStack = new Set([...base.stacks, ...head.stacks].map((s) => s.name)).size > 1;
  const d = diff.deliveries;
  const head_ = [
    "# Access-log review: what this change does",
    "",
    diffStatusLine(diff, hasNoTencentOrBaidu(base) && hasNoTencentOrBaidu(head)),
    "",
    `Head: ${reviewStatusLine(head)}`,
    "",
    `Base: ${base.totals.errors} errors, ${base.totals.warnings} warnings, ${base.totals.suppressed} suppressed in ${plural(base.stacks.length, "stack")}.`,
    "",
  ];
  const stackChanges: MarkdownSection[] =
    diff.stacks.added.length + diff.stacks.removed.length === 0
      ? []
      : [
          {
            title: "Stacks added and removed",
            noun: "stack change",
            collapsed: false,
            items: [...diff.stacks.removed.map(removedStackItem), ...diff.stacks.added.map(addedStackItem)],
          },
        ];
  const changes: MarkdownSection[] = [
    ...stackChanges,
    {
      title: "Logging changes",
      noun: "logging change",
      collapsed: false,
      items: [
        ...d.removed.map((r) => removedItem(r, showStack)),
        ...d.retargeted.map((c) => retargetedItem(c, showStack)),
        ...d.retentionChanged.map((c) => retentionItem(c, showStack)),
        ...d.added.map((r) => addedItem(r, showStack)),
      ],
      empty: "_No access-log delivery or retention changes._",
    },
    {
      title: "Grant changes",
      noun: "grant change",
      collapsed: false,
      items: diff.roles.flatMap((r) => roleItems(r, showStack)),
      empty: "_No CAM grant changes._",
    },
    {
      title: "Schedule changes",
      noun: "schedule change",
      collapsed: false,
      items: diff.schedules.map((s) => scheduleItem(s, showStack)),
      empty: "_No schedule changes._",
    },
    {
      title: "New findings",
      noun: "new finding",
      collapsed: false,
      items: diff.findings.new.map((r) =>
        findingItem(r.stack, r.finding, showStack).replace(/^- /, `- 🆕 ${r.finding.level} `),
      ),
      empty: "_No new findings._",
    },
    {
      title: "Fixed findings",
      noun: "fixed finding",
      collapsed: true,
      items: diff.findings.fixed.map((r) =>
        findingItem(r.stack, r.finding, showStack).replace(/^- /, `- ✅ ${r.finding.level} `),
      ),
      empty: "_No fixed findings._",
    },
    {
      title: "Findings of removed stacks (not fixed: no longer reviewed)",
      noun: "finding of a removed stack",
      plural: "findings of removed stacks",
      collapsed: true,
      items: diff.findings.inRemovedStacks.map((r) =>
        findingItem(r.stack, r.finding, true).replace(/^- /, `- ➖ ${r.finding.level} `),
      ),
    },
    {
      title: "Newly suppressed findings",
      noun: "newly suppressed finding",
      collapsed: false,
      items: diff.findings.newlySuppressed.map((r) =>
        findingItem(r.stack, r.finding, showStack).replace(/^- /, `- 🔕 ${r.finding.level} `),
      ),
      empty: "_No newly suppressed findings._",
    },
  ];
  const headReview = reviewSections(head, { errorsOpen: false }).map((s) => ({ ...s, title: `Head: ${s.title}` }));
  return renderWithinBudget(head_, [...changes, ...headReview], options.maxChars ?? PR_COMMENT_MAX_CHARS);
}
