import * as fs from "fs";
import * as path from "path";
import { TerraformVariable } from "cdktf";
import { BaiducloudProvider } from "../../.gen/providers/baiducloud/provider";
import { BosBucket } from "../../.gen/providers/baiducloud/bos-bucket";
import { BosBucketObject } from "../../.gen/providers/baiducloud/bos-bucket-object";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import { CamPolicy } from "../../.gen/providers/tencentcloud/cam-policy";
import { CamRole } from "../../.gen/providers/tencentcloud/cam-role";
import { CamRolePolicyAttachment } from "../../.gen/providers/tencentcloud/cam-role-policy-attachment";
import { CamRolePolicyAttachmentByName } from "../../.gen/providers/tencentcloud/cam-role-policy-attachment-by-name";
import { ClsCosShipper } from "../../.gen/providers/tencentcloud/cls-cos-shipper";
import { ClsLogset } from "../../.gen/providers/tencentcloud/cls-logset";
import { ClsTopic } from "../../.gen/providers/tencentcloud/cls-topic";
import { CosBucket } from "../../.gen/providers/tencentcloud/cos-bucket";
import { CosBucketPolicy } from "../../.gen/providers/tencentcloud/cos-bucket-policy";
import { DataTencentcloudCamPolicies } from "../../.gen/providers/tencentcloud/data-tencentcloud-cam-policies";
import { DataTencentcloudCamRoles } from "../../.gen/providers/tencentcloud/data-tencentcloud-cam-roles";
import { DataTencentcloudUserInfo } from "../../.gen/providers/tencentcloud/data-tencentcloud-user-info";
import { MonitorAlarmPolicy } from "../../.gen/providers/tencentcloud/monitor-alarm-policy";
import { ScfFunction } from "../../.gen/providers/tencentcloud/scf-function";
import { ScfNamespace } from "../../.gen/providers/tencentcloud/scf-namespace";
import { ScfTrigger } from "../../.gen/providers/tencentcloud/scf-trigger";
import { loadVendoredSchemas } from "../../lib";
import { newStack, synthChecked } from "../helpers";

// cdktf.json is the single place that pins provider versions for `cdktf get`; the vendored schemas must agree.
const cdktfJson = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "cdktf.json"), "utf8")) as {
  terraformProviders: string[];
};

describe("generated bindings for every vendored type", () => {
  function synthesizeOneOfEach() {
    const { stack } = newStack();
    new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
    const accessKey = new TerraformVariable(stack, "baidu_access_key", { type: "string", sensitive: true });
    const secretKey = new TerraformVariable(stack, "baidu_secret_key", { type: "string", sensitive: true });
    new BaiducloudProvider(stack, "baiducloud", {
      region: "bj",
      accessKey: accessKey.stringValue,
      secretKey: secretKey.stringValue,
    });

    const me = new DataTencentcloudUserInfo(stack, "me", {});
    new DataTencentcloudCamPolicies(stack, "preset", { name: "QcloudCOSAccessForCLSRole" });
    new DataTencentcloudCamRoles(stack, "roles", { name: "CLS_QcsRole" });
    const bucket = new CosBucket(stack, "bucket", { bucket: `logs-${me.appId}` });
    new CosBucketPolicy(stack, "policy", { bucket: bucket.bucket, policy: "{}" });
    const role = new CamRole(stack, "role", { name: "r", document: "{}" });
    const camPolicy = new CamPolicy(stack, "cam_policy", { name: "p", document: "{}" });
    new CamRolePolicyAttachment(stack, "attach", { roleId: role.id, policyId: camPolicy.id });
    new CamRolePolicyAttachmentByName(stack, "attach_by_name", { roleName: role.name, policyName: camPolicy.name });
    const fn = new ScfFunction(stack, "fn", { name: "fn" });
    new ScfNamespace(stack, "ns", { namespace: "ns" });
    new ScfTrigger(stack, "trigger", { functionName: fn.name, namespace: "default", type: "timer" });
    const logset = new ClsLogset(stack, "logset", { logsetName: "ls" });
    const topic = new ClsTopic(stack, "topic", { logsetId: logset.id, topicName: "t" });
    new ClsCosShipper(stack, "shipper", { bucket: bucket.bucket, prefix: "p/", shipperName: "s", topicId: topic.id });
    new MonitorAlarmPolicy(stack, "alarm", { policyName: "p", monitorType: "MT_QCE", namespace: "scf_v2" });
    new BosBucket(stack, "bos", { bucket: "bos-logs" });
    new BosBucketObject(stack, "bos_object", { bucket: "bos-logs", key: "k", content: "hello" });
    return synthChecked(stack);
  }

  test("one of each, with its required fields, passes schema conformance", () => {
    const synth = synthesizeOneOfEach();
    const declared = [
      ...Object.keys(synth.resource ?? {}),
      ...Object.keys(synth.data ?? {}).map((type) => `data.${type}`),
    ].sort();
    const vendored = loadVendoredSchemas()
      .flatMap((doc) => Object.values(doc.provider_schemas))
      .flatMap((entry) => [
        ...Object.keys(entry.resource_schemas ?? {}),
        ...Object.keys(entry.data_source_schemas ?? {}).map((type) => `data.${type}`),
      ])
      .sort();
    // If a type is vendored, it is exercised here.
    expect(declared).toEqual(vendored);
  });

  test("required_providers carries source and version for both providers", () => {
    const synth = synthesizeOneOfEach();
    expect(synth.terraform?.required_providers).toEqual({
      tencentcloud: { source: "tencentcloudstack/tencentcloud", version: "1.83.25" },
      baiducloud: { source: "baidubce/baiducloud", version: "1.23.5" },
    });
  });

  test("cdktf.json pins the same versions the schemas describe", () => {
    const pinned = cdktfJson.terraformProviders.map((entry) => entry.replace(/\s/g, "")).sort();
    const described = loadVendoredSchemas()
      .flatMap((doc) => Object.entries(doc.provider_versions ?? {}))
      .map(([fqpn, version]) => `${fqpn.replace("registry.terraform.io/", "")}@${version}`)
      .sort();
    expect(pinned).toEqual(described);
  });
});
