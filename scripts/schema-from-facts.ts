/**
 * Maintainer tool: lowers the "schema facts" extracted from a provider's Go source (helper/schema field names) to the
 * `terraform providers schema -json` shape, applying what Terraform core and the plugin SDK do on export, and then
 * either compares the result with the vendored schema (default) or rewrites the vendored file (`--write`).
 *
 *   npx ts-node --transpile-only scripts/schema-from-facts.ts ../shared/reference [--write]
 *
 * The project's tests never read the facts; this is how the vendored files were produced and re-checked. Types the
 * facts do not cover come from `<provider>-<version>.*.providers-schema.json` fragments in the same directory
 * (`terraform providers schema -json` output of the same release, see scripts/refresh-schema.ts --merge).
 *
 * Export rules applied (SDKv1/SDKv2 core_schema.go):
 * - TypeInt/TypeFloat -> number, TypeBool -> bool, TypeString -> string; TypeList/TypeSet/TypeMap of a primitive
 *   Elem -> list/set/map of it; TypeMap without Elem, or with a resource Elem, -> map(string).
 * - An Elem resource becomes a nested block (list/set), except when the field is Computed and not Optional: then it
 *   is an attribute of type list(object)/set(object).
 * - Block min_items: Required with MinItems 0 -> 1; Optional -> 0; Computed-only -> 0 and no max.
 * - Required with a DefaultFunc that yields a value without the environment (not EnvDefaultFunc(X, nil)) is
 *   exported optional, because the plugin asks the DefaultFunc at schema time.
 * - Every resource and data source gets an optional+computed `id` string unless it declares one; a resource with
 *   Timeouts gets a `timeouts` block (nesting single) with an optional string per configured operation.
 */
import * as fs from "fs";
import * as path from "path";
import { isDeepStrictEqual } from "util";
import type {
  ProviderSchemaDocument,
  SchemaAttribute,
  SchemaBlock,
  SchemaNestedBlock,
  SchemaType,
  VersionedSchema,
} from "../lib/validation/provider-schema";
import { fullyQualifiedName, schemaFile, VENDORED_PROVIDERS, VendoredProvider } from "./schema-manifest";
import { mergeSchemaFragments, trimToVendored, writeSchemaFile } from "./schema-tools";

interface FactField {
  readonly Type: "TypeString" | "TypeInt" | "TypeFloat" | "TypeBool" | "TypeList" | "TypeSet" | "TypeMap";
  readonly Required?: boolean;
  readonly Optional?: boolean;
  readonly Computed?: boolean;
  readonly Sensitive?: boolean;
  readonly Deprecated?: string;
  readonly MinItems?: number;
  readonly MaxItems?: number;
  readonly DefaultFunc?: string;
  readonly Elem?: FactElem;
}
type FactElem = ({ readonly kind: "schema" } & FactField) | { readonly kind: "resource"; readonly Schema: FactSchema };
type FactSchema = { readonly [name: string]: FactField };
interface FactEntry {
  readonly schema: FactSchema;
  readonly resource_meta?: { readonly Timeouts?: { readonly [operation: string]: string } };
}
interface FactsFile {
  readonly provider: string;
  readonly version: string;
  readonly schemas: { readonly [key: string]: FactEntry };
}

function primitive(type: FactField["Type"]): SchemaType {
  switch (type) {
    case "TypeString":
      return "string";
    case "TypeInt":
    case "TypeFloat":
      return "number";
    case "TypeBool":
      return "bool";
    default:
      throw new Error(`${type} is not a primitive type`);
  }
}

function collectionKind(type: FactField["Type"]): "list" | "set" | "map" {
  if (type === "TypeList") return "list";
  if (type === "TypeSet") return "set";
  if (type === "TypeMap") return "map";
  throw new Error(`${type} is not a collection type`);
}

/** The cty type Terraform infers for a block: its attributes plus nested blocks as collections of objects. */
function impliedType(block: SchemaBlock): SchemaType {
  const members: { [name: string]: SchemaType } = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) members[name] = attribute.type;
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const inner = impliedType(nested.block);
    members[name] = nested.nesting_mode === "single" ? inner : [nested.nesting_mode as "list" | "set" | "map", inner];
  }
  return ["object", members];
}

