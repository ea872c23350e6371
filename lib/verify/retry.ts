/**
 * Retries with capped exponential backoff and equal jitter (the same delays as the CDN log backup function:
 * lib/shared/backoff.ts), and a bounded worker pool that keeps results in input order.
 */
import { backoffDelay } from "../shared/backoff";

/** How a call is retried. */
export interface VerifyRetryPolicy {
  /** Attempts in total, the first included. @default 4 */
  readonly maxAttempts: number;
  /** Delay before the second attempt; doubles each time. @default 500 */
  readonly baseDelayMs: number;
  /** Longest single delay. @default 8000 */
  readonly maxDelayMs: number;
}

/** The production policy: 4 attempts over about 3.5 s at most, enough for a throttled burst to pass. */
export const DEFAULT_VERIFY_RETRY: VerifyRetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8000 };

/** Runs `call` until it succeeds, fails with an error `retryable` rejects, or the attempts are used up. */
export async function retrying<T>(
  call: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  policy: VerifyRetryPolicy,
  sleep: (ms: number) => Promise<void>,
  random: () => number = Math.random,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= Math.max(1, policy.maxAttempts) || !retryable(error)) throw error;
      await sleep(backoffDelay(attempt, policy, random));
    }
  }
}

/** Runs `work` on every item with at most `concurrency` at a time; results in input order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, worker));
  return results;
}
