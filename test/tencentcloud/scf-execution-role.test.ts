import {
  camAction,
  CamPolicyDocument,
  PropValidationError,
  Qcs,
  ScfExecutionRole,
  ScfExecutionRoleProps,
} from "../../lib";
import { camDocument, resourcesOf, stackWithProvider, synthChecked } from "../helpers";

const writeLogs = () =>
  new CamPolicyDocument([
    {
      effect: "allow",
      action: [camAction("cos", "PutObject")],
      resource: [Qcs.cosObjects("ap-guangzhou", "1250000000", "logs-1250000000", "cdn/")],
    },
  ]);

function role(props: Partial<ScfExecutionRoleProps> = {}) {
  const stack = stackWithProvider();
  const construct = new ScfExecutionRole(stack, "Exec", { roleName: "backup-role", policy: writeLogs(), ...props });
  return { stack, construct };
}

describe("ScfExecutionRole", () => {
  test("a role trusted by scf.qcloud.com only, with its one policy attached by ids", () => {
    const { stack } = role({ tags: { team: "platform" }, description: "backup" });
    const synth = synthChecked(stack);
    const [roleEntry] = Object.entries(resourcesOf(synth, "tencentcloud_cam_role"));
    const [policyEntry] = Object.entries(resourcesOf(synth, "tencentcloud_cam_policy"));
    const [attachment] = Object.values(resourcesOf(synth, "tencentcloud_cam_role_policy_attachment"));
    expect(roleEntry[1].name).toBe("backup-role");
    expect(camDocument(roleEntry[1].document)).toEqual({
      version: "2.0",
      statement: [{ effect: "allow", action: ["name/sts:AssumeRole"], principal: { service: ["scf.qcloud.com"] } }],
    });
    expect(roleEntry[1].console_login).toBe(false);
    expect(roleEntry[1].tags).toEqual({ team: "platform" });
    expect(policyEntry[1].name).toBe("backup-role-policy");
    expect(camDocument(policyEntry[1].document)).toEqual(writeLogs().toJSON());
    expect(policyEntry[1].tags).toEqual({ team: "platform" });
    expect(attachment).toEqual({
      role_id: `\${tencentcloud_cam_role.${roleEntry[0]}.id}`,
      policy_id: `\${tencentcloud_cam_policy.${policyEntry[0]}.id}`,
    });
  });

  test("the policy name can be given", () => {
    const { stack } = role({ policyName: "custom-policy" });
    const [policy] = Object.values(resourcesOf(synthChecked(stack), "tencentcloud_cam_policy"));
    expect(policy.name).toBe("custom-policy");
  });

  test("roleName refers to the role resource, so users are ordered after it", () => {
    const { construct } = role();
    expect(construct.roleName).toMatch(/\$\{TfToken\[/);
  });

  test.each([
    [{ roleName: "" }, "roleName", "is not a CAM name"],
    [{ roleName: "has space" }, "roleName", "is not a CAM name"],
    [{ roleName: "r".repeat(129) }, "roleName", "more than CAM's 128"],
    [{ policyName: "bad/name" }, "policyName", "is not a CAM name"],
    [{ roleName: "r".repeat(125) }, "policyName", "more than CAM's 128"],
    [{ policy: new CamPolicyDocument([]) }, "policy", "has no statements"],
    [
      { policy: new CamPolicyDocument([{ effect: "allow", action: ["name/cos:*"], resource: ["*"] }]) },
      "policy.statement[0].resource",
      "grants every resource",
    ],
    [
      { policy: new CamPolicyDocument([{ effect: "allow", action: ["name/cos:*"] }]) },
      "policy.statement[0].resource",
      "grants every resource",
    ],
    [
      {
        policy: new CamPolicyDocument([
          {
            effect: "allow",
            action: ["name/sts:AssumeRole"],
            resource: ["qcs::cam::uin/1:roleName/x"],
            principal: { service: ["a"] },
          },
        ]),
      },
      "policy.statement[0].principal",
      "a permission policy has no principal",
    ],
  ])("rejects %j", (props, prop, fragment) => {
    expect(() => role(props as Partial<ScfExecutionRoleProps>)).toThrow(PropValidationError);
    expect(() => role(props as Partial<ScfExecutionRoleProps>)).toThrow(`test/Exec: ${prop} `);
    expect(() => role(props as Partial<ScfExecutionRoleProps>)).toThrow(fragment);
  });
});
