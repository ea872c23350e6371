import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { CamPolicyDocument, camAction, PropValidationError, Qcs, TencentCloudAccount } from "../../lib";
import { normalizeKeyPrefix } from "../../lib/shared/key-prefix";
import { splitCosBucketName, validateCosBucketName } from "../../lib/tencentcloud/cos/bucket-name";
import { stackWithProvider, synthChecked } from "../helpers";

function scope() {
  return new TerraformStack(Testing.app(), "s");
}

describe("normalizeKeyPrefix", () => {
  const rules = { maxLength: 20 };
  test.each([
    ["logs", "logs/"],
    ["/logs/", "logs/"],
    ["a/b", "a/b/"],
    ["//a/b//", "a/b/"],
  ])("%s becomes %s", (input, expected) => {
    expect(normalizeKeyPrefix(scope(), "prefix", input, rules)).toBe(expected);
  });

  test.each([
    ["", "is empty"],
    ["/", "is empty"],
    ["a b", "whitespace"],
    ["a/../b", "'..'"],
    ["a//b", "empty path segment"],
    ["x".repeat(20), "more than 20"],
  ])("rejects %j", (input, fragment) => {
    expect(() => normalizeKeyPrefix(scope(), "prefix", input, rules)).toThrow(PropValidationError);
    expect(() => normalizeKeyPrefix(scope(), "prefix", input, rules)).toThrow(fragment);
  });

  test("the empty prefix is allowed when the rules say so", () => {
    expect(normalizeKeyPrefix(scope(), "prefix", "/", { ...rules, allowEmpty: true })).toBe("");
  });

  test("the error names the construct, the property, the value and a fix", () => {
    expect(() => normalizeKeyPrefix(scope(), "logPrefix", "a/../b", rules)).toThrow(
      /^s: logPrefix "a\/..\/b" has a '.' or '..' segment. Fix: /,
    );
  });
});

describe("CamPolicyDocument", () => {
  test("trust policy for a service has CAM's exact shape", () => {
    expect(JSON.parse(CamPolicyDocument.trustService("cls.cloud.tencent.com").toJsonString())).toEqual({
      version: "2.0",
      statement: [
        { effect: "allow", action: ["name/sts:AssumeRole"], principal: { service: ["cls.cloud.tencent.com"] } },
      ],
    });
  });

  test("camAction rejects malformed actions", () => {
    expect(camAction("cos", "PutObject")).toBe("name/cos:PutObject");
    expect(() => camAction("COS", "put object")).toThrow(/camAction: service "COS" is not a CAM service name/);
    expect(() => camAction("cos", "put object")).toThrow(/camAction: action "put object" is not a CAM action name/);
  });
});

