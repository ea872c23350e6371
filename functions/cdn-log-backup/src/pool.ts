/**
 * Bounded-concurrency work queue with a start gate: `mayStart` is consulted right before each
 * item would start, and once it says no, nothing else starts (items already running finish).
 */

export interface PoolResult<T> {
  /** Items that were never started because `mayStart` returned false, in input order. */
  readonly notStarted: readonly T[];
}

export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T) => Promise<void>,
  mayStart: (item: T) => boolean = () => true,
): Promise<PoolResult<T>> {
  let next = 0;
  let closed = false;

  const lane = async (): Promise<void> => {
    while (!closed && next < items.length) {
      const item = items[next] as T;
      if (!mayStart(item)) {
        closed = true;
        return;
      }
      next += 1;
      // Workers are expected to handle their own failures; a throw here is a programming error
      // and is propagated after the other lanes have drained.
      await worker(item);
    }
  };

  const lanes = Array.from({ length: Math.max(1, Math.min(Math.floor(concurrency), items.length)) }, lane);
  const settled = await Promise.allSettled(lanes);
  const crashed = settled.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (crashed !== undefined) throw crashed.reason;
  return { notStarted: items.slice(next) };
}
