import fc from "fast-check";
import {
  ACCESS_LOG_CODECS,
  AccessLogFormat,
  BOS_ACCESS_LOG_LAYOUT,
  CDN_ACCESS_LOG_LAYOUT,
  COS_ACCESS_LOG_LAYOUT,
} from "../../lib";
import type { FieldSpec, RecordLayout } from "../../lib";

// Text that exercises the quoting rules: separators, quotes, backslashes, things that look like escapes, line breaks
// and control characters, "-" inside longer text, and arbitrary Unicode.
const trickyText = fc.oneof(
  fc.fullUnicodeString(),
  fc.stringOf(fc.constantFrom(" ", '"', "\\", "\t", "\n", "\r", "x", "-", "\u2028", "\\x41", "\u0000", "é", "😀", "a")),
);
const text = trickyText.filter((s) => s !== "-" && s !== "(null)");
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

function fieldArbitrary(spec: FieldSpec): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case "text":
      return optional(text);
    case "count":
      return optional(fc.maxSafeNat());
    case "integer":
      return optional(fc.maxSafeInteger());
    case "status":
      return optional(fc.integer({ min: 100, max: 599 }));
    case "time":
    case "compactTime":
      return fc.date({ min: new Date("1000-01-02T00:00:00Z"), max: new Date("9999-12-30T00:00:00Z") });
  }
}

function recordArbitrary(layout: RecordLayout): fc.Arbitrary<Record<string, unknown>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const spec of layout.fields) shape[spec.name] = fieldArbitrary(spec);
  shape.utcOffsetMinutes = fc.oneof(fc.constant(480), fc.constant(0), fc.integer({ min: -14 * 60, max: 14 * 60 }));
  shape.extraFields = fc.array(trickyText, { maxLength: 3 });
  return fc.record(shape);
}

const layouts: Array<[AccessLogFormat, RecordLayout]> = [
  ["bos", BOS_ACCESS_LOG_LAYOUT],
  ["cos", COS_ACCESS_LOG_LAYOUT],
  ["cdn", CDN_ACCESS_LOG_LAYOUT],
];

describe.each(layouts)("%s: parse(format(record)) returns the record", (format, layout) => {
  const codec = ACCESS_LOG_CODECS[format] as unknown as {
    parse(line: string): unknown;
    format(record: unknown): string;
  };

  test("for random records", () => {
    fc.assert(
      fc.property(recordArbitrary(layout), (record) => {
        const line = codec.format(record);
        // One record is one line, whatever its text holds.
        expect(line).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
        expect(codec.parse(line)).toEqual(record);
      }),
      { numRuns: 500 },
    );
  });
});
