/*
 * A Parquet file written a row group at a time, for the flat, typed tables of `logs export`
 * (https://parquet.apache.org/docs/file-format/): `PAR1`, the row groups' column chunks (column-chunk.ts), then the
 * footer (FileMetaData, Thrift compact), its length and `PAR1` again. Written synchronously, so memory holds one row
 * group's pages at most.
 *
 * Why not a library: the maintained JavaScript writers (hyparquet-writer, @dsnp/parquetjs) and DuckDB's writer fed
 * through its Node.js API all cost ~11 µs a row of 29 columns, five times what reading the log line costs, mostly in
 * moving JavaScript values into their column buffers (bench/README.md). This writer takes the values as the reader
 * makes them, straight into typed arrays and UTF-8 bytes, and writes only what these tables need: flat OPTIONAL
 * columns of INT32, INT64, TIMESTAMP(MILLIS, UTC) and UTF-8 text, PLAIN or dictionary-encoded, pages uncompressed or
 * GZIP.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { ByteSink } from "./byte-sink";
import { NumberColumnBuilder, StringColumnBuilder } from "./column-builders";
import {
  ColumnBuilder,
  ColumnChunkEncoder,
  ColumnChunkInfo,
  ParquetColumn,
  ParquetCompression,
  physicalTypeOf,
} from "./column-chunk";
import { ConvertedType, LogicalTypeField, Repetition, TimeUnitField } from "./parquet-types";
import { ThriftType, ThriftWriter } from "./thrift-compact";

const MAGIC = Buffer.from("PAR1", "latin1");

/**
 * Empty builders for a row group of `columns`; `plain` (from {@link plainColumns} of the last row group) says which
 * text columns to write plain from the start.
 */
export function newColumnBuilders(columns: readonly ParquetColumn[], plain?: readonly boolean[]): ColumnBuilder[] {
  return columns.map((column, i) =>
    column.type === "string" ? new StringColumnBuilder(plain?.[i] === true) : new NumberColumnBuilder(),
  );
}

/** Which of `builders` ended their row group plain (text columns whose values stopped repeating). */
export function plainColumns(builders: readonly ColumnBuilder[]): boolean[] {
  return builders.map((builder) => builder instanceof StringColumnBuilder && !builder.dictionaryEncoded);
}

interface RowGroupInfo {
  readonly rows: number;
  readonly offset: number;
  readonly size: number;
  readonly uncompressedSize: number;
  readonly chunks: readonly ColumnChunkInfo[];
}

/** How a {@link ParquetFileWriter} writes. */
export interface ParquetFileOptions {
  /** The footer's `created_by`. */
  readonly createdBy: string;
  /** How pages are compressed. @default "none" */
  readonly compression?: ParquetCompression;
}

/** A Parquet file being written. */
export class ParquetFileWriter {
  private readonly fd: number;
  private offset = 0;
  private readonly rowGroups: RowGroupInfo[] = [];
  private readonly encoder: ColumnChunkEncoder;
  private closed = false;

  /** Creates the file at `path` (it must not exist). */
  constructor(
    readonly path: string,
    private readonly columns: readonly ParquetColumn[],
    private readonly options: ParquetFileOptions,
  ) {
    if (columns.length === 0) throw new Error("a Parquet file needs at least one column");
    this.encoder = new ColumnChunkEncoder(options.compression);
    this.fd = openSync(path, "wx");
    this.write(MAGIC);
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.offset;
  }

  /** Writes one row group: `builders[i]` holds column i's values; every builder must hold the same number of rows. */
  writeRowGroup(builders: readonly ColumnBuilder[]): void {
    if (this.closed) throw new Error(`${this.path}: the Parquet file is closed`);
    if (builders.length !== this.columns.length)
      throw new Error(`a row group of ${builders.length} columns for a file of ${this.columns.length}`);
    const rows = builders[0].rows;
    for (const [i, builder] of builders.entries())
      if (builder.rows !== rows)
        throw new Error(`column ${this.columns[i].name} holds ${builder.rows} rows, column 0 holds ${rows}`);
    if (rows === 0) return;
    const offset = this.offset;
    const chunks = this.columns.map((column, i) =>
      this.encoder.encode(column, builders[i], this.offset, (bytes) => this.write(bytes)),
    );
    const uncompressedSize = chunks.reduce((sum, chunk) => sum + chunk.uncompressedSize, 0);
    this.rowGroups.push({ rows, offset, size: this.offset - offset, uncompressedSize, chunks });
  }

