/**
 * Shared steps of the maintainer scripts that produce `schemas/<provider>.json`: trimming a full schema to the
 * vendored types, replacing provider prose with our own descriptions, and writing the file deterministically.
 */
import * as fs from "fs";
import * as path from "path";
import type {
  ProviderSchemaDocument,
  ProviderSchemaEntry,
  SchemaAttribute,
  SchemaBlock,
  SchemaNestedBlock,
  VersionedSchema,
} from "../lib/validation/provider-schema";
import { fullyQualifiedName, SCHEMA_DIR, VendoredProvider } from "./schema-manifest";

type DescriptionMap = { readonly [key: string]: string };

function loadDescriptions(provider: VendoredProvider): DescriptionMap {
  const all = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, "descriptions.json"), "utf8")) as {
    [provider: string]: DescriptionMap;
  };
  return all[provider.name] ?? {};
}

/** Rebuilds a block with our description (or none) on the block and on every attribute and nested block. */
function describeBlock(block: SchemaBlock, keyPrefix: string, descriptions: DescriptionMap): SchemaBlock {
  const attributes: { [name: string]: SchemaAttribute } = {};
  for (const name of Object.keys(block.attributes ?? {}).sort()) {
    const { description: _providerProse, description_kind: _kind, ...rest } = block.attributes![name];
    const ours = descriptions[`${keyPrefix}.${name}`];
    attributes[name] = ours
      ? { ...rest, description: ours, description_kind: "plain" }
      : { ...rest, description_kind: "plain" };
  }
  const blockTypes: { [name: string]: SchemaNestedBlock } = {};
  for (const name of Object.keys(block.block_types ?? {}).sort()) {
    const nested = block.block_types![name];
    blockTypes[name] = { ...nested, block: describeBlock(nested.block, `${keyPrefix}.${name}`, descriptions) };
  }
  const ours = descriptions[keyPrefix];
  const result: { -readonly [K in keyof SchemaBlock]: SchemaBlock[K] } = {};
  if (Object.keys(attributes).length > 0) result.attributes = attributes;
  if (Object.keys(blockTypes).length > 0) result.block_types = blockTypes;
  if (ours) result.description = ours;
  result.description_kind = "plain";
  if (block.deprecated) result.deprecated = true;
  return result;
}

function pick(
  from: { readonly [type: string]: VersionedSchema } | undefined,
  types: readonly string[],
  what: string,
  descriptionPrefix: string,
  descriptions: DescriptionMap,
): { [type: string]: VersionedSchema } {
  const picked: { [type: string]: VersionedSchema } = {};
  for (const type of [...types].sort()) {
    const schema = from?.[type];
    if (!schema) throw new Error(`The full schema has no ${what} '${type}'; is it the right provider and version?`);
    picked[type] = {
      version: schema.version,
      block: describeBlock(schema.block, `${descriptionPrefix}${type}`, descriptions),
    };
  }
  return picked;
}

/**
 * Keeps only the provider block and the vendored resource and data source types of `full`, with our descriptions,
 * and stamps `provider_versions` so generated bindings pin the release.
 */
export function trimToVendored(full: ProviderSchemaDocument, provider: VendoredProvider): ProviderSchemaDocument {
  const fqpn = fullyQualifiedName(provider);
  const entry = full.provider_schemas[fqpn];
  if (!entry) {
    throw new Error(`The schema has no provider '${fqpn}' (it has: ${Object.keys(full.provider_schemas).join(", ")}).`);
  }
  const descriptions = loadDescriptions(provider);
  const trimmed: ProviderSchemaEntry = {
    provider: { version: entry.provider.version, block: describeBlock(entry.provider.block, "provider", descriptions) },
    resource_schemas: pick(entry.resource_schemas, provider.resources, "resource", "", descriptions),
    data_source_schemas: pick(entry.data_source_schemas, provider.dataSources, "data source", "data.", descriptions),
  };
  return {
    format_version: full.format_version,
    provider_schemas: { [fqpn]: trimmed },
    provider_versions: { [fqpn]: provider.version },
  };
}

/**
 * Adds the resource and data source schemas of `fragments` (documents in `terraform providers schema -json` format
 * that hold only some types of the provider, without its provider block, such as
 * `tencentcloud-1.83.25.monitor-alarm.providers-schema.json`) to `base`. A type present in both must be identical:
 * two descriptions of one release disagreeing means one of them is wrong.
 */
export function mergeSchemaFragments(
  base: ProviderSchemaDocument,
  fragments: readonly ProviderSchemaDocument[],
  provider: VendoredProvider,
): ProviderSchemaDocument {
  const fqpn = fullyQualifiedName(provider);
  const entry = base.provider_schemas[fqpn];
  if (!entry) throw new Error(`The base schema has no provider '${fqpn}'.`);
  const resources = { ...(entry.resource_schemas ?? {}) };
  const dataSources = { ...(entry.data_source_schemas ?? {}) };
  const merge = (into: { [type: string]: VersionedSchema }, from: { readonly [type: string]: VersionedSchema }) => {
    for (const [type, schema] of Object.entries(from)) {
      if (
        into[type] &&
        JSON.stringify(withoutDescriptions(into[type])) !== JSON.stringify(withoutDescriptions(schema))
      ) {
        throw new Error(`'${type}' differs between the base schema and a fragment of ${fqpn}.`);
      }
      into[type] = schema;
    }
  };
  for (const fragment of fragments) {
    const part = fragment.provider_schemas[fqpn];
    if (!part) {
      throw new Error(
        `A fragment has no provider '${fqpn}' (it has: ${Object.keys(fragment.provider_schemas).join(", ")}).`,
      );
    }
    merge(resources, part.resource_schemas ?? {});
    merge(dataSources, part.data_source_schemas ?? {});
  }
  return {
    ...base,
    provider_schemas: {
      ...base.provider_schemas,
      [fqpn]: { ...entry, resource_schemas: resources, data_source_schemas: dataSources },
    },
  };
}

/** A schema without prose, in a fixed key order, to compare what Terraform enforces. */
function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (value && typeof value === "object") {
    const out: { [key: string]: unknown } = {};
    for (const key of Object.keys(value).sort()) {
      const inner = (value as { [key: string]: unknown })[key];
      // Prose is a string; an attribute that happens to be named "description" is an object and stays.
      if ((key === "description" || key === "description_kind") && typeof inner === "string") continue;
      out[key] = withoutDescriptions(inner);
    }
    return out;
  }
  return value;
}

/** Writes a schema document as stable, diff-friendly JSON. */
export function writeSchemaFile(file: string, document: ProviderSchemaDocument): void {
  fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
}
