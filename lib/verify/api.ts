/**
 * The read-only cloud calls `verify` makes, as small interfaces: the SDK-backed clients (sdk-clients.ts) implement
 * them, and every check is written against them. Each method is one HTTP request (retries aside).
 */

/** A COS or BOS bucket's access-logging setting as the service reports it. */
export interface LiveBucketLogging {
  /** Logging is on (COS: `BucketLoggingStatus` has a `LoggingEnabled` child; BOS: `status` is `enabled`). */
  readonly enabled: boolean;
  readonly targetBucket?: string;
  readonly targetPrefix?: string;
}

/** One object of a listing. */
export interface ListedObject {
  readonly key: string;
  readonly lastModified: Date;
}

/** One page of a listing (one request). */
export interface ObjectListing {
  readonly objects: readonly ListedObject[];
  /** More keys follow the page. */
  readonly truncated: boolean;
}

/** What one listing request asks for. */
export interface ListRequest {
  readonly prefix: string;
  readonly marker: string;
  readonly maxKeys: number;
}

/** COS (XML API, cos-nodejs-sdk-v5). */
export interface CosApi {
  /** GET Bucket logging of `bucket`. */
  getBucketLogging(bucket: string, region: string): Promise<LiveBucketLogging>;
  /** HEAD Bucket: the region COS reports in `x-cos-bucket-region` (undefined when the header is absent). */
  headBucket(bucket: string, region: string): Promise<{ readonly region?: string }>;
  /** GET Bucket (list objects): one page. */
  listObjects(bucket: string, region: string, request: ListRequest): Promise<ObjectListing>;
  /** GET Object: the body as text (objects read here are small JSON documents). */
  getObjectText(
    bucket: string,
    region: string,
    key: string,
  ): Promise<{ readonly text: string; readonly lastModified?: Date }>;
}

/** BOS (@baiducloud/sdk). */
export interface BosApi {
  /** GET Bucket logging of `bucket`. */
  getBucketLogging(bucket: string): Promise<LiveBucketLogging>;
  /** GET Bucket location: the region the bucket is in (`locationConstraint`). */
  getBucketLocation(bucket: string): Promise<string | undefined>;
  /** List objects: one page. */
  listObjects(bucket: string, request: ListRequest): Promise<ObjectListing>;
}

/** A CAM role as GetRole reports it. */
export interface LiveRole {
  readonly name: string;
  /** The trust policy (`RoleInfo.PolicyDocument`), parsed; undefined when it is not JSON. */
  readonly trust?: unknown;
}

/** CAM (cam 2019-01-16, account-global). */
export interface CamApi {
  /** GetRole; undefined when the role does not exist. */
  getRole(name: string): Promise<LiveRole | undefined>;
  /** ListAttachedRolePolicies: the names of the policies attached to the role (first page, up to 200). */
  listAttachedRolePolicyNames(roleName: string): Promise<string[]>;
  /** GetUserAppId: the account's APPID (the `-<appid>` of COS bucket names). */
  getAppId(): Promise<string>;
}

/** A timer trigger as GetFunction lists it. */
export interface LiveTrigger {
  readonly name: string;
  readonly type: string;
  /** `TriggerDesc` as the API returns it: a bare cron or `{"cron":"..."}`. */
  readonly desc: string;
  /** `Enable`: 1 enabled, 0 disabled. */
  readonly enabled: boolean;
}

/** An SCF function as GetFunction reports it. */
export interface LiveFunction {
  readonly runtime?: string;
  readonly role?: string;
  readonly environment: { readonly [name: string]: string };
  readonly triggers: readonly LiveTrigger[];
}

/** SCF (scf 2018-04-16, regional). */
export interface ScfApi {
  /** GetFunction; undefined when the function does not exist. */
  getFunction(namespace: string, name: string): Promise<LiveFunction | undefined>;
}

/** The clients of one run; regional clients are made per region. */
export interface VerifyServices {
  cos(): CosApi;
  bos(region: string): BosApi;
  cam(): CamApi;
  scf(region: string): ScfApi;
}
