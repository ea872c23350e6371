import { activeFindings, runAccessLogChecks } from "../checks/engine";
import {
  CAM_POLICIES_DATA,
  CAM_POLICY,
  CAM_ROLE,
  CAM_ROLE_POLICY_ATTACHMENT,
  CAM_ROLE_POLICY_ATTACHMENT_BY_NAME,
  CamStatementView,
  parseCamDocument,
} from "../checks/cam-rules";
import { allLogDeliveries, LogDelivery, retentionOf } from "../checks/log-deliveries";
import { CheckFinding } from "../checks/rule";
import { timerTriggers } from "../checks/scf-rules";
import {
  isLiteralString,
  isObject,
  numberAttr,
  parseReference,
  StackView,
  stringAttr,
  TfElement,
} from "../checks/stack-view";
import { ScfCron } from "../tencentcloud/scf/cron";

/** One access-log flow: source → target bucket / prefix, with the target's region and retention. */
export interface AccessLogEntry {
  /** The provider of the source bucket. */
  readonly cloud: "tencentcloud" | "baiducloud";
  /** How the logs arrive: bucket logging, a CLS shipper, the CDN log backup function, or a declared log bucket. */
  readonly via: LogDelivery["via"];
  /** Source bucket name (for a CLS shipper: `CLS topic <id>`). */
  readonly source: string;
  /** Terraform address of the source (the bucket, or the CLS shipper). */
  readonly sourceAddress: string;
  /** Target bucket name: the target's own `bucket` when it is in the stack, else as written on the source. */
  readonly target: string;
  /** Terraform address of the target, when it is declared in the same stack. */
  readonly targetAddress?: string;
  /** Key prefix the logs are written under in the target; empty for the whole bucket. */
  readonly prefix: string;
  /** The target's region (the source's when the target is outside the stack); undefined when unknown. */
  readonly region?: string;
  /** Days after which the target deletes these logs; undefined when unknown or never. */
  readonly retentionDays?: number;
  /** Retention in words: `365 days`, `until 2030-01-01`, `none`, `not in this stack`, `set at plan time`. */
  readonly retention: string;
}

/** One statement of a custom policy, normalised for review. */
export interface RoleGrantStatement {
  /** `allow` or `deny`. */
  readonly effect: string;
  /** CAM actions, e.g. `name/cos:PutObject`. */
  readonly actions: string[];
  /** qcs resource names the actions apply to. */
  readonly resources: string[];
  /** The statement's conditions, one line each. */
  readonly conditions?: string[];
}

/** What a role is granted by one policy. */
export interface RoleGrant {
  /** Policy name (custom policies: the name they get; presets: Tencent's name). */
  readonly policy: string;
  /** `custom`: declared in this stack, statements known; `preset`: a Tencent preset or a policy managed elsewhere. */
  readonly kind: "custom" | "preset";
  /** Custom policies: the statements, normalised. */
  readonly statements?: RoleGrantStatement[];
}

/** A CAM role the stack creates or attaches policies to. */
export interface RoleEntry {
  /** The role's name. */
  readonly name: string;
  /** Terraform address, when the stack creates the role. */
  readonly address?: string;
  /** Who may assume it: `service:scf.qcloud.com`, `qcs:...`; empty for roles managed elsewhere. */
  readonly trust: string[];
  /** The stack creates the role (false: it only attaches policies to an existing one). */
  readonly managed: boolean;
  /** What each attached policy grants. */
  readonly grants: RoleGrant[];
}

/** A function run on a timer. */
export interface ScheduleEntry {
  /** The SCF function's name. */
  readonly function: string;
  /** The timer trigger's name. */
  readonly trigger: string;
  /** The 7-field SCF cron expression the trigger runs on. */
  readonly cron: string;
  /** The schedule in words, when the cron is valid. */
  readonly description?: string;
  /** The next runs, Beijing time `YYYY-MM-DD HH:mm`. */
  readonly nextRuns: string[];
  /** Why the cron cannot be read, when it is invalid or only known at plan time. */
  readonly problem?: string;
  /** For the CDN log backup function: how many hours back each run looks for log packages. */
  readonly lookbackHours?: number;
}

/** A provider the stack pins in `terraform.required_providers`. */
export interface ProviderPin {
  /** Local name, e.g. `tencentcloud`. */
  readonly name: string;
  /** Registry source, e.g. `tencentcloudstack/tencentcloud`. */
  readonly source?: string;
  /** Version constraint as written. */
  readonly version?: string;
  /** The version is one exact release (`1.83.25` or `= 1.83.25`), not a range. */
  readonly exact: boolean;
}

/** The review of one stack. */
export interface StackReview {
  /** The stack's name. */
  readonly name: string;
  /** Every access-log delivery of the stack. */
  readonly accessLogging: AccessLogEntry[];
  /** Every CAM role the stack creates or grants to. */
  readonly roles: RoleEntry[];
  /** Every function the stack runs on a timer. */
  readonly scheduledFunctions: ScheduleEntry[];
  /** All findings, suppressed ones included (with their reason). */
  readonly findings: CheckFinding[];
  /** The providers the stack pins. */
  readonly providers: ProviderPin[];
  /**
   * Resources and data sources of the `tencentcloud` and `baiducloud` providers. 0 means the stack holds nothing the
   * access-log checks are about (only the credential checks apply), which the status line says plainly.
   */
  readonly tencentOrBaiduElements: number;
}

