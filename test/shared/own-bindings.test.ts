// Bindings a user generated themselves (`cdktf get`, possibly for another provider version) are other classes with the
// same Terraform types. Every API that takes a resource or reads a provider must treat them like the bundled ones:
// recognised by terraformResourceType, typed structurally, with every region and credential check still active.
// The consumer test (test/packaging/consumer.test.ts) does the same with bindings really generated in a consumer app.
import { IResolvable, TerraformProvider, TerraformResource, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct } from "constructs";
import { BaiducloudProvider } from "../../.gen/providers/baiducloud/provider";
import { TencentcloudProvider } from "../../.gen/providers/tencentcloud/provider";
import { CamPolicy } from "../../.gen/providers/tencentcloud/cam-policy";
import {
  baiduCloudCredentialVariables,
  BosAccessLoggedBucket,
  BosLogBucket,
  camAction,
  CamPolicyDocument,
  CdnLogBackup,
  ClsDeliveryAuthorization,
  CosAccessLoggedBucket,
  CosAccessLogging,
  CosLogBucket,
  enableBosAccessLogging,
  ICosBucketResource,
  Qcs,
  ScfExecutionRole,
} from "../../lib";
import { resourcesOf, synthChecked } from "../helpers";

const GENERATOR = { providerName: "tencentcloud", providerVersion: "1.81.0" };

interface OwnProviderConfig {
  readonly region?: string;
  readonly alias?: string;
  readonly [credential: string]: string | undefined;
}

/** A provider class as another generation might look: only what the test needs, written by hand. */
class OwnProvider extends TerraformProvider {
  private _alias?: string;
  constructor(
    scope: Construct,
    id: string,
    type: "tencentcloud" | "baiducloud",
    private readonly config: OwnProviderConfig,
  ) {
    super(scope, id, {
      terraformResourceType: type,
      terraformGeneratorMetadata: { ...GENERATOR, providerName: type },
      terraformProviderSource: type === "tencentcloud" ? "tencentcloudstack/tencentcloud" : "baidubce/baiducloud",
    });
    this._alias = config.alias;
  }
  public get alias(): string | undefined {
    return this._alias;
  }
  public set alias(value: string | undefined) {
    this._alias = value;
  }
  protected synthesizeAttributes(): { [name: string]: unknown } {
    const { alias, ...attributes } = this.config;
    return { ...attributes, alias };
  }
}

/** `tencentcloud_cos_bucket` as another generation: a different class with the members the library uses. */
class OwnCosBucket extends TerraformResource {
  private _bucket: string;
  private _logEnable?: boolean;
  private _logTargetBucket?: string;
  private _logPrefix?: string;
  constructor(scope: Construct, id: string, config: { bucket: string; provider?: TerraformProvider }) {
    super(scope, id, {
      terraformResourceType: "tencentcloud_cos_bucket",
      terraformGeneratorMetadata: GENERATOR,
      provider: config.provider,
    });
    this._bucket = config.bucket;
  }
  public get bucketInput(): string {
    return this._bucket;
  }
  public get logEnable(): boolean {
    return this._logEnable ?? false;
  }
  public set logEnable(value: boolean) {
    this._logEnable = value;
  }
  public get logEnableInput(): boolean | undefined {
    return this._logEnable;
  }
  public get logTargetBucket(): string {
    return this._logTargetBucket ?? "";
  }
  public set logTargetBucket(value: string) {
    this._logTargetBucket = value;
  }
  public get logTargetBucketInput(): string | undefined {
    return this._logTargetBucket;
  }
  public get logPrefix(): string {
    return this._logPrefix ?? "";
  }
  public set logPrefix(value: string) {
    this._logPrefix = value;
  }
  public get logPrefixInput(): string | undefined {
    return this._logPrefix;
  }
  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      bucket: this._bucket,
      log_enable: this._logEnable,
      log_target_bucket: this._logTargetBucket,
      log_prefix: this._logPrefix,
    };
  }
}

