import type { CheckFinding } from "../checks/rule";
import type { AccessLogEntry, ReviewReport, RoleEntry, ScheduleEntry, StackReview } from "./model";

/** An access-log delivery in one of the two outputs, with its stack. */
export interface DeliveryRef {
  /** The stack's name. */
  readonly stack: string;
  /** The delivery as the review of that stack lists it. */
  readonly entry: AccessLogEntry;
}

/** A delivery present in both outputs whose target, prefix, region or retention differs. */
export interface DeliveryChange {
  /** The stack's name. */
  readonly stack: string;
  /** The delivery in the base branch's output. */
  readonly before: AccessLogEntry;
  /** The delivery in the pull request's output. */
  readonly after: AccessLogEntry;
}

/** One atom of what a role allows: a trust principal, a preset policy, or one action on one resource. */
export interface GrantAtom {
  /** `trust`: who may assume the role; `preset`: a policy managed by Tencent or elsewhere; `statement`: a custom one. */
  readonly kind: "trust" | "preset" | "statement";
  /** Statements: `allow` or `deny`. */
  readonly effect?: string;
  /** Statements: the action; trust: the principal; preset: the policy name. */
  readonly subject: string;
  /** Statements: the resource (`(no resource)` when the statement names none). */
  readonly resource?: string;
  /** Statements: the conditions, joined with ` and `; absent when unconditional. */
  readonly condition?: string;
  /** The custom policy the statement comes from. */
  readonly policy?: string;
}

/** How one role's grants changed between base and head. */
export interface RoleChange {
  /** The stack's name. */
  readonly stack: string;
  /** The CAM role's name. */
  readonly role: string;
  /** `added`: only in head; `removed`: only in base; `changed`: in both with different grants. */
  readonly change: "added" | "removed" | "changed";
  /** What head allows that base did not: new allows, new trust, new presets, and removed denies. */
  readonly widened: GrantAtom[];
  /** What base allowed that head does not: removed allows, trust and presets, and new denies. */
  readonly narrowed: GrantAtom[];
}

/** How one timer trigger changed between base and head. */
export interface ScheduleChange {
  /** The stack's name. */
  readonly stack: string;
  /** The SCF function's name. */
  readonly function: string;
  /** The timer trigger's name. */
  readonly trigger: string;
  /** Whether the timer is new, gone, or runs on another schedule. */
  readonly change: "added" | "removed" | "changed";
  /** The timer in the base branch's output; absent when added. */
  readonly before?: ScheduleEntry;
  /** The timer in the pull request's output; absent when removed. */
  readonly after?: ScheduleEntry;
}

/** A finding with the stack it is in. */
export interface FindingRef {
  /** The stack's name. */
  readonly stack: string;
  /** The check pack's finding. */
  readonly finding: CheckFinding;
}

/**
 * A stack the base output has and the pull request's does not. Removing a stack from the app destroys nothing: cdktf
 * stops deploying it, and what it deployed stays. So its deliveries, roles and schedules are not reported as removed,
 * nor its findings as fixed; they are counted here.
 */
export interface StackRemoval {
  /** The stack's name. */
  readonly stack: string;
  /** Access-log deliveries the stack configured. */
  readonly deliveries: number;
  /** CAM roles it created or granted to. */
  readonly roles: number;
  /** Functions it ran on a timer. */
  readonly scheduledFunctions: number;
}

/** What a pull request changes in the synthesized output: logging first, then grants, schedules and findings. */
export interface ReviewDiff {
  /** Stacks only in head (added) and only in base (removed); everything else compares stacks of the same name. */
  readonly stacks: {
    /** Names of the stacks the pull request adds; their contents count as added and their findings as new. */
    readonly added: string[];
    /** The stacks the pull request removes from the app. */
    readonly removed: StackRemoval[];
  };
  /** Access-log deliveries that start, stop, move or change retention. */
  readonly deliveries: {
    /** Deliveries only in head: a bucket starts logging (or a log target appears). */
    readonly added: DeliveryRef[];
    /** Deliveries only in base: a bucket stops logging. */
    readonly removed: DeliveryRef[];
    /** Same source, different target bucket, prefix or region. */
    readonly retargeted: DeliveryChange[];
    /** Same source and target, different retention. */
    readonly retentionChanged: DeliveryChange[];
  };
  /** Roles whose grants widen or narrow, and roles added or removed. */
  readonly roles: RoleChange[];
  /** Timers added, removed or rescheduled. */
  readonly schedules: ScheduleChange[];
  /** Check-pack findings the pull request adds, fixes or suppresses. */
  readonly findings: {
    /** Unsuppressed findings of head that base did not have (unsuppressed). */
    readonly new: FindingRef[];
    /** Unsuppressed findings of base that head no longer has at all. */
    readonly fixed: FindingRef[];
    /** Findings head suppresses that base did not suppress. */
    readonly newlySuppressed: FindingRef[];
    /** Unsuppressed findings of stacks the pull request removes: not fixed, only no longer reviewed. */
    readonly inRemovedStacks: FindingRef[];
  };
  /** New unsuppressed error findings: the only thing that makes `review --base` fail. */
  readonly newErrors: number;
}

