import { checkSchemaConformance, formatSchemaProblems, loadVendoredSchemas, SchemaProblem } from "../../lib";

type Json = { [key: string]: unknown };

function stackWith(resource: Json, extra: Json = {}): Json {
  return { terraform: {}, resource, ...extra };
}

function bucket(body: Json): Json {
  return stackWith({ tencentcloud_cos_bucket: { logs: { bucket: "logs-1250000000", ...body } } });
}

function only(problems: SchemaProblem[]): SchemaProblem {
  expect(problems).toHaveLength(1);
  return problems[0];
}

describe("checkSchemaConformance: valid stacks", () => {
  test("a fully specified log bucket passes", () => {
    const problems = checkSchemaConformance(
      bucket({
        acl: "private",
        encryption_algorithm: "AES256",
        force_clean: false,
        tags: { team: "platform" },
        lifecycle_rules: [
          {
            filter_prefix: "cos-access/",
            expiration: [{ days: 180 }],
            transition: [{ days: 30, storage_class: "STANDARD_IA" }],
            abort_incomplete_multipart_upload: { days_after_initiation: 3 },
          },
        ],
      }),
    );
    expect(problems).toEqual([]);
  });

  test("tokens are accepted where any type is", () => {
    const problems = checkSchemaConformance(
      bucket({
        bucket: "logs-${data.tencentcloud_user_info.me.app_id}",
        force_clean: "${var.clean}",
        tags: "${var.tags}",
        lifecycle_rules: [{ expiration: [{ days: "${var.days}" }] }],
      }),
    );
    expect(problems).toEqual([]);
  });

  test("meta-arguments, providers, data sources and other providers' types pass", () => {
    const problems = checkSchemaConformance({
      provider: { tencentcloud: [{ region: "ap-guangzhou", alias: "gz" }] },
      data: { tencentcloud_user_info: { me: {} } },
      resource: {
        tencentcloud_cos_bucket: {
          a: {
            bucket: "a-1250000000",
            depends_on: ["x"],
            provider: "tencentcloud.gz",
            lifecycle: { prevent_destroy: true },
            "//": {},
          },
        },
        terraform_data: { marker: { input: 1 } },
        random_id: { r: { byte_length: 4 } },
      },
    });
    expect(problems).toEqual([]);
  });

  test("JSON text (as Testing.synth returns it) is accepted", () => {
    expect(checkSchemaConformance(JSON.stringify(bucket({})))).toEqual([]);
  });

  test("a dynamic block's content is checked against its block", () => {
    const ok = bucket({
      dynamic: { lifecycle_rules: { for_each: "${var.rules}", content: { filter_prefix: "${each.value}" } } },
    });
    expect(checkSchemaConformance(ok)).toEqual([]);
    const bad = bucket({ dynamic: { lifecycle_rules: { for_each: "${var.rules}", content: { prefix: "x" } } } });
    expect(only(checkSchemaConformance(bad)).path).toBe(
      "resource.tencentcloud_cos_bucket.logs.dynamic.lifecycle_rules.content.prefix",
    );
  });
});

