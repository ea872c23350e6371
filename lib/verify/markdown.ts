/** The verify report as a Markdown comment: safe values (inline code) and the character budget of `review`. */
import { renderWithinBudget, type MarkdownSection } from "../markdown/budget";
import { inlineCode } from "../markdown/text";
import { VERDICT_ORDER, type DeliveryVerdict, type VerifyReport } from "./result";

const KIND_LABEL: { readonly [kind in DeliveryVerdict["kind"]]: string } = {
  cos: "COS logging",
  bos: "BOS logging",
  "cdn-backup": "CDN log backup",
};

/** `3h 5m`, `2d 4h`, `45s`. */
export function formatAge(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

function evidence(d: DeliveryVerdict): string {
  if (d.lastRun) {
    const counts = d.lastRun.counts
      ? ` (${["listed", "copied", "skipped", "deferred", "failed"].map((n) => `${n} ${d.lastRun!.counts![n] ?? 0}`).join(", ")})`
      : "";
    return `last run ${inlineCode(d.lastRun.outcome, "table")} ${formatAge(d.lastRun.ageSeconds)} ago${counts}`;
  }
  if (d.newestLog)
    return `newest log ${formatAge(d.newestLog.ageSeconds)} old${d.newestLog.moreAfter ? " (more after it)" : ""}`;
  return d.kind === "cdn-backup" ? "no run status" : `no log newer than ${formatAge(d.maxAgeSeconds)}`;
}

function findingText(d: DeliveryVerdict): string {
  return d.findings
    .map((f) => {
      const values =
        f.synthesized !== undefined || f.live !== undefined
          ? `: synthesized ${f.synthesized !== undefined ? inlineCode(f.synthesized, "table", 80) : "–"}, live ${f.live !== undefined ? inlineCode(f.live, "table", 80) : "–"}`
          : "";
      return `${f.verdict} ${inlineCode(f.attribute, "table", 80)}${values}${f.detail ? ` (${inlineCode(f.detail, "table", 160)})` : ""}`;
    })
    .join("; ");
}

/** The report as Markdown in at most `maxChars` characters. */
export function renderVerifyMarkdown(report: VerifyReport, options: { maxChars: number }): string {
  const counts = VERDICT_ORDER.filter((v) => report.totals[v] > 0).map((v) => `${report.totals[v]} ${v}`);
  const head = [
    "## Access log verification",
    "",
    report.deliveries.length === 0
      ? "_No deliveries to verify: the synth output has no COS or BOS bucket logging and no CDN log backup._"
      : `${report.deliveries.length} deliver${report.deliveries.length === 1 ? "y" : "ies"}: ${counts.join(", ")}. Checked at ${report.now}.`,
    "",
  ];
  const order = (d: DeliveryVerdict): number => VERDICT_ORDER.indexOf(d.verdict);
  const sorted = [...report.deliveries].sort((a, b) => order(a) - order(b));
  const row = (d: DeliveryVerdict): string =>
    `| **${d.verdict}** | ${inlineCode(d.stack, "table", 60)} | ${KIND_LABEL[d.kind]} | ${inlineCode(d.source, "table", 80)} | ${inlineCode(d.target, "table", 80)} | ${inlineCode(d.prefix, "table", 80)} | ${evidence(d)} | ${findingText(d) || "–"} |`;
  const sections: MarkdownSection[] = [
    {
      title: "Deliveries",
      noun: "delivery",
      plural: "deliveries",
      collapsed: false,
      headers: ["verdict", "stack", "kind", "source", "target", "prefix", "evidence", "findings"],
      items: { length: sorted.length, item: (i) => row(sorted[i]) },
      empty: "_None._",
    },
    {
      title: "Not checked live",
      noun: "delivery",
      plural: "deliveries",
      collapsed: true,
      items: report.notChecked.map((text) => `- ${inlineCode(text)}`),
    },
  ];
  return renderWithinBudget(head, sections, options.maxChars);
}
