/**
 * Types for the JSON that `terraform providers schema -json` prints (format 1.0).
 *
 * The vendored schemas under `schemas/` use exactly this shape, so the same files feed the binding generator
 * (`@cdktf/provider-generator`) and the schema conformance checker.
 */

/** A Terraform type expression as printed by `providers schema -json`. */
export type SchemaType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | ["list", SchemaType]
  | ["set", SchemaType]
  | ["map", SchemaType]
  | ["object", { [attribute: string]: SchemaType }];

/** One attribute of a block. */
export interface SchemaAttribute {
  readonly type: SchemaType;
  readonly description?: string;
  readonly description_kind?: "plain" | "markdown";
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
}

/** How a nested block repeats. */
export type NestingMode = "single" | "group" | "list" | "set" | "map";

/** A nested block type inside a block. `min_items`/`max_items` are omitted when zero. */
export interface SchemaNestedBlock {
  readonly nesting_mode: NestingMode;
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

/** A configuration block: attributes plus nested block types. */
export interface SchemaBlock {
  readonly attributes?: { readonly [name: string]: SchemaAttribute };
  readonly block_types?: { readonly [name: string]: SchemaNestedBlock };
  readonly description?: string;
  readonly description_kind?: "plain" | "markdown";
  readonly deprecated?: boolean;
}

/** A resource, data source or provider schema with its schema version. */
export interface VersionedSchema {
  readonly version: number;
  readonly block: SchemaBlock;
}

/** Everything one provider declares. */
export interface ProviderSchemaEntry {
  readonly provider: VersionedSchema;
  readonly resource_schemas?: { readonly [type: string]: VersionedSchema };
  readonly data_source_schemas?: { readonly [type: string]: VersionedSchema };
}

/**
 * The whole document. `provider_versions` is the optional map cdktf's generator reads to stamp
 * `required_providers.<name>.version` into synthesized stacks; the vendored files always carry it.
 */
export interface ProviderSchemaDocument {
  readonly format_version: string;
  readonly provider_schemas: { readonly [fullyQualifiedName: string]: ProviderSchemaEntry };
  readonly provider_versions?: { readonly [fullyQualifiedName: string]: string };
}
