// Public surface of cdktf-access-logs. Everything a user imports comes from here.
export * from "./shared/errors";
export * from "./shared/key-prefix";
export * from "./shared/literals";
export * from "./shared/tags";
export * from "./tencentcloud";
export * from "./baiducloud";
export * from "./checks";
export * from "./review";
export * from "./logs";
export * from "./validation/provider-schema";
export * from "./validation/schema-conformance";
