import { AccessLogCodec, AccessLogFormat, AccessLogRecordByFormat, ACCESS_LOG_CODECS } from "./formats";
import { LineSplitter } from "./line-splitter";
import { AccessLogSource, decodedBytes, expandSources, isDamagedGzipError } from "./log-sources";
import { AccessLogParseError } from "./parse-error";
import { detached } from "./detached-string";

/** How {@link readAccessLogs} reads. */
export interface ReadAccessLogsOptions<F extends AccessLogFormat> {
  /** The log format: `bos`, `cos` or `cdn`. */
  readonly format: F;
  /**
   * Stop at the first problem: a malformed line throws {@link AccessLogLineError}, a truncated or corrupt gzip input
   * throws {@link AccessLogDamagedSourceError}. Otherwise problems are counted in `stats`, reported to `onMalformed`,
   * and reading goes on.
   * @default false
   */
  readonly strict?: boolean;
  /** Called for every malformed line (also in strict mode, before the throw). */
  readonly onMalformed?: (line: MalformedAccessLogLine) => void;
  /**
   * Longest line read, in characters; longer lines are malformed and are skipped without being held in memory.
   * @default 1048576
   */
  readonly maxLineLength?: number;
  /** How many malformed lines `stats.malformedSamples` keeps. @default 20 */
  readonly malformedSampleLimit?: number;
  /** Name used for stream sources in messages. @default "<stream>" */
  readonly streamName?: string;
}

/** A line that was not read as a record. */
export interface MalformedAccessLogLine {
  /** File path or stream name. */
  readonly source: string;
  /** 1-based line number within the source. */
  readonly lineNumber: number;
  /** The field at fault, when the line had one. */
  readonly field?: string;
  /** 1-based column of the problem, when known. */
  readonly column?: number;
  /** What is wrong. */
  readonly message: string;
  /** The start of the line (at most 200 characters), for a human to look at. */
  readonly excerpt: string;
}

/** An input that ended early or could not be decompressed. Records before the damage were read. */
export interface DamagedAccessLogSource {
  /** File path or stream name. */
  readonly source: string;
  /** What happened, e.g. that the gzip data ended before its end marker. */
  readonly message: string;
  /** Lines read from it before the damage. */
  readonly linesRead: number;
}

/** Counters kept while reading; complete once iteration has finished. */
export interface AccessLogReadStats {
  /** Inputs opened (files and streams). */
  sources: number;
  /** Raw bytes read (compressed bytes for gzip inputs). */
  bytesRead: number;
  /** Lines seen, blank and malformed ones included. */
  lines: number;
  /** Records produced. */
  records: number;
  /** Empty or whitespace-only lines (not records, not malformed). */
  blankLines: number;
  /** Malformed lines. */
  malformed: number;
  /** The first malformed lines (see `malformedSampleLimit`). */
  readonly malformedSamples: MalformedAccessLogLine[];
  /** Inputs that were truncated or corrupt. */
  readonly damaged: DamagedAccessLogSource[];
}

/** Thrown in strict mode at the first malformed line. */
export class AccessLogLineError extends Error {
  constructor(
    /** The line and what is wrong with it. */
    readonly line: MalformedAccessLogLine,
  ) {
    super(`${line.source}:${line.lineNumber}${line.column === undefined ? "" : `:${line.column}`}: ${line.message}`);
    this.name = "AccessLogLineError";
  }
}

/** Thrown in strict mode for a truncated or corrupt gzip input. */
export class AccessLogDamagedSourceError extends Error {
  constructor(
    /** The input and what happened to it. */
    readonly damage: DamagedAccessLogSource,
  ) {
    super(`${damage.source}: ${damage.message}`);
    this.name = "AccessLogDamagedSourceError";
  }
}

/**
 * Records from access-log inputs, read lazily. Iterate it once with `for await`; `stats` fills in as it goes.
 */
export class AccessLogReader<R> implements AsyncIterable<R> {
  /** What was read so far. */
  readonly stats: AccessLogReadStats = {
    sources: 0,
    bytesRead: 0,
    lines: 0,
    records: 0,
    blankLines: 0,
    malformed: 0,
    malformedSamples: [],
    damaged: [],
  };
  private started = false;

  constructor(
    private readonly source: AccessLogSource,
    private readonly codec: AccessLogCodec<R>,
    private readonly options: ReadAccessLogsOptions<AccessLogFormat>,
  ) {}

  /** Reads the inputs in order and yields their records; see {@link readAccessLogs}. */
  [Symbol.asyncIterator](): AsyncIterator<R> {
    if (this.started) throw new Error("an AccessLogReader can be iterated only once; call readAccessLogs again");
    this.started = true;
    // Records are produced a decoded chunk at a time; handing them out from a plain iterator costs one settled
    // promise per record instead of an async generator's queue, about half the per-record overhead.
    const batches = this.batches();
    let current: R[] = [];
    let index = 0;
    return {
      next: async (): Promise<IteratorResult<R>> => {
        while (index >= current.length) {
          const next = await batches.next();
          if (next.done === true) return { done: true, value: undefined };
          current = next.value;
          index = 0;
        }
        return { done: false, value: current[index++] };
      },
      return: async (): Promise<IteratorResult<R>> => {
        current = [];
        await batches.return(undefined);
        return { done: true, value: undefined };
      },
    };
  }

