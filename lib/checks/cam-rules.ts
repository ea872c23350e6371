import { jsonNestingDepth } from "../shared/json-depth";
import { isJsonencodeExpression, readJsonencodeExpression } from "./jsonencode-expression";
import { AccessLogRule, quote, RuleViolation } from "./rule";
import { isObject, JsonObject, parseReference, StackView, stringAttr, stringList, TfElement } from "./stack-view";

/** Terraform type of a custom CAM policy. */
export const CAM_POLICY = "tencentcloud_cam_policy";
/** Terraform type of a CAM role. */
export const CAM_ROLE = "tencentcloud_cam_role";
/** Terraform type attaching a policy to a role by ids. */
export const CAM_ROLE_POLICY_ATTACHMENT = "tencentcloud_cam_role_policy_attachment";
/** Terraform type attaching a policy to a role by names. */
export const CAM_ROLE_POLICY_ATTACHMENT_BY_NAME = "tencentcloud_cam_role_policy_attachment_by_name";
/** Terraform data source looking up CAM policies (e.g. presets) by name. */
export const CAM_POLICIES_DATA = "tencentcloud_cam_policies";

/** One statement of a CAM document, normalised (CAM accepts a string or a list for action, resource and principals). */
export interface CamStatementView {
  readonly effect: string;
  readonly actions: string[];
  readonly resources: string[];
  /** Trust policies: `service` and `qcs` principals; `any` when the principal is the bare string `*`. */
  readonly principal?: { readonly service: string[]; readonly qcs: string[]; readonly any: boolean };
  /** Conditions as `<operator> <key> <values>` lines, e.g. `string_like cos:prefix cdn-logs/*`; empty when none. */
  readonly conditions: string[];
}

/** Flattens a statement's `condition` object into readable lines; anything unreadable is shown as JSON. */
function conditionLines(condition: unknown): string[] {
  if (condition === undefined) return [];
  if (!isObject(condition)) return [JSON.stringify(condition)];
  const lines: string[] = [];
  for (const [operator, keys] of Object.entries(condition)) {
    if (!isObject(keys)) {
      lines.push(`${operator} ${JSON.stringify(keys)}`);
      continue;
    }
    for (const [key, values] of Object.entries(keys)) lines.push(`${operator} ${key} ${stringList(values).join(", ")}`);
  }
  return lines.sort();
}

/**
 * Deepest nesting read in a CAM document. Real documents are about five levels deep; the limit keeps a hostile one
 * (documents are strings inside the stack, so the stack's own depth check does not see into them) from overflowing
 * the stack when its parts are printed.
 */
export const MAX_CAM_DOCUMENT_DEPTH = 32;

/** A parsed CAM document, or why it could not be read. */
export type CamDocumentView =
  | { readonly statements: CamStatementView[]; readonly problem?: undefined }
  | { readonly statements?: undefined; readonly problem: string };

function field(statement: JsonObject, key: string): unknown {
  return statement[key] ?? statement[key.charAt(0).toUpperCase() + key.slice(1)];
}

/**
 * Parses a CAM policy or trust document from its synthesized text: JSON text (`${...}` references inside string values
 * are fine) or the `${jsonencode({...})}` expression cdktf writes for `Fn.jsonencode` (see
 * {@link readJsonencodeExpression}). Returns undefined when the whole document is some other expression (only
 * Terraform can evaluate it).
 */
