/** Expectations shared by the BOS construct tests. */
import { BosBucket } from "../../.gen/providers/baiducloud/bos-bucket";

/**
 * Expects the synthesized stack (`Testing.synth`) to hold the BOS bucket `bucket` with the settings every bucket this
 * library creates has by default (private, AES256 server-side encryption, no force destroy), and with `more`.
 */
export function expectSecureBosBucket(synthesized: string, bucket: string, more: { [key: string]: unknown } = {}) {
  expect(synthesized).toHaveResourceWithProperties(BosBucket, {
    bucket,
    acl: "private",
    server_side_encryption_rule: "AES256",
    force_destroy: false,
    ...more,
  });
}
