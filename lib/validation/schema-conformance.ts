import * as fs from "fs";
import * as path from "path";
import type {
  ProviderSchemaDocument,
  SchemaAttribute,
  SchemaBlock,
  SchemaNestedBlock,
  SchemaType,
} from "./provider-schema";

/** The rule a {@link SchemaProblem} breaks. */
export type SchemaRule =
  | "unknown-type"
  | "unknown-attribute"
  | "unknown-block"
  | "missing-required-attribute"
  | "missing-required-block"
  | "block-count"
  | "wrong-type"
  | "computed-only";

/** One way a synthesized stack disagrees with a provider schema. */
export interface SchemaProblem {
  /** Where, e.g. `resource.tencentcloud_cos_bucket.logs.lifecycle_rules[0].expiration`. */
  readonly path: string;
  /** Which schema rule the value breaks. */
  readonly rule: SchemaRule;
  /** `<path>: <what is wrong> (<rule>)`, ready to print. */
  readonly message: string;
}

/** A synthesized stack: the parsed `cdk.tf.json`, or its text as `Testing.synth` returns it. */
export type SynthesizedStack = string | { readonly [key: string]: unknown };

type JsonObject = { readonly [key: string]: unknown };

/** Keys Terraform itself understands on every resource, whatever the provider's schema says. */
const RESOURCE_META_ARGUMENTS = new Set([
  "count",
  "for_each",
  "depends_on",
  "provider",
  "lifecycle",
  "provisioner",
  "connection",
  "//",
]);
const DATA_META_ARGUMENTS = new Set(["count", "for_each", "depends_on", "provider", "lifecycle", "//"]);
const PROVIDER_META_ARGUMENTS = new Set(["alias", "//"]);
/** Nested blocks take no meta-arguments. */
const NO_META_ARGUMENTS: ReadonlySet<string> = new Set();

