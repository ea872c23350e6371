// Public surface of cdktf-access-logs. Everything a user imports comes from here.
export { PropValidationError } from "./shared/errors";
export * from "./shared/terraform-types";
export * from "./tencentcloud";
export * from "./baiducloud";
export * from "./checks";
export * from "./review";
export * from "./logs";
export * from "./validation/provider-schema";
export * from "./validation/schema-conformance";
