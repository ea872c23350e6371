import { IConstruct } from "constructs";
import { invalidProp } from "./errors";
import { isToken } from "./literals";

/** What a cloud accepts as resource tags. */
export interface TagRule {
  /** The cloud's name, for messages, e.g. `Tencent Cloud`. */
  readonly cloud: string;
  /** Longest tag key, in characters. */
  readonly maxKeyLength: number;
  /** Longest tag value, in characters (values may be empty). */
  readonly maxValueLength: number;
  /** Most tags one resource may carry. */
  readonly maxTags: number;
  /** Characters a key or value may hold (tested on the whole text). */
  readonly characters: RegExp;
  /** The characters in words, for messages. */
  readonly charactersDescription: string;
  /** Key prefixes the cloud reserves for itself (compared case-insensitively). */
  readonly reservedKeyPrefixes: readonly string[];
  /** Where the rule comes from. */
  readonly source: string;
}

/**
 * Tencent Cloud's tag rule, used by every Tencent construct of this library (COS buckets, CAM roles and policies, SCF
 * functions). From Tencent's tag documentation ("Tag restrictions") and COS "Bucket tags": keys 1 to 127 and values
 * 0 to 255 UTF-8 characters of letters, digits, spaces and `+ - = . _ : / @`; keys starting with `qcloud`, `tencent`,
 * `project` or `qcs:` are reserved; at most 50 tags per resource.
 */
export const TENCENT_TAG_RULE: TagRule = {
  cloud: "Tencent Cloud",
  maxKeyLength: 127,
  maxValueLength: 255,
  maxTags: 50,
  characters: /^[\p{L}\p{N} +\-=._:/@]*$/u,
  charactersDescription: "letters, digits, spaces and '+ - = . _ : / @'",
  reservedKeyPrefixes: ["qcloud", "tencent", "project", "qcs:"],
  source: "Tencent Cloud tag restrictions",
};

/**
 * Baidu AI Cloud's tag rule, used for BOS buckets. From the BCE Tag service API reference (appendix "Tag"): keys 1 to
 * 65 and values 0 to 65 characters of letters (Chinese included), digits and `- _ / .` and spaces; at most 10 tags per
 * resource. The baiducloud provider validates nothing and cannot update tags (changing them replaces the bucket), so a
 * bad tag would otherwise surface only as a failed apply.
 */
export const BAIDU_TAG_RULE: TagRule = {
  cloud: "Baidu AI Cloud",
  maxKeyLength: 65,
  maxValueLength: 65,
  maxTags: 10,
  characters: /^[\p{L}\p{N} \-_/.]*$/u,
  charactersDescription: "letters (Chinese included), digits, spaces and '- _ / .'",
  reservedKeyPrefixes: [],
  source: "BCE Tag service rules",
};

/**
 * Checks a tag map against `rule`: a plain object of string values, keys literal, keys and literal values within the
 * cloud's lengths and characters, no reserved key prefix, not too many tags. Token values pass (the cloud checks them).
 *
 * @returns a copy of the tags, or undefined when none were given
 */
export function validateTags(
  scope: IConstruct | string,
  prop: string,
  tags: { readonly [key: string]: string } | undefined,
  rule: TagRule,
): { [key: string]: string } | undefined {
  if (tags === undefined) return undefined;
  if (tags === null || typeof tags !== "object" || Array.isArray(tags) || isToken(tags)) {
    invalidProp(scope, prop, tags, "is not a map of tag keys to values", "give an object such as { team: 'platform' }");
  }
  const entries = Object.entries(tags);
  if (entries.length > rule.maxTags) {
    invalidProp(
      scope,
      prop,
      `${entries.length} tags`,
      `are more than the ${rule.maxTags} ${rule.cloud} allows on one resource`,
      `keep at most ${rule.maxTags} tags`,
    );
  }
  for (const [key, value] of entries) {
    if (isToken(key)) {
      invalidProp(
        scope,
        prop,
        key,
        "must be a literal, but it is a token known only at plan time",
        "write the tag key literally",
      );
    }
    if (key.length < 1 || key.length > rule.maxKeyLength) {
      invalidProp(
        scope,
        prop,
        key,
        `is ${key.length} characters; ${rule.cloud} tag keys are 1 to ${rule.maxKeyLength}`,
        `use a key of 1 to ${rule.maxKeyLength} characters`,
      );
    }
    const reserved = rule.reservedKeyPrefixes.find((prefix) => key.toLowerCase().startsWith(prefix));
    if (reserved !== undefined) {
      invalidProp(
        scope,
        prop,
        key,
        `starts with '${reserved}', a prefix ${rule.cloud} reserves (${rule.reservedKeyPrefixes.join(", ")})`,
        "choose a key without a reserved prefix",
      );
    }
    checkTagCharacters(scope, prop, key, rule);
    const where = `${prop}.${key}`;
    if (typeof value !== "string") {
      invalidProp(scope, where, value, "is not a string", "give the tag value as a string");
    }
    // A value known only at plan time (a variable, say) is fine in Terraform; its rules are checked by the cloud.
    if (isToken(value)) continue;
    if (value.length > rule.maxValueLength) {
      invalidProp(
        scope,
        where,
        value,
        `is ${value.length} characters, more than the ${rule.maxValueLength} ${rule.cloud} allows in a tag value`,
        "shorten the tag value",
      );
    }
    checkTagCharacters(scope, where, value, rule);
  }
  return { ...tags };
}

/** Rejects a tag key or value with characters the cloud does not allow in tags. */
function checkTagCharacters(scope: IConstruct | string, prop: string, text: string, rule: TagRule): void {
  if (!rule.characters.test(text)) {
    invalidProp(
      scope,
      prop,
      text,
      `has characters ${rule.cloud} tags do not allow`,
      `use only ${rule.charactersDescription}`,
    );
  }
}
