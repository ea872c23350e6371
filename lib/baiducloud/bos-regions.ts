import { Annotations, Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidProp } from "../shared/errors";

/**
 * BOS regions whose endpoints Baidu documents ("Get access domain name": `<region>.bcebos.com`): Beijing, Baoding,
 * Suzhou, Guangzhou, Hong Kong, and the financial-cloud regions Wuhan and Shanghai. Baidu adds regions over time, so a
 * well-formed code missing here (see {@link BOS_REGION_PATTERN}) is accepted with a warning rather than rejected.
 */
export const BOS_REGIONS: readonly string[] = ["bj", "bd", "su", "gz", "hkg", "fwh", "fsh"];

/** Shape of a Baidu region code: 2 to 4 lower-case letters (`bj`, `hkg`, `fwh`). */
export const BOS_REGION_PATTERN = /^[a-z]{2,4}$/;

/**
 * Checks a region code. It must be a literal (the same-region rule for log delivery is checked at synth) and look
 * like a Baidu region code; a well-formed code this library does not know gets a warning.
 */
export function validateBosRegion(scope: IConstruct, prop: string, region: string): void {
  if (Token.isUnresolved(region)) {
    invalidProp(scope, prop, region, "is a token", `give the region code literally (one of ${BOS_REGIONS.join(", ")}) so the same-region rule can be checked at synth`);
  }
  if (!BOS_REGION_PATTERN.test(region)) {
    invalidProp(scope, prop, region, "is not a Baidu region code", `use a short code such as ${BOS_REGIONS.join(", ")} (the first label of the BOS endpoint <region>.bcebos.com)`);
  }
  if (!BOS_REGIONS.includes(region)) {
    Annotations.of(scope).addWarning(
      `${prop} "${region}" is not one of the BOS regions this library knows (${BOS_REGIONS.join(", ")}); check that ${region}.bcebos.com exists.`,
    );
  }
}
