// Types of `cdktf-access-logs/cdktn` for resolvers that ignore package.json "exports" (see index.js).
export * from "../dist/cdktn/lib/index";
