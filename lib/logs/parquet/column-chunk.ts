/*
 * One column chunk of a row group as Parquet data pages (format v1): an optional dictionary page, then one data page
 * holding the definition levels (RLE/bit-packed, 4-byte length first) and the values: PLAIN numbers, PLAIN text, or
 * dictionary indexes (RLE_DICTIONARY: one byte of bit width, then RLE/bit-packed). Pages are uncompressed: dictionary
 * and bit-packing already shrink the repetitive columns, and compressing the rest in JavaScript would cost more than
 * all the other work of an export together (see bench/README.md).
 */
import { ByteSink } from "./byte-sink";
import { NumberColumnBuilder, StringColumnBuilder } from "./column-builders";
import { bitWidth, writeHybrid, writeRleRun } from "./hybrid-encoding";
import { Encoding, PageType, PhysicalType } from "./parquet-types";
import { ThriftWriter } from "./thrift-compact";

/** A column of a Parquet file: every column is OPTIONAL (may hold nulls). */
export interface ParquetColumn {
  readonly name: string;
  /** `timestamp`: INT64 milliseconds since the epoch, an instant (isAdjustedToUTC); `string`: UTF-8 BYTE_ARRAY. */
  readonly type: "timestamp" | "int32" | "int64" | "string";
}

/** Either kind of column builder. */
export type ColumnBuilder = NumberColumnBuilder | StringColumnBuilder;

/** A written column chunk, as the footer describes it. */
export interface ColumnChunkInfo {
  readonly physicalType: PhysicalType;
  readonly encodings: readonly Encoding[];
  readonly startOffset: number;
  readonly dictionaryPageOffset: number | undefined;
  readonly dataPageOffset: number;
  readonly size: number;
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

/** Encodes column chunks; reuses its buffers from one chunk to the next. */
export class ColumnChunkEncoder {
  private readonly levels = new ByteSink(8192);
  private readonly values = new ByteSink(64 * 1024);
  private readonly header = new ByteSink(256);
  private flags = new Uint8Array(1024);

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
    this.writeLevels(builder);
    let at = offset;
    const emit = (bytes: Uint8Array) => {
      write(bytes);
      at += bytes.length;
    };
    let dictionaryPageOffset: number | undefined;
    let encoding = Encoding.Plain;
    let min: Uint8Array | undefined;
    let max: Uint8Array | undefined;
    let plainValues: Buffer | undefined;
    this.values.clear();
    if (builder instanceof StringColumnBuilder) {
      const dictionarySize = builder.dictionarySize;
      if (builder.dictionaryEncoded && dictionarySize > 0) {
        dictionaryPageOffset = at;
        this.pageHeader(PageType.Dictionary, builder.dictionary.length, dictionarySize);
        emit(this.header.view());
        emit(builder.dictionary.view());
        encoding = Encoding.RleDictionary;
        this.writeIndexes(builder, dictionarySize);
      } else plainValues = builder.plainValues();
    } else {
      [min, max] = this.writeNumbers(builder, physicalType === PhysicalType.Int32);
    }
    const dataPageOffset = at;
    const values = plainValues ?? this.values.view();
    this.pageHeader(PageType.Data, this.levels.length + values.length, builder.rows, encoding);
    emit(this.header.view());
    emit(this.levels.view());
    emit(values);
    return {
      physicalType,
      encodings:
        encoding === Encoding.RleDictionary
          ? [Encoding.Plain, Encoding.Rle, Encoding.RleDictionary]
          : [Encoding.Plain, Encoding.Rle],
      startOffset: offset,
      dictionaryPageOffset,
      dataPageOffset,
      size: at - offset,
      values: builder.rows,
      nullCount: builder.nulls,
      min,
      max,
    };
  }

  /** Definition levels (0 null, 1 present), 4-byte length first. */
  private writeLevels(builder: ColumnBuilder): void {
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
  }

  /** Dictionary indexes of the non-null rows: a byte of bit width, then RLE/bit-packed. */
  private writeIndexes(builder: StringColumnBuilder, dictionarySize: number): void {
    const width = Math.max(1, bitWidth(dictionarySize - 1));
    const indexes = builder.indexes;
    let present = indexes;
    if (builder.nulls > 0) {
      present = new Int32Array(builder.rows - builder.nulls);
      let n = 0;
      for (let i = 0; i < builder.rows; i++) if (indexes[i] >= 0) present[n++] = indexes[i];
    }
    this.values.byte(width);
    writeHybrid(this.values, present, builder.rows - builder.nulls, width);
  }

  /** PLAIN numbers of the non-null rows (INT32 or INT64, little endian); returns the PLAIN min and max. */
  private writeNumbers(builder: NumberColumnBuilder, int32: boolean): [Uint8Array | undefined, Uint8Array | undefined] {
    const size = int32 ? 4 : 8;
    const sink = this.values;
    sink.reserve(builder.rows * size);
    const view = new DataView(sink.bytes.buffer, sink.bytes.byteOffset, sink.bytes.length);
    const values = builder.values;
    let at = sink.length;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < builder.rows; i++) {
      const value = values[i];
      if (value !== value) continue; // NaN is null
      if (value < min) min = value;
      if (value > max) max = value;
      if (int32) view.setInt32(at, value, true);
      else {
        view.setUint32(at, value >>> 0, true);
        view.setInt32(at + 4, Math.floor(value / 4294967296), true);
      }
      at += size;
    }
    sink.length = at;
    if (min > max) return [undefined, undefined];
    return [plainNumber(min, int32), plainNumber(max, int32)];
  }

  /** A page header into {@link header}. */
  private pageHeader(type: PageType, size: number, values: number, encoding = Encoding.Plain): void {
    this.header.clear();
    const thrift = new ThriftWriter(this.header);
    thrift.message(() => {
      thrift.i32(1, type);
      thrift.i32(2, size); // uncompressed_page_size
      thrift.i32(3, size); // compressed_page_size
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
          thrift.i32(2, Encoding.Plain);
        });
    });
  }
}

function plainNumber(value: number, int32: boolean): Uint8Array {
  const bytes = new Uint8Array(int32 ? 4 : 8);
  const view = new DataView(bytes.buffer);
  if (int32) view.setInt32(0, value, true);
  else {
    view.setUint32(0, value >>> 0, true);
    view.setInt32(4, Math.floor(value / 4294967296), true);
  }
  return bytes;
}
