/*
 * Writes records into a Hive-partitioned folder, `date=YYYY-MM-DD/source=<bucket or domain>/part-NNNNN.<ext>`, with
 * memory bounded whatever the input: rows are buffered per partition and written as a row group once a partition has
 * `rowGroupRows`, or, when all partitions together hold `maxBufferedRows` or more than `maxBufferedPartitions`
 * partitions hold rows (each holds column buffers of its own), the fullest one is written; every 1,024 rows the
 * buffers' bytes are added up, and past `maxBufferedBytes` the largest batches are written (long fields: URLs with
 * kilobytes of query string would otherwise make row groups of hundreds of megabytes); at most
 * `maxOpenFiles` files are open (the least recently used one is finished first); a file is finished after the row group
 * that brings it to `maxFileBytes`, and the partition goes on in its next part.
 */
import { mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { accessLogColumns, escapePartitionValue, partitionOf } from "./access-log-table";
import { AccessLogFormat, AccessLogRecordByFormat } from "./formats";
import { ParquetCompression } from "./parquet/column-chunk";
import { BatchHint, RowBatch, TableFile, TableFileFormat, TableFileWriter, tableFileWriter } from "./table-files";

/** How {@link PartitionedExport} writes. */
export interface PartitionedExportOptions {
  /** The records' format. */
  readonly format: AccessLogFormat;
  /** The file format. */
  readonly to: TableFileFormat;
  /** How Parquet pages are compressed (NDJSON files are not). @default "none" */
  readonly compression?: ParquetCompression;
  /** The folder the partitions go in. */
  readonly outDir: string;
  /** A file is finished once it holds this many bytes. @default 134217728 (128 MiB) */
  readonly maxFileBytes?: number;
  /** Rows per row group. @default 32768 */
  readonly rowGroupRows?: number;
  /** Rows held in memory across all partitions. @default 65536 */
  readonly maxBufferedRows?: number;
  /** Partitions holding rows at once. @default 1024 */
  readonly maxBufferedPartitions?: number;
  /** Bytes of column buffers held across all partitions (Parquet; checked every 1,024 rows). @default 67108864 */
  readonly maxBufferedBytes?: number;
  /** Files open at once. @default 32 */
  readonly maxOpenFiles?: number;
}

/** What an export wrote. */
export interface PartitionedExportResult {
  /** Rows written. */
  readonly rows: number;
  /** Partitions (date and source pairs). */
  readonly partitions: number;
  /** Files written, relative to the output folder, in the order they were finished. */
  readonly files: readonly string[];
  /** Bytes written. */
  readonly bytes: number;
}

interface Partition {
  readonly dir: string;
  /**
   * The rows waiting to be written; made at the partition's first row after a write, so that a partition holds no
   * column buffers while it has no rows (an export may see thousands of partitions).
   */
  batch: RowBatch | undefined;
  /** What the last written batch tells the next. */
  hint: BatchHint;
  file?: TableFile;
  nextPart: number;
  lastWrite: number;
}

/** Writes records into a partitioned folder; see the file comment. Create with {@link PartitionedExport.open}. */
export class PartitionedExport<F extends AccessLogFormat> {
  private readonly writer: TableFileWriter;
  private readonly partitions = new Map<string, Partition>();
  private readonly open = new Set<Partition>();
  private readonly finished: string[] = [];
  private buffered = 0;
  /** Partitions whose batch holds rows (what `fullest` looks through, however many partitions the input has). */
  private readonly holding = new Set<Partition>();
  private lastDate = "";
  private lastSource = "";
  private lastPartition: Partition | undefined;
  private rows = 0;
  private bytes = 0;
  private writes = 0;
  private readonly maxFileBytes: number;
  private readonly rowGroupRows: number;
  private readonly maxBufferedRows: number;
  private readonly maxBufferedPartitions: number;
  private readonly maxBufferedBytes: number;
  /** Rows added since the buffered bytes were last added up. */
  private sinceBytesCheck = 0;
  private readonly maxOpenFiles: number;

  private constructor(private readonly options: PartitionedExportOptions) {
    this.writer = tableFileWriter(options.to, accessLogColumns(options.format), options.compression);
    this.maxFileBytes = options.maxFileBytes ?? 128 * 1024 * 1024;
    this.rowGroupRows = options.rowGroupRows ?? 32_768;
    this.maxBufferedRows = Math.max(options.maxBufferedRows ?? 65_536, this.rowGroupRows);
    this.maxBufferedPartitions = Math.max(1, options.maxBufferedPartitions ?? 1024);
    this.maxBufferedBytes = options.maxBufferedBytes ?? 64 * 1024 * 1024;
    this.maxOpenFiles = Math.max(1, options.maxOpenFiles ?? 32);
  }

  /** Starts an export. */
  static open<F extends AccessLogFormat>(options: PartitionedExportOptions): PartitionedExport<F> {
    return new PartitionedExport<F>(options);
  }

  /** Adds one record. */
  add(record: AccessLogRecordByFormat[F]): void {
    const { date, source } = partitionOf(this.options.format, record);
    // Consecutive records mostly share their partition: look it up only when it changes.
    let partition = date === this.lastDate && source === this.lastSource ? this.lastPartition : undefined;
    if (partition === undefined) partition = this.partitionFor(date, source);
    let batch = partition.batch;
    if (batch === undefined) {
      batch = partition.batch = this.writer.newBatch(partition.hint);
      this.holding.add(partition);
    }
    batch.add(record as unknown as Readonly<Record<string, unknown>>);
    this.buffered++;
    if (batch.rows >= this.rowGroupRows) this.writeRowGroup(partition);
    else if (this.buffered >= this.maxBufferedRows || this.holding.size > this.maxBufferedPartitions)
      this.writeRowGroup(this.fullest());
    if (++this.sinceBytesCheck === BYTES_CHECK_ROWS) this.checkBufferedBytes();
  }

  /** Writes the batches that take the most memory until the rest fit in `maxBufferedBytes`. */
  private checkBufferedBytes(): void {
    this.sinceBytesCheck = 0;
    const batches = [...this.holding].map((partition) => ({ partition, bytes: (partition.batch as RowBatch).bytes }));
    let total = batches.reduce((sum, b) => sum + b.bytes, 0);
    if (total <= this.maxBufferedBytes) return;
    batches.sort((a, b) => b.bytes - a.bytes);
    for (const { partition, bytes } of batches) {
      if (total <= this.maxBufferedBytes) break;
      this.writeRowGroup(partition);
      total -= bytes;
    }
  }

  private partitionFor(date: string, source: string): Partition {
    const key = `${date}\u0000${source}`;
    let partition = this.partitions.get(key);
    if (partition === undefined) {
      const dir = join(this.options.outDir, `date=${date}`, `source=${escapePartitionValue(source)}`);
      partition = { dir, batch: undefined, hint: undefined, nextPart: 0, lastWrite: 0 };
      this.partitions.set(key, partition);
    }
    this.lastDate = date;
    this.lastSource = source;
    this.lastPartition = partition;
    return partition;
  }

  /** Writes what is buffered and finishes every file. */
  close(): PartitionedExportResult {
    for (const partition of [...this.holding]) this.writeRowGroup(partition);
    for (const partition of [...this.open]) this.finish(partition);
    return { rows: this.rows, partitions: this.partitions.size, files: [...this.finished], bytes: this.bytes };
  }

  private fullest(): Partition {
    let fullest: Partition | undefined;
    for (const partition of this.holding)
      if (fullest === undefined || rowsOf(partition) > rowsOf(fullest)) fullest = partition;
    return fullest as Partition;
  }

  private writeRowGroup(partition: Partition): void {
    if (partition.file === undefined) {
      if (this.open.size >= this.maxOpenFiles) {
        let oldest: Partition | undefined;
        for (const p of this.open) if (oldest === undefined || p.lastWrite < oldest.lastWrite) oldest = p;
        this.finish(oldest as Partition);
      }
      mkdirSync(partition.dir, { recursive: true });
      const name = `part-${String(partition.nextPart++).padStart(5, "0")}.${this.options.to}`;
      partition.file = this.writer.open(join(partition.dir, name));
      this.open.add(partition);
    }
    const batch = partition.batch as RowBatch;
    partition.file.write(batch);
    partition.lastWrite = ++this.writes;
    this.rows += batch.rows;
    this.buffered -= batch.rows;
    partition.hint = batch.hint();
    partition.batch = undefined;
    this.holding.delete(partition);
    if (partition.file.bytes >= this.maxFileBytes) this.finish(partition);
  }

  private finish(partition: Partition): void {
    const file = partition.file as TableFile;
    file.close();
    this.bytes += file.bytes;
    this.finished.push(relative(this.options.outDir, file.path));
    partition.file = undefined;
    this.open.delete(partition);
  }
}

/** How many rows go by between two sums of the buffered bytes. */
const BYTES_CHECK_ROWS = 1024;

/** Rows a partition that holds rows (one in `holding`) holds. */
function rowsOf(partition: Partition): number {
  return (partition.batch as RowBatch).rows;
}
