/**
 * The parts of the access-logging rules that are the same for COS and BOS: each rule set passes its own deliveries
 * and wording, and keeps its own ids, reasons and fixes.
 */
import { LogDelivery, logTargets, publicAclOf, retentionOf } from "./log-deliveries";
import { quote, RuleViolation } from "./rule";

/** Deliveries whose source and target are in different, literally known regions. */
export function crossRegionViolations(deliveries: readonly LogDelivery[]): RuleViolation[] {
  return deliveries
    .filter((d) => d.sourceRegion && d.targetRegion && d.sourceRegion !== d.targetRegion)
    .map((d) => ({
      element: d.source,
      detail: `${d.source.address} in ${d.sourceRegion} logs to ${d.target!.address} in ${d.targetRegion}`,
    }));
}

/** Buckets whose own access logging names themselves as target; `targetAttribute` is how the cloud spells it. */
export function selfLoggingViolations(deliveries: readonly LogDelivery[], targetAttribute: string): RuleViolation[] {
  return deliveries
    .filter((d) => d.via === "bucket-logging" && d.target?.address === d.source.address)
    .map((d) => ({ element: d.source, detail: `${d.source.address} names itself as ${targetAttribute}` }));
}

/** Log targets whose ACL lets anyone in. */
export function publicLogBucketViolations(deliveries: readonly LogDelivery[]): RuleViolation[] {
  const violations: RuleViolation[] = [];
  for (const { target } of logTargets(deliveries)) {
    const publicAcl = publicAclOf(target.config);
    if (publicAcl) violations.push({ element: target, detail: `${target.address} ${publicAcl}` });
  }
  return violations;
}

/** Log targets with a delivery prefix that no retention rule expires. */
export function unexpiredLogViolations(deliveries: readonly LogDelivery[]): RuleViolation[] {
  const violations: RuleViolation[] = [];
  for (const { target, deliveries: into } of logTargets(deliveries)) {
    const uncovered = into.filter((d) => !retentionOf(d).covered).map((d) => quote(d.prefix));
    if (uncovered.length > 0) {
      violations.push({
        element: target,
        detail: `${target.address} never expires logs under ${[...new Set(uncovered)].sort().join(", ")}`,
      });
    }
  }
  return violations;
}
