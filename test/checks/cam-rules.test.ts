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

  describe("documents written as jsonencode({...}), the constructs' form, read the same as JSON text", () => {
    const forms = [
      ["JSON text", (d: CamPolicyDocument) => d.toJsonString()],
      ["jsonencode", (d: CamPolicyDocument) => d.toDocumentValue()],
    ] as const;

    function findingsWith(write: (d: CamPolicyDocument) => string): string[] {
      const stack = base();
      const account = TencentCloudAccount.of(stack);
      const statement = (action: string[], resource: string[]) =>
        new CamPolicyDocument([{ effect: "allow", action, resource }]);
      new CamPolicy(stack, "scoped", {
        name: "scoped",
        document: write(
          statement(
            [camAction("cos", "PutObject")],
            [Qcs.cosObjects("ap-guangzhou", account.appId, `logs-${account.appId}`, "cdn/")],
          ),
        ),
      });
      new CamPolicy(stack, "wild", {
        name: "wild",
        document: write(statement(["*", camAction("cos", "*")], ["*", `qcs::cos:ap-guangzhou:uid/${account.appId}:*`])),
      });
      new CamRole(stack, "role", {
        name: "r",
        document: write(
          new CamPolicyDocument([
            { effect: "allow", action: [camAction("sts", "AssumeRole")], principal: { service: ["*.qcloud.com"] } },
          ]),
        ),
      });
      return findingsOf(stack).map((f) => `${f.ruleId} ${f.detail}`);
    }

    test.each(forms)("%s: the same findings and details", (_form, write) => {
      expect(findingsWith(write)).toEqual([
        'TC-CAM-1 tencentcloud_cam_policy.wild allows "*", "name/cos:*"',
        'TC-CAM-2 tencentcloud_cam_policy.wild grants on "*", "qcs::cos:ap-guangzhou:uid/${data.tencentcloud_user_info.TencentCloudAccount.a..."',
        'TC-CAM-3 tencentcloud_cam_role.role trusts "*.qcloud.com"',
      ]);
    });

    test("TC-CAM-4: a jsonencode(...) holding something only Terraform can evaluate is refused with where and why", () => {
      const stack = base();
      new CamPolicy(stack, "called", {
        name: "c",
        document: '${jsonencode({"version" = "2.0", "statement" = concat(var.a, var.b)})}',
      });
      new CamPolicy(stack, "whole", { name: "w", document: "${jsonencode(var.policy)}" });
      const findings = findingsOf(stack);
      expect(findings.map((f) => [f.ruleId, f.address])).toEqual([["TC-CAM-4", "tencentcloud_cam_policy.called"]]);
      expect(findings[0].detail).toBe(
        'tencentcloud_cam_policy.called: document jsonencode(...) calls a function at character 48 ("concat(var.a, var.b)}"); ' +
          "the review reads only literal values and references inside jsonencode(...)",
      );
    });
  });
});
