import { AccessLogFormat, AccessLogRecordByFormat } from "./formats";
import { AccessLogReadStats, DamagedAccessLogSource, MalformedAccessLogLine } from "./read-access-logs";
import { TopCounter, TopValue } from "./top-counter";

/** Requests per HTTP status class; `unknown` counts records whose status is `-`. */
export interface StatusClassCounts {
  /** 1xx responses. */
  readonly "1xx": number;
  /** 2xx responses. */
  readonly "2xx": number;
  /** 3xx responses. */
  readonly "3xx": number;
  /** 4xx responses. */
  readonly "4xx": number;
  /** 5xx responses. */
  readonly "5xx": number;
  /** Records without a status. */
  readonly unknown: number;
}

/** What `cdktf-access-logs logs summarize` reports, as JSON-ready data. */
export interface AccessLogSummary {
  /** The format read. */
  readonly format: AccessLogFormat;
  /** Inputs read (files and streams). */
  readonly sources: number;
  /** Raw bytes read (compressed bytes for gzip inputs). */
  readonly bytesRead: number;
  /** Lines seen. */
  readonly lines: number;
  /** Requests (records) summarized. */
  readonly requests: number;
  /** Bytes sent to clients, summed (BOS bytesSent, COS resBytesSent, CDN bytes); `-` counts as 0. */
  readonly bytesSent: number;
  /** Requests per status class. */
  readonly statusClasses: StatusClassCounts;
  /** Earliest request time, ISO 8601 UTC; undefined without records. */
  readonly firstRequestAt?: string;
  /** Latest request time, ISO 8601 UTC. */
  readonly lastRequestAt?: string;
  /** Most requested object keys (BOS key, COS reqPath, CDN path). */
  readonly topKeys: readonly TopValue[];
  /** Most frequent client IPs. */
  readonly topClientIps: readonly TopValue[];
  /**
   * Most frequent error codes: BOS errorCode other than `success`, COS resErrorCode; CDN lines carry no error code,
   * so for CDN this lists `HTTP <status>` of 4xx and 5xx responses.
   */
  readonly errorCodes: readonly TopValue[];
  /** Whether the top lists are approximate (more distinct values than tracked; see `maxOverestimate`). */
  readonly topListsApproximate: boolean;
  /** Blank lines (skipped). */
  readonly blankLines: number;
  /** Malformed lines (not summarized). */
  readonly malformedLines: number;
  /** The first malformed lines. */
  readonly malformedSamples: readonly MalformedAccessLogLine[];
  /** Inputs that were truncated or corrupt. */
  readonly damagedSources: readonly DamagedAccessLogSource[];
}

/** How {@link AccessLogSummarizer} counts. */
export interface AccessLogSummarizerOptions {
  /** How many entries each top list reports. @default 10 */
  readonly top?: number;
  /** How many distinct values each top list tracks (memory bound; more makes counts exact for longer). @default 10000 */
  readonly trackedValues?: number;
}

interface Extracted {
  time: Date;
  status?: number;
  bytes?: number;
  key?: string;
  clientIp?: string;
  errorCode?: string;
}

type Extractor<F extends AccessLogFormat> = (record: AccessLogRecordByFormat[F]) => Extracted;

const EXTRACTORS: { readonly [F in AccessLogFormat]: Extractor<F> } = {
  bos: (r) => ({
    time: r.time,
    status: r.status,
    bytes: r.bytesSent,
    key: r.key,
    clientIp: r.remoteIp,
    errorCode: r.errorCode !== undefined && r.errorCode.toLowerCase() !== "success" ? r.errorCode : undefined,
  }),
  cos: (r) => ({ time: r.eventTime, status: r.resHttpCode, bytes: r.resBytesSent, key: r.reqPath, clientIp: r.remoteIp, errorCode: r.resErrorCode }),
  cdn: (r) => ({
    time: r.time,
    status: r.status,
    bytes: r.bytes,
    key: r.path,
    clientIp: r.clientIp,
    errorCode: r.status !== undefined && r.status >= 400 ? `HTTP ${r.status}` : undefined,
  }),
};

/** Summarizes records one at a time in bounded memory: counters, a time span and three bounded top lists. */
export class AccessLogSummarizer<F extends AccessLogFormat> {
  private readonly extract: Extractor<F>;
  private readonly keys: TopCounter;
  private readonly ips: TopCounter;
  private readonly errors: TopCounter;
  private readonly top: number;
  private requests = 0;
  private bytes = 0;
  private first = Infinity;
  private last = -Infinity;
  private readonly classes = { "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0, unknown: 0 };

  constructor(
    /** The format of the records added. */
    readonly format: F,
    options: AccessLogSummarizerOptions = {},
  ) {
    this.extract = EXTRACTORS[format] as Extractor<F>;
    this.top = options.top ?? 10;
    const tracked = Math.max(options.trackedValues ?? 10_000, this.top);
    this.keys = new TopCounter(tracked);
    this.ips = new TopCounter(tracked);
    this.errors = new TopCounter(tracked);
  }

  /** Counts one record. */
  add(record: AccessLogRecordByFormat[F]): void {
    const e = this.extract(record);
    this.requests++;
    if (e.bytes !== undefined) this.bytes += e.bytes;
    const t = e.time.getTime();
    if (t < this.first) this.first = t;
    if (t > this.last) this.last = t;
    const s = e.status;
    if (s === undefined) this.classes.unknown++;
    else if (s < 200) this.classes["1xx"]++;
    else if (s < 300) this.classes["2xx"]++;
    else if (s < 400) this.classes["3xx"]++;
    else if (s < 500) this.classes["4xx"]++;
    else this.classes["5xx"]++;
    if (e.key !== undefined) this.keys.add(e.key);
    if (e.clientIp !== undefined) this.ips.add(e.clientIp);
    if (e.errorCode !== undefined) this.errors.add(e.errorCode);
  }

  /** The summary so far, with the reader's counters. */
  result(stats: AccessLogReadStats): AccessLogSummary {
    return {
      format: this.format,
      sources: stats.sources,
      bytesRead: stats.bytesRead,
      lines: stats.lines,
      requests: this.requests,
      bytesSent: this.bytes,
      statusClasses: { ...this.classes },
      firstRequestAt: this.requests > 0 ? new Date(this.first).toISOString() : undefined,
      lastRequestAt: this.requests > 0 ? new Date(this.last).toISOString() : undefined,
      topKeys: this.keys.top(this.top),
      topClientIps: this.ips.top(this.top),
      errorCodes: this.errors.top(this.top),
      topListsApproximate: !(this.keys.exact && this.ips.exact && this.errors.exact),
      blankLines: stats.blankLines,
      malformedLines: stats.malformed,
      malformedSamples: [...stats.malformedSamples],
      damagedSources: [...stats.damaged],
    };
  }
}
