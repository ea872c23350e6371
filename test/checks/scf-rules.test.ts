import { TerraformStack } from "cdktf";
import { CheckFinding, runAccessLogChecks } from "../../lib/checks";
import { CdnLogBackup } from "../../lib";
import { ScfFunction } from "../../.gen/providers/tencentcloud/scf-function";
import { scfTimerStack, stackWithProvider, synthChecked } from "../helpers";

function findingsOf(stack: TerraformStack): CheckFinding[] {
  return runAccessLogChecks(synthChecked(stack));
}

describe("SCF rules", () => {
  test("a valid timer, timeout and memory produce no finding", () => {
    expect(findingsOf(scfTimerStack())).toEqual([]);
    expect(findingsOf(scfTimerStack({ timeout: 1, memSize: 128 }))).toEqual([]);
    expect(findingsOf(scfTimerStack({ memSize: 3072 }))).toEqual([]);
  });

  test("TC-SCF-1: invalid cron on a trigger resource", () => {
    const findings = findingsOf(scfTimerStack({}, "0 30 25 * * *"));
    expect(findings.map((f) => f.ruleId)).toEqual(["TC-SCF-1"]);
    expect(findings[0].address).toBe("tencentcloud_scf_trigger.timer");
    expect(findings[0].detail).toMatch(/^tencentcloud_scf_trigger.timer trigger "daily" cron "0 30 25 \* \* \*": /);
  });

  test("TC-SCF-1: invalid cron in an inline timer trigger", () => {
    const stack = stackWithProvider();
    new ScfFunction(stack, "fn", {
      name: "f",
      triggers: [
        { name: "ok", type: "timer", triggerDesc: "0 0 */2 * * * *" },
        { name: "bad", type: "timer", triggerDesc: "0 61 * * * * *" },
        { name: "cos", type: "cos", triggerDesc: '{"event":"cos:ObjectCreated:*"}' },
      ],
    });
    const findings = findingsOf(stack);
    expect(findings.map((f) => [f.ruleId, f.address])).toEqual([["TC-SCF-1", "tencentcloud_scf_function.fn"]]);
    expect(findings[0].detail).toContain('trigger "bad"');
  });

  test("TC-SCF-1: the JSON form of trigger_desc is read for its cron, valid or not", () => {
    expect(findingsOf(scfTimerStack({}, '{"cron":"0 30 2 * * * *"}'))).toEqual([]);
    const findings = findingsOf(scfTimerStack({}, '{"cron":"0 30 25 * * * *"}'));
    expect(findings.map((f) => f.ruleId)).toEqual(["TC-SCF-1"]);
    expect(findings[0].detail).toMatch(/cron "0 30 25 \* \* \* \*": field 3 \(hour\)/);
  });

  test("TC-SCF-1: a cron known only at plan time is not judged", () => {
    expect(findingsOf(scfTimerStack({}, "${var.schedule}"))).toEqual([]);
  });

  test.each([[0], [901], [1.5]])("TC-SCF-2: timeout %p", (timeout) => {
    expect(findingsOf(scfTimerStack({ timeout })).map((f) => f.ruleId)).toEqual(["TC-SCF-2"]);
  });

  // 64 MB exists in SCF, but provider 1.83.25 rejects every size that is not a multiple of 128.
  test.each([[32], [64], [100], [200], [3200]])("TC-SCF-3: memory %p", (memSize) => {
    expect(findingsOf(scfTimerStack({ memSize })).map((f) => f.ruleId)).toEqual(["TC-SCF-3"]);
  });

  describe("TC-SCF-4: a CDN log backup function with too short a timeout", () => {
    const backupEnvironment = { BACKUP_DOMAINS: "www.example.com", BACKUP_BUCKET: "cdn-logs-1250000000" };
    test.each([
      [89, ["TC-SCF-4"]],
      [90, []],
      [900, []],
    ])("timeout %p", (timeout, rules) => {
      expect(findingsOf(scfTimerStack({ timeout, environment: backupEnvironment })).map((f) => f.ruleId)).toEqual(
        rules,
      );
    });

    test("the finding names the function and its timeout; unset means the provider's 3 s", () => {
      const [short] = findingsOf(scfTimerStack({ timeout: 30, environment: backupEnvironment }));
      expect(short.detail).toBe("tencentcloud_scf_function.fn timeout is 30");
      const stack = stackWithProvider();
      new ScfFunction(stack, "fn", { name: "backup", environment: backupEnvironment });
      expect(findingsOf(stack).map((f) => [f.ruleId, f.detail])).toEqual([
        ["TC-SCF-4", "tencentcloud_scf_function.fn timeout is 3 (unset: the provider's default)"],
      ]);
    });

    test("other functions may run briefly", () => {
      expect(findingsOf(scfTimerStack({ timeout: 10, environment: { OTHER: "x" } }))).toEqual([]);
      expect(findingsOf(scfTimerStack({ timeout: 10 }))).toEqual([]);
    });

    test("a CdnLogBackup whose timeout was overridden below the minimum is caught", () => {
      const stack = stackWithProvider();
      const backup = new CdnLogBackup(stack, "Backup", {
        domains: ["www.example.com"],
        bucket: { bucketName: "cdn-logs-1250000000", region: "ap-guangzhou", appId: "1250000000" },
      });
      const fn = backup.node.findChild("Function") as ScfFunction;
      fn.addOverride("timeout", 60);
      expect(findingsOf(stack).map((f) => f.ruleId)).toEqual(["TC-SCF-4"]);
    });
  });
});
