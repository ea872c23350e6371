import { Annotations, Aspects, ITerraformDependable, Lazy, TerraformStack, Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { CamPolicy } from "../../../.gen/providers/tencentcloud/cam-policy";
import { CamRole } from "../../../.gen/providers/tencentcloud/cam-role";
import { CamRolePolicyAttachmentByName } from "../../../.gen/providers/tencentcloud/cam-role-policy-attachment-by-name";
import { DataTencentcloudCamPolicies } from "../../../.gen/providers/tencentcloud/data-tencentcloud-cam-policies";
import { DataTencentcloudCamRoles } from "../../../.gen/providers/tencentcloud/data-tencentcloud-cam-roles";
import { registerAppUniquenessCheck } from "../../shared/app-uniqueness";
import { invalidProp, showValue } from "../../shared/errors";
import { forbidLiteralProviderCredentials } from "../../shared/providers";
import { TENCENT_TAG_RULE, validateTags } from "../../shared/tags";
import { CamPolicyDocument, camAction, validateCamName } from "../cam/policy-document";
import { ICosBucketAddress, Qcs } from "../cam/qcs";

/** The role COS log management delivers through. CLS assumes it by this exact name; it is one per account. */
export const CLS_DELIVERY_ROLE_NAME = "CLS_QcsRole";
/** The service that assumes {@link CLS_DELIVERY_ROLE_NAME}. */
export const CLS_SERVICE_PRINCIPAL = "cls.cloud.tencent.com";
/** Tencent's preset policy the COS console attaches to `CLS_QcsRole`. */
export const CLS_PRESET_POLICY_NAME = "QcloudCOSAccessForCLSRole";

/**
 * What the least-privilege policy lets CLS do on each log prefix: write log objects (simple and multipart uploads,
 * including cleaning up its own failed uploads) and read them back (HEAD/GET, e.g. to check an object it wrote).
 * All are object-level actions, so the grant is confined to `<bucket>/<prefix>*`. Bucket-level actions such as
 * `ListMultipartUploads` or `GetBucket` are left out: they cannot be scoped to a prefix and delivery does not need them.
 */
export const CLS_DELIVERY_ACTIONS: readonly string[] = [
  camAction("cos", "PutObject"),
  camAction("cos", "HeadObject"),
  camAction("cos", "GetObject"),
  camAction("cos", "InitiateMultipartUpload"),
  camAction("cos", "UploadPart"),
  camAction("cos", "ListParts"),
  camAction("cos", "CompleteMultipartUpload"),
  camAction("cos", "AbortMultipartUpload"),
];

/**
 * CAM's documented limit on a policy document, in characters. Past it the policy cannot be created, so the construct
 * warns at synth. The document is measured with tokens unresolved (`${TfToken[...]}`, about 20 characters, where an
 * appid is 10), so the estimate errs on the high side for appid tokens.
 */
const CAM_POLICY_DOCUMENT_MAX_LENGTH = 6144;

/** Permissions granted to `CLS_QcsRole`. */
export type ClsDeliveryPermissions = "least-privilege" | "preset";

/** Options for {@link ClsDeliveryAuthorization.of}. */
export interface ClsDeliveryAuthorizationProps {
  /**
   * `CLS_QcsRole` already exists in the account, so attach permissions to it by name instead of creating it. The role
   * name is fixed and account-global: it exists once per account, whichever stack or console action made it. If the COS
   * console ever enabled log management in this account, or another stack creates the role, creating it here fails.
   *
   * @default false
   */
  readonly existingRole?: boolean;

  /**
   * Create `CLS_QcsRole` (trusted by `cls.cloud.tencent.com`) in this stack. Only one stack per account can do this, and
   * destroying that stack deletes the role for every source in the account. Conflicts with `existingRole`.
   *
   * @default - true unless `existingRole` is set
   */
  readonly createRole?: boolean;

  /**
   * What the role may do.
   * - `"least-privilege"`: a custom policy of this stack that grants read/write only on the exact
   *   `<bucket>/<prefix>*` of every logging source declared in the stack (see {@link CLS_DELIVERY_ACTIONS}).
   * - `"preset"`: Tencent's `QcloudCOSAccessForCLSRole`, as the COS console does. It is broader than the log prefixes,
   *   and with `existingRole` the attachment is usually shared with the console's: destroying the stack detaches it
   *   for the whole account.
   *
   * @default "least-privilege"
   */
  readonly permissions?: ClsDeliveryPermissions;

  /**
   * Name of the custom policy (least-privilege only). CAM policy names are account-global, so the default includes the
   * stack name; set this when two stacks of the same name share an account.
   *
   * @default "CosAccessLogDelivery-<stack name>"
   */
  readonly policyName?: string;

  /**
   * Tags for the role and the custom policy this construct creates (with `existingRole` and `"preset"` it creates
   * neither, and the tags are unused).
   *
   * @default - no tags
   */
  readonly tags?: { readonly [key: string]: string };
}

/** The normalised settings two `of()` calls are compared on. */
interface Settings {
  readonly createRole: boolean;
  readonly permissions: ClsDeliveryPermissions;
  readonly policyName?: string;
  readonly tags?: { readonly [key: string]: string };
}

interface DeliveryTarget {
  readonly region: string;
  readonly appId: string;
  readonly bucketName: string;
  readonly logPrefix: string;
}

const ID = "ClsDeliveryAuthorization";

/**
 * Authorizes CLS to deliver COS access logs: the `CLS_QcsRole` role trusted by `cls.cloud.tencent.com` (created here
 * or reused) and its permissions, attached with `tencentcloud_cam_role_policy_attachment_by_name`, which fits both a
 * role created here and one that already exists.
 *
 * There is at most one per stack, obtained with {@link ClsDeliveryAuthorization.of}; logging sources create it with
 * defaults when none exists. Configure it explicitly by calling `of(stack, props)` before declaring the sources.
 * Every source bucket `depends_on` {@link grant}, so Terraform grants before it enables logging.
 */
export class ClsDeliveryAuthorization extends Construct {
  /**
   * The stack's authorization, created on first call.
   *
   * @param props settings; when the stack already has one, they must match its settings (omit them to just look it up)
   */
  static of(scope: IConstruct, props?: ClsDeliveryAuthorizationProps): ClsDeliveryAuthorization {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(ID);
    if (existing instanceof ClsDeliveryAuthorization) {
      if (props !== undefined) existing.assertSameSettings(props);
      return existing;
    }
    return new ClsDeliveryAuthorization(stack, props ?? {});
  }

  /** Name of the role CLS delivers through (a reference to the created role, so dependents wait for it). */
  readonly roleName: string;
  /** The permission mode. */
  readonly permissions: ClsDeliveryPermissions;
  /** Whether this stack creates `CLS_QcsRole`. */
  readonly createsRole: boolean;
  /** The policy attachment; whatever enables log delivery must depend on it. */
  readonly grant: ITerraformDependable;
  /** Name of the attached policy (custom or preset; a reference). */
  readonly policyName: string;

  private readonly settings: Settings;
  private readonly targets = new Map<string, DeliveryTarget>();
  private sizeChecked = false;

  private constructor(stack: TerraformStack, props: ClsDeliveryAuthorizationProps) {
    const path = stack.node.path === "" ? ID : `${stack.node.path}/${ID}`;
    const settings = ClsDeliveryAuthorization.settingsFrom(path, stack, props);
    super(stack, ID);
    forbidLiteralProviderCredentials(this);
    registerAppUniquenessCheck(this);
    this.settings = settings;
    this.permissions = settings.permissions;
    this.createsRole = settings.createRole;

    if (settings.createRole) {
      const role = new CamRole(this, "Role", {
        name: CLS_DELIVERY_ROLE_NAME,
        document: CamPolicyDocument.trustService(CLS_SERVICE_PRINCIPAL).toDocumentValue(),
        description: "Lets CLS deliver COS bucket access logs (COS log management).",
        // Read stores false when CAM reports no console login; saying so keeps config and state identical.
        consoleLogin: false,
        tags: settings.tags ? { ...settings.tags } : undefined,
      });
      this.roleName = role.name;
    } else {
      // Look the role up rather than trusting the name: the plan fails (role_list is empty, so index 0 is invalid)
      // when the account has no CLS_QcsRole, instead of the attachment failing halfway through an apply.
      const existing = new DataTencentcloudCamRoles(this, "ExistingRole", { name: CLS_DELIVERY_ROLE_NAME });
      this.roleName = existing.roleList.get(0).name;
    }

    if (settings.permissions === "preset") {
      // The lookup fails the plan if the preset policy is missing, and its result names the policy we attach.
      const preset = new DataTencentcloudCamPolicies(this, "PresetPolicy", { name: CLS_PRESET_POLICY_NAME, type: 2 });
      this.policyName = preset.policyList.get(0).name;
      if (!settings.createRole) {
        Annotations.of(this).addWarning(
          `${this.node.path}: permissions "preset" with existingRole attaches ${CLS_PRESET_POLICY_NAME} to the account-wide ${CLS_DELIVERY_ROLE_NAME}; the COS console uses the same attachment, so destroying this stack detaches it for every logging bucket in the account. Prefer permissions "least-privilege".`,
        );
      }
    } else {
      const policy = new CamPolicy(this, "Policy", {
        name: settings.policyName!,
        document: Lazy.stringValue({ produce: () => this.document().toDocumentValue() }),
        description: "Least privilege for CLS to deliver COS access logs: read/write on the log prefixes only.",
        tags: settings.tags ? { ...settings.tags } : undefined,
      });
      this.policyName = policy.name;
      // Checked once, when the stack is synthesized and every source has registered (aspects run before validation).
      Aspects.of(this).add({
        visit: (node) => {
          if (node === this) this.checkDocumentSize();
        },
      });
      this.node.addValidation({
        validate: () =>
          this.targets.size > 0
            ? []
            : [
                `permissions "least-privilege" but no logging source delivers through this authorization, so its policy would grant nothing (CAM rejects an empty resource list). Fix: declare a CosAccessLoggedBucket or CosAccessLogging in this stack, call addDeliveryTarget(...), or remove the authorization`,
              ],
      });
    }

    this.grant = new CamRolePolicyAttachmentByName(this, "Attachment", {
      roleName: this.roleName,
      policyName: this.policyName,
    });
  }

  /**
   * Registers a bucket and prefix CLS delivers to. With least privilege the custom policy covers exactly the registered
   * `<bucket>/<prefix>*` (a prefix inside another registered prefix of the same bucket adds nothing). Logging sources
   * call this themselves; call it for a source managed outside this stack's constructs, or register a log bucket's
   * root prefix once to keep the document small when many sources share that root.
   *
   * @param logPrefix the normalised prefix (no leading `/`, ending in `/`)
   * @returns false when the bucket and prefix were already registered
   */
  addDeliveryTarget(target: ICosBucketAddress, logPrefix: string): boolean {
    const key = `${target.region}\u0000${target.appId}\u0000${target.bucketName}\u0000${logPrefix}`;
    if (this.targets.has(key)) return false;
    this.targets.set(key, { region: target.region, appId: target.appId, bucketName: target.bucketName, logPrefix });
    return true;
  }

  /** The qcs resource names the least-privilege policy grants on, deduplicated and sorted. Empty in preset mode. */
  get deliveryResources(): string[] {
    if (this.permissions !== "least-privilege") return [];
    const byBucket = new Map<string, DeliveryTarget[]>();
    for (const target of this.targets.values()) {
      const key = `${target.region}\u0000${target.appId}\u0000${target.bucketName}`;
      const list = byBucket.get(key);
      if (list) list.push(target);
      else byBucket.set(key, [target]);
    }
    const resources: string[] = [];
    for (const list of byBucket.values()) {
      // Sorted, a prefix comes right before everything it covers; keep only prefixes no kept prefix covers.
      list.sort((a, b) => (a.logPrefix < b.logPrefix ? -1 : a.logPrefix > b.logPrefix ? 1 : 0));
      let covering: string | undefined;
      for (const target of list) {
        if (covering !== undefined && target.logPrefix.startsWith(covering)) continue;
        covering = Token.isUnresolved(target.logPrefix) ? undefined : target.logPrefix;
        resources.push(Qcs.cosObjects(target.region, target.appId, target.bucketName, target.logPrefix));
      }
    }
    return resources.sort();
  }

  private checkDocumentSize(): void {
    if (this.sizeChecked) return;
    this.sizeChecked = true;
    const resources = this.deliveryResources;
    const length = this.document().toJsonString().length;
    if (length > CAM_POLICY_DOCUMENT_MAX_LENGTH) {
      Annotations.of(this).addWarning(
        `${this.node.path}: the least-privilege policy covers ${resources.length} log prefixes, about ${length} characters, over CAM's ${CAM_POLICY_DOCUMENT_MAX_LENGTH}-character limit for a policy document. Put the sources under a CosLogBucket logPrefix and register that root once with addDeliveryTarget(logBucket, logBucket.logPrefix): it covers every prefix under it.`,
      );
    }
  }

  /** The least-privilege policy document, built when the stack is synthesized so every source is included. */
  private document(): CamPolicyDocument {
    return new CamPolicyDocument([{ effect: "allow", action: CLS_DELIVERY_ACTIONS, resource: this.deliveryResources }]);
  }

  private assertSameSettings(props: ClsDeliveryAuthorizationProps): void {
    const wanted = ClsDeliveryAuthorization.settingsFrom(this.node.path, TerraformStack.of(this), props);
    const have = this.settings;
    if (
      wanted.createRole !== have.createRole ||
      wanted.permissions !== have.permissions ||
      wanted.policyName !== have.policyName ||
      tagsKey(wanted.tags) !== tagsKey(have.tags)
    ) {
      invalidProp(
        this.node.path,
        "props",
        props,
        `conflict with this stack's ClsDeliveryAuthorization, which already exists with ${describeSettings(have)}`,
        "there is one per stack: call ClsDeliveryAuthorization.of(stack, props) once, before declaring any logging source, and call of(scope) without props (or with the same props) elsewhere",
      );
    }
  }

  private static settingsFrom(where: string, stack: TerraformStack, props: ClsDeliveryAuthorizationProps): Settings {
    if (props.existingRole === true && props.createRole === true) {
      invalidProp(
        where,
        "existingRole",
        true,
        "conflicts with createRole: true",
        `choose one: existingRole when ${CLS_DELIVERY_ROLE_NAME} already exists in the account, createRole to create it in this stack`,
      );
    }
    const createRole = props.createRole ?? props.existingRole !== true;
    if (!createRole && props.existingRole !== true) {
      invalidProp(
        where,
        "createRole",
        false,
        `leaves nothing providing ${CLS_DELIVERY_ROLE_NAME}`,
        `set existingRole: true if the role already exists in the account, or leave createRole unset to create it`,
      );
    }
    const permissions = props.permissions ?? "least-privilege";
    if (permissions !== "least-privilege" && permissions !== "preset") {
      invalidProp(
        where,
        "permissions",
        permissions,
        "is not a permission mode",
        'use "least-privilege" (default) or "preset"',
      );
    }
    if (permissions === "preset" && props.policyName !== undefined) {
      invalidProp(
        where,
        "policyName",
        props.policyName,
        `has no effect with permissions "preset" (the preset ${CLS_PRESET_POLICY_NAME} is attached)`,
        'remove policyName, or use permissions "least-privilege"',
      );
    }
    let policyName: string | undefined;
    if (permissions === "least-privilege") {
      policyName = props.policyName ?? defaultPolicyName(stack);
      validateCamName(where, "policyName", policyName);
    }
    return { createRole, permissions, policyName, tags: validateTags(where, "tags", props.tags, TENCENT_TAG_RULE) };
  }
}

function defaultPolicyName(stack: TerraformStack): string {
  const stackName = stack.node.id.replace(/[^A-Za-z0-9_+=,.@-]/g, "-");
  return `CosAccessLogDelivery-${stackName}`.slice(0, 128);
}

function tagsKey(tags: { readonly [key: string]: string } | undefined): string {
  if (!tags) return "";
  return JSON.stringify(
    Object.keys(tags)
      .sort()
      .map((key) => [key, tags[key]]),
  );
}

function describeSettings(settings: Settings): string {
  const role = settings.createRole ? "createRole" : "existingRole";
  const policy = settings.policyName ? `, policyName ${showValue(settings.policyName)}` : "";
  const tags = settings.tags ? `, tags ${showValue(settings.tags)}` : "";
  return `${role}, permissions "${settings.permissions}"${policy}${tags}`;
}
