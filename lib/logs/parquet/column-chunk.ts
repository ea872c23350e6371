/*
 * One column chunk of a row group as Parquet pages (data page format v1): a dictionary page when the column repeats
 * its values, then one data page holding the definition levels (RLE/bit-packed, 4-byte length first) and the values:
 * dictionary indexes (RLE_DICTIONARY: a byte of bit width, then RLE/bit-packed) or PLAIN values. Each page is
 * compressed with the file's codec, or left as it is.
 */
import { gzipSync } from "node:zlib";
import { ByteSink } from "./byte-sink";
import {
  FEW_DISTINCT_VALUES,
  MAX_DICTIONARY_ENTRIES,
  NumberColumnBuilder,
  StringColumnBuilder,
} from "./column-builders";
import { bitWidth, writeHybrid, writeRleRun } from "./hybrid-encoding";
import { Codec, Encoding, PageType, PhysicalType } from "./parquet-types";
import { ThriftWriter } from "./thrift-compact";

/** A column of a Parquet file: every column is OPTIONAL (may hold nulls). */
export interface ParquetColumn {
  readonly name: string;
  /** `timestamp`: INT64 milliseconds since the epoch, an instant (isAdjustedToUTC); `string`: UTF-8 BYTE_ARRAY. */
  readonly type: "timestamp" | "int32" | "int64" | "string";
}

/**
 * How pages are compressed: `none`, or `gzip` (zlib at level 1: on log columns within a few percent of level 6's
 * size, at a quarter of its time; every Parquet reader has it).
 */
export type ParquetCompression = "none" | "gzip";

/** Either kind of column builder. */
export type ColumnBuilder = NumberColumnBuilder | StringColumnBuilder;

/** A written column chunk, as the footer describes it. */
export interface ColumnChunkInfo {
  readonly physicalType: PhysicalType;
  readonly codec: Codec;
  readonly encodings: readonly Encoding[];
  readonly startOffset: number;
  readonly dictionaryPageOffset: number | undefined;
  readonly dataPageOffset: number;
  /** Bytes of the chunk in the file. */
  readonly size: number;
  /** Bytes of the chunk before compression (page headers included). */
  readonly uncompressedSize: number;
  readonly values: number;
  readonly nullCount: number;
  /** PLAIN bytes of the smallest and largest value (numbers only), undefined when every value is null. */
  readonly min: Uint8Array | undefined;
  readonly max: Uint8Array | undefined;
}

/** The Parquet physical type of a column type. */
export function physicalTypeOf(type: ParquetColumn["type"]): PhysicalType {
  return type === "string" ? PhysicalType.ByteArray : type === "int32" ? PhysicalType.Int32 : PhysicalType.Int64;
}

/** A column chunk's values before they become pages. */
interface EncodedValues {
  /** The dictionary, PLAIN-encoded, and how many values it holds; undefined when the values are PLAIN. */
  readonly dictionary?: { readonly bytes: Uint8Array; readonly size: number };
  /** Dictionary indexes (a byte of bit width, then RLE/bit-packed) or PLAIN values of the non-null rows. */
  readonly values: Uint8Array;
  readonly min?: Uint8Array;
  readonly max?: Uint8Array;
}

/** Encodes column chunks; reuses its buffers from one chunk to the next. Not re-entrant. */
export class ColumnChunkEncoder {
  private readonly levels = new ByteSink(8192);
  private readonly values = new ByteSink(64 * 1024);
  private readonly dictionary = new ByteSink(4096);
  private readonly header = new ByteSink(256);
  private flags = new Uint8Array(1024);
  private indexes = new Int32Array(1024);
  private readonly numberEntries = new Map<number, number>();
  private numberDictionary = new Float64Array(256);

  constructor(private readonly compression: ParquetCompression = "none") {}