  /** Writes the footer and closes the file. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      const footer = new ByteSink(4096);
      this.writeFileMetadata(new ThriftWriter(footer));
      footer.uint32(footer.length);
      footer.append(MAGIC);
      this.write(footer.view());
    } finally {
      closeSync(this.fd);
    }
  }

  private write(bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
    this.offset += bytes.length;
  }

  private writeFileMetadata(thrift: ThriftWriter): void {
    const columns = this.columns;
    thrift.message(() => {
      thrift.i32(1, 1); // version
      thrift.list(2, ThriftType.Struct, [undefined, ...columns], (column) =>
        thrift.element(() => (column === undefined ? this.writeRootSchema(thrift) : writeColumnSchema(thrift, column))),
      );
      thrift.i64(
        3,
        this.rowGroups.reduce((sum, group) => sum + group.rows, 0),
      );
      thrift.list(4, ThriftType.Struct, this.rowGroups, (group) =>
        thrift.element(() => {
          thrift.list(1, ThriftType.Struct, group.chunks, (chunk, i) =>
            thrift.element(() => writeColumnChunk(thrift, columns[i], chunk)),
          );
          thrift.i64(2, group.uncompressedSize); // total_byte_size
          thrift.i64(3, group.rows);
          thrift.i64(5, group.offset); // file_offset
          thrift.i64(6, group.size); // total_compressed_size
        }),
      );
      thrift.string(6, this.options.createdBy);
      // column_orders: TYPE_ORDER for every column, so readers trust min_value/max_value.
      thrift.list(7, ThriftType.Struct, columns, () => thrift.element(() => thrift.struct(1, () => undefined)));
    });
  }

  private writeRootSchema(thrift: ThriftWriter): void {
    thrift.string(4, "schema");
    thrift.i32(5, this.columns.length);
  }
}

function writeColumnSchema(thrift: ThriftWriter, column: ParquetColumn): void {
  thrift.i32(1, physicalTypeOf(column.type));
  thrift.i32(3, Repetition.Optional);
  thrift.string(4, column.name);
  if (column.type === "string") {
    thrift.i32(6, ConvertedType.Utf8);
    thrift.struct(10, () => thrift.struct(LogicalTypeField.String, () => undefined));
  } else if (column.type === "timestamp") {
    thrift.i32(6, ConvertedType.TimestampMillis);
    thrift.struct(10, () =>
      thrift.struct(LogicalTypeField.Timestamp, () => {
        thrift.bool(1, true); // isAdjustedToUTC
        thrift.struct(2, () => thrift.struct(TimeUnitField.Millis, () => undefined));
      }),
    );
  }
}

function writeColumnChunk(thrift: ThriftWriter, column: ParquetColumn, chunk: ColumnChunkInfo): void {
  thrift.i64(2, chunk.startOffset); // file_offset
  thrift.struct(3, () => {
    thrift.i32(1, chunk.physicalType);
    thrift.list(2, ThriftType.I32, chunk.encodings, (encoding) => thrift.i32Element(encoding));
    thrift.list(3, ThriftType.Binary, [column.name], (name) => thrift.stringElement(name));
    thrift.i32(4, chunk.codec);
    thrift.i64(5, chunk.values);
    thrift.i64(6, chunk.uncompressedSize);
    thrift.i64(7, chunk.size); // total_compressed_size
    thrift.i64(9, chunk.dataPageOffset);
    if (chunk.dictionaryPageOffset !== undefined) thrift.i64(11, chunk.dictionaryPageOffset);
    thrift.struct(12, () => {
      thrift.i64(3, chunk.nullCount);
      if (chunk.max !== undefined) thrift.binary(5, chunk.max);
      if (chunk.min !== undefined) thrift.binary(6, chunk.min);
    });
  });
}