/** `baiducloud_bos_bucket` as another generation. */
class OwnBosBucket extends TerraformResource {
  private _logging?: { targetBucket?: string; targetPrefix?: string };
  private _lifecycleRule?: unknown[] | IResolvable;
  constructor(
    scope: Construct,
    id: string,
    private readonly config: { bucket: string; acl?: string; provider?: TerraformProvider },
  ) {
    super(scope, id, {
      terraformResourceType: "baiducloud_bos_bucket",
      terraformGeneratorMetadata: { ...GENERATOR, providerName: "baiducloud" },
      provider: config.provider,
    });
  }
  public get bucketInput(): string {
    return this.config.bucket;
  }
  public get aclInput(): string | undefined {
    return this.config.acl;
  }
  public get loggingInput(): { targetBucket?: string; targetPrefix?: string } | undefined {
    return this._logging;
  }
  public putLogging(value: { targetBucket?: string; targetPrefix?: string }): void {
    this._logging = value;
  }
  public putLifecycleRule(value: unknown[] | IResolvable): void {
    this._lifecycleRule = value;
  }
  protected synthesizeAttributes(): { [name: string]: unknown } {
    const logging = this._logging
      ? { target_bucket: this._logging.targetBucket, target_prefix: this._logging.targetPrefix }
      : undefined;
    return { bucket: this.config.bucket, acl: this.config.acl, logging, lifecycle_rule: this._lifecycleRule };
  }
}

function stack(): TerraformStack {
  return new TerraformStack(Testing.app(), "test");
}

function synthError(target: TerraformStack): string {
  try {
    Testing.synth(target, true);
  } catch (error) {
    return (error as Error).message;
  }
  return "(synthesized without error)";
}

const LOGS = { bucketName: "access-logs-1250000000", region: "ap-guangzhou" };

