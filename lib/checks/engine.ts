import { BOS_RULES } from "./bos-rules";
import { CAM_RULES } from "./cam-rules";
import { COS_RULES } from "./cos-rules";
import { AccessLogRule, CheckFinding, findingMessage } from "./rule";
import { SCF_RULES } from "./scf-rules";
import { SECRET_RULES } from "./secret-rules";
import { CheckSuppression, JsonObject, StackView } from "./stack-view";

/** Every rule of the check pack, in id order within each topic. */
export const ACCESS_LOG_RULES: readonly AccessLogRule[] = [
  ...COS_RULES,
  ...BOS_RULES,
  ...CAM_RULES,
  ...SECRET_RULES,
  ...SCF_RULES,
];

/** The rule with this id, or undefined. */
export function findAccessLogRule(id: string): AccessLogRule | undefined {
  return ACCESS_LOG_RULES.find((rule) => rule.id === id);
}

/**
 * Finds the suppression of a rule for a construct path: one recorded on the path itself or on an ancestor, the one
 * closest to the root first (the order suppressions are recorded in). Indexed, so each finding costs its path depth.
 */
function suppressionIndex(
  suppressions: readonly CheckSuppression[],
): (ruleId: string, constructPath: string) => CheckSuppression | undefined {
  const byKey = new Map<string, CheckSuppression>();
  for (const suppression of suppressions) {
    const key = `${suppression.ruleId}\u0000${suppression.path}`;
    if (!byKey.has(key)) byKey.set(key, suppression);
  }
  return (ruleId, constructPath) => {
    if (byKey.size === 0) return undefined;
    const parts = constructPath.split("/");
    for (let i = 1; i <= parts.length; i++) {
      const found = byKey.get(`${ruleId}\u0000${parts.slice(0, i).join("/")}`);
      if (found) return found;
    }
    return undefined;
  };
}

function compareFindings(a: CheckFinding, b: CheckFinding): number {
  const keyA = `${a.ruleId}\u0000${a.address}\u0000${a.detail}`;
  const keyB = `${b.ruleId}\u0000${b.address}\u0000${b.detail}`;
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
}

/**
 * Runs the check pack over one synthesized stack (parsed `cdk.tf.json` or `stack.toTerraform()`), applying the
 * suppressions recorded in it. Findings are sorted by rule id and address; suppressed ones are kept, marked with their
 * reason, so reports can show them.
 */
export function runAccessLogChecks(
  stack: StackView | JsonObject,
  rules: readonly AccessLogRule[] = ACCESS_LOG_RULES,
): CheckFinding[] {
  const view = stack instanceof StackView ? stack : new StackView(stack);
  const findings: CheckFinding[] = [];
  const suppressionFor = suppressionIndex(view.suppressions);
  for (const rule of rules) {
    for (const violation of rule.check(view)) {
      const constructPath = violation.element?.constructPath ?? view.name;
      const address = violation.element?.address ?? violation.location ?? view.name;
      const suppression = suppressionFor(rule.id, constructPath);
      findings.push({
        ruleId: rule.id,
        level: rule.level,
        reason: rule.reason,
        fix: violation.fix ?? rule.fix,
        detail: violation.detail,
        address,
        constructPath,
        message: findingMessage({ ...rule, fix: violation.fix ?? rule.fix }, violation.detail),
        ...(suppression ? { suppressedBecause: suppression.reason } : {}),
      });
    }
  }
  return findings.sort(compareFindings);
}

/** Findings that count: not suppressed. */
export function activeFindings(findings: readonly CheckFinding[]): CheckFinding[] {
  return findings.filter((f) => f.suppressedBecause === undefined);
}