/** Pairs items of both sides by key; several items with one key are paired in order. */
function pair<T>(
  base: readonly T[],
  head: readonly T[],
  key: (item: T) => string,
): { onlyBase: T[]; onlyHead: T[]; both: [T, T][] } {
  const waiting = new Map<string, T[]>();
  for (const item of base) {
    const k = key(item);
    const list = waiting.get(k);
    if (list) list.push(item);
    else waiting.set(k, [item]);
  }
  const onlyHead: T[] = [];
  const both: [T, T][] = [];
  for (const item of head) {
    const candidates = waiting.get(key(item));
    const match = candidates?.shift();
    if (match !== undefined) both.push([match, item]);
    else onlyHead.push(item);
  }
  const onlyBase = [...waiting.values()].flat();
  return { onlyBase, onlyHead, both };
}

function withStacks<T>(report: ReviewReport, pick: (stack: StackReview) => readonly T[]): { stack: string; item: T }[] {
  return report.stacks.flatMap((stack) => pick(stack).map((item) => ({ stack: stack.name, item })));
}

const SEP = "\u0000";

function diffDeliveries(base: ReviewReport, head: ReviewReport): ReviewDiff["deliveries"] {
  const key = ({ stack, item }: { stack: string; item: AccessLogEntry }): string =>
    [stack, item.via, item.cloud, item.source].join(SEP);
  const { onlyBase, onlyHead, both } = pair(
    withStacks(base, (s) => s.accessLogging),
    withStacks(head, (s) => s.accessLogging),
    key,
  );
  const retargeted: DeliveryChange[] = [];
  const retentionChanged: DeliveryChange[] = [];
  for (const [before, after] of both) {
    const change = { stack: after.stack, before: before.item, after: after.item };
    if (
      before.item.target !== after.item.target ||
      before.item.prefix !== after.item.prefix ||
      before.item.region !== after.item.region
    ) {
      retargeted.push(change);
    } else if (
      before.item.retention !== after.item.retention ||
      before.item.retentionDays !== after.item.retentionDays
    ) {
      retentionChanged.push(change);
    }
  }
  return {
    added: onlyHead.map(({ stack, item }) => ({ stack, entry: item })),
    removed: onlyBase.map(({ stack, item }) => ({ stack, entry: item })),
    retargeted,
    retentionChanged,
  };
}

/** A role's grants as atoms, keyed for comparison. */
export function grantAtoms(role: RoleEntry): GrantAtom[] {
  const atoms: GrantAtom[] = role.trust.map((principal) => ({ kind: "trust", subject: principal }));
  for (const grant of role.grants) {
    if (grant.kind === "preset") {
      atoms.push({ kind: "preset", subject: grant.policy });
      continue;
    }
    for (const statement of grant.statements ?? []) {
      const condition =
        statement.conditions && statement.conditions.length > 0 ? statement.conditions.join(" and ") : undefined;
      const actions = statement.actions.length > 0 ? statement.actions : ["(no action)"];
      const resources = statement.resources.length > 0 ? statement.resources : ["(no resource)"];
      for (const action of actions) {
        for (const resource of resources) {
          atoms.push({
            kind: "statement",
            effect: statement.effect,
            subject: action,
            resource,
            ...(condition ? { condition } : {}),
            policy: grant.policy,
          });
        }
      }
    }
  }
  return atoms;
}

/** The identity of an atom; the policy it comes from does not matter, only what it allows. */
function atomKey(atom: GrantAtom): string {
  return [atom.kind, atom.effect ?? "", atom.subject, atom.resource ?? "", atom.condition ?? ""].join(SEP);
}

function uniqueAtoms(atoms: readonly GrantAtom[]): Map<string, GrantAtom> {
  const byKey = new Map<string, GrantAtom>();
  for (const atom of atoms) if (!byKey.has(atomKey(atom))) byKey.set(atomKey(atom), atom);
  return byKey;
}

function isDeny(atom: GrantAtom): boolean {
  return atom.kind === "statement" && atom.effect === "deny";
}

function diffRoles(base: ReviewReport, head: ReviewReport): RoleChange[] {
  const key = ({ stack, item }: { stack: string; item: RoleEntry }): string => [stack, item.name].join(SEP);
  const { onlyBase, onlyHead, both } = pair(
    withStacks(base, (s) => s.roles),
    withStacks(head, (s) => s.roles),
    key,
  );
  const changes: RoleChange[] = [];
  const compare = (
    stack: string,
    role: string,
    change: RoleChange["change"],
    before: readonly GrantAtom[],
    after: readonly GrantAtom[],
  ): void => {
    const was = uniqueAtoms(before);
    const now = uniqueAtoms(after);
    const added = [...now].filter(([k]) => !was.has(k)).map(([, atom]) => atom);
    const removed = [...was].filter(([k]) => !now.has(k)).map(([, atom]) => atom);
    const widened = [...added.filter((a) => !isDeny(a)), ...removed.filter(isDeny)];
    const narrowed = [...removed.filter((a) => !isDeny(a)), ...added.filter(isDeny)];
    if (change !== "changed" || widened.length > 0 || narrowed.length > 0)
      changes.push({ stack, role, change, widened, narrowed });
  };
  for (const { stack, item } of onlyHead) compare(stack, item.name, "added", [], grantAtoms(item));
  for (const { stack, item } of onlyBase) compare(stack, item.name, "removed", grantAtoms(item), []);
  for (const [before, after] of both)
    compare(after.stack, after.item.name, "changed", grantAtoms(before.item), grantAtoms(after.item));
  return changes.sort((a, b) => ([a.stack, a.role].join(SEP) < [b.stack, b.role].join(SEP) ? -1 : 1));
}

