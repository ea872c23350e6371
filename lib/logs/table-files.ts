/*
 * Files of typed rows, written a batch of rows at a time: Parquet through this package's own writer (./parquet/; why
 * not a library: bench/README.md), or NDJSON. Writes are synchronous, so memory stays bounded by the batches held.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { AccessLogColumn, columnValue, extraFieldsValue } from "./access-log-table";
import { ColumnBuilder, ParquetCompression } from "./parquet/column-chunk";
import { newColumnBuilders, ParquetFileWriter, plainColumns } from "./parquet/parquet-file";
import { EXTRA_FIELDS_PROPERTY } from "./record-layout";

/** A record as the table files see it: a plain object of a format's properties. */
type TableRecord = Readonly<Record<string, unknown>>;

/** Rows waiting to be written to one file, held column by column. */
export interface RowBatch {
  /** Rows held. */
  readonly rows: number;
  /**
   * Bytes of memory the rows take, as far as the batch can tell cheaply (Parquet: its column buffers; NDJSON: 0, its
   * batches are bounded by rows only).
   */
  readonly bytes: number;
  /** Adds a record as one row. */
  add(record: TableRecord): void;
  /** What the next batch of the same file should know of this one (small: it is kept between batches). */
  hint(): BatchHint;
}

/** What a written batch tells the next one of the same file (for Parquet, which text columns to write plain). */
export type BatchHint = readonly boolean[] | undefined;

/** One output file. */
export interface TableFile {
  /** The file's path. */
  readonly path: string;
  /** Bytes written so far. */
  readonly bytes: number;
  /** Writes a batch's rows (a Parquet row group); the batch must come from the same {@link TableFileWriter}. */
  write(batch: RowBatch): void;
  /** Finishes the file (a Parquet footer) and closes it. */
  close(): void;
}

/** Makes the batches and files of one output format for one table. */
export interface TableFileWriter {
  /** An empty batch; `hint`, from the batch last written for the same file, may tell how to encode it. */
  newBatch(hint?: BatchHint): RowBatch;
  /** A new file at `path` (which must not exist). */
  open(path: string): TableFile;
}

/** The output formats. */
export type TableFileFormat = "parquet" | "ndjson";

/** The writer of `format` for a table of `columns`. */
export function tableFileWriter(
  format: TableFileFormat,
  columns: readonly AccessLogColumn[],
  compression: ParquetCompression = "none",
): TableFileWriter {
  return format === "parquet" ? new ParquetTableWriter(columns, compression) : new NdjsonTableWriter(columns);
}

/** `footer created_by` of the Parquet files. */
const CREATED_BY = "cdktf-access-logs";

/** Puts a record's values into column builders, one statement per column. */
type RowAppender = (record: TableRecord, builders: readonly ColumnBuilder[], extra: typeof extraFieldsValue) => void;

class ParquetBatch implements RowBatch {
  constructor(
    readonly builders: readonly ColumnBuilder[],
    private readonly append: RowAppender,
  ) {}

  get rows(): number {
    return this.builders[0].rows;
  }

  get bytes(): number {
    let bytes = 0;
    for (const builder of this.builders) bytes += builder.bufferedBytes;
    return bytes;
  }

  add(record: TableRecord): void {
    this.append(record, this.builders, extraFieldsValue);
  }

  hint(): BatchHint {
    return plainColumns(this.builders);
  }
}

class ParquetTableWriter implements TableFileWriter {
  private readonly append: RowAppender;

  constructor(
    private readonly columns: readonly AccessLogColumn[],
    private readonly compression: ParquetCompression,
  ) {
    // One statement per column, each reading a fixed property and calling one builder: every property read and call
    // site sees one shape, where a loop over the columns would see all of them at one site. The property names come
    // from the format's layout constants, quoted by JSON.stringify; no log text reaches this source.
    const statements = columns.map((column, i) => {
      const value = `r[${JSON.stringify(column.property)}]`;
      if (column.property === EXTRA_FIELDS_PROPERTY) return `b[${i}].add(extra(${value}));`;
      return column.type === "timestamp" ? `b[${i}].addTime(${value});` : `b[${i}].add(${value});`;
    });
    this.append = new Function("r", "b", "extra", statements.join("\n")) as RowAppender;
  }

  newBatch(hint?: BatchHint): RowBatch {
    return new ParquetBatch(newColumnBuilders(this.columns, hint), this.append);
  }

  open(path: string): TableFile {
    const file = new ParquetFileWriter(path, this.columns, { createdBy: CREATED_BY, compression: this.compression });
    return {
      path,
      get bytes() {
        return file.bytes;
      },
      write(batch) {
        file.writeRowGroup((batch as ParquetBatch).builders);
      },
      close() {
        file.close();
      },
    };
  }
}

class NdjsonBatch implements RowBatch {
  readonly values: unknown[][];
  rows = 0;
  readonly bytes = 0;

  constructor(private readonly columns: readonly AccessLogColumn[]) {
    this.values = columns.map(() => []);
  }

  add(record: TableRecord): void {
    for (let i = 0; i < this.columns.length; i++) this.values[i].push(columnValue(record, this.columns[i]));
    this.rows++;
  }

  hint(): BatchHint {
    return undefined;
  }
}

/** NDJSON files: one JSON object per row, times as ISO 8601 UTC text, absent values as null. */
class NdjsonTableWriter implements TableFileWriter {
  constructor(private readonly columns: readonly AccessLogColumn[]) {}

  newBatch(): RowBatch {
    return new NdjsonBatch(this.columns);
  }

  open(path: string): TableFile {
    const columns = this.columns;
    const fd = openSync(path, "wx");
    let bytes = 0;
    let pending: string[] = [];
    let pendingLength = 0;
    const flush = () => {
      if (pending.length === 0) return;
      const chunk = Buffer.from(pending.join(""), "utf8");
      writeSync(fd, chunk);
      bytes += chunk.length;
      pending = [];
      pendingLength = 0;
    };
    const names = columns.map((c) => JSON.stringify(c.name));
    const timestamps = columns.map((c) => c.type === "timestamp");
    return {
      path,
      get bytes() {
        return bytes + pendingLength;
      },
      write(batch) {
        const data = (batch as NdjsonBatch).values;
        for (let r = 0; r < batch.rows; r++) {
          let line = "{";
          for (let i = 0; i < columns.length; i++) {
            const value = data[i][r];
            const json =
              value === null ? "null" : timestamps[i] ? `"${(value as Date).toISOString()}"` : JSON.stringify(value);
            line += `${i === 0 ? "" : ","}${names[i]}:${json}`;
          }
          line += "}\n";
          pending.push(line);
          pendingLength += line.length;
          if (pendingLength >= 1 << 20) flush();
        }
      },
      close() {
        flush();
        closeSync(fd);
      },
    };
  }
}
