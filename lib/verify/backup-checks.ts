/**
 * The CDN log backup function: SCF GetFunction (runtime, environment, role and its timer triggers, which GetFunction
 * lists), CAM GetRole for the execution role, and the run status object the function writes at the end of every run.
 */
import { isNotFound, unverified, VerifyContext } from "./context";
import { hasUnresolvedToken, needsAppId, withAppId, type PlannedDelivery } from "./plan";
import { verdictOf, type BackupRunView, type DeliveryVerdict, type VerifyFinding } from "./result";

/**
 * Where the function writes its run status, after its destination prefix. Domains (the first path segment of every
 * package key) never start with `_`, so the key cannot collide with a backed-up package. The function's copy of this
 * constant (functions/cdn-log-backup/src/run-status.ts) is checked equal by a test.
 */
export const BACKUP_STATUS_KEY_SUFFIX = "_status/cdn-log-backup.json";

/** Environment variables whose values are never shown (the function's own hold none; a hand-edited one might). */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|KEY$|CREDENTIAL/i;

function shown(name: string, value: string): string {
  return SECRET_NAME.test(name) ? "(value not shown)" : value;
}

/** The bare cron of a timer's `TriggerDesc`, which the API returns bare or as `{"cron":"..."}`. */
export function cronOfTriggerDesc(desc: string): string {
  const text = desc.trim();
  if (text.startsWith("{")) {
    try {
      const parsed = JSON.parse(text) as { cron?: unknown };
      if (typeof parsed.cron === "string") return parsed.cron.trim().replace(/\s+/g, " ");
    } catch {
      // not JSON: compared as written
    }
  }
  return text.replace(/\s+/g, " ");
}

/** The status object as verify reads it; undefined fields when the object is not the function's. */
export function parseRunStatus(text: string, key: string, context: VerifyContext, lastModified?: Date): BackupRunView {
  let parsed: Record<string, unknown> = {};
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === "object" && value !== null && !Array.isArray(value)) parsed = value as Record<string, unknown>;
  } catch {
    // an unreadable status counts as a failed run below
  }
  const finished = typeof parsed.finishedAt === "string" ? new Date(parsed.finishedAt) : (lastModified ?? new Date(0));
  const finishedAt = Number.isNaN(finished.getTime()) ? (lastModified ?? new Date(0)) : finished;
  const counts: { [name: string]: number } = {};
  if (typeof parsed.counts === "object" && parsed.counts !== null)
    for (const [name, value] of Object.entries(parsed.counts)) if (typeof value === "number") counts[name] = value;
  const window = parsed.window as { start?: unknown; end?: unknown } | undefined;
  return {
    key,
    outcome: typeof parsed.outcome === "string" ? parsed.outcome : "unreadable",
    finishedAt: finishedAt.toISOString(),
    ageSeconds: context.ageSeconds(finishedAt),
    ...(typeof parsed.triggerTime === "string" ? { triggerTime: parsed.triggerTime } : {}),
    ...(window && typeof window.start === "string" && typeof window.end === "string"
      ? { window: { start: window.start, end: window.end } }
      : {}),
    ...(Object.keys(counts).length > 0 ? { counts } : {}),
    ...(typeof parsed.version === "string" ? { version: parsed.version } : {}),
  };
}