export function parseCamDocument(text: unknown): CamDocumentView | undefined {
  if (typeof text !== "string") return { problem: "document is not a string" };
  const trimmed = text.trim();
  let parsed: unknown;
  if (isJsonencodeExpression(trimmed)) {
    const reading = readJsonencodeExpression(trimmed, MAX_CAM_DOCUMENT_DEPTH);
    if (reading.problem !== undefined) return { problem: `document ${reading.problem}` };
    // jsonencode(var.policy): the whole document is one reference, which only Terraform can evaluate.
    if (typeof reading.value === "string" && /^\$\{[^]*\}$/.test(reading.value)) return undefined;
    parsed = reading.value;
  } else {
    if (jsonNestingDepth(text, MAX_CAM_DOCUMENT_DEPTH) > MAX_CAM_DOCUMENT_DEPTH) {
      return { problem: `document nests more than ${MAX_CAM_DOCUMENT_DEPTH} levels deep` };
    }
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      // One expression such as ${file("policy.json")}: only Terraform can evaluate it.
      if (trimmed.startsWith("${") && trimmed.endsWith("}")) return undefined;
      return { problem: `document is not valid JSON (${(error as Error).message})` };
    }
  }
  if (!isObject(parsed)) return { problem: "document is not a JSON object" };
  const rawStatements = field(parsed, "statement");
  const list = Array.isArray(rawStatements) ? rawStatements : isObject(rawStatements) ? [rawStatements] : undefined;
  if (!list || list.length === 0) return { problem: "document has no statement" };
  const statements: CamStatementView[] = [];
  for (const raw of list) {
    if (!isObject(raw)) return { problem: "a statement is not a JSON object" };
    const principal = field(raw, "principal");
    statements.push({
      effect: String(field(raw, "effect") ?? "").toLowerCase(),
      actions: stringList(field(raw, "action")),
      resources: stringList(field(raw, "resource")),
      conditions: conditionLines(field(raw, "condition")),
      principal:
        principal === undefined
          ? undefined
          : principal === "*"
            ? { service: [], qcs: [], any: true }
            : isObject(principal)
              ? {
                  service: stringList(field(principal, "service")),
                  qcs: stringList(field(principal, "qcs")),
                  any: false,
                }
              : { service: [], qcs: [], any: false },
    });
  }
  return { statements };
}

/** `*`, `name/cos:*`, `cos:*`: every action (of a service). Partial wildcards such as `name/cos:Get*` are allowed. */
export function isWildcardAction(action: string): boolean {
  return action === "*" || /(^|:)\*$/.test(action);
}

/** `*`, or a qcs name whose resource part is `*` (`qcs::cos:ap-guangzhou:uid/1250000000:*`): every resource. */
export function isWildcardResource(resource: string): boolean {
  if (resource === "*") return true;
  if (!resource.startsWith("qcs:")) return false;
  const parts = resource.split(":");
  return parts.length >= 6 && parts.slice(5).join(":") === "*";
}

/** An exact service principal: dotted lower-case host name, no wildcard (`cls.cloud.tencent.com`, `scf.qcloud.com`). */
export function isExactServicePrincipal(service: string): boolean {
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(service);
}

function documentsOf(stack: StackView, type: string): { element: TfElement; document: CamDocumentView }[] {
  const out: { element: TfElement; document: CamDocumentView }[] = [];
  for (const element of stack.resources(type)) {
    const document = parseCamDocument(element.config.document);
    if (document) out.push({ element, document });
  }
  return out;
}

/** Preset policies that grant a whole service or the whole account. */
export function isBroadPresetPolicy(name: string): boolean {
  return name === "AdministratorAccess" || /FullAccess$/.test(name);
}

/** The policy names an attachment refers to: by name, or through a `tencentcloud_cam_policies` lookup by name. */
export function attachedPolicyNames(stack: StackView, attachment: TfElement): string[] {
  if (attachment.type === CAM_ROLE_POLICY_ATTACHMENT_BY_NAME) {
    const name = stringAttr(attachment.config, "policy_name");
    return name ? [name] : [];
  }
  const policyId = attachment.config.policy_id;
  const referenced = stack.resolve(parseReference(policyId));
  if (referenced?.type === CAM_POLICIES_DATA) {
    const name = stringAttr(referenced.config, "name");
    return name ? [name] : [];
  }
  if (referenced?.type === CAM_POLICY) {
    const name = stringAttr(referenced.config, "name");
    return name ? [name] : [];
  }
  return typeof policyId === "string" ? [policyId] : [];
}

