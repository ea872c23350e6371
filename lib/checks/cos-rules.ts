import { COS_LOGGING_REGIONS } from "../tencentcloud/cos/regions";
import {
  crossRegionViolations,
  publicLogBucketViolations,
  selfLoggingViolations,
  unexpiredLogViolations,
} from "./log-bucket-rules";
import {
  COS_BUCKET,
  COS_BUCKET_POLICY,
  cosLogDeliveries,
  cosPolicyAllowsAnyone,
  findBucket,
  logTargets,
} from "./log-deliveries";
import { AccessLogRule, quote, RuleViolation } from "./rule";
import { boolAttr, isLiteralString, StackView, stringAttr } from "./stack-view";

/** Rules for Tencent Cloud COS access logging. */
export const COS_RULES: readonly AccessLogRule[] = [
  {
    id: "TC-COS-1",
    level: "error",
    reason: "COS bucket has no access logging",
    fix: "enable logging (log_enable, log_target_bucket, log_prefix) into a log bucket in the same region, or suppress with a reason",
    check(stack) {
      const targets = new Set(logTargets(cosLogDeliveries(stack)).map((t) => t.target.address));
      const violations: RuleViolation[] = [];
      for (const bucket of stack.resources(COS_BUCKET)) {
        if (targets.has(bucket.address)) continue;
        const enabled = boolAttr(bucket.config, "log_enable");
        const target = stringAttr(bucket.config, "log_target_bucket");
        if (enabled === true && target) continue;
        // A token for log_enable is decided at plan time: not ours to judge.
        if (enabled === undefined && bucket.config.log_enable !== undefined) continue;
        const detail =
          enabled === true
            ? `${bucket.address} sets log_enable but no log_target_bucket, so the provider rejects it`
            : `${bucket.address} (${quote(stringAttr(bucket.config, "bucket") ?? bucket.name)}) is not a log target and does not log its access`;
        violations.push({ element: bucket, detail });
      }
      return violations;
    },
  },
  {
    id: "TC-COS-2",
    level: "error",
    reason: "COS log target must be in the source bucket's region",
    fix: "create the log bucket with a provider for the source bucket's region",
    check(stack) {
      // COS and CLS deliver only within a region; the backup function copies over the network from anywhere.
      return crossRegionViolations(cosLogDeliveries(stack).filter((d) => d.via !== "cdn-log-backup"));
    },
  },
  {
    id: "TC-COS-3",
    level: "warning",
    reason: "COS bucket logs into itself",
    fix: "deliver access logs to a separate log bucket so log writes do not produce log lines of their own",
    check(stack) {
      return selfLoggingViolations(cosLogDeliveries(stack), "log_target_bucket");
    },
  },
  {
    id: "TC-COS-4",
    level: "error",
    reason: "COS log bucket must be private",
    fix: "leave acl unset (private), remove public grants and any bucket policy that allows anyone",
    check(stack) {
      const violations = publicLogBucketViolations(cosLogDeliveries(stack));
      const targets = new Set(logTargets(cosLogDeliveries(stack)).map((t) => t.target.address));
      for (const policy of stack.resources(COS_BUCKET_POLICY)) {
        const bucket = findBucket(stack, COS_BUCKET, stringAttr(policy.config, "bucket"));
        const text = stringAttr(policy.config, "policy");
        if (bucket && targets.has(bucket.address) && text && cosPolicyAllowsAnyone(text)) {
          violations.push({
            element: policy,
            detail: `${policy.address} allows anyone on log bucket ${bucket.address}`,
          });
        }
      }
      return violations;
    },
  },
  {
    id: "TC-COS-5",
    level: "error",
    reason: "COS log bucket must encrypt objects at rest",
    fix: 'set encryption_algorithm ("AES256", "SM4", or "KMS" with kms_id) on the log bucket',
    check(stack) {
      return logTargets(cosLogDeliveries(stack))
        .filter(({ target }) => !stringAttr(target.config, "encryption_algorithm"))
        .map(({ target }) => ({ element: target, detail: `${target.address} has no encryption_algorithm` }));
    },
  },
  {
    id: "TC-COS-6",
    level: "warning",
    reason: "COS log bucket needs a retention rule for the logs it receives",
    fix: "add a lifecycle_rules entry with an expiration whose filter_prefix is empty or a prefix of the log prefix",
    check(stack) {
      return unexpiredLogViolations(cosLogDeliveries(stack));
    },
  },
  {
    id: "TC-COS-7",
    level: "error",
    reason: "COS delivers access logs only in some regions",
    fix: `use a bucket in a region with COS log management (${COS_LOGGING_REGIONS.join(", ")})`,
    check(stack: StackView) {
      return cosLogDeliveries(stack)
        .filter(
          (d) =>
            d.via === "bucket-logging" &&
            isLiteralString(d.sourceRegion) &&
            !COS_LOGGING_REGIONS.includes(d.sourceRegion),
        )
        .map((d) => ({
          element: d.source,
          detail: `${d.source.address} is in ${d.sourceRegion}, where COS writes no access logs`,
        }));
    },
  },
];
