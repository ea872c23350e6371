import { Annotations, TerraformResource, TerraformStack, Token } from "cdktf";
import { IConstruct } from "constructs";
import { BaiducloudProvider } from "../../.gen/providers/baiducloud/provider";
import { invalidProp, PropValidationError } from "../shared/errors";

/**
 * BOS regions whose endpoints Baidu documents ("Get access domain name": `<region>.bcebos.com`): Beijing, Baoding,
 * Suzhou, Guangzhou, Hong Kong, and the financial-cloud regions Wuhan and Shanghai. Baidu adds regions over time, so a
 * well-formed code missing here (2 to 4 lower-case letters) is accepted with a warning rather than rejected.
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
    invalidProp(
      scope,
      prop,
      region,
      "is a token",
      `give the region code literally (one of ${BOS_REGIONS.join(", ")}) so the same-region rule can be checked at synth`,
    );
  }
  if (!BOS_REGION_PATTERN.test(region)) {
    invalidProp(
      scope,
      prop,
      region,
      "is not a Baidu region code",
      `use a short code such as ${BOS_REGIONS.join(", ")} (the first label of the BOS endpoint <region>.bcebos.com)`,
    );
  }
  if (!BOS_REGIONS.includes(region)) {
    Annotations.of(scope).addWarning(
      `${prop} "${region}" is not one of the BOS regions this library knows (${BOS_REGIONS.join(", ")}); check that ${region}.bcebos.com exists.`,
    );
  }
}

/**
 * The provider a resource is deployed with: its explicit provider, else the stack's baiducloud provider without alias.
 */
function baiducloudProviderOf(resource: TerraformResource): BaiducloudProvider | undefined {
  if (resource.provider instanceof BaiducloudProvider) return resource.provider;
  if (resource.provider) return undefined;
  const stack = TerraformStack.of(resource);
  return stack.node
    .findAll()
    .find((node): node is BaiducloudProvider => node instanceof BaiducloudProvider && node.aliasInput === undefined);
}

/**
 * Adds a synth-time check that the provider `resource` deploys with is configured for `region` (when the provider's
 * region is a literal). BOS creates a bucket in the provider's region, so a mismatch would put the bucket, and its
 * logs, somewhere other than the construct claims.
 */
export function addProviderRegionCheck(
  errorScope: IConstruct,
  resource: TerraformResource,
  prop: string,
  region: string,
): void {
  errorScope.node.addValidation({
    validate: () => {
      const provider = baiducloudProviderOf(resource);
      const providerRegion = provider?.regionInput;
      if (providerRegion === undefined || Token.isUnresolved(providerRegion) || providerRegion === region) return [];
      return [
        new PropValidationError(
          errorScope.node.path,
          prop,
          region,
          `differs from the region "${providerRegion}" of the baiducloud provider ${provider!.node.path} that creates the bucket`,
          `set ${prop} to "${providerRegion}", or pass a provider configured for "${region}"`,
        ).message,
      ];
    },
  });
}