describe("COS with bindings from another generation", () => {
  test("CosAccessLogging.enable takes the user's own CosBucket, with the user's own provider", () => {
    const s = stack();
    const guangzhou = new OwnProvider(s, "tencentcloud", "tencentcloud", { region: "ap-guangzhou" });
    const site = new OwnCosBucket(s, "Site", { bucket: "site-1250000000", provider: guangzhou });
    const logging = CosAccessLogging.enable(site, {
      region: "ap-guangzhou",
      target: new CosLogBucket(s, "Logs", LOGS),
    });
    expect(logging.node.path).toBe("test/SiteAccessLogging");
    const synth = synthChecked(s);
    const own = resourcesOf(synth, "tencentcloud_cos_bucket").Site;
    expect(own).toMatchObject({
      bucket: "site-1250000000",
      log_enable: true,
      log_target_bucket: "access-logs-1250000000",
      log_prefix: "site/",
    });
    expect(own.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^tencentcloud_cam_role_policy_attachment/)]),
    );
  });

  test("an explicit provider of the user's class in another region is rejected at construction", () => {
    const s = stack();
    new OwnProvider(s, "tencentcloud", "tencentcloud", { region: "ap-guangzhou" });
    const shanghai = new OwnProvider(s, "shanghai", "tencentcloud", { region: "ap-shanghai", alias: "shanghai" });
    const site = new OwnCosBucket(s, "Site", { bucket: "site-1250000000", provider: shanghai });
    expect(() =>
      CosAccessLogging.enable(site, { region: "ap-guangzhou", target: new CosLogBucket(s, "Logs", LOGS) }),
    ).toThrow(
      'test/SiteAccessLogging: bucket.provider "test/shanghai" is configured for region "ap-shanghai", but the bucket\'s region is "ap-guangzhou". Fix: pass the provider (alias) configured for ap-guangzhou, or correct region',
    );
    expect(() => new CosLogBucket(s, "Logs2", { ...LOGS, bucketName: "logs2-1250000000", provider: shanghai })).toThrow(
      'test/Logs2: provider "test/shanghai" is configured for region "ap-shanghai"',
    );
  });

  test("a bucket that is not a tencentcloud_cos_bucket is rejected, naming its type", () => {
    const s = stack();
    new TencentcloudProvider(s, "tencentcloud", { region: "ap-guangzhou" });
    const policy = new CamPolicy(s, "Policy", { name: "p", document: "{}" });
    expect(() =>
      CosAccessLogging.enable(policy as unknown as ICosBucketResource, {
        region: "ap-guangzhou",
        target: new CosLogBucket(s, "Logs", LOGS),
      }),
    ).toThrow(
      'CosAccessLogging.enable: bucket "test/Policy (tencentcloud_cam_policy)" is not a tencentcloud_cos_bucket resource. Fix: pass the CosBucket declared in this stack',
    );
  });

  // The stack's default provider decides where a construct's buckets are created, whichever class declared it.
  const cosConstructs: [string, (s: TerraformStack, region: string) => void][] = [
    ["CosLogBucket", (s, region) => new CosLogBucket(s, "Logs", { ...LOGS, region })],
    [
      "CosAccessLoggedBucket",
      (s, region) => {
        const logs = CosLogBucket.fromBucketAttributes(s, "Logs", { ...LOGS, region });
        new CosAccessLoggedBucket(s, "Site", { bucketName: "site-1250000000", region, target: logs });
      },
    ],
    [
      "CosAccessLogging",
      (s, region) => {
        const logs = CosLogBucket.fromBucketAttributes(s, "Logs", { ...LOGS, region });
        CosAccessLogging.enable(new OwnCosBucket(s, "Site", { bucket: "site-1250000000" }), { region, target: logs });
      },
    ],
  ];

  describe.each(cosConstructs)("%s and the default provider", (name, declare) => {
    const paths: { [construct: string]: string } = {
      CosLogBucket: "test/Logs",
      CosAccessLoggedBucket: "test/Site",
      CosAccessLogging: "test/SiteAccessLogging",
    };

    test.each([
      ["bundled", (s: TerraformStack, region: string) => new TencentcloudProvider(s, "tencentcloud", { region })],
      ["own", (s: TerraformStack, region: string) => new OwnProvider(s, "tencentcloud", "tencentcloud", { region })],
    ])("a %s default provider in another region fails synth, naming both regions and the fix", (_kind, provider) => {
      const s = stack();
      provider(s, "ap-shanghai");
      declare(s, "ap-guangzhou");
      expect(synthError(s)).toContain(
        `${paths[name]}: region "ap-guangzhou" differs from the region "ap-shanghai" of the tencentcloud provider test/tencentcloud that creates the bucket. Fix: set region to "ap-shanghai", or pass a provider configured for "ap-guangzhou"`,
      );
    });

    test("a default provider declared after the construct is checked too", () => {
      const s = stack();
      declare(s, "ap-guangzhou");
      new OwnProvider(s, "tencentcloud", "tencentcloud", { region: "ap-beijing" });
      expect(synthError(s)).toContain('region "ap-guangzhou" differs from the region "ap-beijing"');
    });

    test("the default provider in the construct's region, a token region or an aliased provider pass", () => {
      for (const setUp of [
        (s: TerraformStack) => new OwnProvider(s, "tencentcloud", "tencentcloud", { region: "ap-guangzhou" }),
        (s: TerraformStack) =>
          new OwnProvider(s, "tencentcloud", "tencentcloud", {
            region: new TerraformVariable(s, "region", { type: "string" }).stringValue,
          }),
        // An aliased provider is not the default one; the bucket has no explicit provider, so it is not checked.
        (s: TerraformStack) =>
          new OwnProvider(s, "shanghai", "tencentcloud", { region: "ap-shanghai", alias: "shanghai" }),
      ]) {
        const s = stack();
        setUp(s);
        declare(s, "ap-guangzhou");
        expect(synthError(s)).toBe("(synthesized without error)");
      }
    });
  });
});

