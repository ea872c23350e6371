import { TerraformStack } from "cdktf";
import { CheckFinding, runAccessLogChecks } from "../../lib/checks";
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
});
