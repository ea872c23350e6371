// Synth outputs for the verify CLI tests, written with the review tests' helpers.
import { unloggedBucket } from "../review/synth-json";
export { removeSynthOutputs, writeSynthOutput } from "../review/synth-output";

/** A stack with one COS bucket that logs nowhere: no delivery to verify. */
export function unloggedBucketStack(): object {
  return {
    provider: { tencentcloud: [{ region: "ap-guangzhou" }] },
    resource: { tencentcloud_cos_bucket: { plain: unloggedBucket("plain-1250000000") } },
  };
}
