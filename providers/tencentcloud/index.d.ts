// Types of `cdktf-access-logs/providers/tencentcloud` for resolvers that ignore package.json "exports" (see index.js).
export * from "../../dist/.gen/providers/tencentcloud/index";
