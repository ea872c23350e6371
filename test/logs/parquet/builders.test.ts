/*
 * Column builders: nulls, growth, and when a text column leaves its dictionary (each limit at its value and one past).
 */
import {
  FEW_DISTINCT_VALUES,
  MAX_DICTIONARY_BYTES,
  MAX_DICTIONARY_ENTRIES,
  NumberColumnBuilder,
  StringColumnBuilder,
} from "../../../lib/logs/parquet/column-builders";
import { newColumnBuilders, plainColumns } from "../../../lib/logs/parquet/parquet-file";

/** Decodes PLAIN byte arrays. */
function plainStrings(bytes: Uint8Array): string[] {
  const out: string[] = [];
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let at = 0; at < buffer.length;) {
    const size = buffer.readUInt32LE(at);
    out.push(buffer.toString("utf8", at + 4, at + 4 + size));
    at += 4 + size;
  }
  return out;
}

/** The values a text builder holds, in row order (null for null), read back from its dictionary or plain bytes. */
function valuesOf(builder: StringColumnBuilder): (string | null)[] {
  const indexes = [...builder.indexes.subarray(0, builder.rows)];
  if (builder.dictionaryEncoded) {
    const dictionary = plainStrings(builder.dictionary.view());
    return indexes.map((i) => (i < 0 ? null : dictionary[i]));
  }
  const plain = plainStrings(builder.plainValues());
  let next = 0;
  return indexes.map((i) => (i < 0 ? null : plain[next++]));
}

describe("NumberColumnBuilder", () => {
  test("null and undefined are null (NaN), numbers and instants kept, past the first allocation", () => {
    const builder = new NumberColumnBuilder();
    const expected: number[] = [];
    for (let i = 0; i < 5000; i++) {
      if (i % 7 === 0) builder.add(i % 2 === 0 ? null : undefined);
      else if (i % 7 === 1) builder.addTime(i % 2 === 0 ? null : undefined);
      else if (i % 7 === 2) builder.addTime(new Date(i * 1000 - 1e12));
      else builder.add(-i * 3);
      expected.push(i % 7 < 2 ? NaN : i % 7 === 2 ? i * 1000 - 1e12 : -i * 3);
    }
    expect(builder.rows).toBe(5000);
    expect(builder.nulls).toBe(expected.filter((v) => Number.isNaN(v)).length);
    expect([...builder.values.subarray(0, 5000)]).toEqual(expected);
  });
});

