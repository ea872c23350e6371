/**
 * Regression tests for plans that stay clean after apply: the configuration must say what the provider's Read stores.
 * The behaviour relied on is quoted from the providers' Go source at the pinned tags; the full audit is in
 * schemas/provider-read-audit.md.
 */
import { TerraformStack } from "cdktf";
import {
  BackupSchedule,
  CdnLogBackup,
  ClsDeliveryAuthorization,
  CosAccessLoggedBucket,
  CosLogBucket,
  reviewStack,
  runAccessLogChecks,
} from "../../lib";
import { cronOfTimerTriggerDesc } from "../../lib/tencentcloud/scf/cron";
import { resourcesOf, scfTimerStack, stackWithProvider, synthChecked } from "../helpers";

const BUCKET = { bucketName: "cdn-logs-1250000000", region: "ap-guangzhou", appId: "1250000000" };

/**
 * What tencentcloud 1.83.25 stores in `trigger_desc` for a timer trigger, given what SCF's ListTriggers reports:
 * `resourceTencentCloudScfTriggerRead` (tencentcloud/services/scf/resource_tc_scf_trigger.go) passes the API's text
 * through `cleanTriggerDescFieldsByConfig` (config set) or `cleanTriggerDescEmptyStringFields` (config unset); for
 * `type = "timer"` both return `triggerDescMap["cron"]` when the text is a JSON object with a string `cron`, and the
 * text unchanged otherwise. `trigger_desc` has no DiffSuppressFunc, so the plan compares this with the config verbatim.
 */
function storedTimerTriggerDesc(apiTriggerDesc: string): string {
  try {
    const parsed: unknown = JSON.parse(apiTriggerDesc);
    if (typeof parsed === "object" && parsed !== null && typeof (parsed as { cron?: unknown }).cron === "string") {
      return (parsed as { cron: string }).cron;
    }
  } catch {
    // json.Unmarshal failed: the provider returns the text as it is.
  }
  return apiTriggerDesc;
}

function triggerOf(stack: TerraformStack): { [key: string]: unknown } {
  const triggers = Object.values(resourcesOf(synthChecked(stack), "tencentcloud_scf_trigger"));
  expect(triggers).toHaveLength(1);
  return triggers[0];
}

describe("tencentcloud_scf_trigger (timer) plans clean after apply", () => {
  test.each([
    ["the daily default", undefined, "0 0 3 * * * *"],
    ["a daily time", BackupSchedule.daily({ hour: 1, minute: 15 }), "0 15 1 * * * *"],
    ["a custom cron", BackupSchedule.cron("0 30 2 ? * MON-FRI *"), "0 30 2 ? * MON-FRI *"],
  ])("%s: trigger_desc is the bare cron Read stores, whichever form SCF reports", (_name, schedule, cron) => {
    const stack = stackWithProvider();
    new CdnLogBackup(stack, "Backup", { domains: ["www.example.com"], bucket: BUCKET, schedule, lookbackHours: 100 });
    const trigger = triggerOf(stack);
    expect(trigger.trigger_desc).toBe(cron);
    // SCF reports timers as {"cron":"..."}; an older or different answer may be the bare text. Both store the config.
    expect(storedTimerTriggerDesc(JSON.stringify({ cron }))).toBe(trigger.trigger_desc);
    expect(storedTimerTriggerDesc(cron)).toBe(trigger.trigger_desc);
    // The JSON form the previous release wrote would differ from what Read stores: the perpetual diff this prevents.
    expect(storedTimerTriggerDesc(JSON.stringify({ cron }))).not.toBe(JSON.stringify({ cron }));
  });

  test("qualifier is $LATEST: Read copies the API's qualifier (Optional, not Computed) and SCF defaults it to $LATEST", () => {
    const stack = stackWithProvider();
    new CdnLogBackup(stack, "Backup", { domains: ["www.example.com"], bucket: BUCKET });
    const trigger = triggerOf(stack);
    expect(trigger.qualifier).toBe("$LATEST");
    expect(trigger.enable).toBe("OPEN"); // Read maps Enable 1 to "OPEN"
  });

  test("the check pack and the review read the cron from either form", () => {
    for (const triggerDesc of ["0 30 25 * * * *", '{"cron":"0 30 25 * * * *"}']) {
      const json = synthChecked(scfTimerStack({}, triggerDesc));
      expect(runAccessLogChecks(json).map((finding) => finding.ruleId)).toContain("TC-SCF-1");
      const review = reviewStack({ name: "test", json }, new Date("2026-01-01T00:00:00Z"));
      expect(review.scheduledFunctions[0].cron).toBe("0 30 25 * * * *");
      expect(review.scheduledFunctions[0].problem).toMatch(/hour/);
    }
    expect(cronOfTimerTriggerDesc('{"cron":"0 0 3 * * * *"}')).toBe("0 0 3 * * * *");
    expect(cronOfTimerTriggerDesc("0 0 3 * * * *")).toBe("0 0 3 * * * *");
  });
});

describe("other attributes where Read stores something the config must repeat", () => {
  test("CLS_QcsRole: console_login false, as resourceTencentCloudCamRoleRead stores when CAM reports none", () => {
    const stack = stackWithProvider();
    const logs = new CosLogBucket(stack, "Logs", { bucketName: "logs-1250000000", region: "ap-guangzhou" });
    new CosAccessLoggedBucket(stack, "Site", { bucketName: "site-1250000000", region: "ap-guangzhou", target: logs });
    ClsDeliveryAuthorization.of(stack);
    const roles = Object.values(resourcesOf(synthChecked(stack), "tencentcloud_cam_role"));
    expect(roles.map((role) => role.console_login)).toEqual([false]);
  });

  test("the execution role also says console_login false", () => {
    const stack = stackWithProvider();
    new CdnLogBackup(stack, "Backup", { domains: ["www.example.com"], bucket: BUCKET });
    const roles = Object.values(resourcesOf(synthChecked(stack), "tencentcloud_cam_role"));
    expect(roles.map((role) => role.console_login)).toEqual([false]);
  });
});
