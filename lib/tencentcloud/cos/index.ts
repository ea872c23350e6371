// COS: bucket names, regions and props, secure log buckets, and access logging from a source bucket to a log bucket.
export type { ICosBucketRef } from "./bucket-name";
export { COS_LOGGING_REGIONS } from "./regions";
export * from "./bucket-props";
export * from "./log-bucket";
export * from "./access-logged-bucket";
export * from "./access-logging";
