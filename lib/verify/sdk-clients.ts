/**
 * The official SDKs behind {@link VerifyServices}, loaded only when `verify` runs: a construct library's users mostly
 * never run it, so the SDKs are optional peer dependencies (see README "Verify"), and a missing one is a clear setup
 * error naming the package to install.
 *
 * - COS: cos-nodejs-sdk-v5 (GetBucketLogging, HeadBucket, GetBucket, GetObject);
 * - CAM: tencentcloud-sdk-nodejs-common's CommonClient (there is no modular CAM package on npm; CommonClient is the
 *   SDK's documented way to call any action with TC3-HMAC-SHA256 signing);
 * - SCF: tencentcloud-sdk-nodejs-scf;
 * - BOS: @baiducloud/sdk's BosClient.
 */
import type { Agent } from "node:http";
import type {
  BosApi,
  CamApi,
  CosApi,
  ListRequest,
  LiveBucketLogging,
  LiveFunction,
  ObjectListing,
  ScfApi,
  VerifyServices,
} from "./api";
import { bosEndpointUrl, type BaiduCloudAccess, type TencentCloudAccess } from "./environment";
import { CloudService, redacted, VerifyApiError, VerifySetupError } from "./errors";

/** The packages verify loads, with the versions it is tested with. */
export const VERIFY_SDK_PACKAGES = {
  cos: "cos-nodejs-sdk-v5@^3.0.0",
  common: "tencentcloud-sdk-nodejs-common@^4.1.220",
  scf: "tencentcloud-sdk-nodejs-scf@^4.1.151",
  bos: "@baiducloud/sdk@^1.0.7",
} as const;

/** Loads a package by name; replaced in tests to simulate a missing SDK. */
export type ModuleLoader = (name: string) => unknown;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const defaultLoader: ModuleLoader = (name) => require(name);

function load<T>(loader: ModuleLoader, spec: string): T {
  const name = spec.slice(0, spec.lastIndexOf("@"));
  try {
    return loader(name) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND")
      throw new VerifySetupError(
        `verify needs the SDK package ${name}, which is not installed (it is an optional peer dependency of cdktf-access-logs). Fix: npm install --save-dev ${spec}`,
      );
    throw error;
  }
}

/** Reads a property of an unknown thrown value. */
function prop(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Options shared by every client. */
export interface SdkClientOptions {
  /** Per-request timeout in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** An HTTP agent for the Tencent Cloud API clients (tests use one whose lookup maps fake hosts to 127.0.0.1). */
  readonly agent?: Agent;
  readonly loader?: ModuleLoader;
}

/** Normalises any SDK failure; `sdkRetried` marks errors the SDK already repeated on its own. */
function apiError(
  service: CloudService,
  operation: string,
  error: unknown,
  secrets: readonly (string | undefined)[],
): VerifyApiError {
  const nested = prop(error, "error");
  const status =
    (prop(error, "statusCode") as number | undefined) ??
    (prop(error, "status_code") as number | undefined) ??
    (prop(error, "httpCode") as number | undefined);
  const code = str(prop(error, "code")) ?? str(prop(nested, "Code"));
  const message = str(prop(nested, "Message")) ?? str(prop(error, "message")) ?? String(error);
  return new VerifyApiError(service, operation, {
    ...(typeof status === "number" && status > 0 ? { status } : {}),
    ...(code !== undefined ? { code } : {}),
    message: redacted(`${code ?? `HTTP ${status ?? "error"}`}: ${message}`, secrets).slice(0, 300),
  });
}

function toDate(value: unknown): Date {
  const date = new Date(String(value));
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}

interface CosSdk {
  getBucketLogging(params: object): Promise<{ BucketLoggingStatus?: unknown }>;
  headBucket(params: object): Promise<{ headers?: Record<string, string> }>;
  getBucket(params: object): Promise<{ Contents?: unknown[]; IsTruncated?: string }>;
  getObject(params: object): Promise<{ Body?: Buffer | string; headers?: Record<string, string> }>;
}

/** COS through cos-nodejs-sdk-v5. */
export function cosClient(access: TencentCloudAccess, options: SdkClientOptions = {}): CosApi {
  const COS = load<new (o: object) => CosSdk>(options.loader ?? defaultLoader, VERIFY_SDK_PACKAGES.cos);
  const client = new COS({
    SecretId: access.secretId,
    SecretKey: access.secretKey,
    ...(access.securityToken ? { SecurityToken: access.securityToken } : {}),
    Protocol: `${access.protocol}:`,
    // TENCENTCLOUD_COS_DOMAIN: <bucket>.<cos domain>; unset, the SDK's <bucket>.cos.<region>.myqcloud.com.
    ...(access.cosDomain ? { Domain: `{Bucket}.${access.cosDomain}` } : {}),
    Timeout: options.timeoutMs ?? 30_000,
    // Talk to the bucket's own endpoint only: no fallback host.
    AutoSwitchHost: false,
  });
  const secrets = [access.secretId, access.secretKey, access.securityToken];
  const call = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const failure = apiError("COS", operation, error, secrets);
      // The SDK's own rule with AutoSwitchHost off: a 5xx, a reset connection or no HTTP status at all is repeated.
      failure.sdkRetried =
        failure.status === undefined || failure.status >= 500 || prop(error, "code") === "ECONNRESET";
      throw failure;
    }
  };
  return {
    getBucketLogging: (bucket, region) =>
      call("GetBucketLogging", async () => {
        const result = await client.getBucketLogging({ Bucket: bucket, Region: region });
        const enabled = prop(result.BucketLoggingStatus, "LoggingEnabled");
        if (typeof enabled !== "object" || enabled === null) return { enabled: false };
        return {
          enabled: true,
          targetBucket: String(prop(enabled, "TargetBucket") ?? ""),
          targetPrefix: String(prop(enabled, "TargetPrefix") ?? ""),
        };
      }),
    headBucket: (bucket, region) =>
      call("HeadBucket", async () => {
        const result = await client.headBucket({ Bucket: bucket, Region: region });
        const live = result.headers?.["x-cos-bucket-region"];
        return live ? { region: live } : {};
      }),
    listObjects: (bucket, region, request) =>
      call("GetBucket", async (): Promise<ObjectListing> => {
        const result = await client.getBucket({
          Bucket: bucket,
          Region: region,
          Prefix: request.prefix,
          Marker: request.marker,
          MaxKeys: request.maxKeys,
        });
        return {
          objects: (result.Contents ?? []).map((entry) => ({
            key: String(prop(entry, "Key") ?? ""),
            lastModified: toDate(prop(entry, "LastModified")),
          })),
          truncated: String(result.IsTruncated) === "true",
        };
      }),
    getObjectText: (bucket, region, key) =>
      call("GetObject", async () => {
        const result = await client.getObject({ Bucket: bucket, Region: region, Key: key });
        const lastModified = result.headers?.["last-modified"];
        return {
          text: Buffer.isBuffer(result.Body) ? result.Body.toString("utf8") : String(result.Body ?? ""),
          ...(lastModified ? { lastModified: toDate(lastModified) } : {}),
        };
      }),
  };
}

