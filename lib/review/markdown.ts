import type { CheckFinding } from "../checks/rule";
import { formatBeijingTime, ReviewReport, RoleEntry, RoleGrant, StackReview } from "./model";

/**
 * Shortens the account lookups every bucket name and qcs name carries, so tables stay readable:
 * `${data.tencentcloud_user_info.<id>.app_id}` → `<appid>`, `...owner_uin}` → `<owner-uin>`.
 */
export function readable(text: string): string {
  return text
    .replace(/\$\{data\.tencentcloud_user_info\.[A-Za-z0-9_-]+\.app_id\}/g, "<appid>")
    .replace(/\$\{data\.tencentcloud_user_info\.[A-Za-z0-9_-]+\.owner_uin\}/g, "<owner-uin>");
}

/** Inline code in a table cell: pipes escaped, newlines flattened, backticks fenced. */
function code(text: string): string {
  const flat = readable(text).replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  if (flat === "") return "(empty)";
  return flat.includes("`") ? `\`\` ${flat} \`\`` : `\`${flat}\``;
}

/** Plain text in a table cell or list item. */
function text(value: string): string {
  return readable(value).replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

function table(headers: string[], rows: string[][]): string[] {
  return [`| ${headers.join(" | ")} |`, `| ${headers.map(() => "---").join(" | ")} |`, ...rows.map((row) => `| ${row.join(" | ")} |`)];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function grantText(grant: RoleGrant): string {
  if (grant.kind === "preset") return `preset ${code(grant.policy)}`;
  const statements = (grant.statements ?? []).map(
    (s) =>
      `${s.effect} ${s.actions.map(code).join(", ") || "(no action)"} on ${s.resources.map(code).join(", ") || "(no resource)"}` +
      (s.conditions && s.conditions.length > 0 ? ` when ${s.conditions.map(code).join(" and ")}` : ""),
  );
  return `custom ${code(grant.policy)}: ${statements.join("; ") || "(no readable statement)"}`;
}

function roleRow(role: RoleEntry): string[] {
  const name = role.managed ? code(role.name) : `${code(role.name)} (existing)`;
  const trust = role.managed ? role.trust.map(code).join(", ") || "(nobody)" : "managed elsewhere";
  const grants = role.grants.map(grantText).join("<br>") || "(no policy attached)";
  return [name, trust, grants];
}

function findingLine(finding: CheckFinding): string {
  return `- ${code(finding.ruleId)} ${code(finding.constructPath)}: ${text(`${finding.reason} — ${finding.detail}. Fix: ${finding.fix}`)}`;
}

function stackSection(stack: StackReview): string[] {
  const lines: string[] = [`## Stack ${code(stack.name)}`, ""];

  lines.push("### Access logging", "");
  if (stack.accessLogging.length === 0) lines.push("_No access logging configured._");
  else {
    lines.push(
      ...table(
        ["source", "target bucket", "prefix", "region", "retention"],
        stack.accessLogging.map((e) => [code(e.source), code(e.target), code(e.prefix), e.region ? text(e.region) : "unknown", text(e.retention)]),
      ),
    );
  }
  lines.push("");

  lines.push("### Roles", "");
  if (stack.roles.length === 0) lines.push("_No CAM roles._");
  else lines.push(...table(["role", "trusted by", "grants"], stack.roles.map(roleRow)));
  lines.push("");

  lines.push("### Scheduled functions", "");
  if (stack.scheduledFunctions.length === 0) lines.push("_No scheduled functions._");
  else {
    lines.push(
      ...table(
        ["function", "cron", "in words", "next runs (Beijing time)"],
        stack.scheduledFunctions.map((s) => [
          code(s.function),
          code(s.cron),
          s.problem ? `**invalid**: ${text(s.problem)}` : text(s.description ?? ""),
          s.nextRuns.join("<br>") || "—",
        ]),
      ),
    );
  }
  lines.push("");

  lines.push("### Findings", "");
  const active = stack.findings.filter((f) => f.suppressedBecause === undefined);
  const errors = active.filter((f) => f.level === "error");
  const warnings = active.filter((f) => f.level === "warning");
  const suppressed = stack.findings.filter((f) => f.suppressedBecause !== undefined);
  if (stack.findings.length === 0) lines.push("_No findings._");
  if (errors.length > 0) lines.push(`**Errors (${errors.length})**`, "", ...errors.map(findingLine), "");
  if (warnings.length > 0) lines.push(`**Warnings (${warnings.length})**`, "", ...warnings.map(findingLine), "");
  if (suppressed.length > 0) {
    lines.push(
      `**Suppressed (${suppressed.length})**`,
      "",
      ...suppressed.map((f) => `- ${code(f.ruleId)} ${code(f.constructPath)}: ${text(f.detail)} — suppressed because: ${text(f.suppressedBecause ?? "")}`),
      "",
    );
  }
  if (stack.findings.length === 0) lines.push("");

  lines.push("### Providers", "");
  if (stack.providers.length === 0) lines.push("_No required providers._");
  else {
    lines.push(
      ...table(
        ["provider", "source", "version", "pinned"],
        stack.providers.map((p) => [code(p.name), p.source ? code(p.source) : "—", p.version ? code(p.version) : "—", p.exact ? "exact" : "**not exact**"]),
      ),
    );
  }
  lines.push("");
  return lines;
}

/** The review as Markdown for a pull-request comment. Deterministic for the same input and `now`. */
export function renderReviewMarkdown(report: ReviewReport): string {
  const { errors, warnings, suppressed } = report.totals;
  const status = errors > 0 ? "❌" : warnings > 0 ? "⚠️" : "✅";
  const lines: string[] = [
    "# Access-log review",
    "",
    `${status} ${plural(report.stacks.length, "stack")}: ${plural(errors, "error")}, ${plural(warnings, "warning")}, ${suppressed} suppressed. ` +
      `Next runs are counted from ${formatBeijingTime(new Date(report.now))} Beijing time.`,
    "",
  ];
  for (const stack of report.stacks) lines.push(...stackSection(stack));
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}
