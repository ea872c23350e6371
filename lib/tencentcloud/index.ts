// Tencent Cloud: shared building blocks first, then one construct per file.
export * from "./account";
export * from "./cam-policy-document";
export * from "./cos-bucket-name";
export * from "./cos-regions";
export * from "./qcs";
export * from "./cos-bucket-props";
export * from "./cls-delivery-authorization";
export * from "./cos-log-bucket";
export * from "./cos-access-logged-bucket";
export * from "./cos-access-logging";
export * from "./scf-cron";
export * from "./scf-execution-role";
export * from "./scf-limits";
export * from "./cdn-log-backup-schedule";
export * from "./cdn-log-backup";
export * from "./cdn-log-backup-key";
