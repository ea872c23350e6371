// The CdnLogBackup construct: its props resolved into settings first (log-backup-settings.ts), then the execution role,
// the function with its code and environment, and its timer trigger built from them.
import { AssetType, TerraformAsset, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ScfFunction } from "../../../.gen/providers/tencentcloud/scf-function";
import { ScfNamespace } from "../../../.gen/providers/tencentcloud/scf-namespace";
import { ScfTrigger } from "../../../.gen/providers/tencentcloud/scf-trigger";
import { MonitorAlarmPolicy } from "../../../.gen/providers/tencentcloud/monitor-alarm-policy";
import { inSameStack } from "../../shared/dependencies";
import { registerAppUniquenessCheck } from "../../shared/app-uniqueness";
import { forbidLiteralProviderCredentials } from "../../shared/providers";
import { TencentCloudAccount } from "../cam/account";
import { camAction, CamPolicyDocument } from "../cam/policy-document";
import { Qcs } from "../cam/qcs";
import { ScfCron, scfTimerTriggerDesc } from "../scf/cron";
import { ScfExecutionRole } from "../scf/execution-role";
import { checkEnvironmentSize, checkPolicySize, scfRegionErrors } from "./log-backup-checks";
import {
  CDN_LOG_BACKUP_CDN_ACTION,
  CDN_LOG_BACKUP_COS_ACTIONS,
  CDN_LOG_BACKUP_HANDLER,
  CDN_LOG_BACKUP_LIST_ACTION,
  CDN_LOG_BACKUP_RUNTIME,
  CdnLogBackupProps,
} from "./log-backup-props";
import { resolveCdnLogBackupSettings } from "./log-backup-settings";
import { createBackupAlarm } from "./log-backup-alarm";

const TRIGGER_NAME = "cdn-log-backup-timer";
/** The version a trigger runs when none is given; SCF reports it back and the provider stores it. */
export const SCF_TRIGGER_QUALIFIER = "$LATEST";

/**
 * Copies the CDN access logs of one or more acceleration domains into a COS bucket on a timer, like the COS
 * console's "CDN log backup", declared as code:
 *
 * - an SCF function (`Nodejs18.15`) running this package's bundled backup code, configured by environment variables
 *   (domains, bucket, prefix, area, lookback; never a key: it runs with the temporary keys of its role);
 * - a timer trigger (`tencentcloud_scf_trigger`) with the schedule's cron expression;
 * - an execution role trusted by `scf.qcloud.com` whose one policy allows `cdn:DescribeCdnDomainLogs` on the given
 *   domains and the object writes of a (multipart) upload on `<bucket>/<prefix>*` only. The function depends on the
 *   policy attachment, so it never runs without its grant.
 *
 * The function gets public network access (`enable_public_net`): it calls the CDN API and downloads packages from
 * CDN's public log URLs, which the provider's default (no public network) would make impossible.
 *
 * Outputs the function name and the role name.
 */
export class CdnLogBackup extends Construct {
  /** The SCF function name. */
  readonly functionName: string;
  /** The SCF namespace. */
  readonly namespace: string;
  /** The execution role's name. */
  readonly roleName: string;
  /** The validated schedule. */
  readonly schedule: ScfCron;
  /** The normalised domains, in the order given. */
  readonly domains: readonly string[];
  /** The normalised destination prefix (`""` for the bucket root). */
  readonly destinationPrefix: string;
  /** The execution role and its policy. */
  readonly executionRole: ScfExecutionRole;
  /** The absolute path of the folder zipped as the function code. */
  readonly codePath: string;
  /** The Cloud Monitor alarm policy on the function's errors, when `alarm` is set. */
  readonly alarmPolicy?: MonitorAlarmPolicy;

