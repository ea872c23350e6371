/*
 * Column values of one row group, gathered as they come: numbers in a Float64Array (NaN for null), text as UTF-8 bytes
 * straight away, dictionary-encoded while a column has few distinct values. Nothing keeps a reference to the values
 * themselves (a string cut from a log line would keep the line's whole chunk alive; a Date, a heap object), so the
 * records a reader makes die young and the garbage collector never has to copy them.
 */
import { ByteSink } from "./byte-sink";

/** Most distinct values a text column's dictionary holds before the column is written plain. */
export const MAX_DICTIONARY_ENTRIES = 8192;
/** Most bytes a dictionary holds before the column is written plain (Parquet writers commonly use 1 MiB). */
export const MAX_DICTIONARY_BYTES = 1024 * 1024;

/**
 * A dictionary of this many values is kept only while at most every other row brings a new value: a column of
 * request ids or object keys turns plain after a few hundred rows instead of filling the dictionary first.
 */
export const FEW_DISTINCT_VALUES = 256;

/**
 * Rows a builder has room for at first: an export may hold a batch for each of thousands of partitions (days and
 * buckets or domains), most with a few rows; builders grow by doubling.
 */
const INITIAL_ROWS = 16;

function grown<T extends Float64Array | Int32Array>(array: T, make: (length: number) => T): T {
  const bigger = make(array.length * 2);
  bigger.set(array);
  return bigger;
}

/**
 * A copy of `text` that shares no memory with the string it was cut from: a value taken from a log line is a slice of
 * a whole decoded chunk, which a dictionary holding the slice would keep alive (and the garbage collector would copy
 * from one generation to the next). UTF-16 round-trips every JavaScript string exactly.
 */
function ownCopy(text: string): string {
  return Buffer.from(text, "utf16le").toString("utf16le");
}

/** Whole numbers or instants (milliseconds), null as NaN. */
export class NumberColumnBuilder {
  /** Values of rows 0..rows, NaN for null. */
  values = new Float64Array(INITIAL_ROWS);
  rows = 0;
  nulls = 0;

  /** Bytes of memory the builder's buffers take. */
  get bufferedBytes(): number {
    return this.values.byteLength;
  }

  add(value: number | null | undefined): void {
    if (this.rows === this.values.length) this.values = grown(this.values, (n) => new Float64Array(n));
    if (value === null || value === undefined) {
      this.values[this.rows++] = NaN;
      this.nulls++;
    } else this.values[this.rows++] = value;
  }

  /** Adds an instant; null and undefined are null. */
  addTime(value: Date | null | undefined): void {
    this.add(value === null || value === undefined ? value : value.getTime());
  }
}

/**
 * UTF-8 text. Starts dictionary-encoded: `indexes` holds each row's dictionary index (-1 for null) and `dictionary`
 * the distinct values, PLAIN-encoded. Past {@link MAX_DICTIONARY_ENTRIES} or {@link MAX_DICTIONARY_BYTES}, or when
 * new values keep coming (see {@link FEW_DISTINCT_VALUES}), it turns plain: `plain` then holds every non-null value
 * PLAIN-encoded and `indexes` only 0 or -1. A column that turned plain is best started plain in the next row group
 * (fields such as request ids stay high-cardinality): see the constructor.
 */
export class StringColumnBuilder {
  indexes = new Int32Array(INITIAL_ROWS);
  rows = 0;
  nulls = 0;
  /** The dictionary's values, PLAIN-encoded, in index order. */
  readonly dictionary = new ByteSink(64);
  /** Where each dictionary value starts in {@link dictionary}. */
  private entryOffsets = new Int32Array(INITIAL_ROWS);
  private entries: Map<string, number> | undefined;
  /** Non-null values, PLAIN-encoded, once the column is plain. */
  private plain: ByteSink | undefined;
  /** The dictionary's values, own copies (see {@link ownCopy}), in index order. */
  private readonly keys: string[] = [];
  private lastValue: string | undefined;
  private lastIndex = -1;
  private repeating = false;

  /**
   * @param plain whether to write the column plain from the start (a column that ended its last row group plain is
   * best started plain)
   */
  constructor(plain = false) {
    if (plain) this.plain = new ByteSink(256);
    else this.entries = new Map();
  }

  /** Whether the row group is dictionary-encoded. */
  get dictionaryEncoded(): boolean {
    return this.entries !== undefined;
  }

  /** Distinct values in the dictionary. */
  get dictionarySize(): number {
    return this.entries === undefined ? 0 : this.entries.size;
  }

  /** Bytes of memory the builder's buffers take (the dictionary's own copies of its values left out). */
  get bufferedBytes(): number {
    return (
      this.indexes.byteLength +
      this.entryOffsets.byteLength +
      this.dictionary.bytes.length +
      (this.plain === undefined ? 0 : this.plain.bytes.length)
    );
  }

  add(value: string | null | undefined): void {
    if (this.rows === this.indexes.length) this.indexes = grown(this.indexes, (n) => new Int32Array(n));
    const row = this.rows++;
    if (value === null || value === undefined) {
      this.indexes[row] = -1;
      this.nulls++;
      return;
    }
    const entries = this.entries;
    if (entries !== undefined) {
      // Neighbouring log lines often repeat a value (the bucket, the operation): comparing with the last one is
      // cheaper than hashing a new string. A column whose last value was not a repeat (a user agent) is looked up
      // directly: there the comparison would mostly fail, after reading the whole string when the lengths agree.
      if (this.repeating && value === this.lastValue) {
        this.indexes[row] = this.lastIndex;
        return;
      }
      const known = entries.get(value);
      if (known !== undefined) {
        this.repeating = known === this.lastIndex;
        this.indexes[row] = this.lastIndex = known;
        this.lastValue = this.keys[known];
        return;
      }
      this.repeating = false;
      const size = entries.size;
      if (
        size < MAX_DICTIONARY_ENTRIES &&
        this.dictionary.length < MAX_DICTIONARY_BYTES &&
        (size < FEW_DISTINCT_VALUES || size * 2 <= row)
      ) {
        const index = size;
        if (index === this.entryOffsets.length) this.entryOffsets = grown(this.entryOffsets, (n) => new Int32Array(n));
        this.entryOffsets[index] = this.dictionary.length;
        this.dictionary.lengthPrefixedUtf8(value);
        const key = ownCopy(value);
        entries.set(key, index);
        this.keys[index] = key;
        this.indexes[row] = this.lastIndex = index;
        this.lastValue = key;
        return;
      }
      this.turnPlain(row);
    }
    this.indexes[row] = 0;
    (this.plain as ByteSink).lengthPrefixedUtf8(value);
  }

  /** The PLAIN encoding of the non-null values of a plain column (a view, valid until the next {@link add}). */
  plainValues(): Buffer {
    return this.plain === undefined ? Buffer.alloc(0) : this.plain.view();
  }

  /** Rewrites rows 0..`rows` from dictionary indexes to plain values. */
  private turnPlain(rows: number): void {
    const plain = (this.plain ??= new ByteSink(64 * rows));
    const source = this.dictionary.bytes;
    const offsets = this.entryOffsets;
    for (let row = 0; row < rows; row++) {
      const index = this.indexes[row];
      if (index < 0) continue;
      const start = offsets[index];
      const end = start + 4 + source.readUInt32LE(start);
      plain.reserve(end - start);
      source.copy(plain.bytes, plain.length, start, end);
      plain.length += end - start;
      this.indexes[row] = 0;
    }
    this.entries = undefined;
    this.lastValue = undefined;
    this.keys.length = 0;
    this.dictionary.clear();
  }
}
