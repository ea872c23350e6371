import { ITerraformDependable, Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidProp } from "../shared/errors";
import { requireString } from "../shared/literals";

/**
 * BOS bucket name rules, in one place so a correction is a one-line change. From Baidu's BOS documentation
 * ("Create bucket"): lower-case letters, digits and `-` only; starts with a lower-case letter or digit. Baidu's pages
 * disagree on the shortest name (3 or 4 characters); we accept 3 and let BOS have the last word on 3-character names.
 * We also require the last character to be a letter or digit, which every Baidu page agrees is safe.
 */
export const BOS_BUCKET_NAME_RULES = {
  minLength: 3,
  maxLength: 63,
  pattern: /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/,
  description: "3 to 63 characters of lower-case letters, digits and '-', starting and ending with a letter or digit",
} as const;

/**
 * A reference to a BOS bucket: enough to deliver access logs into it. BOS delivers logs only within one region, so
 * the region is part of the reference.
 */
export interface IBosBucketRef {
  /** The bucket name. May be a token; names given literally are checked at synth. */
  readonly bucketName: string;
  /**
   * Region code of the bucket, e.g. `bj`, `gz`, `su`. Must be a literal: the same-region rule is checked at synth.
   */
  readonly region: string;
  /**
   * What a resource that needs the bucket to exist should depend on. Set when the bucket is created in this app;
   * undefined for imported buckets.
   */
  readonly dependable?: ITerraformDependable;
}

/** Checks a BOS bucket name against {@link BOS_BUCKET_NAME_RULES}. Tokens pass: their value is known only at plan time. */
export function validateBosBucketName(scope: IConstruct | string, prop: string, bucketName: string): void {
  requireString(scope, prop, bucketName, "give the bucket name as a string, e.g. 'my-app-access-logs'");
  if (Token.isUnresolved(bucketName)) return;
  const rules = BOS_BUCKET_NAME_RULES;
  if (bucketName.length < rules.minLength || bucketName.length > rules.maxLength) {
    invalidProp(
      scope,
      prop,
      bucketName,
      `is ${bucketName.length} characters long; BOS bucket names are ${rules.minLength} to ${rules.maxLength}`,
      "choose a name of 3 to 63 characters, e.g. 'my-app-access-logs'",
    );
  }
  if (!rules.pattern.test(bucketName)) {
    invalidProp(
      scope,
      prop,
      bucketName,
      `is not a BOS bucket name (${rules.description})`,
      "use lower-case letters, digits and '-' only, e.g. 'my-app-access-logs'",
    );
  }
}