describe("BOS with bindings from another generation", () => {
  test("enableBosAccessLogging takes the user's own BosBucket and provider", () => {
    const s = stack();
    const credentials = baiduCloudCredentialVariables(s);
    new OwnProvider(s, "baiducloud", "baiducloud", {
      region: "bj",
      access_key: credentials.accessKey,
      secret_key: credentials.secretKey,
    });
    const logs = new BosLogBucket(s, "Logs", { bucketName: "acme-access-logs", region: "bj" });
    const site = new OwnBosBucket(s, "Site", { bucket: "acme-site", acl: "private" });
    expect(enableBosAccessLogging(site, { region: "bj", logBucket: logs })).toEqual({
      targetBucket: "acme-access-logs",
      targetPrefix: "logs/acme-site/",
      logObjectKeyPrefix: "logs/acme-site/acme-site-",
    });
    expect(resourcesOf(synthChecked(s), "baiducloud_bos_bucket").Site.logging).toEqual({
      target_bucket: "acme-access-logs",
      target_prefix: "logs/acme-site/",
    });
  });

  test("the user's own default provider in another region fails synth", () => {
    const s = stack();
    new OwnProvider(s, "baiducloud", "baiducloud", { region: "gz" });
    const logs = BosLogBucket.fromBucketAttributes(s, "Logs", { bucketName: "acme-access-logs", region: "bj" });
    enableBosAccessLogging(new OwnBosBucket(s, "Site", { bucket: "acme-site" }), { region: "bj", logBucket: logs });
    expect(synthError(s)).toContain(
      'test/Site: region "bj" differs from the region "gz" of the baiducloud provider test/baiducloud that creates the bucket. Fix: set region to "gz", or pass a provider configured for "bj"',
    );
  });

  test("an explicit provider in another region is rejected at construction", () => {
    const s = stack();
    const gz = new OwnProvider(s, "gz", "baiducloud", { region: "gz", alias: "gz" });
    expect(() => new BosLogBucket(s, "Logs", { bucketName: "acme-access-logs", region: "bj", provider: gz })).toThrow(
      'test/Logs: provider "test/gz" is configured for region "gz", but the bucket\'s region is "bj". Fix: pass the provider (alias) configured for bj, or correct region',
    );
  });

  test("a resource that is not a baiducloud_bos_bucket is rejected", () => {
    const s = stack();
    const other = new OwnCosBucket(s, "Cos", { bucket: "site-1250000000" });
    expect(() => enableBosAccessLogging(other as never, { region: "bj", logToSelf: true })).toThrow(
      'test/Cos: bucket "test/Cos (tencentcloud_cos_bucket)" is not a baiducloud_bos_bucket resource',
    );
  });
});