  constructor(scope: Construct, id: string, props: CdnLogBackupProps) {
    super(scope, id);
    forbidLiteralProviderCredentials(this);
    registerAppUniquenessCheck(this);

    // Validate everything up front, before any resource is declared.
    const settings = resolveCdnLogBackupSettings(this, props);
    const { domains, bucket, prefix, functionName, namespace, roleName, cdnResourceScope, tags, cron } = settings;
    const { area, lookbackHours, concurrency, memorySize, memoryBudgetMb, timeoutSeconds, extraLogHosts } = settings;
    const { createNamespace, codeDir, description, alarm } = settings;

    // The execution role: CDN log listing on the domains, object reads/writes and listing under the prefix. Nothing else.
    const ownerUin = TencentCloudAccount.of(this).ownerUin;
    const cdnResources =
      cdnResourceScope === "all-domains"
        ? [Qcs.cdnDomain(ownerUin, "*")]
        : domains.map((domain) => Qcs.cdnDomain(ownerUin, domain));
    const policy = new CamPolicyDocument([
      { effect: "allow", action: [camAction("cdn", CDN_LOG_BACKUP_CDN_ACTION)], resource: cdnResources },
      {
        effect: "allow",
        action: CDN_LOG_BACKUP_COS_ACTIONS.map((action) => camAction("cos", action)),
        resource: [Qcs.cosObjects(bucket.region, bucket.appId, bucket.bucketName, prefix)],
      },
      {
        effect: "allow",
        action: [camAction("cos", CDN_LOG_BACKUP_LIST_ACTION)],
        resource: [Qcs.cosBucket(bucket.region, bucket.appId, bucket.bucketName)],
        condition: { string_like: { "cos:prefix": [`${prefix}*`] } },
      },
    ]);
    checkPolicySize(this, policy, cdnResourceScope);
    this.executionRole = new ScfExecutionRole(this, "ExecutionRole", {
      roleName,
      policy,
      description: `Execution role of the CDN log backup function ${functionName}: reads CDN log listings, writes under one COS prefix.`,
      tags,
    });

    const environment: { [key: string]: string } = {
      BACKUP_DOMAINS: domains.join(","),
      BACKUP_BUCKET: bucket.bucketName,
      BACKUP_REGION: bucket.region,
      BACKUP_PREFIX: prefix,
      BACKUP_AREA: area,
      BACKUP_LOOKBACK_HOURS: String(lookbackHours),
      BACKUP_CONCURRENCY: String(concurrency),
      BACKUP_MEMORY_BUDGET_MB: String(memoryBudgetMb),
      ...(extraLogHosts.length === 0 ? {} : { BACKUP_EXTRA_LOG_HOSTS: extraLogHosts.join(",") }),
    };
    checkEnvironmentSize(this, environment);

    const namespaceResource = createNamespace
      ? new ScfNamespace(this, "Namespace", {
          namespace,
          description: "Created by cdktf-access-logs for CDN log backup.",
        })
      : undefined;
    const code = new TerraformAsset(this, "Code", { path: codeDir, type: AssetType.ARCHIVE });
    const bucketInStack = inSameStack(this, bucket.dependable);
    const fn = new ScfFunction(this, "Function", {
      name: functionName,
      // Referencing the namespace resource orders the function after it.
      namespace: namespaceResource ? namespaceResource.namespace : namespace,
      runtime: CDN_LOG_BACKUP_RUNTIME,
      handler: CDN_LOG_BACKUP_HANDLER,
      zipFile: code.path,
      memSize: memorySize,
      timeout: timeoutSeconds,
      environment,
      role: this.executionRole.roleName,
      // The function downloads packages from public CDN log URLs and calls the public CDN API; the provider's
      // default (false) would send PublicNetStatus=DISABLE and every run would fail.
      enablePublicNet: true,
      description,
      // With an alarm, one more tag: the one that binds the alarm policy to this function.
      tags: alarm === undefined ? tags : { ...tags, [alarm.tag.key]: alarm.tag.value },
      // Never run without the grant; and when the bucket is declared in this stack, never before it exists.
      dependsOn: [this.executionRole.policyAttachment, ...(bucketInStack ? [bucketInStack] : [])],
    });
    new ScfTrigger(this, "Timer", {
      type: "timer",
      functionName: fn.name,
      namespace: fn.namespace,
      triggerName: TRIGGER_NAME,
      triggerDesc: scfTimerTriggerDesc(cron),
      // Read copies the API's qualifier into state (Optional, not Computed) and SCF defaults it to $LATEST: unset, every
      // plan after apply would want to clear it (resourceTencentCloudScfTriggerRead, resource_tc_scf_trigger.go, 1.83.25).
      qualifier: SCF_TRIGGER_QUALIFIER,
      enable: "OPEN",
      description: `CDN log backup, ${cron.describe()}`,
    });

    if (alarm !== undefined) {
      // Bound by the function's tag: the function, with its tag, exists first.
      this.alarmPolicy = createBackupAlarm(this, alarm, fn);
    }

    // The function runs in its provider's region, known once the stack is complete.
    this.node.addValidation({ validate: () => scfRegionErrors(this, fn) });

    new TerraformOutput(this, "FunctionName", {
      value: fn.name,
      description: "Name of the CDN log backup SCF function",
    });
    new TerraformOutput(this, "RoleName", {
      value: this.executionRole.roleName,
      description: "Name of the CDN log backup function's CAM execution role",
    });

    this.functionName = functionName;
    this.namespace = namespace;
    this.roleName = roleName;
    this.schedule = cron;
    this.domains = domains;
    this.destinationPrefix = prefix;
    this.codePath = codeDir;
  }
}