/** Finding counts over all stacks of a review. */
export interface ReviewTotals {
  /** Unsuppressed error findings. */
  readonly errors: number;
  /** Unsuppressed warning findings. */
  readonly warnings: number;
  /** Suppressed findings of either level. */
  readonly suppressed: number;
}

/** The review of every stack of a synthesized app. */
export interface ReviewReport {
  /** The time next runs are computed from (ISO 8601, UTC). */
  readonly now: string;
  /** One review per stack. */
  readonly stacks: StackReview[];
  /** Unsuppressed errors and warnings, and suppressed findings, over all stacks. */
  readonly totals: ReviewTotals;
}

/** A synthesized stack to review: its name and parsed `cdk.tf.json`. */
export interface SynthesizedStackInput {
  /** The stack's name. */
  readonly name: string;
  /** The parsed `cdk.tf.json`. */
  readonly json: { readonly [key: string]: unknown };
}

/** `YYYY-MM-DD HH:mm` in Beijing time (UTC+8, no daylight saving). */
export function formatBeijingTime(date: Date): string {
  const beijing = new Date(date.getTime() + 8 * 3600 * 1000);
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${beijing.getUTCFullYear()}-${pad(beijing.getUTCMonth() + 1)}-${pad(beijing.getUTCDate())} ${pad(beijing.getUTCHours())}:${pad(beijing.getUTCMinutes())}`;
}

function accessLogging(stack: StackView): AccessLogEntry[] {
  return allLogDeliveries(stack)
    .map((delivery) => {
      const retention = retentionOf(delivery);
      let words: string;
      if (!delivery.target) words = "not in this stack";
      else if (retention.days !== undefined) words = `${retention.days} days`;
      else if (retention.date) words = `until ${retention.date}`;
      else if (retention.covered) words = "set at plan time";
      else words = "none";
      return {
        cloud: delivery.cloud,
        via: delivery.via,
        source: delivery.sourceName,
        sourceAddress: delivery.source.address,
        target: (delivery.target && stringAttr(delivery.target.config, "bucket")) || delivery.targetName,
        ...(delivery.target ? { targetAddress: delivery.target.address } : {}),
        prefix: delivery.prefix,
        ...((delivery.targetRegion ?? delivery.sourceRegion)
          ? { region: delivery.targetRegion ?? delivery.sourceRegion }
          : {}),
        ...(retention.days !== undefined ? { retentionDays: retention.days } : {}),
        retention: words,
      };
    })
    .sort((a, b) => (`${a.source}\u0000${a.sourceAddress}` < `${b.source}\u0000${b.sourceAddress}` ? -1 : 1));
}

function statementsOf(document: unknown): RoleGrant["statements"] {
  const parsed = parseCamDocument(document);
  if (!parsed || !parsed.statements) return [];
  return parsed.statements.map((s: CamStatementView) => ({
    effect: s.effect,
    actions: [...s.actions],
    resources: [...s.resources],
    ...(s.conditions.length > 0 ? { conditions: [...s.conditions] } : {}),
  }));
}

function trustOf(role: TfElement): string[] {
  const parsed = parseCamDocument(role.config.document);
  if (!parsed || !parsed.statements)
    return parsed?.problem ? [`(unreadable: ${parsed.problem})`] : ["(set at plan time)"];
  const trust: string[] = [];
  for (const statement of parsed.statements) {
    if (statement.effect !== "allow" || !statement.principal) continue;
    if (statement.principal.any) trust.push("*");
    trust.push(
      ...statement.principal.service.map((s) => `service:${s}`),
      ...statement.principal.qcs.map((q) => `qcs:${q}`),
    );
  }
  return [...new Set(trust)].sort();
}

/** The role an attachment targets: a role of the stack (by reference or name), or the name of one managed elsewhere. */
function roleKeyOf(stack: StackView, attachment: TfElement): { role?: TfElement; name: string } | undefined {
  const value = stringAttr(attachment.config, attachment.type === CAM_ROLE_POLICY_ATTACHMENT ? "role_id" : "role_name");
  if (!value) return undefined;
  const referenced = stack.resolve(parseReference(value));
  if (referenced?.type === CAM_ROLE)
    return { role: referenced, name: stringAttr(referenced.config, "name") ?? referenced.name };
  const byName = stack.resourcesWhere(CAM_ROLE, "name", value)[0];
  if (byName) return { role: byName, name: value };
  if (referenced)
    return { name: stringAttr(referenced.config, "name") ?? stringAttr(referenced.config, "role_name") ?? value };
  return { name: value };
}

/** What an attachment grants: a custom policy of the stack, or a preset (or externally managed) policy by name. */
function grantOf(stack: StackView, attachment: TfElement): RoleGrant {
  const value =
    stringAttr(attachment.config, attachment.type === CAM_ROLE_POLICY_ATTACHMENT ? "policy_id" : "policy_name") ?? "";
  const referenced = stack.resolve(parseReference(value));
  const custom = referenced?.type === CAM_POLICY ? referenced : stack.resourcesWhere(CAM_POLICY, "name", value)[0];
  if (custom) {
    return {
      policy: stringAttr(custom.config, "name") ?? custom.name,
      kind: "custom",
      statements: statementsOf(custom.config.document),
    };
  }
  if (referenced?.type === CAM_POLICIES_DATA)
    return { policy: stringAttr(referenced.config, "name") ?? value, kind: "preset" };
  return { policy: value, kind: "preset" };
}

function roles(stack: StackView): RoleEntry[] {
  const entries = new Map<string, { name: string; role?: TfElement; grants: RoleGrant[] }>();
  for (const role of stack.resources(CAM_ROLE)) {
    entries.set(role.address, { name: stringAttr(role.config, "name") ?? role.name, role, grants: [] });
  }
  for (const attachment of [
    ...stack.resources(CAM_ROLE_POLICY_ATTACHMENT),
    ...stack.resources(CAM_ROLE_POLICY_ATTACHMENT_BY_NAME),
  ]) {
    const key = roleKeyOf(stack, attachment);
    if (!key) continue;
    const mapKey = key.role?.address ?? `external:${key.name}`;
    const entry = entries.get(mapKey) ?? { name: key.name, role: key.role, grants: [] };
    entry.grants.push(grantOf(stack, attachment));
    entries.set(mapKey, entry);
  }
  return [...entries.values()]
    .map((entry) => ({
      name: entry.name,
      ...(entry.role ? { address: entry.role.address } : {}),
      trust: entry.role ? trustOf(entry.role) : [],
      managed: entry.role !== undefined,
      grants: entry.grants.sort((a, b) => (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : 0)),
    }))
    .sort((a, b) => (`${a.name}\u0000${a.address ?? ""}` < `${b.name}\u0000${b.address ?? ""}` ? -1 : 1));
}

/** The CDN log backup function's environment variable holding its lookback (the contract with its code). */
const LOOKBACK_VARIABLE = "BACKUP_LOOKBACK_HOURS";

function schedules(stack: StackView, now: Date): ScheduleEntry[] {
  return timerTriggers(stack)
    .map((trigger): ScheduleEntry => {
      const environment = trigger.fn && isObject(trigger.fn.config.environment) ? trigger.fn.config.environment : {};
      const lookbackHours = numberAttr(environment, LOOKBACK_VARIABLE);
      const base = {
        function: trigger.functionName,
        trigger: trigger.triggerName,
        cron: trigger.cron,
        ...(lookbackHours !== undefined ? { lookbackHours } : {}),
      };
      if (!isLiteralString(trigger.cron)) return { ...base, nextRuns: [], problem: "set at plan time" };
      const problems = ScfCron.validate(trigger.cron);
      if (problems.length > 0) return { ...base, nextRuns: [], problem: problems.join("; ") };
      const cron = ScfCron.parse(trigger.cron);
      return { ...base, description: cron.describe(), nextRuns: cron.nextRuns(now, 3).map(formatBeijingTime) };
    })
    .sort((a, b) => (`${a.function}\u0000${a.trigger}` < `${b.function}\u0000${b.trigger}` ? -1 : 1));
}

function providers(stack: StackView): ProviderPin[] {
  return stack.requiredProviders().map((p) => ({
    name: p.name,
    ...(p.source ? { source: p.source } : {}),
    ...(p.version ? { version: p.version } : {}),
    exact: p.version !== undefined && /^=?\s*v?\d+\.\d+\.\d+$/.test(p.version.trim()),
  }));
}

/** Reviews one stack. */
export function reviewStack(input: SynthesizedStackInput, now: Date): StackReview {
  const stack = new StackView(input.json, input.name);
  return {
    name: input.name,
    accessLogging: accessLogging(stack),
    roles: roles(stack),
    scheduledFunctions: schedules(stack, now),
    findings: runAccessLogChecks(stack),
    providers: providers(stack),
    tencentOrBaiduElements: stack.elements.filter(
      (e) => e.kind !== "provider" && /^(tencentcloud|baiducloud)_/.test(e.type),
    ).length,
  };
}

/** Reviews every stack (sorted by name); `now` anchors the next-run times. */
export function buildReview(inputs: readonly SynthesizedStackInput[], now: Date): ReviewReport {
  const stacks = [...inputs]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((input) => reviewStack(input, now));
  const all = stacks.flatMap((s) => s.findings);
  const active = activeFindings(all);
  return {
    now: now.toISOString(),
    stacks,
    totals: {
      errors: active.filter((f) => f.level === "error").length,
      warnings: active.filter((f) => f.level === "warning").length,
      suppressed: all.length - active.length,
    },
  };
}
