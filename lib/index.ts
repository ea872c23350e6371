// Public surface of cdktf-access-logs. Everything a user imports comes from here.
export { PropValidationError } from "./shared/errors";
export { RemovalPolicy } from "./shared/removal-policy";
export * from "./shared/terraform-types";
export * from "./tencentcloud";
export * from "./baiducloud";
export * from "./checks";
export * from "./review";
export * from "./markdown";
export * from "./logs";
export { main as runReviewCli, USAGE as REVIEW_CLI_USAGE, LOGS_CLI_USAGE, runLogsCli } from "./cli";
export type { CliOutput, LogsCliEnvironment, LogsCliOutput } from "./cli";
export * from "./validation/provider-schema";
export * from "./validation/schema-conformance";