/** Verifies the CDN log backup function of one delivery. */
export async function verifyBackupDelivery(
  delivery: PlannedDelivery,
  context: VerifyContext,
): Promise<DeliveryVerdict> {
  const findings: VerifyFinding[] = [];
  const calls = context.newCounter();
  const maxAge = context.settings.backupMaxAgeSeconds;
  const fn = delivery.function!;
  const region = delivery.region;
  const target = await context.resolve(delivery.target, "BACKUP_BUCKET", findings);
  let lastRun: BackupRunView | undefined;
  const result = (): DeliveryVerdict => ({
    stack: delivery.stack,
    kind: delivery.kind,
    sourceAddress: delivery.sourceAddress,
    source: fn.name,
    target: target ?? delivery.target,
    prefix: delivery.prefix,
    ...(region ? { region } : {}),
    verdict: verdictOf(findings, lastRun !== undefined && lastRun.ageSeconds <= maxAge),
    findings,
    maxAgeSeconds: maxAge,
    ...(lastRun ? { lastRun } : {}),
    apiCalls: calls.count,
  });
  if (region === undefined) {
    findings.push({
      verdict: "unverified",
      attribute: "region",
      detail: "the stack's tencentcloud provider has no literal region",
    });
    return result();
  }

  try {
    const live = await calls.call(() => context.services.scf(region).getFunction(fn.namespace, fn.name));
    if (!live) findings.push({ verdict: "missing", attribute: "function", synthesized: `${fn.namespace}/${fn.name}` });
    else {
      if (fn.runtime !== undefined && live.runtime !== fn.runtime)
        findings.push({ verdict: "drift", attribute: "runtime", synthesized: fn.runtime, live: live.runtime ?? "" });
      if (fn.role !== undefined && !hasUnresolvedToken(fn.role) && live.role !== fn.role)
        findings.push({ verdict: "drift", attribute: "role", synthesized: fn.role, live: live.role ?? "(none)" });
      let appId: string | undefined;
      for (const [name, synthesizedRaw] of Object.entries(fn.environment)) {
        if (hasUnresolvedToken(synthesizedRaw)) continue;
        if (needsAppId(synthesizedRaw)) appId ??= await context.appId();
        const synthesized = appId !== undefined ? withAppId(synthesizedRaw, appId) : synthesizedRaw;
        const value = live.environment[name];
        if (value !== synthesized)
          findings.push({
            verdict: "drift",
            attribute: `environment.${name}`,
            synthesized: shown(name, synthesized),
            live: value === undefined ? "(absent)" : shown(name, value),
          });
      }
      for (const name of Object.keys(live.environment))
        if (!(name in fn.environment))
          findings.push({
            verdict: "drift",
            attribute: `environment.${name}`,
            synthesized: "(absent)",
            live: shown(name, live.environment[name]),
          });
      for (const trigger of fn.triggers) {
        const match = live.triggers.find((t) => t.name === trigger.name && t.type === "timer");
        if (!match) {
          findings.push({ verdict: "missing", attribute: `timer trigger ${trigger.name}`, synthesized: trigger.cron });
          continue;
        }
        if (!match.enabled)
          findings.push({
            verdict: "drift",
            attribute: `timer trigger ${trigger.name} enabled`,
            synthesized: "true",
            live: "false",
          });
        const cron = cronOfTriggerDesc(match.desc);
        if (!hasUnresolvedToken(trigger.cron) && cron !== cronOfTriggerDesc(trigger.cron))
          findings.push({
            verdict: "drift",
            attribute: `timer trigger ${trigger.name} cron`,
            synthesized: trigger.cron,
            live: cron,
          });
      }
    }
  } catch (error) {
    findings.push(unverified("function", error));
  }

  if (fn.role !== undefined && !hasUnresolvedToken(fn.role)) {
    const roleName = fn.role;
    try {
      const role = await calls.call(() => context.services.cam().getRole(roleName));
      if (!role) findings.push({ verdict: "missing", attribute: "execution role", synthesized: roleName });
    } catch (error) {
      findings.push(unverified("execution role", error));
    }
  }

  const prefix = delivery.prefix;
  if (target !== undefined && !hasUnresolvedToken(prefix)) {
    const key = `${prefix}${BACKUP_STATUS_KEY_SUFFIX}`;
    try {
      const object = await calls.call(() => context.services.cos().getObjectText(target, region, key));
      lastRun = parseRunStatus(object.text, key, context, object.lastModified);
      if (lastRun.outcome !== "succeeded")
        findings.push({
          verdict: "failing",
          attribute: "last run",
          live: lastRun.outcome,
          detail: lastRun.counts
            ? `failed ${lastRun.counts.failed ?? "?"}, copied ${lastRun.counts.copied ?? "?"}`
            : undefined,
        });
    } catch (error) {
      // No status object yet: a fresh deploy before the first run (`no logs yet`); a missing bucket is `missing`.
      if (isNotFound(error) && /NoSuchBucket/.test((error as { code?: string }).code ?? ""))
        findings.push({ verdict: "missing", attribute: "target bucket", synthesized: target });
      else if (!isNotFound(error)) findings.push(unverified("run status", error));
    }
  }
  return result();
}
