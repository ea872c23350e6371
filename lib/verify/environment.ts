/**
 * Credentials and endpoints, read from the environment exactly as the providers read them, so a team sets them once
 * for `cdktf deploy` and `verify`:
 *
 * - tencentcloud provider: `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, `TENCENTCLOUD_SECURITY_TOKEN`;
 *   `TENCENTCLOUD_DOMAIN` (API hosts `<service>.<domain>`, a port allowed), `TENCENTCLOUD_PROTOCOL` (`HTTPS`, the
 *   default, or `HTTP`), `TENCENTCLOUD_COS_DOMAIN` (COS hosts `<bucket>.<cos domain>`);
 * - baiducloud provider: `BAIDUCLOUD_ACCESS_KEY`, `BAIDUCLOUD_SECRET_KEY`, `BAIDUCLOUD_SESSION_TOKEN`; its endpoints
 *   come only from the provider's `endpoints` block, so the BOS endpoint is the `--bos-endpoint host[:port]` option
 *   (default `<region>.bcebos.com`).
 */
import { VerifySetupError } from "./errors";

/** Where and as whom Tencent Cloud is called. */
export interface TencentCloudAccess {
  readonly secretId: string;
  readonly secretKey: string;
  readonly securityToken?: string;
  /** `TENCENTCLOUD_DOMAIN`: API hosts are `<service>.<domain>`; unset: the SDK's `<service>.tencentcloudapi.com`. */
  readonly domain?: string;
  readonly protocol: "https" | "http";
  /** `TENCENTCLOUD_COS_DOMAIN`: COS hosts are `<bucket>.<cos domain>`; unset: `<bucket>.cos.<region>.myqcloud.com`. */
  readonly cosDomain?: string;
}

/** Where and as whom Baidu AI Cloud is called. */
export interface BaiduCloudAccess {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly sessionToken?: string;
  /** `--bos-endpoint`: `host[:port]`, optionally with `http://` or `https://`; unset: `<region>.bcebos.com`. */
  readonly bosEndpoint?: string;
}

/** Environment variables, as `process.env`. */
export type VerifyEnv = { readonly [name: string]: string | undefined };

function value(env: VerifyEnv, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

/** The Tencent Cloud access of `env`. @throws VerifySetupError when a key is missing or a setting is invalid */
export function tencentCloudAccess(env: VerifyEnv): TencentCloudAccess {
  const secretId = value(env, "TENCENTCLOUD_SECRET_ID");
  const secretKey = value(env, "TENCENTCLOUD_SECRET_KEY");
  if (secretId === undefined || secretKey === undefined) {
    throw new VerifySetupError(
      `no Tencent Cloud credentials: set ${[secretId === undefined ? "TENCENTCLOUD_SECRET_ID" : "", secretKey === undefined ? "TENCENTCLOUD_SECRET_KEY" : ""].filter(Boolean).join(" and ")} (and TENCENTCLOUD_SECURITY_TOKEN for temporary keys), as for the tencentcloud provider`,
    );
  }
  const protocol = (value(env, "TENCENTCLOUD_PROTOCOL") ?? "HTTPS").toUpperCase();
  if (protocol !== "HTTPS" && protocol !== "HTTP")
    throw new VerifySetupError(
      `TENCENTCLOUD_PROTOCOL must be HTTPS or HTTP, got ${JSON.stringify(env.TENCENTCLOUD_PROTOCOL)}`,
    );
  const domain = value(env, "TENCENTCLOUD_DOMAIN");
  const cosDomain = value(env, "TENCENTCLOUD_COS_DOMAIN");
  for (const [name, host] of [
    ["TENCENTCLOUD_DOMAIN", domain],
    ["TENCENTCLOUD_COS_DOMAIN", cosDomain],
  ] as const) {
    if (host !== undefined && !HOST_PORT.test(host))
      throw new VerifySetupError(
        `${name} must be a host name with an optional port, e.g. tencentcloudapi.com, got ${JSON.stringify(host)}`,
      );
  }
  return {
    secretId,
    secretKey,
    ...(value(env, "TENCENTCLOUD_SECURITY_TOKEN") ? { securityToken: value(env, "TENCENTCLOUD_SECURITY_TOKEN") } : {}),
    ...(domain ? { domain } : {}),
    protocol: protocol === "HTTP" ? "http" : "https",
    ...(cosDomain ? { cosDomain } : {}),
  };
}

const HOST_PORT = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/;
const ENDPOINT = /^(https?:\/\/)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?\/?$/;

/** Checks a `--bos-endpoint` value: `host[:port]`, optionally after `http://` or `https://`. */
export function isBosEndpoint(text: string): boolean {
  return ENDPOINT.test(text);
}

/** The Baidu AI Cloud access of `env`. @throws VerifySetupError when a key is missing */
export function baiduCloudAccess(env: VerifyEnv, bosEndpoint?: string): BaiduCloudAccess {
  const accessKey = value(env, "BAIDUCLOUD_ACCESS_KEY");
  const secretKey = value(env, "BAIDUCLOUD_SECRET_KEY");
  if (accessKey === undefined || secretKey === undefined) {
    throw new VerifySetupError(
      `no Baidu AI Cloud credentials: set ${[accessKey === undefined ? "BAIDUCLOUD_ACCESS_KEY" : "", secretKey === undefined ? "BAIDUCLOUD_SECRET_KEY" : ""].filter(Boolean).join(" and ")} (and BAIDUCLOUD_SESSION_TOKEN for temporary keys), as for the baiducloud provider`,
    );
  }
  const sessionToken = value(env, "BAIDUCLOUD_SESSION_TOKEN");
  return {
    accessKey,
    secretKey,
    ...(sessionToken ? { sessionToken } : {}),
    ...(bosEndpoint ? { bosEndpoint } : {}),
  };
}

/** The BOS endpoint URL for `region`: `--bos-endpoint` (https unless it says http://), else `https://<region>.bcebos.com`. */
export function bosEndpointUrl(access: BaiduCloudAccess, region: string): string {
  const endpoint = access.bosEndpoint ?? `${region}.bcebos.com`;
  const withScheme = /^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`;
  return withScheme.replace(/\/$/, "");
}
