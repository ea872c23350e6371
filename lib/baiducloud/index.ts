// Baidu AI Cloud: shared building blocks first, then one construct per file. Modules listed by name also hold
// internal helpers (validators, prefix derivation, the checks the constructs attach), which stay out of the API.
export type { IBosBucketRef } from "./bos-bucket-name";
export { BOS_REGIONS } from "./bos-regions";
export { DEFAULT_BOS_LOG_PREFIX_ROOT } from "./bos-log-prefix";
export * from "./bos-log-object-key";
export { BOS_TRANSITION_STORAGE_CLASSES, DEFAULT_BOS_LOG_RETENTION_DAYS } from "./bos-log-retention";
export type { BosLogTransition, BosTransitionStorageClass } from "./bos-log-retention";
export { baiduCloudCredentialVariables } from "./credentials";
export type { BaiduCloudCredentialVariables } from "./credentials";
export { BosLogBucket } from "./bos-log-bucket";
export type { BosLogBucketAttributes, BosLogBucketProps, BosLogSource, IBosLogBucket } from "./bos-log-bucket";
export { BOS_BUCKET_RESOURCE_TYPE, enableBosAccessLogging } from "./bos-access-logging";
export type { BosAccessLoggingConfiguration, BosAccessLoggingOptions, IBosBucketResource } from "./bos-access-logging";
export * from "./bos-access-logged-bucket";
