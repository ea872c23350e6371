// Types of `cdktf-access-logs/cdktn/providers/baiducloud` for resolvers that ignore package.json "exports" (see index.js).
export * from "../../../dist/cdktn/.gen/providers/baiducloud/index";
