// removalPolicy on the buckets that hold logs: RETAIN (default) makes Terraform refuse any plan that deletes the
// bucket; DESTROY switches on the provider's own "delete a non-empty bucket" flag. See schemas/provider-read-audit.md
// for what each provider's Delete does with the flag.
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { BaiducloudProvider } from "../../.gen/providers/baiducloud/provider";
import {
  baiduCloudCredentialVariables,
  BosLogBucket,
  BosLogBucketProps,
  CosLogBucket,
  CosLogBucketProps,
  PropValidationError,
  RemovalPolicy,
} from "../../lib";
import { newStack, resourcesOf, stackWithProvider, synthChecked, warningsOf } from "../helpers";

function baiduStack(): TerraformStack {
  const { stack } = newStack();
  new BaiducloudProvider(stack, "baiducloud", { region: "bj", ...baiduCloudCredentialVariables(stack) });
  return stack;
}

interface Case {
  readonly name: string;
  readonly type: string;
  readonly flag: string;
  readonly stack: () => TerraformStack;
  readonly build: (stack: TerraformStack, extra: object) => CosLogBucket | BosLogBucket;
}

const CASES: readonly Case[] = [
  {
    name: "CosLogBucket",
    type: "tencentcloud_cos_bucket",
    flag: "force_clean",
    stack: () => stackWithProvider(),
    build: (stack, extra) =>
      new CosLogBucket(stack, "Logs", {
        bucketName: "access-logs-1250000000",
        region: "ap-guangzhou",
        ...extra,
      } as CosLogBucketProps),
  },
  {
    name: "BosLogBucket",
    type: "baiducloud_bos_bucket",
    flag: "force_destroy",
    stack: baiduStack,
    build: (stack, extra) =>
      new BosLogBucket(stack, "Logs", { bucketName: "acme-access-logs", region: "bj", ...extra } as BosLogBucketProps),
  },
];

function bucketOf(stack: TerraformStack, type: string): { [key: string]: unknown } {
  const buckets = Object.values(resourcesOf(synthChecked(stack), type));
  expect(buckets).toHaveLength(1);
  return buckets[0];
}

function rejection(build: () => unknown): PropValidationError {
  try {
    build();
  } catch (error) {
    if (error instanceof PropValidationError) return error;
    throw error;
  }
  throw new Error("expected a PropValidationError");
}

describe.each(CASES)("$name removalPolicy", ({ type, flag, stack: makeStack, build }) => {
  test("unset: RETAIN, lifecycle.prevent_destroy and the provider's force flag off", () => {
    const stack = makeStack();
    const logs = build(stack, {});
    expect(logs.removalPolicy).toBe(RemovalPolicy.RETAIN);
    const bucket = bucketOf(stack, type);
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(bucket[flag]).toBe(false);
    expect(warningsOf(stack)).toEqual([]);
  });

  test("RETAIN given explicitly synthesizes the same", () => {
    const stack = makeStack();
    build(stack, { removalPolicy: RemovalPolicy.RETAIN });
    const bucket = bucketOf(stack, type);
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(bucket[flag]).toBe(false);
  });

  test("DESTROY: no prevent_destroy, the force flag on", () => {
    const stack = makeStack();
    const logs = build(stack, { removalPolicy: RemovalPolicy.DESTROY });
    expect(logs.removalPolicy).toBe(RemovalPolicy.DESTROY);
    const bucket = bucketOf(stack, type);
    expect(bucket.lifecycle).toBeUndefined();
    expect(bucket[flag]).toBe(true);
  });

  test("the plain strings of the enum work for JavaScript callers", () => {
    const stack = makeStack();
    build(stack, { removalPolicy: "destroy" });
    expect(bucketOf(stack, type)[flag]).toBe(true);
  });

  test.each([
    ["an unknown word", "keep", "is not a removal policy"],
    ["the enum's key instead of its value", "DESTROY", "is not a removal policy"],
    ["a boolean", true, "is not a removal policy"],
    ["a number", 1, "is not a removal policy"],
    ["null", null, "is not a removal policy"],
  ])("rejects %s", (_what, value, problem) => {
    const error = rejection(() => build(makeStack(), { removalPolicy: value }));
    expect(error.prop).toBe("removalPolicy");
    expect(error.problem).toBe(problem);
    expect(error.message).toContain(`removalPolicy ${JSON.stringify(value)} is not a removal policy`);
    expect(error.fix).toBe(
      "use RemovalPolicy.RETAIN (the default: destroy stops before deleting the bucket) or RemovalPolicy.DESTROY (the bucket is deleted with its logs)",
    );
  });

  test("rejects a token: Terraform's lifecycle arguments must be literal", () => {
    const stack = makeStack();
    const policy = new TerraformVariable(stack, "policy", { type: "string" }).stringValue;
    const error = rejection(() => build(stack, { removalPolicy: policy }));
    expect(error.prop).toBe("removalPolicy");
    expect(error.message).toContain(
      'removalPolicy "(token)" is not a literal removal policy (Terraform\'s lifecycle arguments cannot be expressions). Fix: use RemovalPolicy.RETAIN or RemovalPolicy.DESTROY',
    );
  });

  test("a lifecycle set later through `resource` keeps prevent_destroy only if it says so; otherwise synth fails", () => {
    const kept = makeStack();
    const logs = build(kept, {});
    logs.resource.lifecycle = { ...logs.resource.lifecycle, ignoreChanges: ["tags"] };
    expect(bucketOf(kept, type).lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["tags"] });

    const lost = makeStack();
    build(lost, {}).resource.lifecycle = { ignoreChanges: ["tags"] };
    expect(() => Testing.synth(lost, true)).toThrow(
      'test/Logs: removalPolicy "retain" needs lifecycle.prevent_destroy on the bucket, but resource.lifecycle was replaced without it. Fix: keep preventDestroy: true in the lifecycle you set, or choose RemovalPolicy.DESTROY',
    );

    const destroy = makeStack();
    build(destroy, { removalPolicy: RemovalPolicy.DESTROY }).resource.lifecycle = { ignoreChanges: ["tags"] };
    expect(bucketOf(destroy, type).lifecycle).toEqual({ ignore_changes: ["tags"] });
  });
});