describe("StringColumnBuilder", () => {
  test("values, nulls and the empty string (not null) in a dictionary", () => {
    const builder = new StringColumnBuilder();
    const values = ["GET", null, "", "PUT", "GET", undefined, "GET", "", "é 日 🙂"];
    for (const v of values) builder.add(v);
    expect(builder.dictionaryEncoded).toBe(true);
    expect(builder.dictionarySize).toBe(4);
    expect(builder.nulls).toBe(2);
    expect(valuesOf(builder)).toEqual(values.map((v) => v ?? null));
  });

  test("repeats of the last value and of older values map to the same entry", () => {
    const builder = new StringColumnBuilder();
    const values = ["a", "a", "b", "a", "b", "b", "c", "a", "a"].map((v) => `value-${v}-${"x".repeat(20)}`);
    for (const v of values) builder.add(v.slice(0)); // fresh strings, as a reader makes them
    expect(builder.dictionarySize).toBe(3);
    expect([...builder.indexes.subarray(0, 9)]).toEqual([0, 0, 1, 0, 1, 1, 2, 0, 0]);
    expect(valuesOf(builder)).toEqual(values);
  });

  test(`${FEW_DISTINCT_VALUES} new values in a row stay a dictionary; the next new value turns the column plain`, () => {
    const builder = new StringColumnBuilder();
    for (let i = 0; i < FEW_DISTINCT_VALUES; i++) builder.add(`k${i}`);
    expect(builder.dictionaryEncoded).toBe(true);
    builder.add("k0"); // a known value never turns a column plain
    expect(builder.dictionaryEncoded).toBe(true);
    const longer = new StringColumnBuilder();
    const values: (string | null)[] = [];
    for (let i = 0; i <= FEW_DISTINCT_VALUES; i++) values.push(`k${i}`);
    values.splice(3, 0, null);
    for (const v of values) longer.add(v);
    expect(longer.dictionaryEncoded).toBe(false);
    expect(valuesOf(longer)).toEqual(values); // the rows before it kept, in order, with their null
    // The next row group of each starts as this one ended.
    expect(plainColumns([longer, builder, new NumberColumnBuilder()])).toEqual([true, false, false]);
    const columns = ["a", "b"].map((name) => ({ name, type: "string" as const }));
    const next = newColumnBuilders(columns, plainColumns([longer, builder])) as StringColumnBuilder[];
    expect(next.map((b) => b.dictionaryEncoded)).toEqual([false, true]);
    expect(newColumnBuilders(columns).map((b) => (b as StringColumnBuilder).dictionaryEncoded)).toEqual([true, true]);
  });

  test("past that, a dictionary is kept while at most every other row brings a new value", () => {
    // Each value twice: a new value on every other row.
    const twice = new StringColumnBuilder();
    for (let i = 0; i < 2000; i++) {
      twice.add(`v${i}`);
      twice.add(`v${i}`);
    }
    expect([twice.dictionaryEncoded, twice.dictionarySize]).toEqual([true, 2000]);
    // One row short of that: two new values in a row once the dictionary holds 256.
    const short = new StringColumnBuilder();
    for (let i = 0; i < 2 * FEW_DISTINCT_VALUES; i++) short.add(`v${i >> 1}`);
    short.add("new-1");
    expect(short.dictionaryEncoded).toBe(true);
    short.add("new-2");
    expect(short.dictionaryEncoded).toBe(false);
  });

  test(`at most ${MAX_DICTIONARY_ENTRIES} entries`, () => {
    const full = new StringColumnBuilder();
    for (let i = 0; i < MAX_DICTIONARY_ENTRIES; i++) {
      full.add(`e${i}`);
      full.add(`e${i}`);
      full.add(`e${i}`);
    }
    expect([full.dictionaryEncoded, full.dictionarySize]).toEqual([true, MAX_DICTIONARY_ENTRIES]);
    full.add("e0");
    expect(full.dictionaryEncoded).toBe(true);
    full.add("one more");
    expect(full.dictionaryEncoded).toBe(false);
    expect(valuesOf(full).slice(-3)).toEqual([`e${MAX_DICTIONARY_ENTRIES - 1}`, "e0", "one more"]);
  });

  test(`at most ${MAX_DICTIONARY_BYTES} bytes of entries: one more value once they reach it`, () => {
    // Entries of 1,020 bytes + 4 of length: 1024 entries fill exactly 1 MiB.
    const entry = (i: number) => `${String(i).padStart(4, "0")}${"x".repeat(1016)}`;
    const builder = new StringColumnBuilder();
    for (let i = 0; i < 1023; i++) for (let r = 0; r < 3; r++) builder.add(entry(i));
    expect(builder.dictionary.length).toBe(MAX_DICTIONARY_BYTES - 1024);
    builder.add(entry(1023)); // the dictionary still holds less than 1 MiB: taken
    expect([builder.dictionaryEncoded, builder.dictionary.length]).toEqual([true, MAX_DICTIONARY_BYTES]);
    builder.add(entry(1)); // known
    expect(builder.dictionaryEncoded).toBe(true);
    builder.add(entry(1024)); // new, and the dictionary is full
    expect(builder.dictionaryEncoded).toBe(false);
    expect(valuesOf(builder).slice(-1)).toEqual([entry(1024)]);
  });

  test("a plain column: nulls, empty strings and non-ASCII text, past the first allocation", () => {
    const builder = new StringColumnBuilder(true);
    const values: (string | null)[] = [];
    for (let i = 0; i < 3000; i++) values.push(i % 5 === 0 ? null : i % 5 === 1 ? "" : `päth/${i}/日志`);
    for (const v of values) builder.add(v);
    expect([builder.dictionaryEncoded, builder.dictionarySize]).toEqual([false, 0]);
    expect(builder.nulls).toBe(600);
    expect(valuesOf(builder)).toEqual(values);
  });

  test("a column with no values has no dictionary entries and no plain bytes", () => {
    const builder = new StringColumnBuilder();
    builder.add(null);
    expect([builder.dictionarySize, builder.plainValues().length, builder.nulls]).toEqual([0, 0, 1]);
  });
});
