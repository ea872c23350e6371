// CdnLogBackup's opt-in alarm: a tencentcloud_monitor_alarm_policy on the function's Error metric, bound to the
// function by a tag, sent to the notice template the user names. Conformance to the vendored 1.83.25 schema is checked
// on every synth (synthChecked); every value is what the provider's Read stores (schemas/provider-read-audit.md).
import { TerraformStack, TerraformVariable } from "cdktf";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import { CdnLogBackup, CdnLogBackupAlarmOptions, CdnLogBackupProps, PropValidationError } from "../../lib";
import { newStack, resourcesOf, synthChecked } from "../helpers";

const BUCKET = { bucketName: "cdn-logs-1250000000", region: "ap-guangzhou", appId: "1250000000" };

function stackWithBackup(props: Partial<CdnLogBackupProps>): TerraformStack {
  const { stack } = newStack();
  new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
  new CdnLogBackup(stack, "Backup", { domains: ["www.example.com"], bucket: BUCKET, ...props } as CdnLogBackupProps);
  return stack;
}

function synthWith(props: Partial<CdnLogBackupProps>) {
  const synth = synthChecked(stackWithBackup(props));
  const policies = Object.values(resourcesOf(synth, "tencentcloud_monitor_alarm_policy"));
  const functions = Object.values(resourcesOf(synth, "tencentcloud_scf_function"));
  expect(functions).toHaveLength(1);
  return { policies, fn: functions[0], synth };
}

function rejection(props: Partial<CdnLogBackupProps>): PropValidationError {
  try {
    stackWithBackup(props);
  } catch (error) {
    if (error instanceof PropValidationError) return error;
    throw error;
  }
  throw new Error(`no error for ${JSON.stringify(props)}`);
}

const alarm = (options: Partial<CdnLogBackupAlarmOptions>) => ({
  alarm: { noticeTemplateId: "notice-abcd1234", ...options } as CdnLogBackupAlarmOptions,
});

describe("CdnLogBackup alarm", () => {
  test("is off unless asked for: no policy, no binding tag", () => {
    const { policies, fn } = synthWith({ tags: { team: "platform" } });
    expect(policies).toEqual([]);
    expect(fn.tags).toEqual({ team: "platform" });
  });

  test("defaults: Error >= 1 in 5 minutes, the template notified, bound to the function by its tag", () => {
    const { policies, fn } = synthWith({ ...alarm({}), functionName: "cdn-backup", tags: { team: "platform" } });
    expect(policies).toEqual([
      {
        policy_name: "cdn-backup-errors",
        monitor_type: "MT_QCE",
        namespace: "scf_v2",
        enable: 1,
        project_id: 0,
        notice_ids: ["notice-abcd1234"],
        conditions: {
          is_union_rule: 0,
          rules: [
            {
              metric_name: "Error",
              period: 300,
              operator: "ge",
              value: "1",
              continue_period: 1,
              notice_frequency: 3600,
            },
          ],
        },
        policy_tag: [{ key: "cdn-log-backup-alarm", value: "default/cdn-backup" }],
        depends_on: [expect.stringMatching(/^tencentcloud_scf_function\.Backup_Function_[0-9A-F]{8}$/)],
      },
    ]);
    expect(fn.tags).toEqual({ team: "platform", "cdn-log-backup-alarm": "default/cdn-backup" });
  });

  test("period, threshold and name as given; the namespace is part of the binding tag", () => {
    const { policies, fn } = synthWith({
      ...alarm({ periodSeconds: 3600, threshold: 3, policyName: "cdn_backup_alarm" }),
      namespace: "logs",
    });
    expect(policies[0]).toMatchObject({
      policy_name: "cdn_backup_alarm",
      conditions: { rules: [expect.objectContaining({ period: 3600, value: "3" })] },
      policy_tag: [{ key: "cdn-log-backup-alarm", value: "logs/cdn-log-backup" }],
    });
    expect(fn.tags).toEqual({ "cdn-log-backup-alarm": "logs/cdn-log-backup" });
  });

  test("a notice template declared in the stack can be referenced", () => {
    const { stack } = newStack();
    new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
    const notice = new TerraformVariable(stack, "notice_template", { type: "string" });
    new CdnLogBackup(stack, "Backup", {
      domains: ["www.example.com"],
      bucket: BUCKET,
      alarm: { noticeTemplateId: notice.stringValue },
    });
    const policies = Object.values(resourcesOf(synthChecked(stack), "tencentcloud_monitor_alarm_policy"));
    expect(policies[0].notice_ids).toEqual(["${var.notice_template}"]);
  });

  test.each([
    [60, 1],
    [86400, 100],
  ])("accepts the edges: period %s s, threshold %s", (periodSeconds, threshold) => {
    const { policies } = synthWith(alarm({ periodSeconds, threshold }));
    expect(policies[0]).toMatchObject({
      conditions: { rules: [expect.objectContaining({ period: periodSeconds, value: String(threshold) })] },
    });
  });

  test("a 60-character policy name and 49 user tags fit", () => {
    const tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, "v"]));
    const { policies, fn } = synthWith({ ...alarm({ policyName: "p".repeat(60) }), tags });
    expect(policies[0].policy_name).toBe("p".repeat(60));
    expect(Object.keys(fn.tags as object)).toHaveLength(50);
  });
});

