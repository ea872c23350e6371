import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { BosBucket } from "../.gen/providers/baiducloud/bos-bucket";
import { BaiducloudProvider } from "../.gen/providers/baiducloud/provider";
import { baiduCloudCredentialVariables, BosAccessLoggedBucket, BosLogBucket, enableBosAccessLogging } from "../lib";

/**
 * BOS access logging in Beijing: one private, encrypted log bucket that moves logs to COLD storage after 30 days and
 * deletes them after 180, a new bucket logged into it, and an existing bucket definition with logging switched on.
 *
 * Credentials come from sensitive Terraform variables: export TF_VAR_baiducloud_access_key and
 * TF_VAR_baiducloud_secret_key before `cdktf deploy`; they never appear in cdk.tf.json.
 */
export function bosAccessLoggingExample(app: App): TerraformStack {
  const stack = new TerraformStack(app, "bos-access-logging");
  // Terraform resolves a relative state path in the stack's working directory, cdktf.out/stacks/<stack>/: this one is
  // the project root, so the state survives `rm -rf cdktf.out`, and the JSON holds no machine path (cdktf's default
  // is absolute). Teams keep state remotely: swap in the backend they use.
  new LocalBackend(stack, { path: "../../../terraform.bos-access-logging.tfstate" });
  const credentials = baiduCloudCredentialVariables(stack);
  new BaiducloudProvider(stack, "baiducloud", {
    region: "bj",
    accessKey: credentials.accessKey,
    secretKey: credentials.secretKey,
  });

  const accessLogs = new BosLogBucket(stack, "AccessLogs", {
    bucketName: "example-bos-access-logs",
    region: "bj",
    retentionDays: 180,
    transition: { storageClass: "COLD", afterDays: 30 },
  });

  const site = new BosAccessLoggedBucket(stack, "SiteAssets", {
    bucketName: "example-site-assets",
    region: "bj",
    logBucket: accessLogs,
  });

  // A bucket the stack already defined with the generated binding: only its logging is added.
  const uploads = new BosBucket(stack, "Uploads", {
    bucket: "example-user-uploads",
    acl: "private",
    serverSideEncryptionRule: "AES256",
  });
  const uploadsLogging = enableBosAccessLogging(uploads, { region: "bj", logBucket: accessLogs });

  new TerraformOutput(stack, "site_log_object_key_prefix", { value: site.logObjectKeyPrefix });
  new TerraformOutput(stack, "uploads_log_object_key_prefix", { value: uploadsLogging.logObjectKeyPrefix });
  return stack;
}