  private async *batches(): AsyncGenerator<R[]> {
    const { strict = false, maxLineLength = 1 << 20, streamName = "<stream>" } = this.options;
    const stats = this.stats;
    const parse = this.codec.parse;
    for await (const input of expandSources(this.source, streamName)) {
      stats.sources++;
      let batch: R[] = [];
      let stopError: Error | undefined;
      const splitter = new LineSplitter(
        {
          line: (text, lineNumber) => {
            if (stopError !== undefined) return;
            stats.lines++;
            if (text.length === 0 || ((text.charCodeAt(0) === 32 || text.charCodeAt(0) === 9) && text.trim() === "")) {
              stats.blankLines++;
              return;
            }
            try {
              batch.push(parse(text));
              stats.records++;
            } catch (error) {
              if (!(error instanceof AccessLogParseError)) throw error;
              stopError = this.malformed(input.name, lineNumber, text, error.message, error.field, error.column, strict);
            }
          },
          overlong: (lineNumber, length) => {
            if (stopError !== undefined) return;
            stats.lines++;
            const message = `line is ${length} characters long, more than the ${maxLineLength} read (maxLineLength)`;
            stopError = this.malformed(input.name, lineNumber, "", message, undefined, undefined, strict);
          },
        },
        maxLineLength,
      );
      try {
        for await (const chunk of decodedBytes(input.open(), (n) => (stats.bytesRead += n))) {
          splitter.push(chunk);
          if (batch.length > 0) {
            // Hand over what this chunk produced; a batch never outgrows one chunk's lines.
            yield batch;
            batch = [];
          }
          if (stopError !== undefined) throw stopError;
        }
        splitter.end();
        if (batch.length > 0) yield batch;
        batch = [];
        if (stopError !== undefined) throw stopError;
      } catch (error) {
        if (!isDamagedGzipError(error)) throw error;
        if (batch.length > 0) yield batch;
        batch = [];
        const dropped = splitter.discardPartial();
        const damage: DamagedAccessLogSource = {
          source: input.name,
          message:
            (error as { code?: string }).code === "Z_BUF_ERROR"
              ? `gzip data ends before its end marker (truncated download or copy?)${dropped > 0 ? `; the incomplete last line (${dropped} characters) was dropped` : ""}`
              : `gzip data is corrupt (${(error as Error).message})`,
          linesRead: splitter.lines,
        };
        stats.damaged.push(damage);
        if (strict) throw new AccessLogDamagedSourceError(damage);
      }
    }
  }

  private malformed(
    source: string,
    lineNumber: number,
    text: string,
    message: string,
    field: string | undefined,
    column: number | undefined,
    strict: boolean,
  ): Error | undefined {
    const line: MalformedAccessLogLine = { source, lineNumber, field, column, message, excerpt: detached(text.length > 200 ? `${text.slice(0, 200)}…` : text) };
    this.stats.malformed++;
    if (this.stats.malformedSamples.length < (this.options.malformedSampleLimit ?? 20)) this.stats.malformedSamples.push(line);
    this.options.onMalformed?.(line);
    return strict ? new AccessLogLineError(line) : undefined;
  }
}

/**
 * Reads access-log records from a file, a directory (recursively, in sorted order), a stream, or a list of these.
 * Gzip inputs are recognised by their magic bytes and decompressed on the fly; lines may end in `\n` or `\r\n`.
 * Memory stays constant whatever the input size: one chunk of lines is held at a time.
 *
 * Lines that do not parse are never dropped silently: they are counted in `reader.stats.malformed`, the first ones are
 * kept in `reader.stats.malformedSamples`, each is passed to `onMalformed`, and with `strict: true` the first one
 * throws. A gzip input that ends early or is corrupt is listed in `reader.stats.damaged` (strict: thrown), after the
 * records read before the damage.
 *
 * @example
 * const reader = readAccessLogs("logs/", { format: "bos" });
 * for await (const record of reader) console.log(record.time, record.status);
 * console.log(reader.stats.malformed, "malformed lines");
 */
export function readAccessLogs<F extends AccessLogFormat>(
  source: AccessLogSource,
  options: ReadAccessLogsOptions<F>,
): AccessLogReader<AccessLogRecordByFormat[F]> {
  const codec = ACCESS_LOG_CODECS[options.format] as AccessLogCodec<AccessLogRecordByFormat[F]> | undefined;
  if (codec === undefined) {
    throw new TypeError(`readAccessLogs: format ${JSON.stringify(options.format)} is not one of bos, cos, cdn`);
  }
  return new AccessLogReader(source, codec, options);
}
