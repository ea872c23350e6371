import { IConstruct } from "constructs";
import { BosBucketLifecycleRule } from "../../.gen/providers/baiducloud/bos-bucket";
import { invalidProp } from "../shared/errors";
import { bosLifecycleResource } from "../shared/lifecycle-coverage";
import { requireWholeNumber } from "../shared/literals";

/** Storage classes a BOS lifecycle rule can move objects to (provider 1.23.5 validation). */
export type BosTransitionStorageClass = "STANDARD_IA" | "COLD" | "ARCHIVE";

/** The storage classes {@link BosTransitionStorageClass} allows, for checks at synth. */
export const BOS_TRANSITION_STORAGE_CLASSES: readonly BosTransitionStorageClass[] = ["STANDARD_IA", "COLD", "ARCHIVE"];

/** The retention BOS log buckets get unless told otherwise. */
export const DEFAULT_BOS_LOG_RETENTION_DAYS = 180;

/** Moves log objects to a colder, cheaper storage class some days before they are deleted. */
export interface BosLogTransition {
  /** The class to move to: `STANDARD_IA`, `COLD` or `ARCHIVE`. */
  readonly storageClass: BosTransitionStorageClass;
  /** Days after an object was written when it moves, 1 to 36500; must be fewer than the retention days. */
  readonly afterDays: number;
}

/** A lifecycle time condition "N days after last modified", in BOS's ISO 8601 duration syntax. */
export function bosDaysAfterLastModified(days: number): string {
  return `$(lastModified)+P${days}D`;
}

/**
 * Longest period accepted for a BOS lifecycle condition, in days. Baidu documents no upper bound for the
 * `$(lastModified)+P<n>D` duration; 36500 days (100 years) keeps it a plain integer (a larger number would be written
 * as `P1e+21D`, which BOS cannot parse) and is far beyond any log retention.
 */
export const BOS_LIFECYCLE_MAX_DAYS = 36500;

/** Checks a retention period: a literal whole number of days from 1 to {@link BOS_LIFECYCLE_MAX_DAYS}. */
export function validateRetentionDays(scope: IConstruct, prop: string, days: number): void {
  requireWholeNumber(scope, prop, days, {
    min: 1,
    max: BOS_LIFECYCLE_MAX_DAYS,
    unit: "days",
    source: `a BOS lifecycle rule deletes logs 1 to ${BOS_LIFECYCLE_MAX_DAYS} days after they are written`,
    example: DEFAULT_BOS_LOG_RETENTION_DAYS,
  });
}

/** Checks a transition against the retention it runs before. */
export function validateTransition(scope: IConstruct, prop: string, transition: BosLogTransition, retentionDays: number): void {
  if (transition === null || typeof transition !== "object") {
    invalidProp(scope, prop, transition, "is not a transition", "give { storageClass: 'COLD', afterDays: 30 } or leave it unset");
  }
  if (!BOS_TRANSITION_STORAGE_CLASSES.includes(transition.storageClass)) {
    invalidProp(scope, `${prop}.storageClass`, transition.storageClass, "is not a storage class BOS lifecycle rules move objects to", `use one of ${BOS_TRANSITION_STORAGE_CLASSES.join(", ")}`);
  }
  requireWholeNumber(scope, `${prop}.afterDays`, transition.afterDays, {
    min: 1,
    max: BOS_LIFECYCLE_MAX_DAYS,
    unit: "days",
    source: `a BOS lifecycle rule moves logs 1 to ${BOS_LIFECYCLE_MAX_DAYS} days after they are written`,
    example: 30,
  });
  if (transition.afterDays >= retentionDays) {
    invalidProp(
      scope,
      `${prop}.afterDays`,
      transition.afterDays,
      `is not before the deletion after retentionDays ${retentionDays}, so the transition would never run or would only add cost`,
      `use fewer than ${retentionDays} days, or drop ${prop}`,
    );
  }
}

/**
 * Lifecycle rules that delete (and optionally first move) the objects under `keyPrefix` in `bucketName`.
 *
 * @param idBase readable rule id stem, e.g. `access-logs`
 * @param keyPrefix object-key prefix the rules cover; never empty, so nothing outside the logs is touched
 */
export function bosLogRetentionRules(
  bucketName: string,
  keyPrefix: string,
  idBase: string,
  retentionDays: number,
  transition?: BosLogTransition,
): BosBucketLifecycleRule[] {
  if (keyPrefix === "") throw new RangeError("a log retention rule needs a non-empty key prefix");
  const resource = [bosLifecycleResource(bucketName, keyPrefix)];
  const rules: BosBucketLifecycleRule[] = [];
  if (transition) {
    rules.push({
      id: `${idBase}-transition`,
      status: "enabled",
      resource,
      condition: { time: { dateGreaterThan: bosDaysAfterLastModified(transition.afterDays) } },
      action: { name: "Transition", storageClass: transition.storageClass },
    });
  }
  rules.push({
    id: `${idBase}-expire`,
    status: "enabled",
    resource,
    condition: { time: { dateGreaterThan: bosDaysAfterLastModified(retentionDays) } },
    action: { name: "DeleteObject" },
  });
  return rules;
}
