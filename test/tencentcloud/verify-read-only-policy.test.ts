import { App } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import { activeFindings, runAccessLogChecks } from "../../lib/checks/engine";
import {
  AccessLogChecks,
  BackupSchedule,
  CdnLogBackup,
  CosAccessLoggedBucket,
  CosLogBucket,
  VERIFY_ACTIONS,
  VERIFY_RUN_STATUS_PREFIX,
  VerifyReadOnlyPolicy,
} from "../../lib";
import { BACKUP_STATUS_KEY_SUFFIX } from "../../lib/verify/backup-checks";
import { camDocument, resourcesOf, stackWithProvider, synthChecked } from "../helpers";

const APPID = "${data.tencentcloud_user_info.TencentCloudAccount.app_id}";
const UIN = "${data.tencentcloud_user_info.TencentCloudAccount.owner_uin}";

function deployedStack() {
  const stack = stackWithProvider();
  const logs = new CosLogBucket(stack, "Logs", { name: "access-logs", region: "ap-guangzhou", retentionDays: 90 });
  const website = new CosAccessLoggedBucket(stack, "Website", {
    name: "website",
    region: "ap-guangzhou",
    target: logs,
  });
  const backup = new CdnLogBackup(stack, "Backup", {
    domains: ["www.example.com"],
    bucket: logs,
    destinationPrefix: "cdn-logs/",
    schedule: BackupSchedule.daily({ hour: 3, minute: 30 }),
    functionName: "cdn-backup",
  });
  return { stack, logs, website, backup };
}

describe("VerifyReadOnlyPolicy", () => {
  test("grants each read-only action verify calls on exactly what it reads, and attaches to the CI role", () => {
    const { stack, logs, website, backup } = deployedStack();
    new VerifyReadOnlyPolicy(stack, "Verify", { attachToRoleName: "ci-verify" })
      .addLoggedBucket(website)
      .addLogTarget(logs)
      .addCdnLogBackup(backup, logs);
    const synth = synthChecked(stack);
    const policy = Object.values(resourcesOf(synth, "tencentcloud_cam_policy")).find(
      (p) => p.name === "AccessLogVerifyReadOnly-test",
    )!;
    const bucket = (name: string) => `qcs::cos:ap-guangzhou:uid/${APPID}:${name}-${APPID}/`;
    expect(camDocument(policy.document)).toEqual({
      version: "2.0",
      statement: [
        { effect: "allow", action: ["name/cos:GetBucketLogging"], resource: [bucket("website")] },
        { effect: "allow", action: ["name/cos:HeadBucket", "name/cos:GetBucket"], resource: [bucket("access-logs")] },
        {
          effect: "allow",
          action: ["name/cos:GetObject"],
          resource: [`qcs::cos:ap-guangzhou:uid/${APPID}:access-logs-${APPID}/cdn-logs/_status/*`],
        },
        {
          effect: "allow",
          action: ["name/scf:GetFunction"],
          resource: [`qcs::scf:ap-guangzhou:uin/${UIN}:namespace/default/function/cdn-backup`],
        },
        {
          effect: "allow",
          action: ["name/cam:GetRole", "name/cam:ListAttachedRolePolicies"],
          resource: [`qcs::cam::uin/${UIN}:roleName/CLS_QcsRole`, `qcs::cam::uin/${UIN}:roleName/cdn-backup-role`],
        },
        { effect: "allow", action: ["name/cam:GetUserAppId"], resource: ["*"] },
      ],
    });
    const allActions = camDocument(policy.document).statement.flatMap((s: { action: string[] }) => s.action);
    expect(allActions.every((a: string) => /:(Get|Head|List)/.test(a))).toBe(true);
    expect(new Set(allActions)).toEqual(new Set(Object.values(VERIFY_ACTIONS).flat()));
    const attachments = Object.values(resourcesOf(synth, "tencentcloud_cam_role_policy_attachment_by_name"));
    expect(attachments.filter((a) => a.role_name === "ci-verify")).toEqual([
      expect.objectContaining({
        policy_name: expect.stringMatching(/^\$\{tencentcloud_cam_policy\.Verify_Policy_[0-9A-F]+\.name\}$/),
      }),
    ]);
    // The check pack's only objection, GetUserAppId on "*", is suppressed with its reason for reviewers.
    const findings = runAccessLogChecks(synth).filter((f) => f.address.includes("Verify"));
    expect(findings.map((f) => f.ruleId)).toEqual(["TC-CAM-2"]);
    expect(findings[0].detail).toContain('grants on "*"');
    AccessLogChecks.applyTo(stack);
    expect(() => synthChecked(stack)).not.toThrow();
    const app = stack.node.root as App;
    app.synth();
    const written = JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", "test", "cdk.tf.json"), "utf8"));
    expect(written["//"]["cdktf-access-logs"].suppressions).toContainEqual(
      expect.objectContaining({ ruleId: "TC-CAM-2", reason: expect.stringContaining("GetUserAppId") }),
    );
    expect(activeFindings(runAccessLogChecks(written)).filter((f) => f.address.includes("Verify"))).toEqual([]);
  });

  test("without registrations it still reads CLS_QcsRole and the APPID; without attachToRoleName nothing is attached", () => {
    const stack = stackWithProvider();
    new VerifyReadOnlyPolicy(stack, "Verify", { policyName: "ci-verify-read" });
    const synth = synthChecked(stack);
    const policy = Object.values(resourcesOf(synth, "tencentcloud_cam_policy"))[0];
    expect(policy.name).toBe("ci-verify-read");
    expect(camDocument(policy.document).statement.map((s: { action: string[] }) => s.action)).toEqual([
      ["name/cam:GetRole", "name/cam:ListAttachedRolePolicies"],
      ["name/cam:GetUserAppId"],
    ]);
    expect(resourcesOf(synth, "tencentcloud_cam_role_policy_attachment_by_name")).toEqual({});
  });

  test("the run status prefix is the one the function writes and verify reads", () => {
    expect(BACKUP_STATUS_KEY_SUFFIX.startsWith(VERIFY_RUN_STATUS_PREFIX)).toBe(true);
  });

  test.each([
    [{ policyName: "bad name" }, "policyName"],
    [{ attachToRoleName: "role/with/slash" }, "attachToRoleName"],
    [{ policyName: "x".repeat(129) }, "policyName"],
  ])("rejects %j naming %s", (props, prop) => {
    const stack = stackWithProvider();
    expect(() => new VerifyReadOnlyPolicy(stack, "Verify", props)).toThrow(prop);
  });

  test("a 128-character name is accepted", () => {
    const stack = stackWithProvider();
    expect(() => new VerifyReadOnlyPolicy(stack, "Verify", { policyName: "x".repeat(128) })).not.toThrow();
  });
});