describe("BosLogBucket: the provider's limit and the deprecated forceDestroy", () => {
  const bos = (extra: object) => {
    const stack = baiduStack();
    const logs = new BosLogBucket(stack, "Logs", {
      bucketName: "acme-access-logs",
      region: "bj",
      ...extra,
    } as BosLogBucketProps);
    return { stack, logs };
  };

  test("DESTROY warns that baiducloud 1.23.5 cannot empty more than 1000 objects", () => {
    const { stack } = bos({ removalPolicy: RemovalPolicy.DESTROY });
    expect(warningsOf(stack)).toEqual([
      'test/Logs: removalPolicy DESTROY deletes every stored access log with the bucket, but baiducloud 1.23.5 empties only buckets of at most 1000 objects (its force_destroy listing never gets past the first page): empty a bigger bucket yourself before `cdktf destroy` (README "Deploy").',
    ]);
  });

  test.each([
    [true, RemovalPolicy.DESTROY, true, "removalPolicy: RemovalPolicy.DESTROY"],
    [false, RemovalPolicy.RETAIN, false, "the default removalPolicy (RemovalPolicy.RETAIN)"],
  ])("forceDestroy %s alone means %s, with a deprecation warning", (forceDestroy, policy, flag, replacement) => {
    const { stack, logs } = bos({ forceDestroy });
    expect(logs.removalPolicy).toBe(policy);
    const bucket = bucketOf(stack, "baiducloud_bos_bucket");
    expect(bucket.force_destroy).toBe(flag);
    expect(bucket.lifecycle).toEqual(flag ? undefined : { prevent_destroy: true });
    expect(warningsOf(stack)).toContain(`test/Logs: forceDestroy is deprecated; use ${replacement} instead.`);
  });

  test.each([
    [true, RemovalPolicy.DESTROY],
    [false, RemovalPolicy.RETAIN],
  ])("forceDestroy %s agrees with removalPolicy %s", (forceDestroy, removalPolicy) => {
    const { stack } = bos({ forceDestroy, removalPolicy });
    expect(bucketOf(stack, "baiducloud_bos_bucket").force_destroy).toBe(forceDestroy);
  });

  test.each([
    [true, RemovalPolicy.RETAIN],
    [false, RemovalPolicy.DESTROY],
  ])("forceDestroy %s contradicting removalPolicy %s is rejected", (forceDestroy, removalPolicy) => {
    const error = rejection(() => bos({ forceDestroy, removalPolicy }));
    expect(error.message).toBe(
      `test/Logs: forceDestroy ${forceDestroy} contradicts removalPolicy "${removalPolicy}". Fix: remove forceDestroy (deprecated): removalPolicy alone decides`,
    );
  });

  test("forceDestroy that is not a boolean is rejected", () => {
    const error = rejection(() => bos({ forceDestroy: "yes" }));
    expect(error.message).toBe('test/Logs: forceDestroy "yes" is not true or false. Fix: use removalPolicy instead');
  });
});