describe("CamPolicyDocument.toDocumentValue", () => {
  const documentOf = (statements: ConstructorParameters<typeof CamPolicyDocument>[0]) => {
    const stack = stackWithProvider();
    new TerraformOutput(stack, "doc", { value: new CamPolicyDocument(statements).toDocumentValue() });
    return (synthChecked(stack).output?.doc as { value: string }).value;
  };
  const allow = { effect: "allow" as const, action: ["name/cos:GetObject"] };

  test("is jsonencode of the typed document, references kept as references", () => {
    const stack = stackWithProvider();
    const account = TencentCloudAccount.of(stack);
    const resource = Qcs.cosObjects("ap-guangzhou", account.appId, `b-${account.appId}`, "p/");
    new TerraformOutput(stack, "doc", {
      value: new CamPolicyDocument([{ ...allow, resource: [resource] }]).toDocumentValue(),
    });
    expect((synthChecked(stack).output?.doc as { value: string }).value).toBe(
      '${jsonencode({"version" = "2.0", "statement" = [{"effect" = "allow", "action" = ["name/cos:GetObject"], ' +
        '"resource" = ["qcs::cos:ap-guangzhou:uid/${data.tencentcloud_user_info.TencentCloudAccount.app_id}:' +
        'b-${data.tencentcloud_user_info.TencentCloudAccount.app_id}/p/*"]}]})}',
    );
  });

  test.each([
    ["a double quote", { ...allow, resource: ['qcs::cos:"x'] }, "statement[0].resource[0]", '"qcs::cos:\\"x"'],
    ["a backslash", { ...allow, resource: ["qcs::cos:a\\b"] }, "statement[0].resource[0]", '"qcs::cos:a\\\\b"'],
    ["a line break", { ...allow, resource: ["a\nb"] }, "statement[0].resource[0]", '"a\\nb"'],
    ["a tab", { ...allow, action: ["name/cos:Get\tObject"] }, "statement[0].action[0]", '"name/cos:Get\\tObject"'],
    ["DEL", { ...allow, resource: ["a\u007fb"] }, "statement[0].resource[0]", '"a\u007fb"'],
    ["a template directive", { ...allow, resource: ["a%{b"] }, "statement[0].resource[0]", '"a%{b"'],
    [
      "a condition value",
      { ...allow, resource: ["qcs::cos:::b/*"], condition: { ip_equal: { "qcs:ip": ['1.2.3.4"'] } } },
      "statement[0].condition.ip_equal.qcs:ip[0]",
      '"1.2.3.4\\""',
    ],
    [
      "a condition key",
      { ...allow, resource: ["qcs::cos:::b/*"], condition: { ip_equal: { 'qcs:"ip': ["1.2.3.4"] } } },
      "statement[0].condition.ip_equal key",
      '"qcs:\\"ip"',
    ],
  ])("refuses %s, naming where and showing the value", (_what, statement, where, shown) => {
    expect(() => new CamPolicyDocument([statement]).toDocumentValue()).toThrow(PropValidationError);
    expect(() => new CamPolicyDocument([statement]).toDocumentValue()).toThrow(
      `CamPolicyDocument: ${where} ${shown} holds a double quote, backslash, control character or '%{', which cdktf ` +
        "cannot write into jsonencode(...). Fix: leave those characters out of actions, resources, principals and " +
        "conditions (CAM names never need them)",
    );
  });

  test("characters cdktf writes correctly pass: %, {, $, a literal ${ and non-ASCII", () => {
    expect(documentOf([{ ...allow, resource: ["qcs::cos:::b/100%/{x}/$/${y}/é*"] }])).toContain(
      '"qcs::cos:::b/100%/{x}/$/$${y}/é*"',
    );
  });

  test("the second statement is checked too", () => {
    expect(() =>
      new CamPolicyDocument([
        { ...allow, resource: ["ok"] },
        { ...allow, resource: ["ok", 'bad"'] },
      ]).toDocumentValue(),
    ).toThrow("CamPolicyDocument: statement[1].resource[1]");
  });
});

describe("Qcs names", () => {
  test("COS objects under a prefix", () => {
    expect(Qcs.cosObjects("ap-guangzhou", "1250000000", "logs-1250000000", "app/")).toBe(
      "qcs::cos:ap-guangzhou:uid/1250000000:logs-1250000000/app/*",
    );
  });
  test("CDN domain", () => {
    expect(Qcs.cdnDomain("100000000001", "www.example.com")).toBe("qcs::cdn::uin/100000000001:domain/www.example.com");
  });
});

describe("COS bucket names", () => {
  test("split and validate", () => {
    expect(splitCosBucketName("logs-1250000000")).toEqual({ shortName: "logs", appId: "1250000000" });
    expect(splitCosBucketName("logs")).toBeUndefined();
    expect(() => validateCosBucketName(scope(), "bucketName", "Logs-1250000000")).toThrow(/is not a COS bucket name/);
    expect(() => validateCosBucketName(scope(), "bucketName", `${"a".repeat(50)}-1250000000`)).toThrow(/more than 60/);
    expect(() => validateCosBucketName(scope(), "bucketName", "logs-1250000000")).not.toThrow();
  });
});

describe("TencentCloudAccount", () => {
  test("one user_info data source per stack", () => {
    const stack = stackWithProvider();
    const a = TencentCloudAccount.of(stack);
    const b = TencentCloudAccount.of(stack);
    new TerraformOutput(stack, "both", { value: `${a.appId}|${b.ownerUin}` });
    const synth = synthChecked(stack) as unknown as {
      data: { tencentcloud_user_info: object };
      output: { both: { value: string } };
    };
    expect(Object.keys(synth.data.tencentcloud_user_info)).toEqual(["TencentCloudAccount"]);
    expect(synth.output.both.value).toBe(
      "${data.tencentcloud_user_info.TencentCloudAccount.app_id}|${data.tencentcloud_user_info.TencentCloudAccount.owner_uin}",
    );
  });
});
