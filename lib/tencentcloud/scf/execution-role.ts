import { Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { CamPolicy } from "../../../.gen/providers/tencentcloud/cam-policy";
import { CamRole } from "../../../.gen/providers/tencentcloud/cam-role";
import { CamRolePolicyAttachment } from "../../../.gen/providers/tencentcloud/cam-role-policy-attachment";
import { registerAppUniquenessCheck } from "../../shared/app-uniqueness";
import { invalidProp } from "../../shared/errors";
import { forbidLiteralProviderCredentials } from "../../shared/providers";
import { TENCENT_TAG_RULE, validateTags } from "../../shared/tags";
import { CamPolicyDocument, validateCamName } from "../cam/policy-document";
import { CLS_DELIVERY_ROLE_NAME } from "../cls/delivery-authorization";

/** The service principal SCF assumes execution roles as. */
export const SCF_SERVICE_PRINCIPAL = "scf.qcloud.com";

/**
 * Checks the name of a role this library creates for a function: a CAM name, and not a Tencent service role's name
 * (`CLS_QcsRole`, `SCF_QcsRole`, ... end in `_QcsRole`): those are created once per account for a service, trusted by
 * that service, and a function role of the same name would fail to create or replace the service's trust.
 */
export function validateExecutionRoleName(scope: IConstruct, prop: string, roleName: string): void {
  validateCamName(scope, prop, roleName);
  if (!Token.isUnresolved(roleName) && /_qcsrole$/i.test(roleName)) {
    const what =
      roleName.toLowerCase() === CLS_DELIVERY_ROLE_NAME.toLowerCase()
        ? `the CLS delivery role (${CLS_DELIVERY_ROLE_NAME}) that COS access logging uses`
        : "a Tencent Cloud service role name (`<SERVICE>_QcsRole`)";
    invalidProp(
      scope,
      prop,
      roleName,
      `is ${what}, reserved for the service`,
      "choose another name, e.g. '<function>-role' (the default)",
    );
  }
}

/** Properties of an {@link ScfExecutionRole}. */
export interface ScfExecutionRoleProps {
  /**
   * Name of the CAM role. CAM names are global to the account (not per region), and the name cannot change after
   * creation (changing it replaces the role).
   */
  readonly roleName: string;

  /**
   * Name of the custom policy holding the role's permissions. Also account-global.
   * @default `<roleName>-policy`
   */
  readonly policyName?: string;

  /**
   * The permissions: every statement must name its resources with `Qcs` (a bare `*` resource is rejected, so the
   * role can never be granted more than the statements spell out).
   */
  readonly policy: CamPolicyDocument;

  /**
   * Description shown in the CAM console for the role and the policy.
   * @default - none
   */
  readonly description?: string;

  /**
   * Tags for the role and the policy.
   * @default - none
   */
  readonly tags?: { readonly [key: string]: string };
}

/**
 * A CAM role that SCF functions run as (trusted by `scf.qcloud.com` only), with one custom policy attached.
 *
 * Functions reference it by {@link roleName} and should `dependsOn` {@link policyAttachment}, so they are never
 * created, or invoked, before their grant exists.
 */
export class ScfExecutionRole extends Construct {
  /** The role name (a reference to the role resource, so using it orders creation after the role). */
  readonly roleName: string;
  /** The role's id. */
  readonly roleId: string;
  /** The custom policy's id. */
  readonly policyId: string;
  /** The attachment of the policy to the role: depend on it to run only once the grant is in place. */
  readonly policyAttachment: CamRolePolicyAttachment;

  constructor(scope: Construct, id: string, props: ScfExecutionRoleProps) {
    super(scope, id);
    forbidLiteralProviderCredentials(this);
    registerAppUniquenessCheck(this);
    validateExecutionRoleName(this, "roleName", props.roleName);
    const policyName = props.policyName ?? `${props.roleName}-policy`;
    validateCamName(this, "policyName", policyName);
    if (props.policy.statements.length === 0) {
      invalidProp(this, "policy", props.policy.toJSON(), "has no statements", "add the statements the function needs");
    }
    props.policy.statements.forEach((statement, index) => {
      if (statement.principal) {
        invalidProp(
          this,
          `policy.statement[${index}].principal`,
          statement.principal,
          "is set, but a permission policy has no principal",
          "remove it; the trust policy is built by the role",
        );
      }
      const resources = statement.resource ?? [];
      if (resources.length === 0 || resources.some((resource) => resource.trim() === "*")) {
        invalidProp(
          this,
          `policy.statement[${index}].resource`,
          statement.resource,
          "grants every resource",
          "name the resources with Qcs (e.g. Qcs.cosObjects(region, appId, bucket, prefix))",
        );
      }
    });

    const tags = validateTags(this, "tags", props.tags, TENCENT_TAG_RULE);
    const role = new CamRole(this, "Role", {
      name: props.roleName,
      document: CamPolicyDocument.trustService(SCF_SERVICE_PRINCIPAL).toDocumentValue(),
      description: props.description,
      consoleLogin: false,
      tags,
    });
    const policy = new CamPolicy(this, "Policy", {
      name: policyName,
      document: props.policy.toDocumentValue(),
      description: props.description,
      tags,
    });
    this.policyAttachment = new CamRolePolicyAttachment(this, "Attachment", {
      roleId: role.id,
      policyId: policy.id,
    });
    this.roleName = role.name;
    this.roleId = role.id;
    this.policyId = policy.id;
  }
}
