import type { StackView, TfElement } from "./stack-view";

/** Errors fail synth (and make the review CLI exit non-zero); warnings are reported only. */
export type CheckLevel = "error" | "warning";

/** One thing a rule found wrong with one element. */
export interface RuleViolation {
  /** The offending element; findings about the stack as a whole (e.g. the backend block) leave it out. */
  readonly element?: TfElement;
  /** Where in the stack, when there is no element: `terraform.backend.cos`. */
  readonly location?: string;
  /** What exactly is wrong here, e.g. `tencentcloud_cos_bucket.site logs to "logs-1250000000" in ap-shanghai, source is in ap-guangzhou`. */
  readonly detail: string;
  /** How to fix this violation, when it differs from the rule's general {@link AccessLogRule.fix}. */
  readonly fix?: string;
}

/** A check with a stable id. Rules read the resolved stack, never construct classes, so they work on any stack. */
export interface AccessLogRule {
  /** Stable id used in findings and suppressions, e.g. `TC-COS-1`. */
  readonly id: string;
  /** Whether a violation fails synth or is reported only. */
  readonly level: CheckLevel;
  /** One line: what the rule requires and why. */
  readonly reason: string;
  /** One line: how to comply. */
  readonly fix: string;
  /**
   * Checks one synthesized stack.
   * @param stack the resolved stack
   * @returns every violation found, none when the stack complies
   */
  check(stack: StackView): RuleViolation[];
}

/** A rule's finding on one element, with its suppression if one applies. */
export interface CheckFinding {
  /** The rule's {@link AccessLogRule.id}. */
  readonly ruleId: string;
  /** The rule's {@link AccessLogRule.level}. */
  readonly level: CheckLevel;
  /** The rule's {@link AccessLogRule.reason}. */
  readonly reason: string;
  /** How to fix it: the violation's own fix, else the rule's {@link AccessLogRule.fix}. */
  readonly fix: string;
  /** What exactly is wrong with this element ({@link RuleViolation.detail}). */
  readonly detail: string;
  /** Terraform address of the offending element, or the location in the stack. */
  readonly address: string;
  /** Construct path the finding belongs to (the stack's own path for providers and the terraform block). */
  readonly constructPath: string;
  /** `[<id>] <reason> — <detail>. Fix: <fix>` */
  readonly message: string;
  /** Present when suppressed: the reason given with {@link AccessLogChecks.suppress}. */
  readonly suppressedBecause?: string;
}

/** `[<id>] <reason> — <detail>. Fix: <fix>` */
export function findingMessage(rule: Pick<AccessLogRule, "id" | "reason" | "fix">, detail: string): string {
  return `[${rule.id}] ${rule.reason} — ${detail}. Fix: ${rule.fix}`;
}

/** Quotes a value for a finding's detail, shortening long ones. */
export function quote(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  const short = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return JSON.stringify(short);
}
