import { detached } from "./detached-string";

/**
 * A most-frequent-value counter in bounded memory: the Space-Saving algorithm (Metwally, Agrawal, El Abbadi, 2005)
 * over a min-heap. It keeps at most `capacity` values; when a new value arrives and the table is full, it replaces the
 * least-counted value and inherits its count, recording that count as its possible overestimate.
 *
 * Guarantees, for N additions: every value whose true count exceeds N / capacity is in the table; a reported count is
 * never below the true count and exceeds it by at most `maxOverestimate`. Until the first eviction every count is exact.
 * Values are cut to `maxValueLength` characters so that memory is bounded by capacity × length, not by the input.
 */
export class TopCounter {
  private readonly index = new Map<string, Slot>();
  private readonly heap: Slot[] = [];
  private evictions = 0;

  constructor(
    /** How many distinct values are tracked. */
    readonly capacity = 1000,
    /** Longest value kept; longer ones are cut and end in `…`. */
    readonly maxValueLength = 512,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`TopCounter capacity must be a whole number of 1 or more, got ${capacity}`);
  }

  /** Whether every count is exact (no value has been evicted yet). */
  get exact(): boolean {
    return this.evictions === 0;
  }

  /** Counts one occurrence of `value` (or `weight` occurrences). */
  add(value: string, weight = 1): void {
    const key = value.length > this.maxValueLength ? `${value.slice(0, this.maxValueLength)}…` : value;
    const slot = this.index.get(key);
    if (slot !== undefined) {
      slot.count += weight;
      this.siftDown(slot.position);
      return;
    }
    const stored = detached(key);
    if (this.heap.length < this.capacity) {
      const fresh: Slot = { value: stored, count: weight, error: 0, position: this.heap.length };
      this.heap.push(fresh);
      this.index.set(stored, fresh);
      this.siftUp(fresh.position);
      return;
    }
    const least = this.heap[0];
    this.index.delete(least.value);
    this.evictions++;
    least.error = least.count;
    least.count += weight;
    least.value = stored;
    this.index.set(stored, least);
    this.siftDown(0);
  }

  /** The `n` most frequent values, most frequent first (ties by value), with their possible overestimate. */
  top(n: number): TopValue[] {
    return [...this.heap]
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, n)
      .map(({ value, count, error }) => ({ value, count, maxOverestimate: error }));
  }

  private siftUp(position: number): void {
    const heap = this.heap;
    const slot = heap[position];
    while (position > 0) {
      const parentPosition = (position - 1) >> 1;
      const parent = heap[parentPosition];
      if (parent.count <= slot.count) break;
      heap[position] = parent;
      parent.position = position;
      position = parentPosition;
    }
    heap[position] = slot;
    slot.position = position;
  }

  private siftDown(position: number): void {
    const heap = this.heap;
    const slot = heap[position];
    const length = heap.length;
    for (;;) {
      const left = 2 * position + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && heap[right].count < heap[left].count ? right : left;
      if (heap[child].count >= slot.count) break;
      heap[position] = heap[child];
      heap[position].position = position;
      position = child;
    }
    heap[position] = slot;
    slot.position = position;
  }
}

/** One value and how often it was counted. */
export interface TopValue {
  /** The value (cut to the counter's maximum length). */
  readonly value: string;
  /** Its count; exact when `maxOverestimate` is 0. */
  readonly count: number;
  /** How much `count` may exceed the true count (0: exact). */
  readonly maxOverestimate: number;
}

interface Slot {
  value: string;
  count: number;
  error: number;
  position: number;
}
