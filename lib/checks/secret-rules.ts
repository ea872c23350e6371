import { credentialFix } from "./credential-fix";
import { AccessLogRule, RuleViolation } from "./rule";
import { isLiteralString, isObject, JsonObject, StackView, TfElement } from "./stack-view";

/** A Tencent Cloud SecretId: `AKID` and 32 letters or digits. */
export const TENCENT_SECRET_ID_PATTERN = /AKID[0-9A-Za-z]{32}(?![0-9A-Za-z])/;

/**
 * Attribute names that hold credentials, in providers, backends and resources. Tokens are matched by whole name
 * (`token` of the remote backend and the kubernetes provider, `sas_token` of azurerm), since `*_token` also names
 * idempotency keys such as Tencent's `client_token`.
 */
const CREDENTIAL_ATTRIBUTE =
  /(secret|password|passwd|private_key|access_key|security_token|session_token|api_key|^(token|access_token|auth_token|bearer_token|refresh_token|sas_token|api_token)$)/i;
/** ...unless the name says it holds something about a credential rather than the credential (a name, path, lifetime). */
const NOT_A_CREDENTIAL = /(_name|_dir|_file|_path|_arn|_ttl|_type|_length|_enabled?|_rotation\w*)$/i;

/** Secret stores (AWS Secrets Manager, Google Secret Manager) name the secret they hold in `secret`: an identifier. */
const SECRET_STORE_TYPE = /secret_?manager|secretsmanager/;

/**
 * Whether a string of the stack is a credential, by the attribute holding it:
 * - `credentials` (the google provider, the gcs backend) takes a file path or the key file's JSON itself; only the
 *   JSON, which carries a private key, is a credential;
 * - `*_id` names something (`secret_id` of AWS Secrets Manager, `key_id`), except Tencent's SecretId: `secret_id` of the
 *   tencentcloud provider and resources and of the `cos` backend;
 * - otherwise the name says it (`password`, `secret_key`, `token`, ...) unless it says it is about one (`_name`,
 *   `_path`, ...).
 */
function isCredentialAttribute(found: StackString): boolean {
  const { key, value, element, parts } = found;
  if (key === "credentials") return /^\s*\{/.test(value) && /private_key/.test(value);
  if (/_id$/i.test(key)) {
    const tencent = element
      ? /^tencentcloud(_|$)/.test(element.type)
      : parts[0] === "terraform" && parts[1] === "backend" && parts[2] === "cos";
    return key === "secret_id" && tencent;
  }
  if (key === "secret" && element !== undefined && SECRET_STORE_TYPE.test(element.type)) return false;
  return CREDENTIAL_ATTRIBUTE.test(key) && !NOT_A_CREDENTIAL.test(key);
}

/** Environment variable names that suggest a credential. */
const SECRET_ENV_NAME = /(SECRET|KEY|TOKEN|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|(^|_)AK$|(^|_)SK$)/i;

/**
 * A value shaped like a key rather than a setting: 16+ characters of key alphabet mixing letters and digits. Keeps
 * `KEY_PREFIX = "cdn-logs/"` or `TOKEN_TTL = "3600"` quiet while catching 32-hex Baidu AK/SKs and Tencent SecretKeys.
 */
export function looksLikeCredential(value: string): boolean {
  return value.length >= 16 && /^[A-Za-z0-9+/=_-]+$/.test(value) && /[A-Za-z]/.test(value) && /[0-9]/.test(value);
}

/** A string somewhere in the stack, with where it sits. */
interface StackString {
  /** JSON path, e.g. `provider.tencentcloud[0].secret_key`. */
  readonly path: string;
  /** The same path as parts, e.g. `["provider", "tencentcloud", 0, "secret_key"]`. */
  readonly parts: readonly (string | number)[];
  /** The key holding it (the nearest object key). */
  readonly key: string;
  readonly value: string;
  /** The resource, data source or provider it belongs to. */
  readonly element?: TfElement;
  /** Set when the string is a function environment variable. */
  readonly inFunctionEnvironment: boolean;
}

const FUNCTION_TYPES = new Set(["tencentcloud_scf_function"]);

function elementFor(stack: StackView, path: readonly (string | number)[]): TfElement | undefined {
  const [top, a, b] = path;
  if ((top === "resource" || top === "data") && typeof a === "string" && typeof b === "string")
    return stack.element(top, a, b);
  if (top === "provider" && typeof a === "string") {
    const config = (stack.json.provider as JsonObject | undefined)?.[a];
    const block = Array.isArray(config) ? config[typeof b === "number" ? b : 0] : config;
    const alias = isObject(block) && typeof block.alias === "string" ? block.alias : "default";
    return stack.element("provider", a, alias);
  }
  return undefined;
}

function renderPath(path: readonly (string | number)[]): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
}

