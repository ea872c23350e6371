import fc from "fast-check";
import {
  bosLifecycleResource,
  bosLifecycleResourcePrefix,
  LifecycleCoverageIndex,
  lifecyclePrefixCovers,
} from "../../lib/shared/lifecycle-coverage";

describe("lifecycle coverage: one answer for constructs and rules", () => {
  test.each([
    ["", "logs/app/", true],
    ["logs/", "logs/app/", true],
    ["logs/app/", "logs/app/", true],
    ["logs/app/src-", "logs/app/", false],
    ["logs/", "logs2/", false],
    ["logs/", "Logs/", false],
    ["logs/app/", "logs/app/src-", true],
  ])("a rule for %j covers keys under %j: %s", (rulePrefix, keyPrefix, covers) => {
    expect(lifecyclePrefixCovers(rulePrefix, keyPrefix)).toBe(covers);
  });

  test("BOS resource entries round-trip, and other buckets or single objects cover no prefix", () => {
    expect(bosLifecycleResource("logs", "a/b-")).toBe("logs/a/b-*");
    expect(bosLifecycleResourcePrefix("logs", "logs/a/b-*")).toBe("a/b-");
    expect(bosLifecycleResourcePrefix("logs", "logs/*")).toBe("");
    expect(bosLifecycleResourcePrefix("logs", "logs2/a/*")).toBeUndefined();
    expect(bosLifecycleResourcePrefix("logs", "logs/a/object.log")).toBeUndefined();
  });

  test("the index finds exactly the rules lifecyclePrefixCovers accepts, in the order they were added (property)", () => {
    const prefix = fc.string({ unit: fc.constantFrom("a", "b", "/", "-"), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(prefix, { maxLength: 12 }), prefix, (rulePrefixes, keyPrefix) => {
        const index = new LifecycleCoverageIndex<number>();
        rulePrefixes.forEach((rulePrefix, i) => index.add(rulePrefix, i));
        const expected = rulePrefixes.map((rulePrefix, i) => [rulePrefix, i] as const).filter(([p]) => lifecyclePrefixCovers(p, keyPrefix)).map(([, i]) => i);
        expect(index.covering(keyPrefix)).toEqual(expected);
      }),
      { numRuns: 500, seed: 12 },
    );
  });
});