describe("literal provider credentials fail synth whenever a construct of this library is present", () => {
  const writeLogs = new CamPolicyDocument([
    {
      effect: "allow",
      action: [camAction("cos", "PutObject")],
      resource: [Qcs.cosObjects("ap-guangzhou", "1250000000", "logs-1250000000", "cdn/")],
    },
  ]);
  const constructs: [string, (s: TerraformStack) => void][] = [
    ["CosLogBucket", (s) => new CosLogBucket(s, "Logs", LOGS)],
    ["CosLogBucket.fromBucketAttributes", (s) => CosLogBucket.fromBucketAttributes(s, "Logs", LOGS)],
    [
      "CosAccessLoggedBucket",
      (s) =>
        new CosAccessLoggedBucket(s, "Site", {
          bucketName: "site-1250000000",
          region: "ap-guangzhou",
          target: CosLogBucket.fromBucketAttributes(s, "Logs", LOGS),
        }),
    ],
    [
      "CosAccessLogging",
      (s) =>
        CosAccessLogging.enable(new OwnCosBucket(s, "Site", { bucket: "site-1250000000" }), {
          region: "ap-guangzhou",
          target: CosLogBucket.fromBucketAttributes(s, "Logs", LOGS),
        }),
    ],
    ["ClsDeliveryAuthorization", (s) => ClsDeliveryAuthorization.of(s, { permissions: "preset" })],
    [
      "CdnLogBackup",
      (s) => new CdnLogBackup(s, "Backup", { domains: ["www.example.com"], bucket: { ...LOGS, appId: "1250000000" } }),
    ],
    ["ScfExecutionRole", (s) => new ScfExecutionRole(s, "Exec", { roleName: "backup-role", policy: writeLogs })],
    ["BosLogBucket", (s) => new BosLogBucket(s, "Logs", { bucketName: "acme-access-logs", region: "bj" })],
    [
      "BosLogBucket.fromBucketAttributes",
      (s) => BosLogBucket.fromBucketAttributes(s, "Logs", { bucketName: "acme-access-logs", region: "bj" }),
    ],
    [
      "BosAccessLoggedBucket",
      (s) => new BosAccessLoggedBucket(s, "Site", { bucketName: "acme-site", region: "bj", logToSelf: true }),
    ],
    [
      "enableBosAccessLogging",
      (s) =>
        enableBosAccessLogging(new OwnBosBucket(s, "Site", { bucket: "acme-site" }), { region: "bj", logToSelf: true }),
    ],
  ];

  /** Both providers, configured from variables: nothing literal. */
  function cleanProviders(s: TerraformStack): void {
    new TencentcloudProvider(s, "tencentcloud", { region: "ap-guangzhou" });
    new BaiducloudProvider(s, "baiducloud", { region: "bj", ...baiduCloudCredentialVariables(s) });
  }

  test.each(constructs)("%s: clean providers synthesize", (_name, declare) => {
    const s = stack();
    cleanProviders(s);
    declare(s);
    expect(synthError(s)).toBe("(synthesized without error)");
  });

  const SECRET = "Zx9Zx9Zx9Zx9Zx9Zx9Zx9Zx9Zx9Zx9Qw";
  const literals: ["tencentcloud" | "baiducloud", string, string, string][] = [
    ["tencentcloud", "secret_id", "secretId", "TENCENTCLOUD_SECRET_ID"],
    ["tencentcloud", "secret_key", "secretKey", "TENCENTCLOUD_SECRET_KEY"],
    ["tencentcloud", "security_token", "securityToken", "TENCENTCLOUD_SECURITY_TOKEN"],
    ["baiducloud", "access_key", "accessKey", "BAIDUCLOUD_ACCESS_KEY"],
    ["baiducloud", "secret_key", "secretKey", "BAIDUCLOUD_SECRET_KEY"],
    ["baiducloud", "session_token", "sessionToken", "BAIDUCLOUD_SESSION_TOKEN"],
  ];

  describe.each(constructs)("%s", (_name, declare) => {
    test.each(literals)(
      "a literal %s %s in the user's own provider class fails synth, naming path, attribute and fix",
      (type, attribute, prop, environment) => {
        const s = stack();
        cleanProviders(s);
        new OwnProvider(s, "own", type, {
          alias: "own",
          region: type === "tencentcloud" ? "ap-guangzhou" : "bj",
          [attribute]: SECRET,
        });
        declare(s);
        const message = synthError(s);
        expect(message).toContain(
          `test/own: ${prop} "(literal value hidden)" is a literal credential (${type} provider attribute ${attribute}) that would be written into the synthesized Terraform JSON. Fix: pass a sensitive TerraformVariable`,
        );
        expect(message).toContain(environment);
        expect(message).not.toContain(SECRET);
      },
    );
  });

  test("bundled provider classes, overrides and providers of other stacks in the app are checked too", () => {
    const app = Testing.app();
    const mine = new TerraformStack(app, "mine");
    cleanProviders(mine);
    new CosLogBucket(mine, "Logs", LOGS);
    const overridden = new TencentcloudProvider(mine, "overridden", { region: "ap-guangzhou", alias: "overridden" });
    overridden.addOverride("secret_key", SECRET);
    new TencentcloudProvider(mine, "bundled", { region: "ap-guangzhou", alias: "bundled", secretId: SECRET });
    const other = new TerraformStack(app, "other");
    new BaiducloudProvider(other, "baiducloud", {
      region: "bj",
      accessKey: SECRET,
      secretKey: new TerraformVariable(other, "sk", { type: "string" }).stringValue,
    });
    const message = synthError(mine);
    expect(message).toContain('mine/overridden: secretKey "(literal value hidden)"');
    expect(message).toContain('mine/bundled: secretId "(literal value hidden)"');
    expect(message).toContain('other/baiducloud: accessKey "(literal value hidden)"');
    expect(message).not.toContain("other/baiducloud: secretKey");
    expect(message).not.toContain(SECRET);
  });

  test("empty strings, variables and expressions are not literal credentials; without a construct of this library nothing is checked", () => {
    const s = stack();
    new TencentcloudProvider(s, "tencentcloud", {
      region: "ap-guangzhou",
      secretId: "",
      secretKey: new TerraformVariable(s, "sk", { type: "string", sensitive: true }).stringValue,
      securityToken: "${var.token}",
    });
    new CosLogBucket(s, "Logs", LOGS);
    expect(synthError(s)).toBe("(synthesized without error)");

    const plain = stack();
    new TencentcloudProvider(plain, "tencentcloud", { region: "ap-guangzhou", secretKey: SECRET });
    expect(synthError(plain)).toBe("(synthesized without error)");
  });
});
