/**
 * Which lifecycle rule covers which log objects: the one answer the constructs use when they write retention rules and
 * the check pack uses when it reads them back from a synthesized stack. Both sides go through these functions, so a
 * log bucket the constructs consider covered is never reported as keeping logs forever, and the reverse.
 */

/**
 * Whether a lifecycle rule limited to keys starting with `rulePrefix` reaches every object whose key starts with
 * `keyPrefix`. An empty rule prefix covers the whole bucket. Plain string comparison: object stores match lifecycle
 * filters on the raw key, so `logs/` covers `logs/app/` but not `logs2/` or `Logs/`.
 *
 * @param rulePrefix the rule's key filter (COS `filter_prefix`; BOS: the part of `resource` between `<bucket>/` and `*`)
 * @param keyPrefix the prefix every object of one log delivery starts with, see {@link deliveredKeyPrefix}
 */
export function lifecyclePrefixCovers(rulePrefix: string, keyPrefix: string): boolean {
  return keyPrefix.startsWith(rulePrefix);
}

/**
 * A BOS lifecycle rule `resource` entry reaching every object under `keyPrefix` of `bucketName`: `<bucket>/<prefix>*`.
 */
export function bosLifecycleResource(bucketName: string, keyPrefix: string): string {
  return `${bucketName}/${keyPrefix}*`;
}

/**
 * The key prefix a BOS lifecycle `resource` entry of `bucketName` applies to, the inverse of
 * {@link bosLifecycleResource}: `logs/` for `my-bucket/logs/*`, `""` for `my-bucket/*`. Undefined for entries of
 * other buckets and for single objects (no trailing `*`), which cover no prefix.
 */
export function bosLifecycleResourcePrefix(bucketName: string, resource: string): string | undefined {
  if (!resource.startsWith(`${bucketName}/`) || !resource.endsWith("*")) return undefined;
  return resource.slice(bucketName.length + 1, -1);
}

/**
 * Rules of one bucket indexed by key prefix, to find the ones covering a delivery without scanning them all: a bucket
 * with a rule per source (BOS log buckets add one for each source outside their root) and as many deliveries stays
 * linear. `covering` returns exactly the rules for which {@link lifecyclePrefixCovers} holds, in the order they were
 * added.
 */
export class LifecycleCoverageIndex<T> {
  private readonly byPrefix = new Map<string, { order: number; rule: T }[]>();
  private added = 0;

  /** Adds a rule limited to keys starting with `rulePrefix` (`""`: the whole bucket). */
  add(rulePrefix: string, rule: T): void {
    const entry = { order: this.added++, rule };
    const list = this.byPrefix.get(rulePrefix);
    if (list) list.push(entry);
    else this.byPrefix.set(rulePrefix, [entry]);
  }

  /** The rules covering every object under `keyPrefix`: those whose prefix `keyPrefix` starts with. */
  covering(keyPrefix: string): T[] {
    const found: { order: number; rule: T }[] = [];
    for (let length = 0; length <= keyPrefix.length; length++) {
      const candidates = this.byPrefix.get(keyPrefix.slice(0, length));
      if (candidates && lifecyclePrefixCovers(keyPrefix.slice(0, length), keyPrefix)) found.push(...candidates);
    }
    return found.sort((a, b) => a.order - b.order).map((entry) => entry.rule);
  }
}
