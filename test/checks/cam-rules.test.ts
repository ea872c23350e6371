import { TerraformStack } from "cdktf";
import { CamPolicy } from "../../.gen/providers/tencentcloud/cam-policy";
import { CamRole } from "../../.gen/providers/tencentcloud/cam-role";
import { CamRolePolicyAttachment } from "../../.gen/providers/tencentcloud/cam-role-policy-attachment";
import { CamRolePolicyAttachmentByName } from "../../.gen/providers/tencentcloud/cam-role-policy-attachment-by-name";
import { DataTencentcloudCamPolicies } from "../../.gen/providers/tencentcloud/data-tencentcloud-cam-policies";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import { CheckFinding, runAccessLogChecks } from "../../lib/checks";
import { camAction, CamPolicyDocument, Qcs, TencentCloudAccount } from "../../lib/tencentcloud";
import { newStack, synthChecked } from "../helpers";

function findingsOf(stack: TerraformStack): CheckFinding[] {
  return runAccessLogChecks(synthChecked(stack));
}

function ids(findings: CheckFinding[]): string[] {
  return findings.map((f) => f.ruleId);
}

function base(): TerraformStack {
  const { stack } = newStack();
  new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
  return stack;
}

function policy(stack: TerraformStack, action: string[], resource: string[], id = "policy"): CamPolicy {
  return new CamPolicy(stack, id, {
    name: id,
    document: new CamPolicyDocument([{ effect: "allow", action, resource }]).toJsonString(),
  });
}

describe("CAM rules", () => {
  test("a scoped policy and a service-trusted role produce no finding", () => {
    const stack = base();
    const account = TencentCloudAccount.of(stack);
    const p = policy(
      stack,
      [camAction("cos", "PutObject")],
      [Qcs.cosObjects("ap-guangzhou", account.appId, `logs-${account.appId}`, "cdn/")],
    );
    const role = new CamRole(stack, "role", {
      name: "backup",
      document: CamPolicyDocument.trustService("scf.qcloud.com").toJsonString(),
    });
    new CamRolePolicyAttachment(stack, "attach", { roleId: role.id, policyId: p.id });
    expect(findingsOf(stack)).toEqual([]);
  });

  test.each([["*"], ["name/cos:*"], ["cos:*"]])("TC-CAM-1: wildcard action %s", (action) => {
    const stack = base();
    policy(stack, [action], ["qcs::cos:ap-guangzhou:uid/1250000000:logs-1250000000/*"]);
    const findings = findingsOf(stack);
    expect(ids(findings)).toEqual(["TC-CAM-1"]);
    expect(findings[0].detail).toBe(`tencentcloud_cam_policy.policy allows ${JSON.stringify(action)}`);
  });

  test("TC-CAM-1: a partial wildcard such as name/cos:Get* is allowed, and deny statements are not judged", () => {
    const stack = base();
    new CamPolicy(stack, "policy", {
      name: "policy",
      document: new CamPolicyDocument([
        {
          effect: "allow",
          action: ["name/cos:Get*"],
          resource: ["qcs::cos:ap-guangzhou:uid/1250000000:logs-1250000000/*"],
        },
        { effect: "deny", action: ["*"], resource: ["*"] },
      ]).toJsonString(),
    });
    expect(findingsOf(stack)).toEqual([]);
  });

  test.each([["*"], ["qcs::cos:ap-guangzhou:uid/1250000000:*"]])("TC-CAM-2: wildcard resource %s", (resource) => {
    const stack = base();
    policy(stack, [camAction("cos", "PutObject")], [resource]);
    expect(ids(findingsOf(stack))).toEqual(["TC-CAM-2"]);
  });

  test("TC-CAM-2: an allow statement without resource", () => {
    const stack = base();
    new CamPolicy(stack, "policy", {
      name: "p",
      document: JSON.stringify({ version: "2.0", statement: [{ effect: "allow", action: ["name/cos:PutObject"] }] }),
    });
    expect(ids(findingsOf(stack))).toEqual(["TC-CAM-2"]);
  });

  test.each([
    [{ service: ["*"] }, '"*"'],
    [{ service: ["*.qcloud.com"] }, '"*.qcloud.com"'],
    [{ qcs: ["qcs::cam::anyone:anyone"] }, '"qcs::cam::anyone:anyone"'],
  ])("TC-CAM-3: trust principal %j", (principal, shown) => {
    const stack = base();
    new CamRole(stack, "role", {
      name: "r",
      document: new CamPolicyDocument([
        { effect: "allow", action: [camAction("sts", "AssumeRole")], principal },
      ]).toJsonString(),
    });
    const findings = findingsOf(stack);
    expect(ids(findings)).toEqual(["TC-CAM-3"]);
    expect(findings[0].detail).toBe(`tencentcloud_cam_role.role trusts ${shown}`);
  });

  test('TC-CAM-3: principal "*" as a bare string', () => {
    const stack = base();
    new CamRole(stack, "role", {
      name: "r",
      document: '{"version":"2.0","statement":[{"effect":"allow","action":"name/sts:AssumeRole","principal":"*"}]}',
    });
    expect(ids(findingsOf(stack))).toEqual(["TC-CAM-3"]);
  });

  test("TC-CAM-4: a document that is not JSON; a whole-document expression is left to Terraform", () => {
    const stack = base();
    new CamPolicy(stack, "broken", { name: "b", document: "version: 2.0" });
    new CamPolicy(stack, "computed", { name: "c", document: "${jsonencode(var.policy)}" });
    const findings = findingsOf(stack);
    expect(ids(findings)).toEqual(["TC-CAM-4"]);
    expect(findings[0].address).toBe("tencentcloud_cam_policy.broken");
  });

  test("TC-CAM-5: broad preset policies, by name or through a policy lookup", () => {
    const stack = base();
    const role = new CamRole(stack, "role", {
      name: "r",
      document: CamPolicyDocument.trustService("scf.qcloud.com").toJsonString(),
    });
    new CamRolePolicyAttachmentByName(stack, "admin", { roleName: role.name, policyName: "AdministratorAccess" });
    const lookup = new DataTencentcloudCamPolicies(stack, "cosFull", { name: "QcloudCOSFullAccess", type: 2 });
    new CamRolePolicyAttachment(stack, "cos", {
      roleId: role.id,
      policyId: `\${${lookup.fqn}.policy_list[0].policy_id}`,
    });
    new CamRolePolicyAttachmentByName(stack, "narrow", {
      roleName: role.name,
      policyName: "QcloudCOSAccessForCLSRole",
    });
    const findings = findingsOf(stack);
    expect(findings.map((f) => [f.ruleId, f.level, f.address])).toEqual([
      ["TC-CAM-5", "warning", "tencentcloud_cam_role_policy_attachment.cos"],
      ["TC-CAM-5", "warning", "tencentcloud_cam_role_policy_attachment_by_name.admin"],
    ]);
  });
});
