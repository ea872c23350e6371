// The opt-in Cloud Monitor alarm of a CdnLogBackup: a tencentcloud_monitor_alarm_policy on the function's Error metric,
// bound to the function by a tag and notifying through a notice template the user names. A run that fails (a package
// or listing failed, or the time budget let it copy nothing) counts as an error, so the alarm hears every failed run.
import { ITerraformDependable, Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { MonitorAlarmPolicy } from "../../../.gen/providers/tencentcloud/monitor-alarm-policy";
import { invalidProp } from "../../shared/errors";
import { requireLiteral, requireWholeNumber } from "../../shared/literals";

/** An alarm on the backup function's errors, see {@link CdnLogBackupProps.alarm}. */
export interface CdnLogBackupAlarmOptions {
  /**
   * Id of the Cloud Monitor notice template that receives the alarm (`notice-` and letters or digits, as the console
   * lists it), or a reference to one, e.g. the `id` of a `tencentcloud_monitor_alarm_notice` you declare.
   */
  readonly noticeTemplateId: string;

  /**
   * Statistical period of the Error metric in seconds: 60, 300, 3600 or 86400, the periods SCF reports it in.
   * @default 300
   */
  readonly periodSeconds?: number;

  /**
   * Alarm when the function reports at least this many errors in one period, 1 to 100. Every failed run is one error
   * (SCF may retry a failed timer run, adding more).
   * @default 1
   */
  readonly threshold?: number;

  /**
   * Name of the alarm policy: 1 to 60 characters (Cloud Monitor's limit) of letters, digits, `-` and `_`.
   * @default `<functionName>-errors`
   */
  readonly policyName?: string;
}

/** The Error metric's statistical periods (Cloud Monitor's SCF metrics, namespace QCE/SCF_V2). */
export const CDN_LOG_BACKUP_ALARM_PERIODS: readonly number[] = [60, 300, 3600, 86400];
/** Cloud Monitor's alarm policy type for SCF functions (its `Namespace`); Tencent documents it only by example. */
export const SCF_ALARM_POLICY_TYPE = "scf_v2";
/** The SCF metric counting failed invocations (function and platform errors). */
export const SCF_ERROR_METRIC = "Error";
/** Tag on the function that binds the alarm policy to it. */
export const CDN_LOG_BACKUP_ALARM_TAG_KEY = "cdn-log-backup-alarm";

const MAX_THRESHOLD = 100;
/** Tencent Cloud's limit of tags on one resource (TENCENT_TAG_RULE). */
const MAX_FUNCTION_TAGS = 50;
const POLICY_NAME_PATTERN = /^[A-Za-z0-9_-]{1,60}$/;
const NOTICE_TEMPLATE_ID_PATTERN = /^notice-[A-Za-z0-9]+$/;
/** Seconds between repeated notifications while the alarm lasts. */
const NOTICE_FREQUENCY_SECONDS = 3600;

/** Validated alarm options with their defaults applied. */
export interface CdnLogBackupAlarmSettings {
  readonly noticeTemplateId: string;
  readonly periodSeconds: number;
  readonly threshold: number;
  readonly policyName: string;
  /** The tag the function carries so the policy binds to it. */
  readonly tag: { readonly key: string; readonly value: string };
}

/** Checks `alarm` (when given) and applies its defaults; undefined when no alarm is wanted. */
export function resolveAlarmSettings(
  scope: IConstruct,
  alarm: CdnLogBackupAlarmOptions | undefined,
  functionName: string,
  namespace: string,
  tags: { readonly [key: string]: string } | undefined,
): CdnLogBackupAlarmSettings | undefined {
  if (alarm === undefined) return undefined;
  if (alarm === null || typeof alarm !== "object" || Array.isArray(alarm)) {
    invalidProp(scope, "alarm", alarm, "is not a set of alarm options", "give { noticeTemplateId: 'notice-...' }");
  }
  const noticeTemplateId: unknown = alarm.noticeTemplateId;
  if (noticeTemplateId === undefined || noticeTemplateId === null || noticeTemplateId === "") {
    invalidProp(
      scope,
      "alarm.noticeTemplateId",
      noticeTemplateId,
      "is required: an alarm nobody receives is no alarm",
      "give the id of a Cloud Monitor notice template, e.g. 'notice-abcd1234' (Cloud Monitor console, Alarm Management, Notification Template)",
    );
  }
  if (typeof noticeTemplateId !== "string") {
    invalidProp(scope, "alarm.noticeTemplateId", noticeTemplateId, "is not a string", "give e.g. 'notice-abcd1234'");
  }
  if (!Token.isUnresolved(noticeTemplateId) && !NOTICE_TEMPLATE_ID_PATTERN.test(noticeTemplateId)) {
    invalidProp(
      scope,
      "alarm.noticeTemplateId",
      noticeTemplateId,
      "is not a notice template id ('notice-' and letters or digits)",
      "copy the id (not the name) of the template from the Cloud Monitor console, e.g. 'notice-abcd1234'",
    );
  }
  const periodSeconds = alarm.periodSeconds ?? 300;
  requireLiteral(scope, "alarm.periodSeconds", periodSeconds, "300", "it can be checked against SCF's periods");
  if (!CDN_LOG_BACKUP_ALARM_PERIODS.includes(periodSeconds)) {
    invalidProp(
      scope,
      "alarm.periodSeconds",
      periodSeconds,
      "is not a period SCF reports its Error metric in",
      `use one of ${CDN_LOG_BACKUP_ALARM_PERIODS.join(", ")} seconds`,
    );
  }
  const threshold = requireWholeNumber(scope, "alarm.threshold", alarm.threshold ?? 1, {
    min: 1,
    max: MAX_THRESHOLD,
    unit: "errors",
    source: `a failed run is one error; more than ${MAX_THRESHOLD} per period would let failures pile up unheard`,
  });
  const policyName = alarm.policyName ?? `${functionName}-errors`;
  if (typeof policyName !== "string" || Token.isUnresolved(policyName) || !POLICY_NAME_PATTERN.test(policyName)) {
    invalidProp(
      scope,
      "alarm.policyName",
      policyName,
      alarm.policyName === undefined
        ? "(the default, from functionName) is longer than Cloud Monitor's 60 characters"
        : "is not a literal of 1 to 60 letters, digits, '-' or '_'",
      "set alarm.policyName to 1 to 60 letters, digits, '-' or '_'",
    );
  }
  if (tags !== undefined && CDN_LOG_BACKUP_ALARM_TAG_KEY in tags) {
    invalidProp(
      scope,
      `tags.${CDN_LOG_BACKUP_ALARM_TAG_KEY}`,
      tags[CDN_LOG_BACKUP_ALARM_TAG_KEY],
      "is the tag that binds the alarm to the function, set by the construct",
      `remove it from tags, or drop the alarm`,
    );
  }
  if (tags !== undefined && Object.keys(tags).length >= MAX_FUNCTION_TAGS) {
    invalidProp(
      scope,
      "tags",
      `${Object.keys(tags).length} tags`,
      `leave no room for the tag that binds the alarm to the function (Tencent Cloud allows ${MAX_FUNCTION_TAGS})`,
      `give at most ${MAX_FUNCTION_TAGS - 1} tags`,
    );
  }
  return {
    noticeTemplateId,
    periodSeconds,
    threshold,
    policyName,
    tag: { key: CDN_LOG_BACKUP_ALARM_TAG_KEY, value: `${namespace}/${functionName}` },
  };
}

/**
 * Declares the alarm policy: the function's Error metric at or above the threshold in one period, notifying the
 * template; bound to the function through its tag. Every value is written as the provider's Read stores it (see
 * schemas/provider-read-audit.md), so plans stay clean.
 */
export function createBackupAlarm(
  scope: Construct,
  settings: CdnLogBackupAlarmSettings,
  fn: ITerraformDependable,
): MonitorAlarmPolicy {
  return new MonitorAlarmPolicy(scope, "ErrorAlarm", {
    policyName: settings.policyName,
    monitorType: "MT_QCE",
    namespace: SCF_ALARM_POLICY_TYPE,
    enable: 1,
    // The plugin's default -1 (no project) is left out of the request and Read stores what the API assigned; the
    // default project, 0, is the value the provider's examples use and reads back.
    projectId: 0,
    noticeIds: [settings.noticeTemplateId],
    conditions: {
      isUnionRule: 0,
      rules: [
        {
          metricName: SCF_ERROR_METRIC,
          period: settings.periodSeconds,
          operator: "ge",
          value: String(settings.threshold),
          continuePeriod: 1,
          noticeFrequency: NOTICE_FREQUENCY_SECONDS,
        },
      ],
    },
    policyTag: [{ key: settings.tag.key, value: settings.tag.value }],
    dependsOn: [fn],
  });
}
