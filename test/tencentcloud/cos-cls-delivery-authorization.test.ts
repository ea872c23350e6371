import { TerraformStack } from "cdktf";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import {
  CLS_DELIVERY_ACTIONS,
  ClsDeliveryAuthorization,
  CosAccessLoggedBucket,
  CosLogBucket,
  PropValidationError,
} from "../../lib";
import {
  camDocument,
  newStack,
  resourcesOf,
  stackWithProvider,
  synthChecked,
  Synthesized,
  warningsOf,
} from "../helpers";
import { cosLogBucket, cosSourcesWithPrefixes } from "./cos-fixtures";

function one(synth: Synthesized, type: string): { [key: string]: unknown } {
  const all = Object.values(resourcesOf(synth, type));
  expect(all).toHaveLength(1);
  return all[0];
}

/** Adds two logging sources so the authorization has something to authorize. */
function withSources(
  stack: TerraformStack,
  authorization?: ClsDeliveryAuthorization,
  appId = "1250000000",
): CosLogBucket {
  const logs = new CosLogBucket(stack, "Logs", { bucketName: `access-logs-${appId}`, region: "ap-guangzhou" });
  new CosAccessLoggedBucket(stack, "Site", {
    bucketName: `site-${appId}`,
    region: "ap-guangzhou",
    target: logs,
    authorization,
  });
  new CosAccessLoggedBucket(stack, "Api", {
    bucketName: `api-${appId}`,
    region: "ap-guangzhou",
    target: logs,
    logPrefix: "/api-v2",
    authorization,
  });
  return logs;
}

