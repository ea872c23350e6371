import { IConstruct } from "constructs";
import { invalidProp } from "../shared/errors";
import { requireLiteral } from "../shared/literals";

/**
 * BOS regions, from Baidu's BOS documentation "Get access domain name" (Region and EndPoint, `<region>.bcebos.com`):
 * Beijing `bj`, Baoding `bd`, Suzhou `su`, Guangzhou `gz`, Hong Kong `hkg`, and the financial-cloud regions Wuhan `fwh`
 * and Shanghai `fsh`. A code missing here is rejected with this list; add a region Baidu opens here (one edit).
 */
export const BOS_REGIONS: readonly string[] = ["bj", "bd", "su", "gz", "hkg", "fwh", "fsh"];

/** Shape of a Baidu region code: 2 to 4 lower-case letters (`bj`, `hkg`, `fwh`). */
export const BOS_REGION_PATTERN = /^[a-z]{2,4}$/;

/**
 * Checks a region code: a literal (the same-region rule for log delivery is checked at synth) and one of
 * {@link BOS_REGIONS}.
 */
export function validateBosRegion(scope: IConstruct, prop: string, region: string): void {
  if (typeof region !== "string") {
    invalidProp(
      scope,
      prop,
      region,
      "is not a string",
      `give the region code as a string, one of ${BOS_REGIONS.join(", ")}`,
    );
  }
  requireLiteral(scope, prop, region, "'bj'", "the same-region rule can be checked at synth");
  if (!BOS_REGIONS.includes(region)) {
    invalidProp(
      scope,
      prop,
      region,
      "is not a BOS region",
      `use one of ${BOS_REGIONS.join(", ")} (the first label of the BOS endpoint <region>.bcebos.com)`,
    );
  }
}