  /**
   * Encodes `builder` as column `column`'s chunk starting at file offset `offset`; `write` receives the chunk's bytes
   * in order (views that are only valid during the call).
   */
  encode(
    column: ParquetColumn,
    builder: ColumnBuilder,
    offset: number,
    write: (bytes: Uint8Array) => void,
  ): ColumnChunkInfo {
    const physicalType = physicalTypeOf(column.type);
    const encoded =
      builder instanceof StringColumnBuilder
        ? this.encodeText(builder)
        : this.encodeNumbers(builder, physicalType === PhysicalType.Int32);
    let at = offset;
    let uncompressedSize = 0;
    const page = (type: PageType, parts: readonly Uint8Array[], values: number, encoding: Encoding) => {
      const size = parts.reduce((sum, part) => sum + part.length, 0);
      const body = this.compression === "gzip" ? [gzipSync(Buffer.concat(parts, size), { level: 1 })] : parts;
      const stored = body.reduce((sum, part) => sum + part.length, 0);
      this.pageHeader(type, size, stored, values, encoding);
      for (const bytes of [this.header.view(), ...body]) {
        write(bytes);
        at += bytes.length;
      }
      uncompressedSize += this.header.length + size;
    };
    let dictionaryPageOffset: number | undefined;
    if (encoded.dictionary !== undefined) {
      dictionaryPageOffset = at;
      page(PageType.Dictionary, [encoded.dictionary.bytes], encoded.dictionary.size, Encoding.Plain);
    }
    const dataPageOffset = at;
    const encoding = encoded.dictionary === undefined ? Encoding.Plain : Encoding.RleDictionary;
    page(PageType.Data, [this.definitionLevels(builder), encoded.values], builder.rows, encoding);
    return {
      physicalType,
      codec: this.compression === "gzip" ? Codec.Gzip : Codec.Uncompressed,
      encodings:
        encoding === Encoding.RleDictionary
          ? [Encoding.Plain, Encoding.Rle, Encoding.RleDictionary]
          : [Encoding.Plain, Encoding.Rle],
      startOffset: offset,
      dictionaryPageOffset,
      dataPageOffset,
      size: at - offset,
      uncompressedSize,
      values: builder.rows,
      nullCount: builder.nulls,
      min: encoded.min,
      max: encoded.max,
    };
  }

  /** Definition levels (0 null, 1 present), 4-byte length first. */
  private definitionLevels(builder: ColumnBuilder): Uint8Array {
    const levels = this.levels;
    levels.clear();
    levels.uint32(0);
    const rows = builder.rows;
    if (builder.nulls === 0 || builder.nulls === rows) {
      if (rows > 0) writeRleRun(levels, builder.nulls === 0 ? 1 : 0, rows, 1);
    } else {
      if (this.flags.length < rows) this.flags = new Uint8Array(rows);
      const flags = this.flags;
      if (builder instanceof NumberColumnBuilder) {
        const values = builder.values;
        for (let i = 0; i < rows; i++) flags[i] = values[i] === values[i] ? 1 : 0; // NaN is null
      } else {
        const indexes = builder.indexes;
        for (let i = 0; i < rows; i++) flags[i] = indexes[i] < 0 ? 0 : 1;
      }
      writeHybrid(levels, flags, rows, 1);
    }
    levels.bytes.writeUInt32LE(levels.length - 4, 0);
    return levels.view();
  }

  private encodeText(builder: StringColumnBuilder): EncodedValues {
    const size = builder.dictionarySize;
    if (!builder.dictionaryEncoded || size === 0) return { values: builder.plainValues() };
    const indexes = this.presentIndexes(builder.indexes, builder.rows, builder.nulls);
    return {
      dictionary: { bytes: builder.dictionary.view(), size },
      values: this.dictionaryIndexes(indexes, builder.rows - builder.nulls, size),
    };
  }

  /** The dictionary indexes of the non-null rows (nulls are -1). */
  private presentIndexes(indexes: Int32Array, rows: number, nulls: number): Int32Array {
    if (nulls === 0) return indexes;
    if (this.indexes.length < rows - nulls) this.indexes = new Int32Array(rows);
    const present = this.indexes;
    let n = 0;
    for (let i = 0; i < rows; i++) if (indexes[i] >= 0) present[n++] = indexes[i];
    return present;
  }

  /** RLE_DICTIONARY data: a byte of bit width, then the indexes RLE/bit-packed. */
  private dictionaryIndexes(indexes: Int32Array, count: number, dictionarySize: number): Uint8Array {
    const width = Math.max(1, bitWidth(dictionarySize - 1));
    this.values.clear();
    this.values.byte(width);
    writeHybrid(this.values, indexes, count, width);
    return this.values.view();
  }

