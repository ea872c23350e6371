/**
 * COS and CLS stack fixtures shared by the construct tests: one log bucket and sources logging into it, each built
 * the same way wherever a test needs them.
 */
import { TerraformStack } from "cdktf";
import { CosAccessLoggedBucket, CosLogBucket, CosLogBucketProps } from "../../lib";

/** The log bucket `Logs` (access-logs-1250000000 in ap-guangzhou), with `props` on top. */
export function cosLogBucket(stack: TerraformStack, props: Partial<CosLogBucketProps> = {}): CosLogBucket {
  return new CosLogBucket(stack, "Logs", { bucketName: "access-logs-1250000000", region: "ap-guangzhou", ...props });
}

/**
 * One source bucket per entry, id -> log prefix, each `<id in lower case>-1250000000` in ap-guangzhou logging into
 * `target`.
 */
export function cosSourcesWithPrefixes(
  stack: TerraformStack,
  target: CosLogBucket,
  prefixes: Record<string, string>,
): CosAccessLoggedBucket[] {
  return Object.entries(prefixes).map(
    ([id, logPrefix]) =>
      new CosAccessLoggedBucket(stack, id, {
        bucketName: `${id.toLowerCase()}-1250000000`,
        region: "ap-guangzhou",
        target,
        logPrefix,
      }),
  );
}