describe("CdnLogBackup alarm: bad input is rejected with the property, the value and a fix", () => {
  const NOTICE_FIX =
    "Fix: give the id of a Cloud Monitor notice template, e.g. 'notice-abcd1234' (Cloud Monitor console, Alarm Management, Notification Template)";
  test.each([
    [
      "no template",
      { alarm: {} },
      `test/Backup: alarm.noticeTemplateId (not set) is required: an alarm nobody receives is no alarm. ${NOTICE_FIX}`,
    ],
    [
      "an empty template",
      alarm({ noticeTemplateId: "" }),
      `test/Backup: alarm.noticeTemplateId "" is required: an alarm nobody receives is no alarm. ${NOTICE_FIX}`,
    ],
    [
      "a null template",
      alarm({ noticeTemplateId: null as unknown as string }),
      `test/Backup: alarm.noticeTemplateId null is required: an alarm nobody receives is no alarm. ${NOTICE_FIX}`,
    ],
    [
      "a template that is a number",
      alarm({ noticeTemplateId: 42 as unknown as string }),
      "test/Backup: alarm.noticeTemplateId 42 is not a string. Fix: give e.g. 'notice-abcd1234'",
    ],
    [
      "a template's name instead of its id",
      alarm({ noticeTemplateId: "ops on call" }),
      `test/Backup: alarm.noticeTemplateId "ops on call" is not a notice template id ('notice-' and letters or digits). Fix: copy the id (not the name) of the template from the Cloud Monitor console, e.g. 'notice-abcd1234'`,
    ],
    [
      "a period SCF does not report",
      alarm({ periodSeconds: 120 }),
      "test/Backup: alarm.periodSeconds 120 is not a period SCF reports its Error metric in. Fix: use one of 60, 300, 3600, 86400 seconds",
    ],
    [
      "a period of 0",
      alarm({ periodSeconds: 0 }),
      "test/Backup: alarm.periodSeconds 0 is not a period SCF reports its Error metric in. Fix: use one of 60, 300, 3600, 86400 seconds",
    ],
    [
      "a period as a string",
      alarm({ periodSeconds: "300" as unknown as number }),
      'test/Backup: alarm.periodSeconds "300" is not a period SCF reports its Error metric in. Fix: use one of 60, 300, 3600, 86400 seconds',
    ],
    [
      "a period that is NaN",
      alarm({ periodSeconds: Number.NaN }),
      "test/Backup: alarm.periodSeconds NaN is not a period SCF reports its Error metric in. Fix: use one of 60, 300, 3600, 86400 seconds",
    ],
    [
      "a threshold of 0",
      alarm({ threshold: 0 }),
      "test/Backup: alarm.threshold 0 is not a whole number from 1 to 100 errors (a failed run is one error; more than 100 per period would let failures pile up unheard). Fix: give a whole number from 1 to 100 errors",
    ],
    [
      "a threshold of 101",
      alarm({ threshold: 101 }),
      "test/Backup: alarm.threshold 101 is not a whole number from 1 to 100 errors (a failed run is one error; more than 100 per period would let failures pile up unheard). Fix: give a whole number from 1 to 100 errors",
    ],
    [
      "a fractional threshold",
      alarm({ threshold: 1.5 }),
      "test/Backup: alarm.threshold 1.5 is not a whole number from 1 to 100 errors (a failed run is one error; more than 100 per period would let failures pile up unheard). Fix: give a whole number from 1 to 100 errors",
    ],
    [
      "a 61-character policy name",
      alarm({ policyName: "p".repeat(61) }),
      `test/Backup: alarm.policyName "${"p".repeat(61)}" is not a literal of 1 to 60 letters, digits, '-' or '_'. Fix: set alarm.policyName to 1 to 60 letters, digits, '-' or '_'`,
    ],
    [
      "a policy name with spaces",
      alarm({ policyName: "cdn backup" }),
      `test/Backup: alarm.policyName "cdn backup" is not a literal of 1 to 60 letters, digits, '-' or '_'. Fix: set alarm.policyName to 1 to 60 letters, digits, '-' or '_'`,
    ],
    [
      "a default name too long for Cloud Monitor",
      { ...alarm({}), functionName: `f${"x".repeat(59)}` },
      `test/Backup: alarm.policyName "f${"x".repeat(59)}-errors" (the default, from functionName) is longer than Cloud Monitor's 60 characters. Fix: set alarm.policyName to 1 to 60 letters, digits, '-' or '_'`,
    ],
    [
      "alarm options that are not an object",
      { alarm: "yes" as unknown as CdnLogBackupAlarmOptions },
      "test/Backup: alarm \"yes\" is not a set of alarm options. Fix: give { noticeTemplateId: 'notice-...' }",
    ],
    [
      "alarm options that are null",
      { alarm: null as unknown as CdnLogBackupAlarmOptions },
      "test/Backup: alarm null is not a set of alarm options. Fix: give { noticeTemplateId: 'notice-...' }",
    ],
    [
      "the binding tag set by hand",
      { ...alarm({}), tags: { "cdn-log-backup-alarm": "x" } },
      'test/Backup: tags.cdn-log-backup-alarm "x" is the tag that binds the alarm to the function, set by the construct. Fix: remove it from tags, or drop the alarm',
    ],
    [
      "50 user tags, leaving no room for the binding tag",
      { ...alarm({}), tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"])) },
      'test/Backup: tags "50 tags" leave no room for the tag that binds the alarm to the function (Tencent Cloud allows 50). Fix: give at most 49 tags',
    ],
  ] as [string, Partial<CdnLogBackupProps>, string][])("%s", (_case, props, message) => {
    expect(rejection(props).message).toBe(message);
  });

  test.each([
    ["periodSeconds", "alarm.periodSeconds", "300"],
    ["threshold", "alarm.threshold", "1"],
  ] as const)("a token for %s is rejected: it must be checked at synth", (option, prop, example) => {
    const { stack } = newStack();
    new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
    const value = new TerraformVariable(stack, "n", { type: "number" }).numberValue;
    let error: unknown;
    try {
      new CdnLogBackup(stack, "Backup", {
        domains: ["www.example.com"],
        bucket: BUCKET,
        alarm: { noticeTemplateId: "notice-abcd1234", [option]: value },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropValidationError);
    expect((error as PropValidationError).message).toContain(
      `test/Backup: ${prop} (token) must be a literal, but it is a token known only at plan time. Fix: give ${prop} as a literal such as ${example}`,
    );
  });

  test("a token policy name is rejected", () => {
    const { stack } = newStack();
    new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
    const name = new TerraformVariable(stack, "name", { type: "string" }).stringValue;
    expect(
      () =>
        new CdnLogBackup(stack, "Backup", {
          domains: ["www.example.com"],
          bucket: BUCKET,
          alarm: { noticeTemplateId: "notice-abcd1234", policyName: name },
        }),
    ).toThrow(`test/Backup: alarm.policyName "(token)" is not a literal of 1 to 60 letters, digits, '-' or '_'.`);
  });
});
