import { cronOfTimerTriggerDesc, ScfCron } from "../tencentcloud/scf/cron";
import { isValidScfMemorySize, isValidScfTimeout, SCF_TIMEOUT_SECONDS } from "../tencentcloud/scf/limits";
import { CDN_LOG_BACKUP_MIN_TIMEOUT_SECONDS } from "../tencentcloud/cdn/log-backup-timing";
import { AccessLogRule, quote, RuleViolation } from "./rule";
import {
  blockList,
  isLiteralString,
  isObject,
  numberAttr,
  parseReference,
  StackView,
  stringAttr,
  TfElement,
} from "./stack-view";

/** Terraform type of an SCF function. */
export const SCF_FUNCTION = "tencentcloud_scf_function";
/** Terraform type of an SCF trigger. */
export const SCF_TRIGGER = "tencentcloud_scf_trigger";

/** SCF limits (Tencent SCF quotas): timeout 1–900 s; memory 64 MB or 128–3072 MB in steps of 128 MB. */

/** A timer trigger of the stack: a `tencentcloud_scf_trigger` of type timer, or an inline `triggers` block. */
export interface TimerTrigger {
  /** The element declaring it (the trigger resource, or the function for inline triggers). */
  readonly element: TfElement;
  /** The function it fires, when in this stack. */
  readonly fn?: TfElement;
  /** The function's name as synthesized. */
  readonly functionName: string;
  readonly triggerName: string;
  /** The cron expression of `trigger_desc` (written bare or as `{"cron":"..."}`). */
  readonly cron: string;
}

function functionByName(stack: StackView, name: string | undefined): TfElement | undefined {
  if (!name) return undefined;
  const reference = parseReference(name);
  if (reference?.type === SCF_FUNCTION) return stack.resolve(reference);
  return stack.resourcesWhere(SCF_FUNCTION, "name", name)[0];
}

/** All timer triggers, trigger resources first, in address order. */
export function timerTriggers(stack: StackView): TimerTrigger[] {
  const out: TimerTrigger[] = [];
  for (const trigger of stack.resources(SCF_TRIGGER)) {
    if (stringAttr(trigger.config, "type") !== "timer") continue;
    const fnName = stringAttr(trigger.config, "function_name");
    const fn = functionByName(stack, fnName);
    out.push({
      element: trigger,
      fn,
      functionName: (fn && stringAttr(fn.config, "name")) ?? fnName ?? trigger.name,
      triggerName: stringAttr(trigger.config, "trigger_name") ?? trigger.name,
      cron: cronOfTimerTriggerDesc(stringAttr(trigger.config, "trigger_desc") ?? ""),
    });
  }
  for (const fn of stack.resources(SCF_FUNCTION)) {
    for (const inline of blockList(fn.config.triggers)) {
      if (stringAttr(inline, "type") !== "timer") continue;
      out.push({
        element: fn,
        fn,
        functionName: stringAttr(fn.config, "name") ?? fn.name,
        triggerName: stringAttr(inline, "name") ?? "",
        cron: cronOfTimerTriggerDesc(stringAttr(inline, "trigger_desc") ?? ""),
      });
    }
  }
  return out;
}

/** The provider's default timeout when `timeout` is unset (`Default: 3`, resource_tc_scf_function.go, 1.83.25). */
const SCF_DEFAULT_TIMEOUT_SECONDS = 3;

/** A function's timeout as deployed: the literal, the provider's default when unset, undefined for a token. */
function backupTimeout(fn: TfElement): number | undefined {
  return fn.config.timeout === undefined ? SCF_DEFAULT_TIMEOUT_SECONDS : numberAttr(fn.config, "timeout");
}

/** Rules for SCF functions and their timers. */
export const SCF_RULES: readonly AccessLogRule[] = [
  {
    id: "TC-SCF-1",
    level: "error",
    reason: "SCF timer cron is invalid",
    fix: "use 7 fields (second minute hour day month week year) in Beijing time, e.g. ScfCron.dailyAt(2, 30)",
    check(stack) {
      const violations: RuleViolation[] = [];
      for (const trigger of timerTriggers(stack)) {
        if (!isLiteralString(trigger.cron)) continue;
        const problems = ScfCron.validate(trigger.cron);
        if (problems.length > 0) {
          violations.push({
            element: trigger.element,
            detail: `${trigger.element.address} trigger ${quote(trigger.triggerName)} cron ${quote(trigger.cron)}: ${problems.join("; ")}`,
          });
        }
      }
      return violations;
    },
  },
  {
    id: "TC-SCF-2",
    level: "error",
    reason: `SCF function timeout must be ${SCF_TIMEOUT_SECONDS.min}–${SCF_TIMEOUT_SECONDS.max} seconds`,
    fix: "set timeout within the limit; split longer work into smaller scheduled runs",
    check(stack) {
      return stack
        .resources(SCF_FUNCTION)
        .filter((fn) => {
          const timeout = numberAttr(fn.config, "timeout");
          return timeout !== undefined && !isValidScfTimeout(timeout);
        })
        .map((fn) => ({ element: fn, detail: `${fn.address} timeout is ${numberAttr(fn.config, "timeout")}` }));
    },
  },
  {
    id: "TC-SCF-3",
    level: "error",
    reason: "SCF function memory must be 128–3072 MB in steps of 128 MB (the provider rejects other sizes)",
    fix: "set mem_size to a valid size, e.g. 128, 256 or 512",
    check(stack) {
      return stack
        .resources(SCF_FUNCTION)
        .filter((fn) => {
          const memory = numberAttr(fn.config, "mem_size");
          return memory !== undefined && !isValidScfMemorySize(memory);
        })
        .map((fn) => ({ element: fn, detail: `${fn.address} mem_size is ${numberAttr(fn.config, "mem_size")}` }));
    },
  },
  {
    id: "TC-SCF-4",
    level: "error",
    reason: `a CDN log backup function needs a timeout of at least ${CDN_LOG_BACKUP_MIN_TIMEOUT_SECONDS} seconds to copy one package; with less every run defers every package and fails`,
    fix: `set timeout to ${CDN_LOG_BACKUP_MIN_TIMEOUT_SECONDS}–${SCF_TIMEOUT_SECONDS.max} (CdnLogBackup timeoutSeconds; the default 900 suits most backups)`,
    check(stack) {
      return stack
        .resources(SCF_FUNCTION)
        .filter((fn) => {
          // The backup function is recognised by the environment CdnLogBackup gives it.
          const environment = fn.config.environment;
          const isBackup = isObject(environment) && "BACKUP_DOMAINS" in environment && "BACKUP_BUCKET" in environment;
          return isBackup && (backupTimeout(fn) ?? Infinity) < CDN_LOG_BACKUP_MIN_TIMEOUT_SECONDS;
        })
        .map((fn) => ({
          element: fn,
          detail: `${fn.address} timeout is ${backupTimeout(fn)}${fn.config.timeout === undefined ? " (unset: the provider's default)" : ""}`,
        }));
    },
  },
];