/** Rules for Tencent Cloud CAM policies and roles. */
export const CAM_RULES: readonly AccessLogRule[] = [
  {
    id: "TC-CAM-1",
    level: "error",
    reason: 'custom CAM policy allows every action ("*")',
    fix: "list the exact actions needed, e.g. name/cos:PutObject (build documents with CamPolicyDocument and camAction)",
    check(stack) {
      const violations: RuleViolation[] = [];
      for (const { element, document } of documentsOf(stack, CAM_POLICY)) {
        const wild = (document.statements ?? [])
          .filter((s) => s.effect === "allow")
          .flatMap((s) => s.actions.filter(isWildcardAction));
        if (wild.length > 0)
          violations.push({ element, detail: `${element.address} allows ${[...new Set(wild)].map(quote).join(", ")}` });
      }
      return violations;
    },
  },
  {
    id: "TC-CAM-2",
    level: "error",
    reason: 'custom CAM policy applies to every resource ("*")',
    fix: "scope resources to qcs names of the buckets, prefixes or domains used (build them with Qcs)",
    check(stack) {
      const violations: RuleViolation[] = [];
      for (const { element, document } of documentsOf(stack, CAM_POLICY)) {
        const wild = (document.statements ?? [])
          .filter((s) => s.effect === "allow")
          .flatMap((s) => s.resources.filter(isWildcardResource));
        const noResource = (document.statements ?? []).some((s) => s.effect === "allow" && s.resources.length === 0);
        if (wild.length > 0)
          violations.push({
            element,
            detail: `${element.address} grants on ${[...new Set(wild)].map(quote).join(", ")}`,
          });
        else if (noResource)
          violations.push({ element, detail: `${element.address} has an allow statement without resource` });
      }
      return violations;
    },
  },
  {
    id: "TC-CAM-3",
    level: "error",
    reason: "CAM role trust principals must be exact service names or accounts",
    fix: 'trust one exact service, e.g. CamPolicyDocument.trustService("scf.qcloud.com"); never "*" or wildcards',
    check(stack) {
      const violations: RuleViolation[] = [];
      for (const { element, document } of documentsOf(stack, CAM_ROLE)) {
        const bad: string[] = [];
        for (const statement of document.statements ?? []) {
          if (statement.effect !== "allow") continue;
          if (!statement.principal) {
            bad.push("(no principal)");
            continue;
          }
          if (statement.principal.any) bad.push("*");
          bad.push(...statement.principal.service.filter((s) => !isExactServicePrincipal(s)));
          bad.push(...statement.principal.qcs.filter((q) => q.includes("*") || q.includes("anyone")));
        }
        if (bad.length > 0)
          violations.push({ element, detail: `${element.address} trusts ${[...new Set(bad)].map(quote).join(", ")}` });
      }
      return violations;
    },
  },
  {
    id: "TC-CAM-4",
    level: "error",
    reason: "CAM document cannot be read, so nobody can review what it grants",
    fix: "build the document with CamPolicyDocument (the constructs write it as jsonencode({...})): a statement list of literal values and references",
    check(stack) {
      return [...documentsOf(stack, CAM_POLICY), ...documentsOf(stack, CAM_ROLE)]
        .filter(({ document }) => document.problem !== undefined)
        .map(({ element, document }) => ({ element, detail: `${element.address}: ${document.problem}` }));
    },
  },
  {
    id: "TC-CAM-5",
    level: "warning",
    reason: "role gets a preset policy that grants a whole service or the whole account",
    fix: "attach a custom policy limited to the actions and resources needed (or a narrower preset such as QcloudCOSAccessForCLSRole)",
    check(stack) {
      const violations: RuleViolation[] = [];
      for (const attachment of [
        ...stack.resources(CAM_ROLE_POLICY_ATTACHMENT),
        ...stack.resources(CAM_ROLE_POLICY_ATTACHMENT_BY_NAME),
      ]) {
        const broad = attachedPolicyNames(stack, attachment).filter(isBroadPresetPolicy);
        if (broad.length > 0)
          violations.push({
            element: attachment,
            detail: `${attachment.address} attaches ${broad.map(quote).join(", ")}`,
          });
      }
      return violations;
    },
  },
];
