/**
 * Structured logging: one JSON object per line on stdout, which SCF forwards to CLS where the
 * fields can be queried. Callers must pass only non-secret data; {@link redactUrl} strips the
 * signed query string from download links.
 */

export type LogLevel = "info" | "warn" | "error";

export type LogFields = Readonly<Record<string, unknown>>;

export interface LogRecord extends LogFields {
  readonly ts: string;
  readonly level: LogLevel;
  readonly event: string;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** Writes each record as a single JSON line. console.log is what SCF captures into its log. */
export const stdoutSink: LogSink = (record) => {
  console.log(JSON.stringify(record));
};

export function createLogger(sink: LogSink = stdoutSink, clock: () => Date = () => new Date()): Logger {
  const write = (level: LogLevel, event: string, fields: LogFields = {}): void => {
    const reserved = { ts: clock().toISOString(), level, event };
    // Reserved fields first for readability, and re-applied last so no field can overwrite them.
    sink(Object.assign({}, reserved, fields, reserved));
  };
  return {
    info: (event, fields) => write("info", event, fields),
    warn: (event, fields) => write("warn", event, fields),
    error: (event, fields) => write("error", event, fields),
  };
}

/**
 * Download links carry a signature in their query string (valid for a day); only scheme, host
 * and path are logged.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return "<unparseable url>";
  }
}