function fieldType(field: FactField): SchemaType {
  if (!field.Elem) {
    return field.Type === "TypeMap"
      ? ["map", "string"]
      : field.Type === "TypeList" || field.Type === "TypeSet"
        ? [collectionKind(field.Type), "string"]
        : primitive(field.Type);
  }
  if (field.Elem.kind === "resource") {
    if (field.Type === "TypeMap") return ["map", "string"];
    return [collectionKind(field.Type) as "list" | "set", impliedType(lowerSchema(field.Elem.Schema))];
  }
  const elem = field.Elem;
  const elemType =
    elem.Type === "TypeList" || elem.Type === "TypeSet" || elem.Type === "TypeMap"
      ? fieldType(elem)
      : primitive(elem.Type);
  return [collectionKind(field.Type), elemType];
}

/** EnvDefaultFunc(X, nil) yields nothing when X is unset, so the attribute stays required on export. */
function defaultFuncYieldsValue(defaultFunc: string | undefined): boolean {
  if (!defaultFunc) return false;
  return !/EnvDefaultFunc\([^,]+,\s*nil\)$/.test(defaultFunc);
}

function lowerAttribute(field: FactField): SchemaAttribute {
  let required = field.Required === true;
  let optional = field.Optional === true;
  if (required && defaultFuncYieldsValue(field.DefaultFunc)) {
    required = false;
    optional = true;
  }
  const attribute: { -readonly [K in keyof SchemaAttribute]: SchemaAttribute[K] } = { type: fieldType(field) };
  if (required) attribute.required = true;
  if (optional) attribute.optional = true;
  if (field.Computed) attribute.computed = true;
  if (field.Sensitive) attribute.sensitive = true;
  if (field.Deprecated) attribute.deprecated = true;
  return attribute;
}

function lowerBlock(field: FactField, nested: FactSchema): SchemaNestedBlock {
  let minItems = field.MinItems ?? 0;
  let maxItems = field.MaxItems ?? 0;
  if (field.Required && minItems === 0) minItems = 1;
  if (field.Optional && minItems > 0) minItems = 0;
  if (field.Computed && !field.Optional) {
    minItems = 0;
    maxItems = 0;
  }
  const block: { -readonly [K in keyof SchemaNestedBlock]: SchemaNestedBlock[K] } = {
    nesting_mode: field.Type === "TypeSet" ? "set" : "list",
    block: lowerSchema(nested),
  };
  if (minItems > 0) block.min_items = minItems;
  if (maxItems > 0) block.max_items = maxItems;
  return block;
}

function lowerSchema(schema: FactSchema): SchemaBlock {
  const attributes: { [name: string]: SchemaAttribute } = {};
  const blockTypes: { [name: string]: SchemaNestedBlock } = {};
  for (const [name, field] of Object.entries(schema)) {
    const isNestedResource = field.Elem?.kind === "resource" && field.Type !== "TypeMap";
    const computedOnly = field.Computed === true && field.Optional !== true;
    if (isNestedResource && !computedOnly && field.Elem?.kind === "resource") {
      blockTypes[name] = lowerBlock(field, field.Elem.Schema);
    } else {
      attributes[name] = lowerAttribute(field);
    }
  }
  const block: { attributes?: typeof attributes; block_types?: typeof blockTypes } = {};
  if (Object.keys(attributes).length > 0) block.attributes = attributes;
  if (Object.keys(blockTypes).length > 0) block.block_types = blockTypes;
  return block;
}

function lowerEntry(entry: FactEntry, withId: boolean): VersionedSchema {
  const block = lowerSchema(entry.schema);
  const attributes = { ...(block.attributes ?? {}) };
  if (withId && !attributes.id) attributes.id = { type: "string", optional: true, computed: true };
  const blockTypes = { ...(block.block_types ?? {}) };
  const timeouts = entry.resource_meta?.Timeouts;
  if (timeouts && Object.keys(timeouts).length > 0) {
    const timeoutAttributes: { [name: string]: SchemaAttribute } = {};
    for (const operation of Object.keys(timeouts)) {
      timeoutAttributes[operation.toLowerCase()] = { type: "string", optional: true };
    }
    blockTypes.timeouts = { nesting_mode: "single", block: { attributes: timeoutAttributes } };
  }
  const result: { attributes?: typeof attributes; block_types?: typeof blockTypes } = {};
  if (Object.keys(attributes).length > 0) result.attributes = attributes;
  if (Object.keys(blockTypes).length > 0) result.block_types = blockTypes;
  return { version: 0, block: result };
}

