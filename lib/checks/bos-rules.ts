import {
  crossRegionViolations,
  publicLogBucketViolations,
  selfLoggingViolations,
  unexpiredLogViolations,
} from "./log-bucket-rules";
import { BOS_BUCKET, bosLogDeliveries, logTargets } from "./log-deliveries";
import { AccessLogRule, quote } from "./rule";
import { blockList, stringAttr } from "./stack-view";

/** Rules for Baidu AI Cloud BOS access logging. */
export const BOS_RULES: readonly AccessLogRule[] = [
  {
    id: "BD-BOS-1",
    level: "error",
    reason: "BOS bucket has no access logging",
    fix: "add a logging block (target_bucket, target_prefix) pointing at a log bucket in the same region, or suppress with a reason",
    check(stack) {
      const targets = new Set(logTargets(bosLogDeliveries(stack)).map((t) => t.target.address));
      return stack
        .resources(BOS_BUCKET)
        .filter((bucket) => !targets.has(bucket.address))
        .filter((bucket) => !blockList(bucket.config.logging).some((logging) => stringAttr(logging, "target_bucket")))
        .map((bucket) => ({
          element: bucket,
          detail: `${bucket.address} (${quote(stringAttr(bucket.config, "bucket") ?? bucket.name)}) is not a log target and does not log its access`,
        }));
    },
  },
  {
    id: "BD-BOS-2",
    level: "error",
    reason: "BOS log target must be in the source bucket's region",
    fix: "create the log bucket with a provider for the source bucket's region",
    check(stack) {
      return crossRegionViolations(bosLogDeliveries(stack));
    },
  },
  {
    id: "BD-BOS-3",
    level: "warning",
    reason: "BOS bucket logs into itself",
    fix: "deliver access logs to a separate log bucket so the logs cannot be read or deleted with the data",
    check(stack) {
      return selfLoggingViolations(bosLogDeliveries(stack), "logging.target_bucket");
    },
  },
  {
    id: "BD-BOS-4",
    level: "error",
    reason: "BOS log bucket must be private",
    fix: 'leave acl unset or set it to "private"',
    check(stack) {
      return publicLogBucketViolations(bosLogDeliveries(stack));
    },
  },
  {
    id: "BD-BOS-5",
    level: "error",
    reason: "BOS log bucket must encrypt objects at rest",
    fix: 'set server_side_encryption_rule = "AES256" on the log bucket',
    check(stack) {
      return logTargets(bosLogDeliveries(stack))
        .filter(({ target }) => stringAttr(target.config, "server_side_encryption_rule") !== "AES256")
        .map(({ target }) => ({
          element: target,
          detail: `${target.address} has server_side_encryption_rule ${quote(stringAttr(target.config, "server_side_encryption_rule") ?? "(not set)")}`,
        }));
    },
  },
  {
    id: "BD-BOS-6",
    level: "warning",
    reason: "BOS log bucket needs a retention rule for the logs it receives (BOS never deletes them)",
    fix: 'add an enabled lifecycle_rule with action DeleteObject and resource "<bucket>/<log prefix>*"',
    check(stack) {
      return unexpiredLogViolations(bosLogDeliveries(stack));
    },
  },
];
