// The least-privilege CAM policy a CI role needs to run `cdktf-access-logs verify`.
export { VERIFY_ACTIONS, VERIFY_RUN_STATUS_PREFIX, VerifyReadOnlyPolicy } from "./read-only-policy";
export type { VerifiedCdnLogBackup, VerifyReadOnlyPolicyProps } from "./read-only-policy";
