// The ${jsonencode(...)} reader: exactly the subset cdktf and cdktn emit for Fn.jsonencode, into the value the JSON
// text of the same document holds; everything else refused with where and why.
import { Fn, TerraformStack, Testing } from "cdktf";
import { CamPolicy } from "../../.gen/providers/tencentcloud/cam-policy";
import { DataTencentcloudUserInfo } from "../../.gen/providers/tencentcloud/data-tencentcloud-user-info";
import { isJsonencodeExpression, readJsonencodeExpression } from "../../lib/checks/jsonencode-expression";

const read = (inner: string, maxDepth = 32) => readJsonencodeExpression(`\${jsonencode(${inner})}`, maxDepth);

describe("values", () => {
  test.each([
    ['{"version" = "2.0"}', { version: "2.0" }],
    ["{}", {}],
    ["[]", []],
    ['[1, -2, 3.5, 1e3, 2E-2, true, false, null, "s"]', [1, -2, 3.5, 1000, 0.02, true, false, null, "s"]],
    ['{"a" = {"b" = ["c", {"d" = []}]}}', { a: { b: ["c", { d: [] }] } }],
    ['{ "a" = 1 , "b" = 2 , }', { a: 1, b: 2 }],
    ["[1, 2, ]", [1, 2]],
    ['{\n  "a" = [\n    1,\n    2\n  ]\n}', { a: [1, 2] }],
    ['{"a-b" = 1, "x y" = 2, "__proto__" = 3}', JSON.parse('{"a-b": 1, "x y": 2, "__proto__": 3}')],
  ])("%s", (inner, value) => {
    const reading = read(inner);
    expect(reading).toEqual({ value });
  });

  test("a key named __proto__ is a plain key, not the prototype", () => {
    const reading = read('{"__proto__" = {"polluted" = true}}') as { value: object };
    expect(Object.getPrototypeOf(reading.value)).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(reading.value)).toEqual(["__proto__"]);
    expect(Object.getOwnPropertyDescriptor(reading.value, "__proto__")).toMatchObject({
      enumerable: true,
      writable: true,
    });
  });

  test.each([
    ['"plain"', "plain"],
    ['"a\\"b"', 'a"b'],
    ['"back\\\\slash"', "back\\slash"],
    ['"line\\nbreak\\ttab\\rcr"', "line\nbreak\ttab\rcr"],
    ['"\\u00e9\\U0001F600"', "é😀"],
    ['"uid/${data.tencentcloud_user_info.a.app_id}:b"', "uid/${data.tencentcloud_user_info.a.app_id}:b"],
    ['"x-${upper("q}")}-y"', 'x-${upper("q}")}-y'],
    ['"${a[0]}${b["k"]}"', '${a[0]}${b["k"]}'],
    ['"literal $${x} and %%{y}"', "literal $${x} and %%{y}"],
    ['"$$${z}"', "$$${z}"],
    ['"100% {ok} $ {}"', "100% {ok} $ {}"],
    ['"cost $${ never closed"', "cost $${ never closed"],
    ['"${lookup({"k" = "v}"}, "k")}"', '${lookup({"k" = "v}"}, "k")}'],
    ['"${f("a\\"}")}"', '${f("a\\"}")}'],
    ['"\\U0010FFFF"', "\u{10ffff}"],
  ])("the string %s reads as the JSON form's text", (inner, value) => {
    expect(read(inner)).toEqual({ value });
  });

  test.each([
    ["data.tencentcloud_user_info.account.app_id", "${data.tencentcloud_user_info.account.app_id}"],
    ["var.policy", "${var.policy}"],
    ["local.list[0]", "${local.list[0]}"],
    ['module.m.out["k"]', '${module.m.out["k"]}'],
    ["tencentcloud_cam_role.r.id", "${tencentcloud_cam_role.r.id}"],
    ["a.b.0", "${a.b.0}"],
    ["local.list[12]", "${local.list[12]}"],
    ["a.b.10", "${a.b.10}"],
    ['m["k\\"q"]', '${m["k\\"q"]}'],
  ])("the bare reference %s reads as %s", (inner, value) => {
    expect(read(`[${inner}]`)).toEqual({ value: [value] });
    expect(read(inner)).toEqual({ value });
  });
});

