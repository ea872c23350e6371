import { createHash } from "crypto";
import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidProp } from "../shared/errors";
import { normalizeKeyPrefix } from "../shared/key-prefix";
import { lifecyclePrefixCovers } from "../shared/lifecycle-coverage";

/**
 * BOS's rule for a logging `targetPrefix`, from Baidu's PutBucketLogging API page: it starts with a letter, holds only
 * letters, digits, `-`, `_` and `/`, and is at most 32 characters long. Kept in one constant so a correction is
 * one edit; every error about a prefix quotes `description`.
 */
export const BOS_LOG_PREFIX_RULE = {
  maxLength: 32,
  pattern: /^[A-Za-z][A-Za-z0-9_\-/]*$/,
  description: "BOS targetPrefix starts with a letter and holds only letters, digits, '-', '_' and '/', at most 32 characters (Baidu PutBucketLogging)",
} as const;

/** The root under which sources' log prefixes are derived when nothing else is said. */
export const DEFAULT_BOS_LOG_PREFIX_ROOT = "logs/";

/** Length of the hash that keeps shortened per-source prefixes apart. */
const HASH_LENGTH = 6;

/**
 * Longest root prefix under which per-source prefixes can still be derived: room must remain for at least one
 * character of the source name, `-`, the hash and the trailing `/`.
 */
export const BOS_LOG_PREFIX_ROOT_MAX_LENGTH = BOS_LOG_PREFIX_RULE.maxLength - (1 + 1 + HASH_LENGTH + 1);

/**
 * Normalises a logging prefix (no leading `/`, one trailing `/`) and checks it against {@link BOS_LOG_PREFIX_RULE}.
 * The prefix must be a literal and non-empty: logs written at the bucket root cannot be told apart from other
 * objects, so no retention rule could delete them without risking other data.
 */
export function normalizeBosLogPrefix(scope: IConstruct, prop: string, value: string): string {
  if (Token.isUnresolved(value)) {
    invalidProp(scope, prop, value, "is a token", "give the prefix literally, e.g. 'logs/my-bucket/', so retention coverage can be checked at synth");
  }
  return normalizeKeyPrefix(scope, prop, value, {
    maxLength: BOS_LOG_PREFIX_RULE.maxLength,
    pattern: { regex: BOS_LOG_PREFIX_RULE.pattern, description: BOS_LOG_PREFIX_RULE.description },
  });
}

/**
 * The prefix a source bucket's logs get by default: `<root><sourceBucketName>/`, so one log bucket serves many sources
 * and each source's logs sit in their own folder. When that is longer than BOS allows, the name part is shortened and
 * a short hash of the full name appended (`logs/a-very-long-source-bu-3f9a1c/`), which keeps sources apart.
 *
 * @param root normalised root prefix, e.g. `logs/`, at most {@link BOS_LOG_PREFIX_ROOT_MAX_LENGTH} characters
 * @param sourceBucketName literal source bucket name
 */
export function deriveBosLogPrefix(root: string, sourceBucketName: string): string {
  const full = `${root}${sourceBucketName}/`;
  if (full.length <= BOS_LOG_PREFIX_RULE.maxLength) return full;
  if (root.length > BOS_LOG_PREFIX_ROOT_MAX_LENGTH) {
    throw new RangeError(`root prefix "${root}" is longer than ${BOS_LOG_PREFIX_ROOT_MAX_LENGTH} characters: no room for per-source folders`);
  }
  const room = BOS_LOG_PREFIX_RULE.maxLength - root.length - 1 - HASH_LENGTH - 1;
  const hash = createHash("sha256").update(sourceBucketName).digest("hex").slice(0, HASH_LENGTH);
  const shortened = sourceBucketName.slice(0, room).replace(/-+$/, "");
  return `${root}${shortened}-${hash}/`;
}

/** Whether `prefix` lies under `root` (both normalised, ending in `/`), so a retention rule for `root` covers it. */
export function isUnderBosLogPrefix(prefix: string, root: string): boolean {
  return lifecyclePrefixCovers(root, prefix);
}
