// Public surface of cdktf-access-logs. Everything a user imports comes from here.
export * from "./validation/provider-schema";
export * from "./validation/schema-conformance";
