import fc from "fast-check";
import { TopCounter } from "../../lib";

describe("TopCounter (Space-Saving)", () => {
  test("exact while the distinct values fit", () => {
    const counter = new TopCounter(3);
    for (const v of ["a", "b", "a", "c", "a", "b"]) counter.add(v);
    expect(counter.exact).toBe(true);
    expect(counter.top(2)).toEqual([
      { value: "a", count: 3, maxOverestimate: 0 },
      { value: "b", count: 2, maxOverestimate: 0 },
    ]);
    expect(counter.top(10)).toHaveLength(3);
  });

  test("one value past the capacity evicts the least counted and carries its count as the overestimate", () => {
    const counter = new TopCounter(2);
    for (const v of ["a", "a", "a", "b", "c"]) counter.add(v);
    expect(counter.exact).toBe(false);
    expect(counter.top(2)).toEqual([
      { value: "a", count: 3, maxOverestimate: 0 },
      { value: "c", count: 2, maxOverestimate: 1 },
    ]);
  });

  test("ties are ordered by value", () => {
    const counter = new TopCounter(5);
    for (const v of ["b", "a", "c"]) counter.add(v);
    expect(counter.top(3).map((t) => t.value)).toEqual(["a", "b", "c"]);
  });

  test("long values are cut, so memory is bounded by capacity times length", () => {
    const counter = new TopCounter(2, 4);
    counter.add("abcdef");
    counter.add("abcdxyz");
    counter.add("abcd");
    expect(counter.top(5)).toEqual([
      { value: "abcd…", count: 2, maxOverestimate: 0 },
      { value: "abcd", count: 1, maxOverestimate: 0 },
    ]);
  });

  test("capacity must be at least 1", () => {
    expect(() => new TopCounter(0)).toThrow("TopCounter capacity must be a whole number of 1 or more, got 0");
    expect(new TopCounter(1).capacity).toBe(1);
  });

  test("guarantee: counts never undercount, overestimate within the bound, and every value above N/capacity is kept", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }).map(String), { maxLength: 400 }), fc.integer({ min: 1, max: 12 }), (stream, capacity) => {
        const counter = new TopCounter(capacity);
        const truth = new Map<string, number>();
        for (const v of stream) {
          counter.add(v);
          truth.set(v, (truth.get(v) ?? 0) + 1);
        }
        const reported = new Map(counter.top(capacity).map((t) => [t.value, t]));
        for (const [value, t] of reported) {
          const real = truth.get(value) ?? 0;
          expect(t.count).toBeGreaterThanOrEqual(real);
          expect(t.count - t.maxOverestimate).toBeLessThanOrEqual(real);
        }
        for (const [value, real] of truth) {
          if (real > stream.length / capacity) expect(reported.has(value)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