function diffSchedules(base: ReviewReport, head: ReviewReport): ScheduleChange[] {
  const key = ({ stack, item }: { stack: string; item: ScheduleEntry }): string =>
    [stack, item.function, item.trigger].join(SEP);
  const { onlyBase, onlyHead, both } = pair(
    withStacks(base, (s) => s.scheduledFunctions),
    withStacks(head, (s) => s.scheduledFunctions),
    key,
  );
  const changes: ScheduleChange[] = [
    ...onlyHead.map(({ stack, item }): ScheduleChange => ({
      stack,
      function: item.function,
      trigger: item.trigger,
      change: "added",
      after: item,
    })),
    ...onlyBase.map(({ stack, item }): ScheduleChange => ({
      stack,
      function: item.function,
      trigger: item.trigger,
      change: "removed",
      before: item,
    })),
  ];
  for (const [before, after] of both) {
    if (before.item.cron !== after.item.cron || before.item.lookbackHours !== after.item.lookbackHours) {
      changes.push({
        stack: after.stack,
        function: after.item.function,
        trigger: after.item.trigger,
        change: "changed",
        before: before.item,
        after: after.item,
      });
    }
  }
  return changes;
}

function findingKey(ref: FindingRef): string {
  return [ref.stack, ref.finding.ruleId, ref.finding.address, ref.finding.detail].join(SEP);
}

function diffFindings(base: ReviewReport, head: ReviewReport): Omit<ReviewDiff["findings"], "inRemovedStacks"> {
  const refs = (report: ReviewReport): FindingRef[] =>
    withStacks(report, (s) => s.findings).map(({ stack, item }) => ({ stack, finding: item }));
  const active = (list: FindingRef[]): FindingRef[] => list.filter((r) => r.finding.suppressedBecause === undefined);
  const suppressed = (list: FindingRef[]): FindingRef[] =>
    list.filter((r) => r.finding.suppressedBecause !== undefined);
  const baseAll = refs(base);
  const headAll = refs(head);
  const keys = (list: FindingRef[]): Set<string> => new Set(list.map(findingKey));
  const baseActive = keys(active(baseAll));
  const baseSuppressed = keys(suppressed(baseAll));
  const headAny = keys(headAll);
  const byLevel = (a: FindingRef, b: FindingRef): number =>
    a.finding.level === b.finding.level ? 0 : a.finding.level === "error" ? -1 : 1;
  return {
    new: active(headAll)
      .filter((r) => !baseActive.has(findingKey(r)))
      .sort(byLevel),
    fixed: active(baseAll)
      .filter((r) => !headAny.has(findingKey(r)))
      .sort(byLevel),
    newlySuppressed: suppressed(headAll).filter((r) => !baseSuppressed.has(findingKey(r))),
  };
}

/**
 * Compares two reviews of the same app, `base` (the target branch) and `head` (the pull request). Stacks are matched
 * by name: stacks only in base are listed as removed with what they held (see {@link StackRemoval}), and everything
 * else is compared over the stacks head has. Deliveries are matched by stack, kind and source; roles by stack and
 * name; timer triggers by stack, function and trigger name; findings by stack, rule, address and detail. Linear in the
 * size of both reviews.
 */
export function diffReviews(base: ReviewReport, head: ReviewReport): ReviewDiff {
  const headNames = new Set(head.stacks.map((s) => s.name));
  const baseNames = new Set(base.stacks.map((s) => s.name));
  const removedStacks = base.stacks.filter((s) => !headNames.has(s.name));
  const kept: ReviewReport = { ...base, stacks: base.stacks.filter((s) => headNames.has(s.name)) };
  const findings = diffFindings(kept, head);
  return {
    stacks: {
      added: head.stacks.filter((s) => !baseNames.has(s.name)).map((s) => s.name),
      removed: removedStacks.map((s) => ({
        stack: s.name,
        deliveries: s.accessLogging.length,
        roles: s.roles.length,
        scheduledFunctions: s.scheduledFunctions.length,
      })),
    },
    deliveries: diffDeliveries(kept, head),
    roles: diffRoles(kept, head),
    schedules: diffSchedules(kept, head),
    findings: {
      ...findings,
      inRemovedStacks: removedStacks.flatMap((s) =>
        s.findings.filter((f) => f.suppressedBecause === undefined).map((finding) => ({ stack: s.name, finding })),
      ),
    },
    newErrors: findings.new.filter((r) => r.finding.level === "error").length,
  };
}
