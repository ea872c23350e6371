import { AccessLogSummary } from "./access-log-summary";
import { inlineCode } from "../markdown/text";
import { DamagedAccessLogSource, MalformedAccessLogLine } from "./read-access-logs";
import { TopValue } from "./top-counter";

const FORMAT_TITLES = { bos: "BOS", cos: "COS", cdn: "CDN" } as const;

const n = (value: number) => value.toLocaleString("en-US");

/** Renders a summary as Markdown; every value taken from the logs is shown as a code span that cannot be escaped (inlineCode). */
export function renderAccessLogSummaryMarkdown(summary: AccessLogSummary): string {
  const out: string[] = [];
  out.push(`## ${FORMAT_TITLES[summary.format]} access log summary`, "");
  out.push("| | |", "| --- | --- |");
  out.push(`| Inputs | ${n(summary.sources)}, ${bytesText(summary.bytesRead)} read |`);
  out.push(`| Requests | ${n(summary.requests)} |`);
  out.push(`| Bytes sent | ${bytesText(summary.bytesSent)} |`);
  const span =
    summary.firstRequestAt === undefined
      ? "no requests"
      : `${summary.firstRequestAt} to ${summary.lastRequestAt} (UTC)`;
  out.push(`| Time span | ${span} |`);
  out.push(
    `| Malformed lines | ${n(summary.malformedLines)}${summary.malformedLines > 0 ? " (not counted above; see below)" : ""} |`,
  );
  if (summary.damagedSources.length > 0)
    out.push(`| Damaged inputs | ${n(summary.damagedSources.length)} (see below) |`);
  out.push("");

  out.push("### Status classes", "", "| class | requests | share |", "| --- | ---: | ---: |");
  for (const [name, count] of Object.entries(summary.statusClasses)) {
    if (count === 0 && name === "unknown") continue;
    out.push(`| ${name} | ${n(count)} | ${share(count, summary.requests)} |`);
  }
  out.push("");

  topTable(out, "Top keys", "key", summary.topKeys, summary.requests);
  topTable(out, "Top client IPs", "client IP", summary.topClientIps, summary.requests);
  topTable(
    out,
    summary.format === "cdn" ? "Error responses" : "Error codes",
    summary.format === "cdn" ? "status" : "error code",
    summary.errorCodes,
    summary.requests,
  );
  if (summary.topListsApproximate) {
    out.push(
      "_Top lists are approximate: there were more distinct values than tracked. A count may exceed the true count by at " +
        "most its ± figure (Space-Saving); every value more frequent than requests ÷ tracked values is listed._",
      "",
    );
  }

  out.push(...readProblemsMarkdown(summary.malformedLines, summary.malformedSamples, summary.damagedSources));
  return `${out.join("\n")}\n`;
}

/**
 * The malformed lines and damaged inputs of a read, as Markdown sections (none when there were no problems); every
 * string from the logs as a code span.
 */
export function readProblemsMarkdown(
  malformedLines: number,
  malformedSamples: readonly MalformedAccessLogLine[],
  damagedSources: readonly DamagedAccessLogSource[],
): string[] {
  const out: string[] = [];
  if (malformedSamples.length > 0) {
    const shown = malformedSamples.length < malformedLines ? ` (first ${malformedSamples.length})` : "";
    out.push(`### Malformed lines${shown}`, "", "| input | line | column | problem |", "| --- | ---: | ---: | --- |");
    for (const m of malformedSamples) {
      out.push(
        `| ${inlineCode(m.source, "table", 120)} | ${m.lineNumber} | ${m.column ?? ""} | ${inlineCode(m.message, "table", 300)} |`,
      );
    }
    out.push("");
  }
  if (damagedSources.length > 0) {
    out.push("### Damaged inputs", "", "| input | lines read | problem |", "| --- | ---: | --- |");
    for (const d of damagedSources) {
      out.push(
        `| ${inlineCode(d.source, "table", 120)} | ${n(d.linesRead)} | ${inlineCode(d.message, "table", 300)} |`,
      );
    }
    out.push("");
  }
  return out;
}

function topTable(out: string[], title: string, column: string, values: readonly TopValue[], total: number): void {
  out.push(`### ${title}`, "");
  if (values.length === 0) {
    out.push("none", "");
    return;
  }
  out.push(`| # | ${column} | requests | share |`, "| ---: | --- | ---: | ---: |");
  values.forEach((v, i) => {
    const count = `${v.count.toLocaleString("en-US")}${v.maxOverestimate > 0 ? ` (± ${v.maxOverestimate.toLocaleString("en-US")})` : ""}`;
    out.push(`| ${i + 1} | ${inlineCode(v.value, "table", 200)} | ${count} | ${share(v.count, total)} |`);
  });
  out.push("");
}

function share(count: number, total: number): string {
  return total === 0 ? "-" : `${((100 * count) / total).toFixed(1)}%`;
}

/** `1.5 GiB (1,610,612,736 bytes)`, or `512 bytes`. */
function bytesText(bytes: number): string {
  const units = ["KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const exact = `${bytes.toLocaleString("en-US")} bytes`;
  return unit < 0 ? exact : `${value.toFixed(1)} ${units[unit]} (${exact})`;
}
