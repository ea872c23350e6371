import { bosLogObjectKeyPrefix } from "../baiducloud/bos-log-object-key";
import { bosLifecycleResourcePrefix, LifecycleCoverageIndex } from "../shared/lifecycle-coverage";
import {
  blockList,
  boolAttr,
  isLiteralString,
  isObject,
  JsonObject,
  numberAttr,
  parseReference,
  DeclaredLogBucket,
  StackView,
  stringAttr,
  stringList,
  TfElement,
} from "./stack-view";

/** Terraform type of a COS bucket. */
export const COS_BUCKET = "tencentcloud_cos_bucket";
/** Terraform type of a COS bucket policy. */
export const COS_BUCKET_POLICY = "tencentcloud_cos_bucket_policy";
/** Terraform type shipping a CLS topic into COS. */
export const CLS_COS_SHIPPER = "tencentcloud_cls_cos_shipper";
/** Terraform type of a BOS bucket. */
export const BOS_BUCKET = "baiducloud_bos_bucket";
/** Terraform type of an SCF function. */
export const SCF_FUNCTION = "tencentcloud_scf_function";

/**
 * Environment variables of this library's CDN log backup function that name where it writes (the contract between
 * `CdnLogBackup` and `functions/cdn-log-backup`).
 */
const BACKUP_BUCKET_VARIABLE = "BACKUP_BUCKET";
const BACKUP_PREFIX_VARIABLE = "BACKUP_PREFIX";

/** One flow of access logs into a bucket, as the stack configures it. */
export interface LogDelivery {
  readonly cloud: "tencentcloud" | "baiducloud";
  /**
   * `bucket-logging`: a bucket's own access-log setting; `cls-shipper`: a CLS topic shipped to COS; `declared`: a bucket
   * declared a log bucket with `AccessLogChecks.declareLogBucket` (logs arrive some other way); `cdn-log-backup`: the
   * CDN log backup function copies CDN access logs into the bucket.
   */
  readonly via: "bucket-logging" | "cls-shipper" | "declared" | "cdn-log-backup";
  /** The source bucket (the CLS shipper; for declared log buckets, the bucket itself). */
  readonly source: TfElement;
  /** The source bucket's name as synthesized (for a shipper, its topic; for declared log buckets, their purpose). */
  readonly sourceName: string;
  /** The target bucket name as written on the source. */
  readonly targetName: string;
  /** The target bucket when it is declared in this stack. */
  readonly target?: TfElement;
  /** Key prefix the logs are written under; empty for the bucket root. */
  readonly prefix: string;
  /**
   * The prefix every object this delivery writes starts with, which a retention rule must cover: the prefix itself,
   * except for BOS bucket logging, which names objects `<prefix><source-bucket>-<time>-<unique>`.
   */
  readonly keyPrefix: string;
  /** Literal regions, when known. */
  readonly sourceRegion?: string;
  readonly targetRegion?: string;
}

/** How long a log target keeps what one delivery writes. */
export interface LogRetention {
  /** A rule in the target expires the delivered objects. */
  readonly covered: boolean;
  /** Days after which they are deleted (the shortest covering rule), when given in days. */
  readonly days?: number;
  /** A fixed expiry date instead of days (COS `expiration.date`). */
  readonly date?: string;
}

function providerType(cloud: LogDelivery["cloud"]): string {
  return cloud;
}

function bucketName(element: TfElement): string {
  return stringAttr(element.config, "bucket") ?? element.name;
}

/** The bucket of `type` that `value` names: a reference to it, or the same synthesized bucket name. */
export function findBucket(stack: StackView, type: string, value: string | undefined): TfElement | undefined {
  if (value === undefined || value === "") return undefined;
  const reference = parseReference(value);
  if (reference && reference.type === type && (reference.attribute === "bucket" || reference.attribute === "id")) {
    return stack.resolve(reference);
  }
  return stack.resourcesWhere(type, "bucket", value)[0];
}