describe("ClsDeliveryAuthorization", () => {
  test("snapshot: defaults (created role, least privilege)", () => {
    const stack = stackWithProvider();
    withSources(stack);
    expect(synthChecked(stack)).toMatchSnapshot();
  });

  test("snapshot: every option (existing role, preset policy)", () => {
    const stack = stackWithProvider();
    ClsDeliveryAuthorization.of(stack, {
      existingRole: true,
      createRole: false,
      permissions: "preset",
      tags: { team: "platform" },
    });
    withSources(stack);
    expect(synthChecked(stack)).toMatchSnapshot();
  });

  test("snapshot: existing role with a named least-privilege policy and tags", () => {
    const stack = stackWithProvider();
    ClsDeliveryAuthorization.of(stack, {
      existingRole: true,
      permissions: "least-privilege",
      policyName: "cls-cos-logs",
      tags: { team: "platform" },
    });
    withSources(stack);
    expect(synthChecked(stack)).toMatchSnapshot();
  });

  test("the created role is CLS_QcsRole trusted by cls.cloud.tencent.com only", () => {
    const stack = stackWithProvider();
    withSources(stack);
    const role = one(synthChecked(stack), "tencentcloud_cam_role");
    expect(role.name).toBe("CLS_QcsRole");
    expect(camDocument(role.document)).toEqual({
      version: "2.0",
      statement: [
        { effect: "allow", action: ["name/sts:AssumeRole"], principal: { service: ["cls.cloud.tencent.com"] } },
      ],
    });
  });

  test("least privilege grants the delivery actions on exactly each target bucket's log prefix", () => {
    const stack = stackWithProvider();
    withSources(stack);
    const synth = synthChecked(stack);
    const policy = one(synth, "tencentcloud_cam_policy");
    expect(policy.name).toBe("CosAccessLogDelivery-test");
    const document = camDocument(policy.document);
    expect(document).toEqual({
      version: "2.0",
      statement: [
        {
          effect: "allow",
          action: [...CLS_DELIVERY_ACTIONS],
          resource: [
            "qcs::cos:ap-guangzhou:uid/1250000000:access-logs-1250000000/api-v2/*",
            "qcs::cos:ap-guangzhou:uid/1250000000:access-logs-1250000000/site/*",
          ],
        },
      ],
    });
    // Object-level actions only: nothing bucket-wide, no wildcards.
    expect(document.statement[0].action).not.toContain("name/cos:*");
    expect(document.statement[0].action).not.toContain("name/cos:ListMultipartUploads");
    const attachment = one(synth, "tencentcloud_cam_role_policy_attachment_by_name");
    expect(attachment).toEqual({
      role_name: "${tencentcloud_cam_role.ClsDeliveryAuthorization_Role_EE7E26C7.name}",
      policy_name: "${tencentcloud_cam_policy.ClsDeliveryAuthorization_Policy_08CA81C5.name}",
    });
  });

  test("sources declared after the authorization is configured are included; duplicates and nested prefixes collapse", () => {
    const stack = stackWithProvider();
    const authorization = ClsDeliveryAuthorization.of(stack);
    const logs = cosLogBucket(stack);
    cosSourcesWithPrefixes(stack, logs, { A: "shared", B: "shared/b" });
    expect(authorization.addDeliveryTarget(logs, "shared/")).toBe(false);
    expect(authorization.addDeliveryTarget(logs, "later/")).toBe(true);
    const document = camDocument(one(synthChecked(stack), "tencentcloud_cam_policy").document);
    expect(document.statement[0].resource).toEqual([
      "qcs::cos:ap-guangzhou:uid/1250000000:access-logs-1250000000/later/*",
      "qcs::cos:ap-guangzhou:uid/1250000000:access-logs-1250000000/shared/*",
    ]);
    expect(warningsOf(stack)).toEqual([]);
  });

  test("several targets in several regions each get their own resource", () => {
    const stack = stackWithProvider();
    // Buckets are created in their provider's region: Shanghai's need a provider configured for Shanghai.
    const shanghai = new TencentcloudProvider(stack, "shanghai", { region: "ap-shanghai", alias: "shanghai" });
    for (const [region, provider] of [
      ["ap-guangzhou", undefined],
      ["ap-shanghai", shanghai],
    ] as const) {
      const logs = new CosLogBucket(stack, `Logs-${region}`, {
        bucketName: `logs-${region}-1250000000`,
        region,
        provider,
      });
      new CosAccessLoggedBucket(stack, `Site-${region}`, {
        bucketName: `site-${region}-1250000000`,
        region,
        target: logs,
        provider,
      });
    }
    const authorization = ClsDeliveryAuthorization.of(stack);
    expect(authorization.deliveryResources).toEqual([
      "qcs::cos:ap-guangzhou:uid/1250000000:logs-ap-guangzhou-1250000000/site-ap-guangzhou/*",
      "qcs::cos:ap-shanghai:uid/1250000000:logs-ap-shanghai-1250000000/site-ap-shanghai/*",
    ]);
    synthChecked(stack);
  });

  test("existing role: no role is created; CLS_QcsRole is looked up, so a missing role fails the plan", () => {
    const stack = stackWithProvider();
    ClsDeliveryAuthorization.of(stack, { existingRole: true });
    withSources(stack);
    const synth = synthChecked(stack);
    expect(resourcesOf(synth, "tencentcloud_cam_role")).toEqual({});
    expect(Object.values(synth.data?.tencentcloud_cam_roles ?? {})).toEqual([{ name: "CLS_QcsRole" }]);
    expect(one(synth, "tencentcloud_cam_role_policy_attachment_by_name").role_name).toMatch(
      /^\$\{data\.tencentcloud_cam_roles\.ClsDeliveryAuthorization_ExistingRole_[0-9A-F]{8}\.role_list\[0\]\.name\}$/,
    );
  });

  test("preset: the policy is looked up with tencentcloud_cam_policies and attached by the name found; no custom policy", () => {
    const stack = stackWithProvider();
    ClsDeliveryAuthorization.of(stack, { permissions: "preset" });
    withSources(stack);
    const synth = synthChecked(stack);
    expect(resourcesOf(synth, "tencentcloud_cam_policy")).toEqual({});
    const lookups = Object.values(synth.data?.tencentcloud_cam_policies ?? {});
    expect(lookups).toEqual([{ name: "QcloudCOSAccessForCLSRole", type: 2 }]);
    expect(one(synth, "tencentcloud_cam_role_policy_attachment_by_name").policy_name).toMatch(
      /^\$\{data\.tencentcloud_cam_policies\.ClsDeliveryAuthorization_PresetPolicy_[0-9A-F]{8}\.policy_list\[0\]\.name\}$/,
    );
    expect(ClsDeliveryAuthorization.of(stack).deliveryResources).toEqual([]);
  });

  test("existing role + preset warns that destroying detaches the account-wide attachment", () => {
    const stack = stackWithProvider();
    ClsDeliveryAuthorization.of(stack, { existingRole: true, permissions: "preset" });
    withSources(stack);
    expect(warningsOf(stack).join("\n")).toMatch(/destroying this stack detaches it/);
  });

  test("at most one per stack: of() returns the same construct, with or without matching props", () => {
    const stack = stackWithProvider();
    const first = ClsDeliveryAuthorization.of(stack, { existingRole: true });
    expect(ClsDeliveryAuthorization.of(stack)).toBe(first);
    expect(ClsDeliveryAuthorization.of(stack, { existingRole: true, createRole: false })).toBe(first);
    withSources(stack);
    const synth = synthChecked(stack);
    expect(Object.keys(resourcesOf(synth, "tencentcloud_cam_role_policy_attachment_by_name"))).toHaveLength(1);
    expect(Object.keys(resourcesOf(synth, "tencentcloud_cam_policy"))).toHaveLength(1);
  });

  test("each stack has its own authorization and policy name", () => {
    const { app } = newStack("one");
    // Two accounts (two appids): each has its own CLS_QcsRole and buckets; only the policy names come from the stacks.
    const stacks = [
      ["one", "1250000000"],
      ["two", "1250000001"],
    ].map(([name, appId]) => {
      const stack = new TerraformStack(app, `${name}-logs`);
      new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
      ClsDeliveryAuthorization.of(stack, { existingRole: true });
      withSources(stack, undefined, appId);
      return stack;
    });
    const names = stacks.map((stack) => one(synthChecked(stack), "tencentcloud_cam_policy").name);
    expect(names).toEqual(["CosAccessLogDelivery-one-logs", "CosAccessLogDelivery-two-logs"]);
  });

  test("warns at synth when the least-privilege document exceeds CAM's size limit; registering the root prefix fixes it", () => {
    const build = (registerRoot: boolean) => {
      const stack = stackWithProvider();
      const logs = new CosLogBucket(stack, "Logs", {
        bucketName: "access-logs-1250000000",
        region: "ap-guangzhou",
        logPrefix: "cos",
      });
      for (let i = 0; i < 80; i++) {
        new CosAccessLoggedBucket(stack, `Source${i}`, {
          bucketName: `source-bucket-number-${i}-1250000000`,
          region: "ap-guangzhou",
          target: logs,
        });
      }
      if (registerRoot) ClsDeliveryAuthorization.of(stack).addDeliveryTarget(logs, logs.logPrefix);
      return stack;
    };
    const large = build(false);
    const largeDocument = one(synthChecked(large), "tencentcloud_cam_policy").document as string;
    expect(largeDocument.length).toBeGreaterThan(6144);
    expect(warningsOf(large).filter((warning) => warning.includes("6144-character"))).toHaveLength(1);

    const collapsed = build(true);
    const document = camDocument(one(synthChecked(collapsed), "tencentcloud_cam_policy").document);
    expect(document.statement[0].resource).toEqual([
      "qcs::cos:ap-guangzhou:uid/1250000000:access-logs-1250000000/cos/*",
    ]);
    expect(warningsOf(collapsed)).toEqual([]);
  });

  test("conflicting props on a second of() name both settings and the fix", () => {
    const stack = stackWithProvider();
    ClsDeliveryAuthorization.of(stack);
    expect(() => ClsDeliveryAuthorization.of(stack, { existingRole: true })).toThrow(PropValidationError);
    expect(() => ClsDeliveryAuthorization.of(stack, { existingRole: true })).toThrow(
      /^test\/ClsDeliveryAuthorization: props \{"existingRole":true\} conflict with .* createRole, permissions "least-privilege".*Fix: there is one per stack/,
    );
  });
});