export function documentFromFacts(
  facts: FactsFile,
  provider: VendoredProvider,
  fragments: readonly ProviderSchemaDocument[] = [],
): ProviderSchemaDocument {
  const resources: { [type: string]: VersionedSchema } = {};
  const dataSources: { [type: string]: VersionedSchema } = {};
  for (const [key, entry] of Object.entries(facts.schemas)) {
    if (key === "provider") continue;
    if (key.startsWith("data.")) dataSources[key.slice("data.".length)] = lowerEntry(entry, true);
    else resources[key] = lowerEntry(entry, true);
  }
  const full: ProviderSchemaDocument = {
    format_version: "1.0",
    provider_schemas: {
      [fullyQualifiedName(provider)]: {
        provider: lowerEntry(facts.schemas.provider, false),
        resource_schemas: resources,
        data_source_schemas: dataSources,
      },
    },
  };
  return trimToVendored(mergeSchemaFragments(full, fragments, provider), provider);
}

/** The `<provider>-<version>.*.providers-schema.json` fragments in `dir`, in name order. */
function fragmentsIn(dir: string, provider: VendoredProvider): ProviderSchemaDocument[] {
  const stem = `${provider.name}-${provider.version}.`;
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(stem) && name.endsWith(".providers-schema.json"))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as ProviderSchemaDocument);
}

/** Drops descriptions so two documents compare on what Terraform enforces. */
function withoutProse(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutProse);
  if (value && typeof value === "object") {
    const out: { [key: string]: unknown } = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === "description" || key === "description_kind") continue;
      out[key] = withoutProse(inner);
    }
    return out;
  }
  return value;
}

function differences(expected: unknown, actual: unknown, at: string, out: string[]): void {
  if (isDeepStrictEqual(expected, actual)) return;
  if (expected && actual && typeof expected === "object" && typeof actual === "object" && !Array.isArray(expected)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual as object)]);
    for (const key of [...keys].sort()) {
      differences(
        (expected as { [k: string]: unknown })[key],
        (actual as { [k: string]: unknown })[key],
        `${at}.${key}`,
        out,
      );
    }
    return;
  }
  out.push(`${at}: facts say ${JSON.stringify(expected)}, vendored has ${JSON.stringify(actual)}`);
}

function main(): void {
  const [factsDir, flag] = process.argv.slice(2);
  if (!factsDir) {
    console.error("usage: schema-from-facts.ts <dir with *.schema-facts.json> [--write]");
    process.exit(2);
  }
  let failed = false;
  for (const provider of VENDORED_PROVIDERS) {
    const factsPath = path.join(factsDir, `${provider.name}-${provider.version}.schema-facts.json`);
    const facts = JSON.parse(fs.readFileSync(factsPath, "utf8")) as FactsFile;
    if (facts.version !== provider.version)
      throw new Error(`${factsPath} describes ${facts.version}, not ${provider.version}`);
    const fromFacts = documentFromFacts(facts, provider, fragmentsIn(factsDir, provider));
    if (flag === "--write") {
      writeSchemaFile(schemaFile(provider), fromFacts);
      console.log(`wrote ${path.relative(process.cwd(), schemaFile(provider))}`);
      continue;
    }
    const vendored = JSON.parse(fs.readFileSync(schemaFile(provider), "utf8")) as ProviderSchemaDocument;
    const problems: string[] = [];
    differences(withoutProse(fromFacts), withoutProse(vendored), provider.name, problems);
    const entry = fromFacts.provider_schemas[fullyQualifiedName(provider)];
    const counted =
      Object.keys(entry.resource_schemas ?? {}).length + Object.keys(entry.data_source_schemas ?? {}).length;
    if (problems.length === 0) {
      console.log(`${provider.name} ${provider.version}: provider block and ${counted} types agree with the facts`);
    } else {
      failed = true;
      console.log(`${provider.name} ${provider.version}: ${problems.length} difference(s)`);
      for (const problem of problems) console.log(`  ${problem}`);
    }
  }
  if (failed) process.exit(1);
}

if (require.main === module) main();