/** The construct path and each of its ancestors, root first: `a`, `a/b`, `a/b/c`. */
function pathAndAncestors(path: string): string[] {
  const parts = path.split("/");
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

function declaredDeliveries(stack: StackView, type: string, cloud: LogDelivery["cloud"]): LogDelivery[] {
  if (stack.declaredLogBuckets.length === 0) return [];
  const byPath = new Map<string, DeclaredLogBucket[]>();
  for (const declared of stack.declaredLogBuckets)
    byPath.set(declared.path, [...(byPath.get(declared.path) ?? []), declared]);
  const matches: { declared: DeclaredLogBucket; bucket: TfElement }[] = [];
  for (const bucket of stack.resources(type)) {
    if (bucket.constructPath === undefined) continue;
    for (const path of pathAndAncestors(bucket.constructPath)) {
      for (const declared of byPath.get(path) ?? []) matches.push({ declared, bucket });
    }
  }
  // The order a scan per declaration gives: declarations in record order, buckets in address order.
  const order = new Map(stack.declaredLogBuckets.map((d, i) => [d, i]));
  matches.sort((a, b) => order.get(a.declared)! - order.get(b.declared)!);
  return matches.map(({ declared, bucket }) => ({
    cloud,
    via: "declared",
    source: bucket,
    sourceName: declared.purpose,
    targetName: bucketName(bucket),
    target: bucket,
    prefix: declared.prefix,
    keyPrefix: declared.prefix,
    targetRegion: stack.regionOf(bucket, cloud),
  }));
}

/**
 * Deliveries per stack view: every rule and the review ask for them, and finding them is linear in the stack, so they
 * are found once per view.
 */
const cosCache = new WeakMap<StackView, readonly LogDelivery[]>();
const bosCache = new WeakMap<StackView, readonly LogDelivery[]>();

function cached(
  cache: WeakMap<StackView, readonly LogDelivery[]>,
  stack: StackView,
  find: (stack: StackView) => LogDelivery[],
): LogDelivery[] {
  let deliveries = cache.get(stack);
  if (!deliveries) {
    deliveries = find(stack);
    cache.set(stack, deliveries);
  }
  return [...deliveries];
}

/** COS buckets with `log_enable` and a target, CLS topics shipped to COS, and declared COS log buckets. */
export function cosLogDeliveries(stack: StackView): LogDelivery[] {
  return cached(cosCache, stack, findCosLogDeliveries);
}

/** A delivery into a COS bucket, whose objects start with the prefix itself. */
function cosDelivery(
  stack: StackView,
  via: "bucket-logging" | "cls-shipper",
  source: TfElement,
  sourceName: string,
  targetName: string,
  prefix: string | undefined,
): LogDelivery {
  const target = findBucket(stack, COS_BUCKET, targetName);
  return {
    cloud: "tencentcloud",
    via,
    source,
    sourceName,
    targetName,
    target,
    prefix: prefix ?? "",
    keyPrefix: prefix ?? "",
    sourceRegion: stack.regionOf(source, "tencentcloud"),
    targetRegion: target ? stack.regionOf(target, "tencentcloud") : undefined,
  };
}

function findCosLogDeliveries(stack: StackView): LogDelivery[] {
  const deliveries: LogDelivery[] = [];
  for (const source of stack.resources(COS_BUCKET)) {
    const targetName = stringAttr(source.config, "log_target_bucket");
    if (boolAttr(source.config, "log_enable") !== true || !targetName) continue;
    deliveries.push(
      cosDelivery(
        stack,
        "bucket-logging",
        source,
        bucketName(source),
        targetName,
        stringAttr(source.config, "log_prefix"),
      ),
    );
  }
  for (const shipper of stack.resources(CLS_COS_SHIPPER)) {
    const targetName = stringAttr(shipper.config, "bucket");
    if (!targetName) continue;
    const sourceName = `CLS topic ${stringAttr(shipper.config, "topic_id") ?? shipper.name}`;
    deliveries.push(
      cosDelivery(stack, "cls-shipper", shipper, sourceName, targetName, stringAttr(shipper.config, "prefix")),
    );
  }
  deliveries.push(...cdnLogBackupDeliveries(stack));
  return [...deliveries, ...declaredDeliveries(stack, COS_BUCKET, "tencentcloud")];
}

/**
 * SCF functions running the CDN log backup: they write CDN access logs into `BACKUP_BUCKET` under `BACKUP_PREFIX`,
 * which makes that bucket a log target (no logging of its own needed; private, encrypted and retention rules apply).
 */
function cdnLogBackupDeliveries(stack: StackView): LogDelivery[] {
  const deliveries: LogDelivery[] = [];
  for (const fn of stack.resources(SCF_FUNCTION)) {
    const environment = fn.config.environment;
    if (!isObject(environment)) continue;
    const targetName = stringAttr(environment, BACKUP_BUCKET_VARIABLE);
    if (!targetName) continue;
    const target = findBucket(stack, COS_BUCKET, targetName);
    deliveries.push({
      cloud: "tencentcloud",
      via: "cdn-log-backup",
      source: fn,
      sourceName: `SCF function ${stringAttr(fn.config, "name") ?? fn.name} (CDN log backup)`,
      targetName,
      target,
      prefix: stringAttr(environment, BACKUP_PREFIX_VARIABLE) ?? "",
      keyPrefix: stringAttr(environment, BACKUP_PREFIX_VARIABLE) ?? "",
      sourceRegion: stack.regionOf(fn, "tencentcloud"),
      targetRegion: target ? stack.regionOf(target, "tencentcloud") : undefined,
    });
  }
  return deliveries;
}

/**
 * What BOS access-log objects of `sourceName` start with: `<prefix><source>-` (see {@link bosLogObjectKeyPrefix}). A
 * source name that is not a literal bucket name leaves only the prefix known.
 */
function bosDeliveredKeyPrefix(sourceName: string, prefix: string): string {
  if (!isLiteralString(sourceName)) return prefix;
  try {
    return bosLogObjectKeyPrefix(sourceName, prefix);
  } catch {
    return prefix;
  }
}

/** BOS buckets with a `logging` block, and declared BOS log buckets. */
export function bosLogDeliveries(stack: StackView): LogDelivery[] {
  return cached(bosCache, stack, findBosLogDeliveries);
}

function findBosLogDeliveries(stack: StackView): LogDelivery[] {
  const deliveries: LogDelivery[] = [];
  for (const source of stack.resources(BOS_BUCKET)) {
    for (const logging of blockList(source.config.logging)) {
      const targetName = stringAttr(logging, "target_bucket");
      if (!targetName) continue;
      const target = findBucket(stack, BOS_BUCKET, targetName);
      const prefix = stringAttr(logging, "target_prefix") ?? "";
      deliveries.push({
        cloud: "baiducloud",
        via: "bucket-logging",
        source,
        sourceName: bucketName(source),
        targetName,
        target,
        prefix,
        keyPrefix: bosDeliveredKeyPrefix(bucketName(source), prefix),
        sourceRegion: stack.regionOf(source, providerType("baiducloud")),
        targetRegion: target ? stack.regionOf(target, providerType("baiducloud")) : undefined,
      });
    }
  }
  return [...deliveries, ...declaredDeliveries(stack, BOS_BUCKET, "baiducloud")];
}

/** Every delivery in the stack, COS first, each sorted by source address. */
export function allLogDeliveries(stack: StackView): LogDelivery[] {
  return [...cosLogDeliveries(stack), ...bosLogDeliveries(stack)];
}

function minDays(current: number | undefined, days: number | undefined): number | undefined {
  if (days === undefined) return current;
  return current === undefined ? days : Math.min(current, days);
}

/** One lifecycle rule that expires objects: after `days`, or on `date`. */
interface ExpiryRule {
  readonly days?: number;
  readonly date?: string;
}

/** The expiry rules of each log target, indexed once by prefix (a target may receive thousands of deliveries). */
const expiryIndexes = new WeakMap<TfElement, LifecycleCoverageIndex<ExpiryRule>>();

function expiryIndex(target: TfElement, cloud: LogDelivery["cloud"]): LifecycleCoverageIndex<ExpiryRule> {
  let index = expiryIndexes.get(target);
  if (!index) {
    index = cloud === "tencentcloud" ? cosExpiryRules(target) : bosExpiryRules(target);
    expiryIndexes.set(target, index);
  }
  return index;
}

/** COS: lifecycle rules with an `expiration`, by `filter_prefix`. */
function cosExpiryRules(target: TfElement): LifecycleCoverageIndex<ExpiryRule> {
  const index = new LifecycleCoverageIndex<ExpiryRule>();
  for (const rule of blockList(target.config.lifecycle_rules)) {
    const rulePrefix = stringAttr(rule, "filter_prefix") ?? "";
    for (const expiration of blockList(rule.expiration)) {
      const days = numberAttr(expiration, "days");
      const date = stringAttr(expiration, "date");
      if (days === undefined && !date && expiration.days === undefined) continue;
      index.add(rulePrefix, { ...(days !== undefined ? { days } : {}), ...(date ? { date } : {}) });
    }
  }
  return index;
}

const BOS_DAYS = /^\$\(lastModified\)\+P(\d+)D$/;

/** BOS: enabled `DeleteObject` lifecycle rules, by each `resource` entry's prefix. */
function bosExpiryRules(target: TfElement): LifecycleCoverageIndex<ExpiryRule> {
  const index = new LifecycleCoverageIndex<ExpiryRule>();
  const name = bucketName(target);
  for (const rule of blockList(target.config.lifecycle_rule)) {
    if (stringAttr(rule, "status") !== "enabled") continue;
    if (!blockList(rule.action).some((action) => stringAttr(action, "name") === "DeleteObject")) continue;
    let days: number | undefined;
    for (const condition of blockList(rule.condition)) {
      for (const time of blockList(condition.time)) {
        const match = BOS_DAYS.exec(stringAttr(time, "date_greater_than") ?? "");
        days = minDays(days, match ? Number(match[1]) : undefined);
      }
    }
    const prefixes = new Set(stringList(rule.resource).map((resource) => bosLifecycleResourcePrefix(name, resource)));
    for (const rulePrefix of prefixes)
      if (rulePrefix !== undefined) index.add(rulePrefix, days !== undefined ? { days } : {});
  }
  return index;
}

/** What the covering rules amount to: covered at all, the shortest days, the first fixed date. */
function retentionFrom(rules: readonly ExpiryRule[]): LogRetention {
  let days: number | undefined;
  let date: string | undefined;
  for (const rule of rules) {
    days = minDays(days, rule.days);
    if (rule.date && date === undefined) date = rule.date;
  }
  return { covered: rules.length > 0, days, ...(date !== undefined ? { date } : {}) };
}

/** The retention the target applies to what `delivery` writes; `covered: false` when there is no target in the stack. */
export function retentionOf(delivery: LogDelivery): LogRetention {
  if (!delivery.target) return { covered: false };
  return retentionFrom(expiryIndex(delivery.target, delivery.cloud).covering(delivery.keyPrefix));
}

/** Buckets in the stack that receive logs, with the deliveries into each, sorted by address. */
export function logTargets(deliveries: readonly LogDelivery[]): { target: TfElement; deliveries: LogDelivery[] }[] {
  const byAddress = new Map<string, { target: TfElement; deliveries: LogDelivery[] }>();
  for (const delivery of deliveries) {
    if (!delivery.target) continue;
    const entry = byAddress.get(delivery.target.address) ?? { target: delivery.target, deliveries: [] };
    entry.deliveries.push(delivery);
    byAddress.set(delivery.target.address, entry);
  }
  return [...byAddress.keys()].sort().map((key) => byAddress.get(key)!);
}

/** Whether a bucket ACL grants anything to everyone: a public canned ACL, or an `acl_body` granting AllUsers. */
export function publicAclOf(config: JsonObject): string | undefined {
  const acl = stringAttr(config, "acl");
  if (acl !== undefined && acl !== "private" && isLiteralString(acl)) return `acl is ${JSON.stringify(acl)}`;
  const body = stringAttr(config, "acl_body");
  if (body && /AllUsers/.test(body)) return "acl_body grants AllUsers";
  return undefined;
}

/** Whether a COS bucket policy (JSON text) allows anyone: principal `*` or `qcs::cam::anyone:anyone`. */
export function cosPolicyAllowsAnyone(policy: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    return false;
  }
  const statements = isObject(parsed) ? blockList(parsed.Statement ?? parsed.statement) : [];
  return statements.some((statement) => {
    const effect = String(statement.Effect ?? statement.effect ?? "").toLowerCase();
    if (effect !== "allow") return false;
    const principal = statement.Principal ?? statement.principal;
    if (principal === "*") return true;
    if (!isObject(principal)) return false;
    return Object.values(principal).some((value) => stringList(value).some((p) => p === "*" || p.includes("anyone")));
  });
}