  /**
   * Numbers with a dictionary when it pays (times to the second, status codes, zone offsets repeat; byte counts mostly
   * do not): built while the values bring a new one at most every other row, as for text.
   */
  private encodeNumbers(builder: NumberColumnBuilder, int32: boolean): EncodedValues {
    const rows = builder.rows;
    const values = builder.values;
    if (this.indexes.length < rows) this.indexes = new Int32Array(rows);
    const indexes = this.indexes;
    const entries = this.numberEntries;
    entries.clear();
    let count = 0;
    let last = NaN;
    let lastIndex = -1;
    let dictionary = this.numberDictionary;
    for (let i = 0; i < rows; i++) {
      const value = values[i];
      if (value !== value) continue; // NaN is null
      if (value !== last) {
        let index = entries.get(value);
        if (index === undefined) {
          index = entries.size;
          if (index >= MAX_DICTIONARY_ENTRIES || (index >= FEW_DISTINCT_VALUES && index * 2 > i))
            return this.plainNumbers(values, rows, int32);
          if (index === dictionary.length) {
            const grown = new Float64Array(dictionary.length * 2);
            grown.set(dictionary);
            this.numberDictionary = dictionary = grown;
          }
          dictionary[index] = value;
          entries.set(value, index);
        }
        last = value;
        lastIndex = index;
      }
      indexes[count++] = lastIndex;
    }
    if (entries.size === 0) return { values: new Uint8Array(0) };
    const plain = writePlainNumbers(this.dictionary, dictionary, entries.size, int32);
    return {
      dictionary: { bytes: this.dictionary.view(), size: entries.size },
      values: this.dictionaryIndexes(indexes, count, entries.size),
      ...plain,
    };
  }

  private plainNumbers(values: Float64Array, rows: number, int32: boolean): EncodedValues {
    const bounds = writePlainNumbers(this.values, values, rows, int32);
    return { values: this.values.view(), ...bounds };
  }

  /** A page header into {@link header}. */
  private pageHeader(type: PageType, size: number, stored: number, values: number, encoding: Encoding): void {
    this.header.clear();
    const thrift = new ThriftWriter(this.header);
    thrift.message(() => {
      thrift.i32(1, type);
      thrift.i32(2, size); // uncompressed_page_size
      thrift.i32(3, stored); // compressed_page_size
      if (type === PageType.Data)
        thrift.struct(5, () => {
          thrift.i32(1, values);
          thrift.i32(2, encoding);
          thrift.i32(3, Encoding.Rle); // definition levels
          thrift.i32(4, Encoding.Rle); // repetition levels (none: every column is flat)
        });
      else
        thrift.struct(7, () => {
          thrift.i32(1, values);
          thrift.i32(2, encoding);
        });
    });
  }
}

/**
 * Writes `values[0..count)` but NaN (null) PLAIN into `sink` (cleared first): INT32 or INT64, little endian; returns
 * the PLAIN bytes of the smallest and largest (none when all are null).
 */
function writePlainNumbers(
  sink: ByteSink,
  values: Float64Array,
  count: number,
  int32: boolean,
): { min?: Uint8Array; max?: Uint8Array } {
  const size = int32 ? 4 : 8;
  sink.clear();
  sink.reserve(count * size);
  const view = new DataView(sink.bytes.buffer, sink.bytes.byteOffset, sink.bytes.length);
  let at = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const value = values[i];
    if (value !== value) continue; // NaN is null
    if (value < min) min = value;
    if (value > max) max = value;
    putNumber(view, at, value, int32);
    at += size;
  }
  sink.length = at;
  return min > max ? {} : { min: plainNumber(min, int32), max: plainNumber(max, int32) };
}

/** One PLAIN INT32 or INT64 (little endian) at `at`. */
function putNumber(view: DataView, at: number, value: number, int32: boolean): void {
  if (int32) view.setInt32(at, value, true);
  else {
    // Two 32-bit halves: exact for every whole number within ±2^53 (a double holds no more).
    view.setUint32(at, value >>> 0, true);
    view.setInt32(at + 4, Math.floor(value / 4294967296), true);
  }
}

function plainNumber(value: number, int32: boolean): Uint8Array {
  const bytes = new Uint8Array(int32 ? 4 : 8);
  putNumber(new DataView(bytes.buffer), 0, value, int32);
  return bytes;
}
