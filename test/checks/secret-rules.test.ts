import { CosBackend, TerraformStack, TerraformVariable } from "cdktf";
import { BaiducloudProvider } from "../../.gen/providers/baiducloud/provider";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import { ScfFunction } from "../../.gen/providers/tencentcloud/scf-function";
import { CheckFinding, runAccessLogChecks, StackView } from "../../lib/checks";
import { newStack, synthChecked } from "../helpers";

function findingsOf(stack: TerraformStack): CheckFinding[] {
  return runAccessLogChecks(synthChecked(stack));
}

// Made-up credentials of the right shape; no real account has them.
const SECRET_ID = `AKID${"Ab1".repeat(10)}Cd`;
const SECRET_KEY = "Zx9".repeat(10) + "Qw";
const BAIDU_SK = "0123456789abcdef".repeat(2);

function fnStack(environment: { [key: string]: string }): TerraformStack {
  const { stack } = newStack();
  new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
  new ScfFunction(stack, "fn", { name: "backup", handler: "index.main_handler", runtime: "Nodejs18.15", environment });
  return stack;
}

describe("secret rules", () => {
  test("ordinary settings in function environment variables are fine", () => {
    const stack = fnStack({
      TARGET_BUCKET: "logs-1250000000",
      KEY_PREFIX: "cdn-logs/",
      TOKEN_TTL: "3600",
      SECRET_NAME: "${var.secret_name}",
    });
    expect(findingsOf(stack)).toEqual([]);
  });

  test("SEC-1: a Tencent SecretId anywhere, SEC-3: key-like literals in function environment", () => {
    const stack = fnStack({ TENCENTCLOUD_SECRETID: SECRET_ID, TENCENTCLOUD_SECRETKEY: SECRET_KEY, BCE_SK: BAIDU_SK });
    const findings = findingsOf(stack);
    expect(findings.map((f) => [f.ruleId, f.detail])).toEqual([
      ["SEC-1", "resource.tencentcloud_scf_function.fn.environment.TENCENTCLOUD_SECRETID contains AKIDAb1A…"],
      ["SEC-3", "resource.tencentcloud_scf_function.fn.environment.BCE_SK is a literal key-like value (32 characters)"],
      [
        "SEC-3",
        "resource.tencentcloud_scf_function.fn.environment.TENCENTCLOUD_SECRETID is a literal key-like value (36 characters)",
      ],
      [
        "SEC-3",
        "resource.tencentcloud_scf_function.fn.environment.TENCENTCLOUD_SECRETKEY is a literal key-like value (32 characters)",
      ],
    ]);
    expect(findings.every((f) => f.address === "tencentcloud_scf_function.fn")).toBe(true);
    // The finding never repeats the secret itself.
    expect(JSON.stringify(findings)).not.toContain(SECRET_KEY);
  });

  test("SEC-1: a SecretId in any string, e.g. a tag", () => {
    const { stack } = newStack();
    new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
    new ScfFunction(stack, "fn", { name: "f", tags: { note: `key ${SECRET_ID} here` } });
    expect(findingsOf(stack).map((f) => f.ruleId)).toEqual(["SEC-1"]);
  });

  test("SEC-2: literal credentials in provider blocks", () => {
    const { stack } = newStack();
    new TencentcloudProvider(stack, "tencentcloud", {
      region: "ap-guangzhou",
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
    });
    new BaiducloudProvider(stack, "baiducloud", {
      region: "bj",
      accessKey: "0123456789abcdef0123456789abcdef",
      secretKey: BAIDU_SK,
    });
    const findings = findingsOf(stack);
    expect(findings.map((f) => [f.ruleId, f.address])).toEqual([
      ["SEC-1", "provider.tencentcloud"],
      ["SEC-2", "provider.baiducloud"],
      ["SEC-2", "provider.baiducloud"],
      ["SEC-2", "provider.tencentcloud"],
      ["SEC-2", "provider.tencentcloud"],
    ]);
    expect(findings.filter((f) => f.ruleId === "SEC-2").map((f) => f.detail)).toEqual([
      "provider.baiducloud[0].access_key is a literal (32 characters)",
      "provider.baiducloud[0].secret_key is a literal (32 characters)",
      "provider.tencentcloud[0].secret_id is a literal (36 characters)",
      "provider.tencentcloud[0].secret_key is a literal (32 characters)",
    ]);
    // Provider findings belong to the stack (Testing.synth drops the // metadata, so the name is passed in here).
    const named = runAccessLogChecks(new StackView(synthChecked(stack), "test"));
    expect(new Set(named.map((f) => f.constructPath))).toEqual(new Set(["test"]));
  });

  test("SEC-2: credentials given through sensitive variables are fine", () => {
    const { stack } = newStack();
    const ak = new TerraformVariable(stack, "ak", { type: "string", sensitive: true });
    const sk = new TerraformVariable(stack, "sk", { type: "string", sensitive: true });
    new BaiducloudProvider(stack, "baiducloud", { region: "bj", accessKey: ak.stringValue, secretKey: sk.stringValue });
    expect(findingsOf(stack)).toEqual([]);
  });

  test("SEC-2: settings about credentials (a directory, a role name) are not credentials", () => {
    const { stack } = newStack();
    new TencentcloudProvider(stack, "tencentcloud", {
      region: "ap-guangzhou",
      sharedCredentialsDir: "/home/ci/.tccli",
      camRoleName: "deployer",
    });
    expect(findingsOf(stack)).toEqual([]);
  });

  test("SEC-2: a literal secret in the COS backend", () => {
    const { stack } = newStack();
    new TencentcloudProvider(stack, "tencentcloud", { region: "ap-guangzhou" });
    new CosBackend(stack, { bucket: "tfstate-1250000000", region: "ap-guangzhou", secretKey: "not-a-good-idea" });
    const findings = findingsOf(stack);
    expect(findings.map((f) => [f.ruleId, f.address])).toEqual([["SEC-2", "terraform.backend.cos.secret_key"]]);
  });
});