/** Types Terraform provides itself; they belong to no provider schema. */
const BUILT_IN_TYPES = new Set(["terraform_data", "terraform_remote_state"]);

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A `${...}` reference or expression: its value is only known at plan time, so it fits any type. */
function isToken(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

function describeType(type: SchemaType): string {
  if (typeof type === "string") return type;
  if (type[0] === "object") return `object({${Object.keys(type[1]).join(", ")}})`;
  return `${type[0]}(${describeType(type[1])})`;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}

class ProblemCollector {
  readonly problems: SchemaProblem[] = [];

  add(where: string, rule: SchemaRule, what: string): void {
    this.problems.push({ path: where, rule, message: `${where}: ${what} (${rule})` });
  }
}

/** Checks a literal against a Terraform type; returns the first mismatch found, or undefined. */
function typeMismatch(value: unknown, type: SchemaType, where: string): { where: string; what: string } | undefined {
  if (isToken(value) || value === null) return undefined;
  const wrong = { where, what: `expected ${describeType(type)}, got ${describeValue(value)}` };
  if (type === "dynamic") return undefined;
  if (type === "string") return typeof value === "string" ? undefined : wrong;
  if (type === "number") return typeof value === "number" && Number.isFinite(value) ? undefined : wrong;
  if (type === "bool") return typeof value === "boolean" ? undefined : wrong;
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") {
    if (!Array.isArray(value)) return wrong;
    for (let i = 0; i < value.length; i++) {
      const found = typeMismatch(value[i], inner, `${where}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (kind === "map") {
    if (!isObject(value)) return wrong;
    for (const [key, element] of Object.entries(value)) {
      const found = typeMismatch(element, inner, `${where}["${key}"]`);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(value)) return wrong;
  for (const key of Object.keys(value)) {
    if (!(key in inner))
      return { where: `${where}.${key}`, what: `object type ${describeType(type)} has no attribute "${key}"` };
  }
  for (const [key, memberType] of Object.entries(inner)) {
    if (!(key in value)) return { where, what: `object of type ${describeType(type)} lacks attribute "${key}"` };
    const found = typeMismatch(value[key], memberType, `${where}.${key}`);
    if (found) return found;
  }
  return undefined;
}

function checkAttribute(value: unknown, attribute: SchemaAttribute, where: string, out: ProblemCollector): void {
  if (attribute.computed && !attribute.optional && !attribute.required) {
    out.add(where, "computed-only", "is computed by the provider and cannot be set");
    return;
  }
  const mismatch = typeMismatch(value, attribute.type, where);
  if (mismatch) out.add(mismatch.where, "wrong-type", mismatch.what);
}

/** The instances of a nested block as written: Terraform JSON allows one object or a list of objects. */
function blockInstances(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return [value];
}

function checkNestedBlock(
  value: unknown,
  name: string,
  nested: SchemaNestedBlock,
  where: string,
  out: ProblemCollector,
): void {
  if (isToken(value)) return;
  if (nested.nesting_mode === "single" || nested.nesting_mode === "group") {
    if (!isObject(value)) {
      out.add(where, "wrong-type", `block "${name}" must be a single object, got ${describeValue(value)}`);
      return;
    }
    checkBlockBody(value, nested.block, where, out, NO_META_ARGUMENTS);
    return;
  }
  if (nested.nesting_mode === "map") {
    if (!isObject(value)) {
      out.add(where, "wrong-type", `block "${name}" must be an object of labelled blocks, got ${describeValue(value)}`);
      return;
    }
    for (const [label, body] of Object.entries(value)) {
      if (isObject(body)) checkBlockBody(body, nested.block, `${where}["${label}"]`, out, NO_META_ARGUMENTS);
      else out.add(`${where}["${label}"]`, "wrong-type", `expected a block object, got ${describeValue(body)}`);
    }
    return;
  }
  const instances = blockInstances(value);
  checkBlockCount(instances.length, nested, name, where, out);
  instances.forEach((body, index) => {
    const at = `${where}[${index}]`;
    if (isToken(body)) return;
    if (isObject(body)) checkBlockBody(body, nested.block, at, out, NO_META_ARGUMENTS);
    else out.add(at, "wrong-type", `expected a "${name}" block object, got ${describeValue(body)}`);
  });
}

function checkBlockCount(
  count: number,
  nested: SchemaNestedBlock,
  name: string,
  where: string,
  out: ProblemCollector,
): void {
  const min = nested.min_items ?? 0;
  const max = nested.max_items ?? 0;
  if (count < min) {
    out.add(where, "block-count", `has ${count} "${name}" block(s), at least ${min} required (min_items)`);
  } else if (max > 0 && count > max) {
    out.add(where, "block-count", `has ${count} "${name}" blocks, at most ${max} allowed (max_items)`);
  }
}

/** `dynamic "<name>" { for_each, content }`: the count is unknown, so only the content is checked. */
function checkDynamicBlocks(value: unknown, block: SchemaBlock, where: string, out: ProblemCollector): Set<string> {
  const generated = new Set<string>();
  if (!isObject(value)) return generated;
  for (const [name, spec] of Object.entries(value)) {
    const nested = block.block_types?.[name];
    const at = `${where}.dynamic.${name}`;
    if (!nested) {
      out.add(at, "unknown-block", `dynamic block "${name}" is not a block of this type`);
      continue;
    }
    generated.add(name);
    if (isObject(spec) && isObject(spec.content))
      checkBlockBody(spec.content, nested.block, `${at}.content`, out, NO_META_ARGUMENTS);
  }
  return generated;
}

function checkBlockBody(
  body: JsonObject,
  block: SchemaBlock,
  where: string,
  out: ProblemCollector,
  metaArguments: ReadonlySet<string>,
): void {
  const attributes = block.attributes ?? {};
  const blockTypes = block.block_types ?? {};
  // `dynamic` is Terraform syntax unless the schema itself happens to declare something of that name.
  const dynamicIsSyntax = !("dynamic" in attributes) && !("dynamic" in blockTypes);
  const dynamicBlocks = dynamicIsSyntax ? checkDynamicBlocks(body.dynamic, block, where, out) : new Set<string>();

  for (const [key, value] of Object.entries(body)) {
    if (metaArguments.has(key) || (key === "dynamic" && dynamicIsSyntax)) continue;
    const at = `${where}.${key}`;
    if (value === null || value === undefined) continue;
    const attribute = attributes[key];
    if (attribute) {
      checkAttribute(value, attribute, at, out);
      continue;
    }
    const nested = blockTypes[key];
    if (nested) {
      checkNestedBlock(value, key, nested, at, out);
      continue;
    }
    out.add(at, "unknown-attribute", `"${key}" is neither an attribute nor a block of this type`);
  }

  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.required && (body[name] === undefined || body[name] === null)) {
      out.add(`${where}.${name}`, "missing-required-attribute", `required attribute "${name}" is not set`);
    }
  }
  for (const [name, nested] of Object.entries(blockTypes)) {
    const min = nested.min_items ?? 0;
    if (min > 0 && (body[name] === undefined || body[name] === null) && !dynamicBlocks.has(name)) {
      out.add(`${where}.${name}`, "missing-required-block", `at least ${min} "${name}" block(s) required, none given`);
    }
  }
}

interface ProviderIndex {
  readonly localName: string;
  readonly document: ProviderSchemaDocument;
  readonly resources: { readonly [type: string]: SchemaBlock };
  readonly dataSources: { readonly [type: string]: SchemaBlock };
  readonly provider: SchemaBlock;
}

function indexSchemas(schemas: readonly ProviderSchemaDocument[]): Map<string, ProviderIndex> {
  const byLocalName = new Map<string, ProviderIndex>();
  for (const document of schemas) {
    for (const [fqpn, entry] of Object.entries(document.provider_schemas)) {
      const localName = fqpn.split("/").pop() ?? fqpn;
      const resources: { [type: string]: SchemaBlock } = {};
      const dataSources: { [type: string]: SchemaBlock } = {};
      for (const [type, schema] of Object.entries(entry.resource_schemas ?? {})) resources[type] = schema.block;
      for (const [type, schema] of Object.entries(entry.data_source_schemas ?? {})) dataSources[type] = schema.block;
      byLocalName.set(localName, { localName, document, resources, dataSources, provider: entry.provider.block });
    }
  }
  return byLocalName;
}

/** `tencentcloud_cos_bucket` belongs to provider `tencentcloud`: Terraform's own rule for implied providers. */
function providerOfType(type: string): string {
  const underscore = type.indexOf("_");
  return underscore < 0 ? type : type.slice(0, underscore);
}

function checkTypedSection(
  section: unknown,
  kind: "resource" | "data",
  providers: Map<string, ProviderIndex>,
  out: ProblemCollector,
): void {
  if (!isObject(section)) return;
  for (const [type, instances] of Object.entries(section)) {
    if (BUILT_IN_TYPES.has(type)) continue;
    const provider = providers.get(providerOfType(type));
    // Types of providers we hold no schema for are someone else's business.
    if (!provider) continue;
    const block = kind === "resource" ? provider.resources[type] : provider.dataSources[type];
    if (!block) {
      const what = kind === "resource" ? "resource type" : "data source type";
      out.add(`${kind}.${type}`, "unknown-type", `${what} "${type}" is not in the ${provider.localName} schema`);
      continue;
    }
    if (!isObject(instances)) continue;
    for (const [name, body] of Object.entries(instances)) {
      if (!isObject(body)) continue;
      checkBlockBody(
        body,
        block,
        `${kind}.${type}.${name}`,
        out,
        kind === "resource" ? RESOURCE_META_ARGUMENTS : DATA_META_ARGUMENTS,
      );
    }
  }
}

function checkProviders(section: unknown, providers: Map<string, ProviderIndex>, out: ProblemCollector): void {
  if (!isObject(section)) return;
  for (const [name, configs] of Object.entries(section)) {
    const provider = providers.get(name);
    if (!provider) continue;
    blockInstances(configs).forEach((config, index) => {
      if (isObject(config))
        checkBlockBody(config, provider.provider, `provider.${name}[${index}]`, out, PROVIDER_META_ARGUMENTS);
    });
  }
}

/**
 * Checks a synthesized stack against provider schemas and returns every problem found (an empty array when the stack
 * conforms): unknown resource or data source types, unknown attributes or blocks, missing required attributes or
 * blocks, block counts outside min/max items, literals of the wrong type, and computed-only attributes that are set.
 *
 * `${...}` expressions are accepted wherever a value is. Literals are checked by their JSON kind, which is stricter
 * than Terraform's implicit conversions (a number where a string belongs is reported): in a typed cdktf stack such a
 * value only arrives through an escape hatch, and is then usually a mistake. Types of providers absent from `schemas`
 * are not checked.
 *
 * @param stack the parsed `cdk.tf.json`, or its JSON text (what `Testing.synth` returns)
 * @param schemas provider schemas in `terraform providers schema -json` format; defaults to the vendored ones
 */
export function checkSchemaConformance(
  stack: SynthesizedStack,
  schemas: readonly ProviderSchemaDocument[] = loadVendoredSchemas(),
): SchemaProblem[] {
  const parsed: unknown = typeof stack === "string" ? JSON.parse(stack) : stack;
  if (!isObject(parsed))
    throw new Error("checkSchemaConformance: the stack must be a cdk.tf.json object or its JSON text.");
  const providers = indexSchemas(schemas);
  const out = new ProblemCollector();
  checkProviders(parsed.provider, providers, out);
  checkTypedSection(parsed.resource, "resource", providers, out);
  checkTypedSection(parsed.data, "data", providers, out);
  return out.problems;
}

/** One problem per line, for assertion messages and CLI output. */
export function formatSchemaProblems(problems: readonly SchemaProblem[]): string {
  return problems.map((problem) => problem.message).join("\n");
}

let vendoredCache: ProviderSchemaDocument[] | undefined;

/** Finds the package's `schemas/` folder from the source tree (`lib/validation`) or the build (`dist/lib/validation`). */
function vendoredSchemaDir(): string {
  let dir = __dirname;
  for (let depth = 0; depth < 5; depth++) {
    const candidate = path.join(dir, "schemas");
    if (fs.existsSync(path.join(candidate, "tencentcloud.json"))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`cdktf-access-logs: cannot find the vendored schemas/ folder above ${__dirname}.`);
}

/** The schemas this library vendors: tencentcloud 1.83.25 and baiducloud 1.23.5, trimmed to the types it uses. */
export function loadVendoredSchemas(): ProviderSchemaDocument[] {
  if (!vendoredCache) {
    const dir = vendoredSchemaDir();
    vendoredCache = ["tencentcloud.json", "baiducloud.json"].map(
      (file) => JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as ProviderSchemaDocument,
    );
  }
  return vendoredCache;
}
