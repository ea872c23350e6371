// The access-log check pack: one rule engine over resolved Terraform JSON, used by the AccessLogChecks aspect at
// synth time and by the review CLI over cdktf.out. Only the public API is re-exported; rule helpers stay internal.
export { AccessLogChecks, MIN_SUPPRESSION_REASON_LENGTH, SUPPRESSION_METADATA_TYPE } from "./access-log-checks";
export type { DeclareLogBucketOptions } from "./access-log-checks";
export { ACCESS_LOG_RULES, activeFindings, findAccessLogRule, runAccessLogChecks } from "./engine";
export type { AccessLogRule, CheckFinding, CheckLevel, RuleViolation } from "./rule";
export { StackView } from "./stack-view";
export type {
  CheckSuppression,
  DeclaredLogBucket,
  ElementReference,
  JsonObject,
  RequiredProvider,
  TfElement,
  TfElementKind,
} from "./stack-view";