/** The `credential` and `profile` every Tencent Cloud API client takes. */
function tencentClientConfig(access: TencentCloudAccess, service: string, region: string, options: SdkClientOptions) {
  return {
    credential: {
      secretId: access.secretId,
      secretKey: access.secretKey,
      ...(access.securityToken ? { token: access.securityToken } : {}),
    },
    region,
    profile: {
      httpProfile: {
        reqTimeout: Math.ceil((options.timeoutMs ?? 30_000) / 1000),
        protocol: `${access.protocol}://`,
        // TENCENTCLOUD_DOMAIN: <service>.<domain>, as the provider builds its API hosts.
        ...(access.domain ? { endpoint: `${service}.${access.domain}` } : {}),
        ...(options.agent ? { agent: options.agent } : {}),
      },
    },
  };
}

/** Tencent Cloud API answers errors with a `code`; throttling comes back the same way (`RequestLimitExceeded`). */
async function tencentCall<T>(
  service: CloudService,
  operation: string,
  access: TencentCloudAccess,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw apiError(service, operation, error, [access.secretId, access.secretKey, access.securityToken]);
  }
}

type CommonClientType = new (
  endpoint: string,
  version: string,
  config: object,
) => { request(action: string, params: object): Promise<Record<string, unknown>> };

/** CAM through tencentcloud-sdk-nodejs-common's CommonClient (cam 2019-01-16). */
export function camClient(access: TencentCloudAccess, options: SdkClientOptions = {}): CamApi {
  const common = load<{ CommonClient: CommonClientType }>(options.loader ?? defaultLoader, VERIFY_SDK_PACKAGES.common);
  const client = new common.CommonClient(
    access.domain ? `cam.${access.domain}` : "cam.tencentcloudapi.com",
    "2019-01-16",
    tencentClientConfig(access, "cam", "", options),
  );
  const missing = (error: unknown): boolean =>
    error instanceof VerifyApiError && /RoleNotExist|ResourceNotFound/.test(error.code ?? "");
  return {
    getRole: (name) =>
      tencentCall("CAM", "GetRole", access, async () => client.request("GetRole", { RoleName: name })).then(
        (result) => {
          const info = prop(result, "RoleInfo");
          const document = str(prop(info, "PolicyDocument"));
          return { name: str(prop(info, "RoleName")) ?? name, trust: parseDocument(document) };
        },
        (error: unknown) => {
          if (missing(error)) return undefined;
          throw error;
        },
      ),
    listAttachedRolePolicyNames: (roleName) =>
      tencentCall("CAM", "ListAttachedRolePolicies", access, async () => {
        const result = await client.request("ListAttachedRolePolicies", { RoleName: roleName, Page: 1, Rp: 200 });
        const list = prop(result, "List");
        return Array.isArray(list) ? list.map((p) => String(prop(p, "PolicyName") ?? "")) : [];
      }),
    getAppId: () =>
      tencentCall("CAM", "GetUserAppId", access, async () => {
        const result = await client.request("GetUserAppId", {});
        return String(prop(result, "AppId") ?? "");
      }),
  };
}

