/**
 * The credential attributes of the two providers the library targets, and the environment variables each provider
 * (and Terraform's `cos` backend) reads instead. Free of cdktf so the review CLI can load it cheaply.
 */

/** A provider attribute that holds a credential, and the environment variable the provider reads it from instead. */
export interface CredentialAttribute {
  /** Attribute name as synthesized, e.g. `secret_key`. */
  readonly attribute: string;
  /** Environment variable the provider falls back to, e.g. `TENCENTCLOUD_SECRET_KEY`. */
  readonly environment: string;
}

/**
 * Tencent Cloud (`tencentcloudstack/tencentcloud`, provider.go); Terraform's `cos` backend reads the same three
 * variables (internal/backend/remote-state/cos/backend.go).
 */
export const TENCENTCLOUD_CREDENTIALS: readonly CredentialAttribute[] = [
  { attribute: "secret_id", environment: "TENCENTCLOUD_SECRET_ID" },
  { attribute: "secret_key", environment: "TENCENTCLOUD_SECRET_KEY" },
  { attribute: "security_token", environment: "TENCENTCLOUD_SECURITY_TOKEN" },
];

/** Baidu AI Cloud (`baidubce/baiducloud`, provider.go). */
export const BAIDUCLOUD_CREDENTIALS: readonly CredentialAttribute[] = [
  { attribute: "access_key", environment: "BAIDUCLOUD_ACCESS_KEY" },
  { attribute: "secret_key", environment: "BAIDUCLOUD_SECRET_KEY" },
  { attribute: "session_token", environment: "BAIDUCLOUD_SESSION_TOKEN" },
];
