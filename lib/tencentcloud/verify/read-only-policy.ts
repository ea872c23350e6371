import { Lazy, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { CamPolicy } from "../../../.gen/providers/tencentcloud/cam-policy";
import { CamRolePolicyAttachmentByName } from "../../../.gen/providers/tencentcloud/cam-role-policy-attachment-by-name";
import { TENCENT_TAG_RULE, validateTags } from "../../shared/tags";
import { AccessLogChecks } from "../../checks/access-log-checks";
import { TencentCloudAccount } from "../cam/account";
import { CamPolicyDocument, CamPolicyStatement, camAction, validateCamName } from "../cam/policy-document";
import { ICosBucketAddress, Qcs } from "../cam/qcs";

/** The role COS access logs are delivered through, which `verify` reads for every COS delivery. */
const CLS_ROLE = "CLS_QcsRole";

/** Where the CDN log backup writes its run status, after its destination prefix (functions/cdn-log-backup). */
export const VERIFY_RUN_STATUS_PREFIX = "_status/";

/** The read-only CAM actions `cdktf-access-logs verify` calls, by what it reads with them. */
export const VERIFY_ACTIONS = {
  /** GET Bucket logging of each logged (source) bucket. */
  loggedBucket: [camAction("cos", "GetBucketLogging")],
  /** HEAD Bucket (existence, region) and GET Bucket (the one listing for the newest log) of each log target. */
  logTarget: [camAction("cos", "HeadBucket"), camAction("cos", "GetBucket")],
  /** GET Object of the CDN log backup's run status object only. */
  runStatus: [camAction("cos", "GetObject")],
  /** GetFunction (runtime, environment, timer triggers) of each CDN log backup function. */
  function: [camAction("scf", "GetFunction")],
  /** GetRole and ListAttachedRolePolicies of CLS_QcsRole and each backup's execution role. */
  role: [camAction("cam", "GetRole"), camAction("cam", "ListAttachedRolePolicies")],
  /** GetUserAppId: the account's APPID, to resolve bucket names synthesized with it (no resource-level scope). */
  account: [camAction("cam", "GetUserAppId")],
} as const;

/** A CDN log backup `verify` checks: what {@link CdnLogBackup} exposes, plus the bucket it writes to. */
export interface VerifiedCdnLogBackup {
  /** The function's name. */
  readonly functionName: string;
  /** The function's namespace. */
  readonly namespace: string;
  /** The execution role's name. */
  readonly roleName: string;
  /** The destination prefix (`""` for the bucket root). */
  readonly destinationPrefix: string;
}

/** Options of {@link VerifyReadOnlyPolicy}. */
export interface VerifyReadOnlyPolicyProps {
  /**
   * The policy's name; CAM policy names are account-global.
   *
   * @default "AccessLogVerifyReadOnly-<stack name>"
   */
  readonly policyName?: string;
  /**
   * Attach the policy to this existing role (e.g. the role your CI assumes to run `verify`).
   *
   * @default - not attached; attach `policyName` yourself
   */
  readonly attachToRoleName?: string;
  /**
   * Tags for the policy.
   *
   * @default - no tags
   */
  readonly tags?: { readonly [key: string]: string };
}

/**
 * Exactly the permissions `cdktf-access-logs verify` needs, as a custom CAM policy: read-only actions, each on the
 * resources it reads (see {@link VERIFY_ACTIONS}). Register what the CI role verifies with {@link addLoggedBucket},
 * {@link addLogTarget} and {@link addCdnLogBackup}; `CLS_QcsRole` is always readable. BOS has no CAM: its
 * permissions are in the README ("Verify").
 *
 * ```ts
 * const verify = new VerifyReadOnlyPolicy(stack, "VerifyPolicy", { attachToRoleName: "ci-verify" });
 * verify.addLoggedBucket(website);
 * verify.addLogTarget(logs);
 * verify.addCdnLogBackup(backup, logs);
 * ```
 */
export class VerifyReadOnlyPolicy extends Construct {
  /** The policy's name (a reference to the created policy). */
  readonly policyName: string;

  private readonly loggedBuckets = new Map<string, ICosBucketAddress>();
  private readonly logTargets = new Map<string, ICosBucketAddress>();
  private readonly statusObjects = new Map<string, string>();
  private readonly functions = new Set<string>();
  private readonly roles = new Set<string>([CLS_ROLE]);
  private readonly ownerUin: string;

  constructor(scope: Construct, id: string, props: VerifyReadOnlyPolicyProps = {}) {
    super(scope, id);
    this.ownerUin = TencentCloudAccount.of(this).ownerUin;
    const name = props.policyName ?? `AccessLogVerifyReadOnly-${TerraformStack.of(this).node.id}`;
    validateCamName(this, props.policyName === undefined ? "policyName (default)" : "policyName", name);
    if (props.attachToRoleName !== undefined) validateCamName(this, "attachToRoleName", props.attachToRoleName);
    const tags = validateTags(this, "tags", props.tags, TENCENT_TAG_RULE);
    const policy = new CamPolicy(this, "Policy", {
      name,
      document: Lazy.stringValue({ produce: () => this.document().toDocumentValue() }),
      description: "Read-only: what cdktf-access-logs verify reads to prove access logs arrive.",
      ...(tags ? { tags } : {}),
    });
    this.policyName = policy.name;
    // GetUserAppId has no resource-level scope; everything else in the document is scoped.
    AccessLogChecks.suppress(
      policy,
      "TC-CAM-2",
      'only cam:GetUserAppId is granted on "*": CAM offers no resource-level scope for it, and it reads nothing but the account\'s own APPID',
    );
    if (props.attachToRoleName !== undefined)
      new CamRolePolicyAttachmentByName(this, "Attachment", {
        roleName: props.attachToRoleName,
        policyName: policy.name,
      });
  }

  /** Lets verify read the logging setting of a logged (source) bucket. */
  addLoggedBucket(bucket: ICosBucketAddress): this {
    this.loggedBuckets.set(Qcs.cosBucket(bucket.region, bucket.appId, bucket.bucketName), bucket);
    return this;
  }

  /** Lets verify check that a log target exists in its region and list it once for the newest log object. */
  addLogTarget(bucket: ICosBucketAddress): this {
    this.logTargets.set(Qcs.cosBucket(bucket.region, bucket.appId, bucket.bucketName), bucket);
    return this;
  }

  /**
   * Lets verify read a CDN log backup: its function (in `bucket`'s region unless `functionRegion` is given), its
   * execution role, and its run status object `<destinationPrefix>_status/*` in `bucket` — no other object.
   */
  addCdnLogBackup(backup: VerifiedCdnLogBackup, bucket: ICosBucketAddress, functionRegion?: string): this {
    this.functions.add(
      Qcs.scfFunction(functionRegion ?? bucket.region, this.ownerUin, backup.namespace, backup.functionName),
    );
    this.roles.add(backup.roleName);
    const resource = Qcs.cosObjects(
      bucket.region,
      bucket.appId,
      bucket.bucketName,
      `${backup.destinationPrefix}${VERIFY_RUN_STATUS_PREFIX}`,
    );
    this.statusObjects.set(resource, resource);
    return this;
  }

  /** The policy document: one statement per kind of read, each on its resources only. */
  document(): CamPolicyDocument {
    const sorted = (values: Iterable<string>): string[] => [...values].sort();
    const statements: CamPolicyStatement[] = [];
    const add = (action: readonly string[], resource: string[]): void => {
      if (resource.length > 0) statements.push({ effect: "allow", action: [...action], resource });
    };
    add(VERIFY_ACTIONS.loggedBucket, sorted(this.loggedBuckets.keys()));
    add(VERIFY_ACTIONS.logTarget, sorted(this.logTargets.keys()));
    add(VERIFY_ACTIONS.runStatus, sorted(this.statusObjects.keys()));
    add(VERIFY_ACTIONS.function, sorted(this.functions));
    add(VERIFY_ACTIONS.role, sorted([...this.roles].map((role) => Qcs.camRole(this.ownerUin, role))));
    add(VERIFY_ACTIONS.account, ["*"]);
    return new CamPolicyDocument(statements);
  }
}