/** A CAM document: JSON, or JSON percent-encoded (CAM has returned both forms for trust policies). */
function parseDocument(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  for (const candidate of [text, safeDecode(text)]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

interface ScfSdk {
  scf: {
    v20180416: { Client: new (config: object) => { GetFunction(req: object): Promise<Record<string, unknown>> } };
  };
}

/** SCF through tencentcloud-sdk-nodejs-scf (scf 2018-04-16). */
export function scfClient(access: TencentCloudAccess, region: string, options: SdkClientOptions = {}): ScfApi {
  const sdk = load<ScfSdk>(options.loader ?? defaultLoader, VERIFY_SDK_PACKAGES.scf);
  const client = new sdk.scf.v20180416.Client(tencentClientConfig(access, "scf", region, options));
  return {
    getFunction: (namespace, name) =>
      tencentCall("SCF", "GetFunction", access, async () =>
        client.GetFunction({ FunctionName: name, Namespace: namespace }),
      ).then(
        (result): LiveFunction => {
          const variables = prop(prop(result, "Environment"), "Variables");
          const environment: { [name: string]: string } = {};
          if (Array.isArray(variables))
            for (const v of variables) environment[String(prop(v, "Key"))] = String(prop(v, "Value") ?? "");
          const triggers = prop(result, "Triggers");
          return {
            ...(str(prop(result, "Runtime")) ? { runtime: str(prop(result, "Runtime")) } : {}),
            ...(str(prop(result, "Role")) ? { role: str(prop(result, "Role")) } : {}),
            environment,
            triggers: Array.isArray(triggers)
              ? triggers.map((t) => ({
                  name: String(prop(t, "TriggerName") ?? ""),
                  type: String(prop(t, "Type") ?? ""),
                  desc: String(prop(t, "TriggerDesc") ?? ""),
                  enabled: Number(prop(t, "Enable")) === 1,
                }))
              : [],
          };
        },
        (error: unknown) => {
          if (error instanceof VerifyApiError && /^ResourceNotFound/.test(error.code ?? "")) return undefined;
          throw error;
        },
      ),
  };
}

interface BosSdk {
  BosClient: new (config: object) => {
    getBucketLogging(bucket: string): Promise<{ body?: unknown }>;
    getBucketLocation(bucket: string): Promise<{ body?: unknown }>;
    listObjects(bucket: string, options: object): Promise<{ body?: unknown }>;
  };
}

/** BOS through @baiducloud/sdk's BosClient, one per endpoint (region). */
export function bosClient(access: BaiduCloudAccess, region: string, options: SdkClientOptions = {}): BosApi {
  const sdk = load<BosSdk>(options.loader ?? defaultLoader, VERIFY_SDK_PACKAGES.bos);
  const client = new sdk.BosClient({
    endpoint: bosEndpointUrl(access, region),
    credentials: { ak: access.accessKey, sk: access.secretKey },
    ...(access.sessionToken ? { sessionToken: access.sessionToken } : {}),
  });
  const secrets = [access.accessKey, access.secretKey, access.sessionToken];
  const call = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw apiError("BOS", operation, error, secrets);
    }
  };
  return {
    getBucketLogging: (bucket) =>
      call("GetBucketLogging", async (): Promise<LiveBucketLogging> => {
        const body = (await client.getBucketLogging(bucket)).body;
        return {
          enabled: prop(body, "status") === "enabled",
          ...(str(prop(body, "targetBucket")) ? { targetBucket: str(prop(body, "targetBucket")) } : {}),
          targetPrefix: String(prop(body, "targetPrefix") ?? ""),
        };
      }),
    getBucketLocation: (bucket) =>
      call("GetBucketLocation", async () =>
        str(prop((await client.getBucketLocation(bucket)).body, "locationConstraint")),
      ),
    listObjects: (bucket, request: ListRequest) =>
      call("ListObjects", async (): Promise<ObjectListing> => {
        const body = (
          await client.listObjects(bucket, { prefix: request.prefix, marker: request.marker, maxKeys: request.maxKeys })
        ).body;
        const contents = prop(body, "contents");
        return {
          objects: Array.isArray(contents)
            ? contents.map((c) => ({
                key: String(prop(c, "key") ?? ""),
                lastModified: toDate(prop(c, "lastModified")),
              }))
            : [],
          truncated: prop(body, "isTruncated") === true || prop(body, "isTruncated") === "true",
        };
      }),
  };
}

/** The SDK-backed services of one run; clients are made once per region. */
export function sdkServices(
  tencent: () => TencentCloudAccess,
  baidu: () => BaiduCloudAccess,
  options: SdkClientOptions = {},
): VerifyServices {
  const memo = new Map<string, unknown>();
  const once = <T>(key: string, make: () => T): T => {
    if (!memo.has(key)) memo.set(key, make());
    return memo.get(key) as T;
  };
  return {
    cos: () => once("cos", () => cosClient(tencent(), options)),
    cam: () => once("cam", () => camClient(tencent(), options)),
    scf: (region) => once(`scf:${region}`, () => scfClient(tencent(), region, options)),
    bos: (region) => once(`bos:${region}`, () => bosClient(baidu(), region, options)),
  };
}