describe("refusals say where and why", () => {
  test.each([
    ['{"a" = concat(["x"], ["y"])}', "calls a function at character 21"],
    ["upper(var.x)", "calls a function at character 14"],
    ['{"a" = 1 + 2}', "has an expression"],
    ['{"a" = var.x == 1 ? "y" : "z"}', "has an expression"],
    ['{"a" = [for s in var.l : s]}', "has an expression"],
    ['{"a" = "%{ if true }x%{ endif }"}', "has a template directive"],
    ["{a = 1}", "has a key that is not a quoted string"],
    ['{"${var.k}" = 1}', "has a key with a reference"],
    ['{"a" = 1, "a" = 2}', 'has the key "a" twice'],
    ['{"a" = "open}', "has a string without its closing quote"],
    ['{"a" = "x\\qy"}', "has an unknown escape in a string"],
    ['{"a" = "\\u12"}', "has an unknown escape in a string"],
    ['{"a" = "\\U00110000"}', "has an unknown escape in a string"],
    ['{"a" = "two\nlines"}', "has a line break inside a string"],
    ['{"a" = "two\rlines"}', "has a line break inside a string"],
    ['{"a" = var.m[k]}', "has an expression"],
    ['{"a" = var.m.}', "has an expression"],
    ['{"a" = "${var.x', "has a reference without its closing brace"],
    ['{"a" = "${var.x"}', "has a string without its closing quote"],
    ['{"a" = 1} {"b" = 2}', "holds more than one value"],
    ['{"a" = 1 "b" = 2}', "has an expression at character 23"],
    ['{"a" = [1] "b" = 2}', 'has something other than "," or "}" at character 25'],
    ['{"a" 1}', 'has something other than "="'],
    ["[1 2]", "has an expression at character 17"],
    ['["a" "b"]', "has an expression at character 19"],
    ["[[1] 2]", 'has something other than "," or "]" at character 19'],
    ["", "has an expression"],
    ["-", "has an expression"],
  ])("%s", (inner, problem) => {
    const reading = read(inner);
    expect(reading.problem).toContain(`jsonencode(...) ${problem}`);
    expect(reading.problem).toContain("the review reads only literal values and references inside jsonencode(...)");
    expect(reading).not.toHaveProperty("value");
  });

  test("the problem quotes the text where reading stopped", () => {
    expect(read('{"a" = concat(["x"])}').problem).toBe(
      'jsonencode(...) calls a function at character 21 ("concat([\\"x\\"])}"); ' +
        "the review reads only literal values and references inside jsonencode(...)",
    );
  });

  test("nesting is limited before anything recursive runs: at the limit it reads, one past it is refused", () => {
    const nested = (levels: number) => "[".repeat(levels) + "]".repeat(levels);
    expect(read(nested(4), 4)).toEqual({ value: [[[[]]]] });
    expect(read(nested(5), 4).problem).toContain("nests more than 4 levels deep");
    expect(read(`{"a" = ${nested(3)}}`, 4)).toEqual({ value: { a: [[[]]] } });
    expect(read(`{"a" = ${nested(4)}}`, 4).problem).toContain("nests more than 4 levels deep");
    expect(read(nested(100_000), 32).problem).toContain("nests more than 32 levels deep");
  });

  test("only one whole ${jsonencode(...)} expression is read", () => {
    for (const text of ['{"a": 1}', '${file("p.json")}', '${jsonencode({"a" = 1})} ', 'x${jsonencode({"a" = 1})}']) {
      expect(isJsonencodeExpression(text)).toBe(false);
      expect(readJsonencodeExpression(text, 32)).toEqual({ problem: "is not one ${jsonencode(...)} expression" });
    }
    expect(isJsonencodeExpression('${jsonencode({"a" = 1})}')).toBe(true);
  });
});

test("reads what cdktf writes for Fn.jsonencode, references and escapes included, as the JSON form would hold", () => {
  const stack = new TerraformStack(Testing.app(), "s");
  const account = new DataTencentcloudUserInfo(stack, "account");
  const value = {
    version: "2.0",
    statement: [
      {
        effect: "allow",
        action: ["name/cos:PutObject"],
        resource: [`qcs::cos:ap-guangzhou:uid/${account.appId}:logs-${account.appId}/p/*`],
        whole: account.ownerUin,
        n: 3,
        yes: true,
        empty: [],
      },
    ],
  };
  new CamPolicy(stack, "p", { name: "p", document: Fn.jsonencode(value) });
  new CamPolicy(stack, "q", { name: "q", document: JSON.stringify(value) });
  // A literal "${" is escaped by cdktf inside jsonencode(...) (in JSON text it is not, and Terraform would evaluate it).
  new CamPolicy(stack, "r", { name: "r", document: Fn.jsonencode({ text: "literal ${not-a-ref}" }) });
  const synth = JSON.parse(Testing.synth(stack)) as {
    resource: { tencentcloud_cam_policy: { [n: string]: { document: string } } };
  };
  const { p, q, r } = synth.resource.tencentcloud_cam_policy;
  expect(readJsonencodeExpression(r.document, 32)).toEqual({ value: { text: "literal $${not-a-ref}" } });
  expect(readJsonencodeExpression(p.document, 32)).toEqual({ value: JSON.parse(q.document) });
  expect(JSON.parse(q.document).statement[0].whole).toBe("${data.tencentcloud_user_info.account.owner_uin}");
});