/** A value still to visit: where it sits, and the element it belongs to once the path is deep enough to tell. */
interface PendingValue {
  readonly value: unknown;
  readonly path: (string | number)[];
  readonly key: string;
}

/**
 * Every string value of the stack except cdktf's `//` metadata, in document order. Walks with an explicit stack, not
 * recursion, so a deeply nested document cannot overflow the call stack.
 */
function stackStrings(stack: StackView): StackString[] {
  let strings = stringsCache.get(stack);
  if (!strings) {
    strings = collectStackStrings(stack);
    stringsCache.set(stack, strings);
  }
  return strings;
}

/** The strings of each stack view, collected once for the three rules that read them. */
const stringsCache = new WeakMap<StackView, StackString[]>();

function collectStackStrings(stack: StackView): StackString[] {
  const out: StackString[] = [];
  const pending: PendingValue[] = [{ value: stack.json, path: [], key: "" }];
  while (pending.length > 0) {
    const { value, path, key } = pending.pop()!;
    if (typeof value === "string") {
      const inFunctionEnvironment =
        path[0] === "resource" && FUNCTION_TYPES.has(String(path[1])) && path[3] === "environment";
      out.push({
        path: renderPath(path),
        parts: path,
        key,
        value,
        element: elementFor(stack, path),
        inFunctionEnvironment,
      });
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--)
        pending.push({ value: value[index], path: [...path, index], key });
    } else if (isObject(value)) {
      const keys = Object.keys(value).filter((k) => k !== "//");
      for (let i = keys.length - 1; i >= 0; i--)
        pending.push({ value: value[keys[i]], path: [...path, keys[i]], key: keys[i] });
    }
  }
  return out;
}

function violation(found: StackString, detail: string, fix?: string): RuleViolation {
  const where = found.element ? { element: found.element } : { location: found.path };
  return { ...where, detail, ...(fix !== undefined ? { fix } : {}) };
}

/** Rules against credentials in the synthesized stack (it lands in the repository, plan output and state). */
export const SECRET_RULES: readonly AccessLogRule[] = [
  {
    id: "SEC-1",
    level: "error",
    reason: "a Tencent Cloud SecretId is written into the stack",
    fix: "remove it; let functions use their execution role and give Terraform credentials through the environment",
    check(stack) {
      return stackStrings(stack)
        .filter((s) => TENCENT_SECRET_ID_PATTERN.test(s.value))
        .map((s) => violation(s, `${s.path} contains ${TENCENT_SECRET_ID_PATTERN.exec(s.value)![0].slice(0, 8)}…`));
    },
  },
  {
    id: "SEC-2",
    level: "error",
    reason: "a credential attribute has a literal value in the stack",
    fix: "leave it out: supply it through a sensitive variable or the environment variables its provider or backend reads (each finding names them)",
    check(stack) {
      return stackStrings(stack)
        .filter(
          (s) =>
            !s.inFunctionEnvironment && isCredentialAttribute(s) && isLiteralString(s.value) && s.value.trim() !== "",
        )
        .map((s) =>
          violation(
            s,
            `${s.path} is a literal (${s.value.length} characters)`,
            credentialFix({ key: s.key, path: s.parts, element: s.element }),
          ),
        );
    },
  },
  {
    id: "SEC-3",
    level: "error",
    reason: "a function environment variable holds what looks like a secret",
    fix: "grant the function a CAM role instead of keys; read other secrets at run time (e.g. from SSM), never from env literals",
    check(stack) {
      return stackStrings(stack)
        .filter(
          (s) =>
            s.inFunctionEnvironment &&
            SECRET_ENV_NAME.test(s.key) &&
            isLiteralString(s.value) &&
            looksLikeCredential(s.value),
        )
        .map((s) => violation(s, `${s.path} is a literal key-like value (${s.value.length} characters)`));
    },
  },
];
