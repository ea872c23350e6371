// Types of `cdktf-access-logs/cdktn/providers/tencentcloud` for resolvers that ignore package.json "exports" (see index.js).
export * from "../../../dist/cdktn/.gen/providers/tencentcloud/index";
