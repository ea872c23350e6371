/**
 * What the project vendors of each provider's schema: one place, read by the generator, the refresh script and the
 * facts comparison. Versions here must agree with cdktf.json (a test checks that).
 */
import * as path from "path";

export interface VendoredProvider {
  /** Local name, also the folder under .gen/providers. */
  readonly name: string;
  /** Registry source as written in cdktf.json and required_providers. */
  readonly source: string;
  /** The exact provider release the schema describes. */
  readonly version: string;
  /** Resource types kept when trimming. */
  readonly resources: readonly string[];
  /** Data source types kept when trimming (without the `data.` prefix). */
  readonly dataSources: readonly string[];
}

export const REPO_ROOT = path.resolve(__dirname, "..");
export const SCHEMA_DIR = path.join(REPO_ROOT, "schemas");

export const VENDORED_PROVIDERS: readonly VendoredProvider[] = [
  {
    name: "tencentcloud",
    source: "tencentcloudstack/tencentcloud",
    version: "1.83.25",
    resources: [
      "tencentcloud_cos_bucket",
      "tencentcloud_cos_bucket_policy",
      "tencentcloud_cam_role",
      "tencentcloud_cam_policy",
      "tencentcloud_cam_role_policy_attachment",
      "tencentcloud_cam_role_policy_attachment_by_name",
      "tencentcloud_scf_function",
      "tencentcloud_scf_namespace",
      "tencentcloud_scf_trigger",
      "tencentcloud_cls_logset",
      "tencentcloud_cls_topic",
      "tencentcloud_cls_cos_shipper",
      "tencentcloud_monitor_alarm_policy",
    ],
    dataSources: ["tencentcloud_user_info", "tencentcloud_cam_policies", "tencentcloud_cam_roles"],
  },
  {
    name: "baiducloud",
    source: "baidubce/baiducloud",
    version: "1.23.5",
    resources: ["baiducloud_bos_bucket", "baiducloud_bos_bucket_object"],
    dataSources: [],
  },
];

/** `registry.terraform.io/<namespace>/<name>`, the key Terraform uses in `provider_schemas`. */
export function fullyQualifiedName(provider: VendoredProvider): string {
  return `registry.terraform.io/${provider.source}`;
}

/** Path of a provider's vendored schema file. */
export function schemaFile(provider: VendoredProvider): string {
  return path.join(SCHEMA_DIR, `${provider.name}.json`);
}
