// Types of `cdktf-access-logs/providers/baiducloud` for resolvers that ignore package.json "exports" (see index.js).
export * from "../../dist/.gen/providers/baiducloud/index";
