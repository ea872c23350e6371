/** What verify reports: one verdict per delivery, with what it found and the evidence. */
import type { PlannedDelivery } from "./plan";

/**
 * - `ok`: configured as synthesized, and logs (for the CDN backup: a run status) newer than the max age;
 * - `no logs yet`: configured, but nothing newer than the max age (normal for a fresh deploy);
 * - `drift`: a live setting differs from the synthesized one;
 * - `missing`: the source, target, role, function or trigger does not exist;
 * - `failing`: the CDN backup's last run reported failures;
 * - `unverified`: the live state could not be read (a server error after retries, a value only known at plan time).
 */
export type Verdict = "ok" | "no logs yet" | "drift" | "missing" | "failing" | "unverified";

/** The verdicts, worst first: a delivery's verdict is the worst of its findings. */
export const VERDICT_ORDER: readonly Verdict[] = ["missing", "drift", "failing", "unverified", "no logs yet", "ok"];

/** One thing found wrong. */
export interface VerifyFinding {
  readonly verdict: "missing" | "drift" | "failing" | "unverified";
  /** What differs or is absent: `log_enable`, `target bucket`, `CLS_QcsRole trust`, `trigger daily cron`, ... */
  readonly attribute: string;
  /** The synthesized value, when there is one. */
  readonly synthesized?: string;
  /** The live value, when there is one. */
  readonly live?: string;
  /** More words, e.g. the API error. */
  readonly detail?: string;
}

/** The newest log object under the target prefix. */
export interface NewestLogObject {
  readonly key: string;
  /** ISO 8601. */
  readonly lastModified: string;
  readonly ageSeconds: number;
  /** The one listing was full: newer objects exist after this one, so it is a lower bound of how recent logs are. */
  readonly moreAfter?: boolean;
}

/** The CDN backup's last run, from its status object. */
export interface BackupRunView {
  readonly key: string;
  /** `succeeded` or `failed`, as the function wrote it. */
  readonly outcome: string;
  readonly finishedAt: string;
  readonly ageSeconds: number;
  readonly triggerTime?: string;
  readonly window?: { readonly start: string; readonly end: string };
  readonly counts?: { readonly [name: string]: number };
  readonly version?: string;
}

/** The verdict on one delivery. */
export interface DeliveryVerdict {
  readonly stack: string;
  readonly kind: PlannedDelivery["kind"];
  readonly sourceAddress: string;
  readonly source: string;
  readonly target: string;
  readonly prefix: string;
  readonly region?: string;
  readonly verdict: Verdict;
  readonly findings: VerifyFinding[];
  /** How old the newest evidence may be, in seconds. */
  readonly maxAgeSeconds: number;
  readonly newestLog?: NewestLogObject;
  readonly lastRun?: BackupRunView;
  /** API requests made for this delivery (retries included; the shared CAM calls are counted in the report). */
  readonly apiCalls: number;
}

/** The verdicts of one run. */
export interface VerifyReport {
  /** When verify ran (ISO 8601). */
  readonly now: string;
  readonly deliveries: DeliveryVerdict[];
  /** Deliveries found but not checkable live (CLS shippers, declared log buckets). */
  readonly notChecked: string[];
  /** Deliveries per verdict. */
  readonly totals: { readonly [verdict in Verdict]: number };
  /** Calls shared by all deliveries (CAM: the account's APPID, CLS_QcsRole and its policies), made once per run. */
  readonly sharedApiCalls: number;
  /** The exit code the CLI returns for this report. */
  readonly exitCode: number;
}

/** The worst verdict of `findings`; without findings, whether the evidence is recent enough. */
export function verdictOf(findings: readonly VerifyFinding[], recent: boolean): Verdict {
  for (const verdict of VERDICT_ORDER) if (findings.some((f) => f.verdict === verdict)) return verdict;
  return recent ? "ok" : "no logs yet";
}

/**
 * 0 when every delivery is `ok` or `no logs yet` (with `requireLogs`, only `ok`), else 1. Setup errors (exit 2)
 * never reach a report.
 */
export function exitCodeOf(deliveries: readonly DeliveryVerdict[], requireLogs: boolean): number {
  return deliveries.every((d) => d.verdict === "ok" || (!requireLogs && d.verdict === "no logs yet")) ? 0 : 1;
}
