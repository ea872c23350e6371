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
  /** The attribute's Terraform type. */
  readonly type: SchemaType;
  /** The provider's description of the attribute. */
  readonly description?: string;
  /** Whether {@link description} is plain text or Markdown. */
  readonly description_kind?: "plain" | "markdown";
  /** The configuration must set it. */
  readonly required?: boolean;
  /** The configuration may set it. */
  readonly optional?: boolean;
  /** The provider sets it (alone, or when the configuration leaves an optional attribute out). */
  readonly computed?: boolean;
  /** Terraform hides the value in plans and output. */
  readonly sensitive?: boolean;
  /** The provider deprecates the attribute. */
  readonly deprecated?: boolean;
}

/** How a nested block repeats. */
export type NestingMode = "single" | "group" | "list" | "set" | "map";

/** A nested block type inside a block. `min_items`/`max_items` are omitted when zero. */
export interface SchemaNestedBlock {
  /** How the block repeats. */
  readonly nesting_mode: NestingMode;
  /** The block's own attributes and nested blocks. */
  readonly block: SchemaBlock;
  /** Fewest occurrences the configuration must write. */
  readonly min_items?: number;
  /** Most occurrences the configuration may write. */
  readonly max_items?: number;
}

/** A configuration block: attributes plus nested block types. */
export interface SchemaBlock {
  /** Attributes by name. */
  readonly attributes?: { readonly [name: string]: SchemaAttribute };
  /** Nested block types by name. */
  readonly block_types?: { readonly [name: string]: SchemaNestedBlock };
  /** The provider's description of the block. */
  readonly description?: string;
  /** Whether {@link description} is plain text or Markdown. */
  readonly description_kind?: "plain" | "markdown";
  /** The provider deprecates the block. */
  readonly deprecated?: boolean;
}

/** A resource, data source or provider schema with its schema version. */
export interface VersionedSchema {
  /** The schema version Terraform records in state for this type. */
  readonly version: number;
  /** The top-level block. */
  readonly block: SchemaBlock;
}

/** Everything one provider declares. */
export interface ProviderSchemaEntry {
  /** The provider block's own schema. */
  readonly provider: VersionedSchema;
  /** Resource schemas by resource type, e.g. `tencentcloud_cos_bucket`. */
  readonly resource_schemas?: { readonly [type: string]: VersionedSchema };
  /** Data source schemas by data source type, without the `data.` prefix. */
  readonly data_source_schemas?: { readonly [type: string]: VersionedSchema };
}

/**
 * The whole document. `provider_versions` is the optional map cdktf's generator reads to stamp
 * `required_providers.<name>.version` into synthesized stacks; the vendored files always carry it.
 */
export interface ProviderSchemaDocument {
  /** The document format, `1.0`. */
  readonly format_version: string;
  /** Providers by fully qualified name, e.g. `registry.terraform.io/tencentcloudstack/tencentcloud`. */
  readonly provider_schemas: { readonly [fullyQualifiedName: string]: ProviderSchemaEntry };
  /** Provider releases by fully qualified name, e.g. `1.83.25`. */
  readonly provider_versions?: { readonly [fullyQualifiedName: string]: string };
}
