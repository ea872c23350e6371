// Baidu AI Cloud: shared building blocks first, then one construct per file.
export * from "./bos-bucket-name";
export * from "./bos-regions";
export * from "./bos-log-prefix";
export * from "./bos-log-object-key";
export * from "./bos-log-retention";
export * from "./credentials";
export * from "./bos-log-bucket";
export * from "./bos-access-logging";
export * from "./bos-access-logged-bucket";
