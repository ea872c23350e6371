import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidProp } from "./errors";

/** Rules for an object-key prefix; clouds differ in what they accept. */
export interface KeyPrefixRules {
  /** Longest accepted prefix after normalisation, trailing `/` included. */
  readonly maxLength: number;
  /** Whether the empty prefix (bucket root) is accepted. @default false */
  readonly allowEmpty?: boolean;
  /** Extra pattern the normalised prefix must match, with a sentence describing it for the error. */
  readonly pattern?: { readonly regex: RegExp; readonly description: string };
}

/**
 * Normalises an object-key prefix: no leading `/`, exactly one trailing `/` (so `logs` and `/logs/` both become
 * `logs/`), and rejects what would put logs somewhere unexpected: whitespace, control characters, `..` or `.`
 * segments, empty segments (`a//b`), and prefixes over the length limit. Tokens pass through unchanged, since their
 * value is only known at plan time.
 *
 * @returns the normalised prefix; `""` only when `rules.allowEmpty` and the input was empty or `/`
 */
export function normalizeKeyPrefix(scope: IConstruct, prop: string, value: string, rules: KeyPrefixRules): string {
  if (typeof value !== "string") invalidProp(scope, prop, value, "is not a string", "give the prefix as a string such as 'access-logs/'");
  if (Token.isUnresolved(value)) return value;
  if (/\s/.test(value) || /[\u0000-\u001f\u007f]/.test(value)) {
    invalidProp(scope, prop, value, "contains whitespace or control characters", "use letters, digits, '-', '_', '.' and '/' only");
  }
  const trimmed = value.replace(/^\/+/, "").replace(/\/+$/, "");
  if (trimmed === "") {
    if (rules.allowEmpty) return "";
    invalidProp(scope, prop, value, "is empty", "give a non-empty prefix such as 'access-logs/'");
  }
  const segments = trimmed.split("/");
  if (segments.some((segment) => segment === "")) {
    invalidProp(scope, prop, value, "has an empty path segment ('//')", "remove the doubled '/'");
  }
  if (segments.some((segment) => segment === "." || segment === "..")) {
    invalidProp(scope, prop, value, "has a '.' or '..' segment", "use a plain path such as 'logs/app/'");
  }
  const normalized = `${trimmed}/`;
  if (normalized.length > rules.maxLength) {
    invalidProp(scope, prop, value, `is ${normalized.length} characters long after normalisation, more than ${rules.maxLength}`, "shorten the prefix");
  }
  if (rules.pattern && !rules.pattern.regex.test(normalized)) {
    invalidProp(scope, prop, value, `does not match the rule: ${rules.pattern.description}`, "choose a prefix that follows the rule");
  }
  return normalized;
}