describe("checkSchemaConformance: each kind of problem", () => {
  test("unknown resource type", () => {
    const problem = only(
      checkSchemaConformance(stackWith({ tencentcloud_cos_buckets: { logs: { bucket: "b-1250000000" } } })),
    );
    expect(problem).toEqual({
      path: "resource.tencentcloud_cos_buckets",
      rule: "unknown-type",
      message:
        'resource.tencentcloud_cos_buckets: resource type "tencentcloud_cos_buckets" is not in the tencentcloud schema (unknown-type)',
    });
  });

  test("unknown data source type", () => {
    const problem = only(checkSchemaConformance({ data: { tencentcloud_user: { me: {} } } }));
    expect(problem.path).toBe("data.tencentcloud_user");
    expect(problem.rule).toBe("unknown-type");
    expect(problem.message).toContain('data source type "tencentcloud_user"');
  });

  test("unknown attribute", () => {
    const problem = only(checkSchemaConformance(bucket({ logging_enabled: true })));
    expect(problem).toEqual({
      path: "resource.tencentcloud_cos_bucket.logs.logging_enabled",
      rule: "unknown-attribute",
      message:
        'resource.tencentcloud_cos_bucket.logs.logging_enabled: "logging_enabled" is neither an attribute nor a block of this type (unknown-attribute)',
    });
  });

  test("unknown attribute inside a nested block", () => {
    const problem = only(checkSchemaConformance(bucket({ lifecycle_rules: [{ expiration: [{ dayz: 3 }] }] })));
    expect(problem.path).toBe("resource.tencentcloud_cos_bucket.logs.lifecycle_rules[0].expiration[0].dayz");
    expect(problem.rule).toBe("unknown-attribute");
  });

  test("unknown dynamic block", () => {
    const problem = only(checkSchemaConformance(bucket({ dynamic: { rules: { for_each: "${var.x}", content: {} } } })));
    expect(problem).toMatchObject({
      path: "resource.tencentcloud_cos_bucket.logs.dynamic.rules",
      rule: "unknown-block",
    });
  });

  test("missing required attribute", () => {
    const problem = only(checkSchemaConformance(stackWith({ tencentcloud_cos_bucket: { logs: { acl: "private" } } })));
    expect(problem).toEqual({
      path: "resource.tencentcloud_cos_bucket.logs.bucket",
      rule: "missing-required-attribute",
      message:
        'resource.tencentcloud_cos_bucket.logs.bucket: required attribute "bucket" is not set (missing-required-attribute)',
    });
  });

  test("missing required attribute in a nested block", () => {
    const problem = only(checkSchemaConformance(bucket({ lifecycle_rules: [{ transition: [{ days: 30 }] }] })));
    expect(problem.path).toBe("resource.tencentcloud_cos_bucket.logs.lifecycle_rules[0].transition[0].storage_class");
    expect(problem.rule).toBe("missing-required-attribute");
  });

  test("null counts as not set", () => {
    const problem = only(checkSchemaConformance(bucket({ bucket: null })));
    expect(problem.rule).toBe("missing-required-attribute");
  });

  test("missing required block (Required block exported with min_items 1)", () => {
    const stack = stackWith({
      baiducloud_bos_bucket: {
        logs: {
          bucket: "logs",
          lifecycle_rule: [
            {
              status: "enabled",
              resource: ["logs/*"],
              condition: { time: { date_greater_than: "$(lastModified)+P180D" } },
            },
          ],
        },
      },
    });
    const problem = only(checkSchemaConformance(stack));
    expect(problem).toEqual({
      path: "resource.baiducloud_bos_bucket.logs.lifecycle_rule[0].action",
      rule: "missing-required-block",
      message:
        'resource.baiducloud_bos_bucket.logs.lifecycle_rule[0].action: at least 1 "action" block(s) required, none given (missing-required-block)',
    });
  });

  test("block count above max_items", () => {
    const problem = only(
      checkSchemaConformance(bucket({ lifecycle_rules: [{ expiration: [{ days: 1 }, { days: 2 }] }] })),
    );
    expect(problem).toEqual({
      path: "resource.tencentcloud_cos_bucket.logs.lifecycle_rules[0].expiration",
      rule: "block-count",
      message:
        'resource.tencentcloud_cos_bucket.logs.lifecycle_rules[0].expiration: has 2 "expiration" blocks, at most 1 allowed (max_items) (block-count)',
    });
  });

  test("block count below min_items (an empty list of a required block)", () => {
    const stack = stackWith({
      baiducloud_bos_bucket: {
        logs: {
          bucket: "logs",
          lifecycle_rule: [
            { status: "enabled", resource: ["logs/*"], condition: [], action: { name: "DeleteObject" } },
          ],
        },
      },
    });
    const problem = only(checkSchemaConformance(stack));
    expect(problem.path).toBe("resource.baiducloud_bos_bucket.logs.lifecycle_rule[0].condition");
    expect(problem.rule).toBe("block-count");
    expect(problem.message).toContain("at least 1 required (min_items)");
  });

  test.each([
    ["string attribute given a number", { acl: 1 }, "acl", "expected string, got number 1"],
    [
      "number attribute given a string",
      { lifecycle_rules: [{ expiration: { days: "180" } }] },
      "lifecycle_rules[0].expiration[0].days",
      'expected number, got string "180"',
    ],
    ["bool attribute given a string", { force_clean: "false" }, "force_clean", 'expected bool, got string "false"'],
    ["map attribute given a list", { tags: ["a"] }, "tags", "expected map(string), got a list"],
    ["map element of the wrong type", { tags: { team: 3 } }, 'tags["team"]', "expected string, got number 3"],
    [
      "block given a scalar",
      { lifecycle_rules: "rules" },
      "lifecycle_rules[0]",
      'expected a "lifecycle_rules" block object, got string "rules"',
    ],
  ])("wrong type: %s", (_name, body, where, what) => {
    const problem = only(checkSchemaConformance(bucket(body)));
    expect(problem.rule).toBe("wrong-type");
    expect(problem.path).toBe(`resource.tencentcloud_cos_bucket.logs.${where}`);
    expect(problem.message).toBe(`resource.tencentcloud_cos_bucket.logs.${where}: ${what} (wrong-type)`);
  });

  test("wrong type: list attribute given a string, and a list element of the wrong type", () => {
    const stack = stackWith({
      tencentcloud_cos_bucket: {
        b: {
          bucket: "b-1250000000",
          cors_rules: [{ allowed_headers: "*", allowed_methods: ["GET", 1], allowed_origins: ["*"] }],
        },
      },
    });
    const problems = checkSchemaConformance(stack);
    expect(problems.map((p) => [p.path, p.rule])).toEqual([
      ["resource.tencentcloud_cos_bucket.b.cors_rules[0].allowed_headers", "wrong-type"],
      ["resource.tencentcloud_cos_bucket.b.cors_rules[0].allowed_methods[1]", "wrong-type"],
    ]);
  });

  test("wrong type: an object attribute with a missing and an unknown member", () => {
    const schemas = [
      {
        format_version: "1.0",
        provider_schemas: {
          "registry.terraform.io/acme/acme": {
            provider: { version: 0, block: {} },
            resource_schemas: {
              acme_thing: {
                version: 0,
                block: {
                  attributes: { spec: { type: ["object", { a: "string", b: "number" }] as const, optional: true } },
                },
              },
            },
          },
        },
      },
    ] as const;
    const missing = only(
      checkSchemaConformance(stackWith({ acme_thing: { t: { spec: { a: "x" } } } }), schemas as never),
    );
    expect(missing.message).toBe(
      'resource.acme_thing.t.spec: object of type object({a, b}) lacks attribute "b" (wrong-type)',
    );
    const unknown = only(
      checkSchemaConformance(stackWith({ acme_thing: { t: { spec: { a: "x", b: 1, c: 2 } } } }), schemas as never),
    );
    expect(unknown.path).toBe("resource.acme_thing.t.spec.c");
  });

  test("computed-only attribute set", () => {
    const problem = only(checkSchemaConformance(bucket({ cos_bucket_url: "https://example.com" })));
    expect(problem).toEqual({
      path: "resource.tencentcloud_cos_bucket.logs.cos_bucket_url",
      rule: "computed-only",
      message:
        "resource.tencentcloud_cos_bucket.logs.cos_bucket_url: is computed by the provider and cannot be set (computed-only)",
    });
  });

  test("computed-only attribute of a data source set", () => {
    const problem = only(
      checkSchemaConformance({ data: { tencentcloud_user_info: { me: { app_id: "1250000000" } } } }),
    );
    expect(problem).toMatchObject({ path: "data.tencentcloud_user_info.me.app_id", rule: "computed-only" });
  });

  test("provider block: unknown attribute and missing required attribute", () => {
    const problems = checkSchemaConformance({
      provider: { baiducloud: [{ region: "bj", secret_key: "${var.sk}", regin: "bj" }] },
    });
    expect(problems.map((p) => [p.path, p.rule])).toEqual([
      ["provider.baiducloud[0].regin", "unknown-attribute"],
      ["provider.baiducloud[0].access_key", "missing-required-attribute"],
    ]);
  });

  test("every problem in one stack is reported, and formatSchemaProblems prints one per line", () => {
    const problems = checkSchemaConformance(bucket({ acl: 1, cos_bucket_url: "x", nope: true }));
    expect(problems).toHaveLength(3);
    expect(formatSchemaProblems(problems).split("\n")).toHaveLength(3);
  });
});

describe("vendored schemas", () => {
  test("record the provider versions they describe", () => {
    const versions = Object.assign({}, ...loadVendoredSchemas().map((s) => s.provider_versions));
    expect(versions).toEqual({
      "registry.terraform.io/tencentcloudstack/tencentcloud": "1.83.25",
      "registry.terraform.io/baidubce/baiducloud": "1.23.5",
    });
  });

  test("bad input is rejected clearly", () => {
    expect(() => checkSchemaConformance("[]")).toThrow(/cdk.tf.json object/);
  });
});
