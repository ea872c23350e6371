import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { BosBucketLifecycleRule } from "../../.gen/providers/baiducloud/bos-bucket";
import { invalidProp } from "../shared/errors";
import { bosLifecycleResource } from "../shared/lifecycle-coverage";

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
  /** Days after an object was written when it moves; must be fewer than the retention days. */
  readonly afterDays: number;
}

/** A lifecycle time condition "N days after last modified", in BOS's ISO 8601 duration syntax. */
export function bosDaysAfterLastModified(days: number): string {
  return `$(lastModified)+P${days}D`;
}

/** Checks a retention period: a whole number of days, at least 1. */
export function validateRetentionDays(scope: IConstruct, prop: string, days: number): void {
  if (Token.isUnresolved(days) || !Number.isInteger(days) || days < 1) {
    invalidProp(
      scope,
      prop,
      days,
      "is not a whole number of days of at least 1",
      `give the number of days to keep logs literally, e.g. ${DEFAULT_BOS_LOG_RETENTION_DAYS}`,
    );
  }
}

/** Checks a transition against the retention it runs before. */
export function validateTransition(scope: IConstruct, prop: string, transition: BosLogTransition, retentionDays: number): void {
  if (!BOS_TRANSITION_STORAGE_CLASSES.includes(transition.storageClass)) {
    invalidProp(scope, `${prop}.storageClass`, transition.storageClass, "is not a storage class BOS lifecycle rules move objects to", `use one of ${BOS_TRANSITION_STORAGE_CLASSES.join(", ")}`);
  }
  if (Token.isUnresolved(transition.afterDays) || !Number.isInteger(transition.afterDays) || transition.afterDays < 1) {
    invalidProp(scope, `${prop}.afterDays`, transition.afterDays, "is not a whole number of days of at least 1", "give the days after writing when logs move, e.g. 30");
  }
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
