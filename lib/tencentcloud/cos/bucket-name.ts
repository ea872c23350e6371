import { ITerraformDependable, Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidProp } from "../../shared/errors";
import { requireString } from "../../shared/literals";
import type { ICosBucketAddress } from "../cam/qcs";

/** The provider's bucket name rule: lower-case name, `-`, 10-digit appid; 1 to 60 characters in all. */
export const COS_BUCKET_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?-[0-9]{10}$/;
/** The longest full bucket name the provider accepts (name + `-` + appid). */
export const COS_BUCKET_NAME_MAX_LENGTH = 60;
/** Appid: the 10-digit account number every bucket name ends with. */
export const COS_APPID_PATTERN = /^[0-9]{10}$/;

/** A reference to a COS bucket: enough to deliver logs into it and to grant access to it. */
export interface ICosBucketRef extends ICosBucketAddress {
  /** Full bucket name including the `-<appid>` suffix. May be a token. */
  readonly bucketName: string;
  /** Region code, e.g. `ap-guangzhou`. Must be a literal: region rules are checked at synth. */
  readonly region: string;
  /** The account appid the bucket belongs to. May be a token. */
  readonly appId: string;
  /**
   * The resource that creates the bucket, when it is declared in the same stack. Bucket names are plain strings, not
   * references, so whatever writes into the bucket `depends_on` this to be created after it.
   * @default - the bucket is managed elsewhere
   */
  readonly dependable?: ITerraformDependable;
}

/** Splits `logs-1250000000` into `{ shortName: "logs", appId: "1250000000" }`; undefined if it has no appid suffix. */
export function splitCosBucketName(bucketName: string): { shortName: string; appId: string } | undefined {
  const match = /^(.*)-([0-9]{10})$/.exec(bucketName);
  return match ? { shortName: match[1], appId: match[2] } : undefined;
}

/**
 * Checks a full bucket name (with appid) against the provider's rule. Tokens, and names whose appid part is a token,
 * are checked as far as they are known.
 */
export function validateCosBucketName(scope: IConstruct, prop: string, bucketName: string): void {
  requireString(scope, prop, bucketName, "give the full bucket name with its appid, e.g. 'access-logs-1250000000'");
  if (!Token.isUnresolved(bucketName)) {
    if (bucketName.length > COS_BUCKET_NAME_MAX_LENGTH) {
      invalidProp(
        scope,
        prop,
        bucketName,
        `is ${bucketName.length} characters, more than ${COS_BUCKET_NAME_MAX_LENGTH}`,
        "shorten the name part; the '-<appid>' suffix counts",
      );
    }
    if (!COS_BUCKET_NAME_PATTERN.test(bucketName)) {
      invalidProp(
        scope,
        prop,
        bucketName,
        "is not a COS bucket name",
        "use lower-case letters, digits and '-', not starting or ending with '-', followed by '-<10-digit appid>', e.g. 'access-logs-1250000000'",
      );
    }
  }
}

/** Checks the short name part (without appid) when the appid is supplied separately; the appid adds 11 characters. */
export function validateCosShortName(scope: IConstruct, prop: string, shortName: string): void {
  requireString(scope, prop, shortName, "give the bucket name without appid, e.g. 'access-logs'");
  if (Token.isUnresolved(shortName)) return;
  if (/-[0-9]{10}$/.test(shortName)) {
    invalidProp(
      scope,
      prop,
      shortName,
      "already ends with an appid",
      "give either the full name (with appid) or the short name plus appId, not both",
    );
  }
  const maxShort = COS_BUCKET_NAME_MAX_LENGTH - 11;
  if (shortName.length < 1 || shortName.length > maxShort) {
    invalidProp(
      scope,
      prop,
      shortName,
      `is ${shortName.length} characters; with '-<appid>' the name must fit in ${COS_BUCKET_NAME_MAX_LENGTH}`,
      `use 1 to ${maxShort} characters`,
    );
  }
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(shortName)) {
    invalidProp(
      scope,
      prop,
      shortName,
      "is not a COS bucket name",
      "use lower-case letters, digits and '-', not starting or ending with '-'",
    );
  }
}

/** Checks a literal appid. */
export function validateAppId(scope: IConstruct, prop: string, appId: string): void {
  requireString(scope, prop, appId, "give the 10-digit appid as a string, e.g. '1250000000'");
  if (!Token.isUnresolved(appId) && !COS_APPID_PATTERN.test(appId)) {
    invalidProp(
      scope,
      prop,
      appId,
      "is not an appid",
      "use the 10-digit appid of the account (console: Account Info), or leave it unset to read it from data.tencentcloud_user_info",
    );
  }
}
