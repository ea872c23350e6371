/**
 * A read-only view of one synthesized stack (the JSON of `cdk.tf.json`, tokens already resolved to Terraform
 * expressions). Every check rule and the review summary read stacks through this view, so the same code runs at synth
 * time (over `stack.toTerraform()`) and in the CLI (over `cdktf.out`).
 */

/** A JSON object as it appears in a synthesized stack. */
export type JsonObject = { readonly [key: string]: unknown };

/** What kind of top-level block an element comes from. */
export type TfElementKind = "resource" | "data" | "provider";

/** One resource, data source or provider block of a stack. */
export interface TfElement {
  readonly kind: TfElementKind;
  /** Resource or provider type, e.g. `tencentcloud_cos_bucket`, `tencentcloud`. */
  readonly type: string;
  /** Logical id for resources and data sources; the alias (or `default`) for providers. */
  readonly name: string;
  /** Terraform address: `tencentcloud_cos_bucket.logs`, `data.tencentcloud_user_info.account`, `provider.tencentcloud.gz`. */
  readonly address: string;
  /** Construct path from the element's `//` metadata; providers carry none. */
  readonly constructPath?: string;
  /** The element's configuration without its `//` metadata. */
  readonly config: JsonObject;
}

/** Key under the stack's top-level `//` block where the check pack records suppressions and declared log buckets. */
export const SUPPRESSIONS_METADATA_KEY = "cdktf-access-logs";

/**
 * Buckets at or below a construct path declared as log buckets: they receive logs some other way than bucket logging
 * (e.g. a CDN log backup function), so they need no access logging of their own but must meet the log-bucket rules.
 */
export interface DeclaredLogBucket {
  readonly path: string;
  /** Where the logs come from, shown in the review, e.g. `CDN log backup`. */
  readonly purpose: string;
  /** Key prefix the logs are written under; empty for the whole bucket. */
  readonly prefix: string;
}

/** A rule switched off for a construct and everything below it, with the reason a reviewer reads. */
export interface CheckSuppression {
  /** Construct path the suppression applies to (and below). */
  readonly path: string;
  readonly ruleId: string;
  readonly reason: string;
}

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A `${...}` Terraform expression somewhere in the string: only known at plan time. */
export function isToken(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** A string that is fully known at synth time. */
export function isLiteralString(value: unknown): value is string {
  return typeof value === "string" && !isToken(value);
}

/** Blocks come out of cdktf as a list of objects, or one object for single blocks; this gives the list either way. */
export function blockList(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  if (isObject(value)) return [value];
  return [];
}

/** A string attribute, or undefined when absent or not a string. */
export function stringAttr(config: JsonObject, key: string): string | undefined {
  const value = config[key];
  return typeof value === "string" ? value : undefined;
}

/** A list-of-strings attribute (a single string counts as a one-element list, as CAM allows). */
export function stringList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}

