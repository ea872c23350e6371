// `verify`: after deploy, reads the live state of every access-log delivery of a synth output and says whether the
// logs are arriving. It reads; it never changes anything.
export type {
  BosApi,
  CamApi,
  CosApi,
  ListedObject,
  ListRequest,
  LiveBucketLogging,
  LiveFunction,
  LiveRole,
  LiveTrigger,
  ObjectListing,
  ScfApi,
  VerifyServices,
} from "./api";
export { BACKUP_STATUS_KEY_SUFFIX } from "./backup-checks";
export { baiduCloudAccess, tencentCloudAccess } from "./environment";
export type { BaiduCloudAccess, TencentCloudAccess, VerifyEnv } from "./environment";
export { VerifyApiError, VerifySetupError } from "./errors";
export type { CloudService } from "./errors";
export { renderVerifyMarkdown } from "./markdown";
export type { BackupRunView, DeliveryVerdict, NewestLogObject, Verdict, VerifyFinding, VerifyReport } from "./result";
export type { VerifyRetryPolicy } from "./retry";
export {
  DEFAULT_BACKUP_MAX_AGE_SECONDS,
  DEFAULT_LOG_MAX_AGE_SECONDS,
  DEFAULT_VERIFY_CONCURRENCY,
  runVerify,
} from "./run";
export type { VerifyOptions } from "./run";
export { sdkServices, VERIFY_SDK_PACKAGES } from "./sdk-clients";
export type { ModuleLoader, SdkClientOptions } from "./sdk-clients";
