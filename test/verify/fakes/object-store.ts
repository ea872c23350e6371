/**
 * What the fake COS and BOS of the verify tests share: buckets with a region, a logging setting and objects, recorded
 * requests, scripted failures per operation, and one page of a lexical listing.
 */
import { LoopbackServer } from "../../function/fakes/loopback-server";

export interface StoredBucket {
  region: string;
  logging?: { targetBucket: string; targetPrefix: string };
  objects: Map<string, { body: string; lastModified: Date }>;
}

export abstract class FakeObjectStore<Operation extends string> extends LoopbackServer {
  readonly buckets = new Map<string, StoredBucket>();
  readonly requests: { operation: Operation; bucket: string; host?: string; token?: string }[] = [];
  private readonly faults = new Map<Operation, { status: number; code: string }[]>();
  /** When set, every request is refused as the service refuses an expired temporary key. */
  expiredCredentials = false;

  /** The bucket `name` in `region`, created empty when new. */
  bucket(name: string, region: string): StoredBucket {
    const bucket = this.buckets.get(name) ?? { region, objects: new Map() };
    bucket.region = region;
    this.buckets.set(name, bucket);
    return bucket;
  }

  putObject(bucket: string, key: string, lastModified: Date, body = "log line\n"): void {
    this.buckets.get(bucket)!.objects.set(key, { body, lastModified });
  }

  /** Answers the next `times` requests of `operation` with `status` and error `code`. */
  failNext(operation: Operation, status: number, code: string, times = 1): void {
    const queue = this.faults.get(operation) ?? [];
    for (let i = 0; i < times; i++) queue.push({ status, code });
    this.faults.set(operation, queue);
  }

  /** Forgets recorded requests and queued faults. */
  reset(): void {
    this.requests.length = 0;
    this.faults.clear();
  }

  count(operation?: Operation): number {
    return this.requests.filter((r) => operation === undefined || r.operation === operation).length;
  }

  /** The scripted failure for this request of `operation`, if any. */
  protected nextFault(operation: Operation): { status: number; code: string } | undefined {
    return this.faults.get(operation)?.shift();
  }

  /** One page of keys starting with `prefix` after `marker`, in lexical order, as both services list. */
  protected listPage(
    bucket: StoredBucket,
    prefix: string,
    marker: string,
    maxKeys: number,
  ): { keys: string[]; truncated: boolean } {
    const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(prefix) && k > marker).sort();
    const page = keys.slice(0, Math.min(1000, maxKeys || 1000));
    return { keys: page, truncated: keys.length > page.length };
  }
}