/** A number attribute given as a literal (numbers and numeric strings); undefined for tokens and absent values. */
export function numberAttr(config: JsonObject, key: string): number | undefined {
  const value = config[key];
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** `true`/`"true"` → true, `false`/`"false"` → false, anything else (tokens, absent) → undefined. */
export function boolAttr(config: JsonObject, key: string): boolean | undefined {
  const value = config[key];
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return undefined;
}

const REFERENCE = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_.[\]"*-]+))?\}$/;

/** A string that is exactly one reference to another element: `${tencentcloud_cos_bucket.logs.bucket}`. */
export interface ElementReference {
  readonly kind: "resource" | "data";
  readonly type: string;
  readonly name: string;
  /** The attribute path after the name, e.g. `bucket`, `policy_list[0].policy_id`; empty for the whole element. */
  readonly attribute: string;
}

/** The element reference `value` is, when it is exactly one `${type.name.attribute}` expression. */
export function parseReference(value: unknown): ElementReference | undefined {
  if (typeof value !== "string") return undefined;
  const match = REFERENCE.exec(value);
  if (!match) return undefined;
  return { kind: match[1] ? "data" : "resource", type: match[2], name: match[3], attribute: match[4] ?? "" };
}

function byAddress(a: TfElement, b: TfElement): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

function metadataPath(config: JsonObject): string | undefined {
  const meta = config["//"];
  if (isObject(meta) && isObject(meta.metadata) && typeof meta.metadata.path === "string") return meta.metadata.path;
  return undefined;
}

function withoutMetadata(config: JsonObject): JsonObject {
  const copy: { [key: string]: unknown } = { ...config };
  delete copy["//"];
  return copy;
}

function elementKey(kind: TfElementKind, type: string, name: string): string {
  return `${kind}\u0000${type}\u0000${name}`;
}

/**
 * The stack view. Elements are sorted by address so everything derived from it is deterministic. Lookups by type, by
 * reference and by attribute value go through indexes built once, so rules and the review stay linear in the number
 * of elements however many buckets a stack holds.
 */
export class StackView {
  /** The stack's name: `//.metadata.stackName`, or the name given. */
  readonly name: string;
  /** All resources, data sources and providers, sorted by address. */
  readonly elements: readonly TfElement[];
  /** Suppressions recorded in the stack's `//` block. */
  readonly suppressions: readonly CheckSuppression[];
  /** Log buckets declared in the stack's `//` block. */
  readonly declaredLogBuckets: readonly DeclaredLogBucket[];

  private readonly byKindAndType = new Map<string, TfElement[]>();
  private readonly byKey = new Map<string, TfElement>();
  private readonly byAttribute = new Map<string, Map<string, TfElement[]>>();

  constructor(
    /** The parsed `cdk.tf.json` (or `stack.toTerraform()`). */
    readonly json: JsonObject,
    name?: string,
  ) {
    const topMeta = isObject(json["//"]) ? json["//"] : {};
    const stackName = isObject(topMeta.metadata) && typeof topMeta.metadata.stackName === "string" ? topMeta.metadata.stackName : undefined;
    this.name = name ?? stackName ?? "stack";
    this.elements = [...collectElements(json)].sort(byAddress);
    for (const element of this.elements) {
      const group = `${element.kind}\u0000${element.type}`;
      const list = this.byKindAndType.get(group);
      if (list) list.push(element);
      else this.byKindAndType.set(group, [element]);
      const key = elementKey(element.kind, element.type, element.name);
      if (!this.byKey.has(key)) this.byKey.set(key, element);
    }
    this.suppressions = readSuppressions(topMeta);
    this.declaredLogBuckets = readDeclaredLogBuckets(topMeta);
  }

  /** Resources of `type` at or below a construct path. */
  resourcesUnder(path: string, type: string): TfElement[] {
    return this.resources(type).filter((e) => e.constructPath !== undefined && (e.constructPath === path || e.constructPath.startsWith(`${path}/`)));
  }

  /** Resources, optionally of one type. */
  resources(type?: string): TfElement[] {
    return this.ofKind("resource", type);
  }

  /** Data sources, optionally of one type. */
  dataSources(type?: string): TfElement[] {
    return this.ofKind("data", type);
  }

  /** Provider blocks, optionally of one type. */
  providers(type?: string): TfElement[] {
    return this.ofKind("provider", type);
  }

  /**
   * Resources of `type` whose string attribute `attribute` is exactly `value`, in address order. The index for each
   * type and attribute is built on first use.
   */
  resourcesWhere(type: string, attribute: string, value: string): TfElement[] {
    const indexKey = `${type}\u0000${attribute}`;
    let index = this.byAttribute.get(indexKey);
    if (!index) {
      index = new Map();
      for (const element of this.resources(type)) {
        const attributeValue = stringAttr(element.config, attribute);
        if (attributeValue === undefined) continue;
        const list = index.get(attributeValue);
        if (list) list.push(element);
        else index.set(attributeValue, [element]);
      }
      this.byAttribute.set(indexKey, index);
    }
    return [...(index.get(value) ?? [])];
  }

  /** The element a reference points at, if it is in this stack. */
  resolve(reference: ElementReference | undefined): TfElement | undefined {
    if (!reference) return undefined;
    return this.byKey.get(elementKey(reference.kind, reference.type, reference.name));
  }

  /** The element of this kind, type and name (for providers: alias or `default`), if it is in this stack. */
  element(kind: TfElementKind, type: string, name: string): TfElement | undefined {
    return this.byKey.get(elementKey(kind, type, name));
  }

  private ofKind(kind: TfElementKind, type: string | undefined): TfElement[] {
    if (type !== undefined) return [...(this.byKindAndType.get(`${kind}\u0000${type}`) ?? [])];
    return this.elements.filter((e) => e.kind === kind);
  }

  /**
   * The provider block configuring `element`: the one its `provider` meta-argument names (`tencentcloud.gz`), else
   * the default (un-aliased) block of `providerType`.
   */
  providerOf(element: TfElement, providerType: string): TfElement | undefined {
    const meta = stringAttr(element.config, "provider");
    if (meta !== undefined) {
      const cleaned = meta.replace(/^\$\{/, "").replace(/\}$/, "");
      const [type, alias] = cleaned.split(".");
      if (type === providerType) return this.element("provider", providerType, alias ?? "default");
    }
    return this.element("provider", providerType, "default");
  }

  /** The region `element` is created in, from its provider block; undefined when unknown or a token. */
  regionOf(element: TfElement, providerType: string): string | undefined {
    const provider = this.providerOf(element, providerType);
    const region = provider ? stringAttr(provider.config, "region") : undefined;
    return isLiteralString(region) && region !== "" ? region : undefined;
  }

  /** `terraform.required_providers`, sorted by local name. */
  requiredProviders(): { name: string; source?: string; version?: string }[] {
    const terraform = isObject(this.json.terraform) ? this.json.terraform : {};
    const required = isObject(terraform.required_providers) ? terraform.required_providers : {};
    return Object.keys(required)
      .sort()
      .map((name) => {
        const entry = required[name];
        if (typeof entry === "string") return { name, version: entry };
        const block = isObject(entry) ? entry : {};
        return { name, source: stringAttr(block, "source"), version: stringAttr(block, "version") };
      });
  }
}

function collectElements(json: JsonObject): TfElement[] {
  const out: TfElement[] = [];
  for (const kind of ["resource", "data"] as const) {
    const block = json[kind];
    if (!isObject(block)) continue;
    for (const type of Object.keys(block)) {
      const instances = block[type];
      if (!isObject(instances)) continue;
      for (const name of Object.keys(instances)) {
        const config = instances[name];
        if (!isObject(config)) continue;
        out.push({
          kind,
          type,
          name,
          address: kind === "data" ? `data.${type}.${name}` : `${type}.${name}`,
          constructPath: metadataPath(config),
          config: withoutMetadata(config),
        });
      }
    }
  }
  const providers = json.provider;
  if (isObject(providers)) {
    for (const type of Object.keys(providers)) {
      for (const config of blockList(providers[type])) {
        const alias = stringAttr(config, "alias");
        const name = alias ?? "default";
        out.push({ kind: "provider", type, name, address: alias ? `provider.${type}.${alias}` : `provider.${type}`, config: withoutMetadata(config) });
      }
    }
  }
  return out;
}

function readSuppressions(topMeta: JsonObject): CheckSuppression[] {
  const ours = topMeta[SUPPRESSIONS_METADATA_KEY];
  if (!isObject(ours) || !Array.isArray(ours.suppressions)) return [];
  return ours.suppressions
    .filter(isObject)
    .filter((s) => typeof s.path === "string" && typeof s.ruleId === "string" && typeof s.reason === "string")
    .map((s) => ({ path: s.path as string, ruleId: s.ruleId as string, reason: s.reason as string }));
}

function readDeclaredLogBuckets(topMeta: JsonObject): DeclaredLogBucket[] {
  const ours = topMeta[SUPPRESSIONS_METADATA_KEY];
  if (!isObject(ours) || !Array.isArray(ours.logBuckets)) return [];
  return ours.logBuckets
    .filter(isObject)
    .filter((b) => typeof b.path === "string" && typeof b.purpose === "string")
    .map((b) => ({ path: b.path as string, purpose: b.purpose as string, prefix: typeof b.prefix === "string" ? b.prefix : "" }));
}
