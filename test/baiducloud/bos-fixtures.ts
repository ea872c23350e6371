/** Expectations shared by the BOS construct tests. */
import { TerraformStack, Testing } from "cdktf";
import { BosBucket } from "../../.gen/providers/baiducloud/bos-bucket";

/**
 * Expects the stack to hold the BOS bucket `bucket` with the settings every bucket this library creates has by
 * default (private, AES256 server-side encryption, no force destroy), and with `more`.
 */
export function expectSecureBosBucket(stack: TerraformStack, bucket: string, more: { [key: string]: unknown } = {}) {
  expect(Testing.synth(stack)).toHaveResourceWithProperties(BosBucket, {
    bucket,
    acl: "private",
    server_side_encryption_rule: "AES256",
    force_destroy: false,
    ...more,
  });
}
