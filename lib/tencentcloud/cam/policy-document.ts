import { Fn, Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidProp } from "../../shared/errors";
import { requireString } from "../../shared/literals";

/**
 * Typed CAM policy documents. Policies are built from these objects and serialised in one place, never from string
 * templates, so a document is always valid JSON with the shape CAM expects (`version` 2.0, lower-case keys).
 */

/** `allow` or `deny`. */
export type CamEffect = "allow" | "deny";

/** Who a trust policy lets assume a role. */
export interface CamPrincipal {
  /** Tencent Cloud services by exact service name, e.g. `cls.cloud.tencent.com`. */
  readonly service?: readonly string[];
  /** Accounts or roles by qcs name. */
  readonly qcs?: readonly string[];
}

/** One statement of a CAM policy. */
export interface CamPolicyStatement {
  /** Whether the statement grants or denies its actions. */
  readonly effect: CamEffect;
  /** Actions in CAM form, `name/<service>:<Action>`; build them with {@link camAction}. */
  readonly action: readonly string[];
  /** qcs resource names (see `Qcs`); omitted only in trust policies. */
  readonly resource?: readonly string[];
  /** Trust policies only: who may assume the role. */
  readonly principal?: CamPrincipal;
  /** Optional conditions, e.g. `{ "ip_equal": { "qcs:ip": ["10.0.0.0/8"] } }`. */
  readonly condition?: { readonly [operator: string]: { readonly [key: string]: readonly string[] } };
}

/** `camAction("cos", "PutObject")` is `name/cos:PutObject`. */
export function camAction(service: string, action: string): string {
  if (typeof service !== "string" || !/^[a-z0-9]+$/.test(service)) {
    invalidProp(
      "camAction",
      "service",
      service,
      "is not a CAM service name",
      "use the lower-case service, e.g. 'cos' or 'cdn'",
    );
  }
  if (typeof action !== "string" || !/^[A-Za-z0-9*]+$/.test(action)) {
    invalidProp(
      "camAction",
      "action",
      action,
      "is not a CAM action name",
      "use the API's CamelCase name, e.g. 'PutObject'",
    );
  }
  return `name/${service}:${action}`;
}

/** A CAM policy document as CAM reads it; see {@link CamPolicyDocument.toJSON}. */
export interface CamPolicyJson {
  /** Always `2.0`. */
  readonly version: "2.0";
  /** The statements with lower-case keys, in order. */
  readonly statement: object[];
}

/** A CAM policy document: permissions of a custom policy, or the trust policy of a role. */
export class CamPolicyDocument {
  /** The trust policy that lets a Tencent Cloud service assume a role (`name/sts:AssumeRole`). */
  static trustService(service: string): CamPolicyDocument {
    return new CamPolicyDocument([
      { effect: "allow", action: [camAction("sts", "AssumeRole")], principal: { service: [service] } },
    ]);
  }

  private readonly statementList: CamPolicyStatement[];

  constructor(statements: readonly CamPolicyStatement[] = []) {
    this.statementList = [...statements];
  }

  /** The statements, in order. */
  get statements(): readonly CamPolicyStatement[] {
    return this.statementList;
  }

  /**
   * Appends statements after the existing ones.
   * @param statements the statements to add, in order
   * @returns this document, to chain calls
   */
  addStatements(...statements: CamPolicyStatement[]): this {
    this.statementList.push(...statements);
    return this;
  }

  /** The document as a plain object, keys in CAM's order: `version` 2.0, then the statements. */
  toJSON(): CamPolicyJson {
    return {
      version: "2.0",
      statement: this.statementList.map((statement) => {
        const out: { [key: string]: unknown } = { effect: statement.effect, action: [...statement.action] };
        if (statement.resource) out.resource = [...statement.resource];
        if (statement.principal) {
          const principal: { [key: string]: string[] } = {};
          if (statement.principal.service) principal.service = [...statement.principal.service];
          if (statement.principal.qcs) principal.qcs = [...statement.principal.qcs];
          out.principal = principal;
        }
        if (statement.condition) out.condition = statement.condition;
        return out;
      }),
    };
  }

  /**
   * The document as JSON text, keys in CAM's order. Tokens inside it stay tokens. For a `document` attribute use
   * {@link toDocumentValue}: cdktf's HCL output (`cdktf synth --hcl`) garbles JSON text that holds references.
   */
  toJsonString(): string {
    return JSON.stringify(this.toJSON());
  }

  /**
   * The value for a `document` attribute (`tencentcloud_cam_policy`, `tencentcloud_cam_role`): `jsonencode({...})` of
   * the typed document, which Terraform turns into the JSON text CAM stores. It reads as an HCL object in
   * `cdktf synth --hcl` output and in plans, references included; the provider compares documents as parsed JSON,
   * so key order and spacing never show as a change.
   *
   * @throws PropValidationError when a literal string of the document holds a double quote, a backslash, a line
   *   break or other control character, or `%{`: cdktf writes strings into the expression without escaping them.
   */
  toDocumentValue(): string {
    const json = this.toJSON();
    json.statement.forEach((statement, index) => checkWritable(statement, `statement[${index}]`));
    return Fn.jsonencode(json);
  }
}

/** Characters cdktf 0.21 and cdktn 0.24 copy unescaped into the HCL string of a `jsonencode(...)` expression. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be found
const UNWRITABLE = /["\\\u0000-\u001f\u007f]|%\{/;

/** Refuses literal strings (outside tokens) that would break the `jsonencode(...)` expression cdktf writes. */
function checkWritable(value: unknown, path: string): void {
  if (typeof value === "string") {
    const literal = value.replace(/\$\{TfToken\[[^\]]*\]\}/g, "");
    if (UNWRITABLE.test(literal)) {
      invalidProp(
        "CamPolicyDocument",
        path,
        value,
        "holds a double quote, backslash, control character or '%{', which cdktf cannot write into jsonencode(...)",
        "leave those characters out of actions, resources, principals and conditions (CAM names never need them)",
      );
    }
  } else if (Array.isArray(value)) value.forEach((item, index) => checkWritable(item, `${path}[${index}]`));
  else if (typeof value === "object" && value !== null)
    for (const [key, item] of Object.entries(value)) {
      checkWritable(key, `${path} key`);
      checkWritable(item, `${path}.${key}`);
    }
}

/** CAM role and policy names: 1 to 128 letters, digits and `+=,.@_-` (CAM CreateRole / CreatePolicy). */
export const CAM_NAME_PATTERN = /^[A-Za-z0-9+=,.@_-]{1,128}$/;

/** Checks a literal CAM role or policy name; tokens pass. */
export function validateCamName(scope: IConstruct | string, prop: string, name: string): void {
  requireString(scope, prop, name, "give the name as a string of 1 to 128 letters, digits and '+=,.@_-'");
  if (Token.isUnresolved(name)) return;
  if (!CAM_NAME_PATTERN.test(name)) {
    invalidProp(
      scope,
      prop,
      name,
      name.length > 128 ? `is ${name.length} characters, more than CAM's 128` : "is not a CAM name",
      "use 1 to 128 letters, digits and '+=,.@_-'",
    );
  }
}
