// Checks that a CdnLogBackup will do what it is set up for: its runs leave no hour uncopied, its backups fall under
// the log bucket's retention, its policy and environment fit SCF's and CAM's limits, and its region runs SCF.
import { Annotations, TerraformProvider, TerraformStack, Token } from "cdktf";
import { IConstruct } from "constructs";
import { ScfFunction } from "../../../.gen/providers/tencentcloud/scf-function";
import { invalidProp, PropValidationError } from "../../shared/errors";
import { lifecyclePrefixCovers } from "../../shared/lifecycle-coverage";
import { CamPolicyDocument } from "../cam/policy-document";
import { ICosBucketRef } from "../cos/bucket-name";
import { logRootOf } from "../cos/bucket-internal";
import { SCF_REGIONS } from "../cos/regions";
import { ScfCron } from "../scf/cron";
import { CDN_LOG_MAX_LOOKBACK_HOURS, CdnResourceScope } from "./log-backup-props";

/** CDN keeps appending to an hourly package for up to about this long. */
const CDN_PACKAGE_GROWTH_HOURS = 24;

// SCF limits the environment of a function to 4 KB in all; CAM limits a policy document to 6144 characters.
const SCF_ENVIRONMENT_LIMIT_BYTES = 4096;
const CAM_POLICY_DOCUMENT_LIMIT = 6144;

/** A log bucket expires only objects under its own log prefix; backups elsewhere would be kept forever. */
export function checkRetentionCovers(scope: IConstruct, bucket: ICosBucketRef, prefix: string): void {
  const logPrefix = logRootOf(bucket);
  if (logPrefix === undefined || logPrefix === "" || Token.isUnresolved(logPrefix) || Token.isUnresolved(prefix))
    return;
  if (!lifecyclePrefixCovers(logPrefix, prefix)) {
    Annotations.of(scope).addWarning(
      `destinationPrefix '${prefix}' is outside the log bucket's prefix '${logPrefix}', so its retention rule does not apply to the backups; ` +
        `use a destinationPrefix under '${logPrefix}' (e.g. '${logPrefix}cdn/') to have them expire with the other logs.`,
    );
  }
}

/** Runs must leave no hours uncopied: the lookback has to span the longest gap between runs. */
export function checkCoverage(scope: IConstruct, cron: ScfCron, lookbackHours: number, timeoutSeconds: number): void {
  const lookbackSeconds = lookbackHours * 3600;
  const longestGap = cron.maxIntervalSeconds();
  if (Number.isFinite(longestGap) && longestGap > lookbackSeconds) {
    invalidProp(
      scope,
      "lookbackHours",
      lookbackHours,
      `is shorter than the longest gap between runs of the schedule '${cron.expression}' (${formatHours(longestGap)}), so logs of the hours in between would never be copied`,
      longestGap > CDN_LOG_MAX_LOOKBACK_HOURS * 3600
        ? "run the backup at least every 30 days (CDN keeps logs for 30 days)"
        : `set lookbackHours to at least ${Math.ceil(longestGap / 3600) + CDN_PACKAGE_GROWTH_HOURS}, or run more often`,
    );
  }
  if (Number.isFinite(longestGap) && longestGap + CDN_PACKAGE_GROWTH_HOURS * 3600 > lookbackSeconds) {
    Annotations.of(scope).addWarning(
      `lookbackHours ${lookbackHours} covers the ${formatHours(longestGap)} between runs but not the ~${CDN_PACKAGE_GROWTH_HOURS} h during which CDN keeps appending to a package; ` +
        `lines appended after a package was copied may be missed. Set lookbackHours to at least ${Math.ceil(longestGap / 3600) + CDN_PACKAGE_GROWTH_HOURS}.`,
    );
  }
  const shortestGap = cron.minIntervalSeconds();
  if (Number.isFinite(shortestGap) && shortestGap < timeoutSeconds) {
    Annotations.of(scope).addWarning(
      `the schedule '${cron.expression}' can start a run ${formatHours(shortestGap)} after the previous one, before its ${timeoutSeconds} s timeout; overlapping runs copy the same packages twice.`,
    );
  }
}

/** Warns when the execution role's policy would be longer than CAM accepts. */
export function checkPolicySize(scope: IConstruct, policy: CamPolicyDocument, resourceScope: CdnResourceScope): void {
  // Tokens render longer than their values (an appid is 10 digits, an owner uin at most 13), so this over-estimates.
  const length = policy.toJsonString().length;
  if (length > CAM_POLICY_DOCUMENT_LIMIT) {
    Annotations.of(scope).addWarning(
      `the execution role's policy is about ${length} characters, more than CAM's ${CAM_POLICY_DOCUMENT_LIMIT}; ` +
        (resourceScope === "domains"
          ? "set cdnResourceScope: 'all-domains' or split the domains over several backups."
          : "split the domains over several backups."),
    );
  }
}

/** Fails when the function's environment (mostly the domain list) is larger than SCF accepts. */
export function checkEnvironmentSize(scope: IConstruct, environment: { [key: string]: string }): void {
  const bytes = Object.entries(environment).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );
  if (bytes > SCF_ENVIRONMENT_LIMIT_BYTES) {
    invalidProp(
      scope,
      "domains",
      `${environment.BACKUP_DOMAINS.split(",").length} domains`,
      `make the function's environment ${bytes} bytes, more than SCF's ${SCF_ENVIRONMENT_LIMIT_BYTES}`,
      "split the domains over several CdnLogBackup constructs",
    );
  }
}

/** The function's provider must be configured for a region where SCF runs functions (when its region is a literal). */
export function scfRegionErrors(scope: IConstruct, fn: ScfFunction): string[] {
  const provider =
    fn.provider ??
    TerraformStack.of(fn)
      .node.findAll()
      .find(
        (node): node is TerraformProvider =>
          TerraformProvider.isTerraformProvider(node) &&
          node.terraformResourceType === "tencentcloud" &&
          (node as unknown as { aliasInput?: unknown }).aliasInput === undefined,
      );
  const region = (provider as unknown as { readonly regionInput?: unknown } | undefined)?.regionInput;
  if (
    provider === undefined ||
    typeof region !== "string" ||
    Token.isUnresolved(region) ||
    SCF_REGIONS.includes(region)
  )
    return [];
  return [
    new PropValidationError(
      scope.node.path,
      "provider region",
      region,
      `(of the tencentcloud provider ${provider.node.path} the function is created with) is not a region where SCF runs functions`,
      `configure the provider for one of ${SCF_REGIONS.join(", ")}`,
    ).message,
  ];
}

function formatHours(seconds: number): string {
  const hours = seconds / 3600;
  return Number.isInteger(hours) ? `${hours} h` : `${hours.toFixed(2)} h`;
}
