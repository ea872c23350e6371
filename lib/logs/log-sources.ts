/*
 * Turns what a caller hands to readAccessLogs (paths, directories, streams) into a sequence of named byte sources, and
 * each byte source into decoded bytes: gzip is recognised by its magic bytes (1f 8b), not by the file name, because
 * CDN packages, COS log files and BOS log objects are not reliably named.
 */
import { createReadStream, promises as fs } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";

/** What readAccessLogs reads: a file or directory path, a stream of log bytes, or several of these in order. */
export type AccessLogSource = string | NodeJS.ReadableStream | ReadonlyArray<string | NodeJS.ReadableStream>;

/** An input could not be read at all (missing path, unreadable directory). */
export class AccessLogSourceError extends Error {
  constructor(
    /** The path or stream name. */
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`);
    this.name = "AccessLogSourceError";
  }
}

/** One input: a name for messages and a way to open its raw bytes. */
export interface NamedSource {
  readonly name: string;
  /** Size in bytes when known (files), for progress reporting. */
  readonly size?: number;
  open(): AsyncIterable<Buffer>;
}

/**
 * Expands the caller's sources: files as given, directories recursively in sorted order (by name, code-unit order;
 * symbolic links to directories are not followed, so a link cycle cannot loop), streams as given.
 */
export async function* expandSources(source: AccessLogSource, streamName: string): AsyncGenerator<NamedSource> {
  const items = typeof source === "string" || !isArray(source) ? [source] : source;
  let streams = 0;
  for (const item of items) {
    if (typeof item === "string") {
      yield* expandPath(item);
    } else {
      const name = items.length > 1 ? `${streamName}#${++streams}` : streamName;
      yield { name, open: () => item as AsyncIterable<Buffer> };
    }
  }
}

function isArray(value: AccessLogSource): value is ReadonlyArray<string | NodeJS.ReadableStream> {
  return Array.isArray(value);
}

async function* expandPath(path: string): AsyncGenerator<NamedSource> {
  let stat;
  try {
    stat = await fs.stat(path);
  } catch (error) {
    throw new AccessLogSourceError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (stat.isDirectory()) {
    let entries;
    try {
      entries = await fs.readdir(path, { withFileTypes: true });
    } catch (error) {
      throw new AccessLogSourceError(
        path,
        `cannot be listed (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) yield* expandPath(child);
      else if (entry.isFile()) yield fileSource(child, (await fs.stat(child)).size);
      else if (entry.isSymbolicLink()) {
        const target = await fs.stat(child).catch(() => undefined);
        if (target?.isFile()) yield fileSource(child, target.size);
      }
    }
  } else if (stat.isFile()) {
    yield fileSource(path, stat.size);
  } else {
    throw new AccessLogSourceError(path, "is neither a file nor a directory");
  }
}

function fileSource(path: string, size: number | undefined): NamedSource {
  return { name: path, size, open: () => createReadStream(path, { highWaterMark: 256 * 1024 }) };
}

/** Whether an error from zlib means the compressed input ended early or is damaged. */
export function isDamagedGzipError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "Z_BUF_ERROR" || code === "Z_DATA_ERROR" || code === "ERR_ZLIB_INITIALIZATION_FAILED";
}

/**
 * The decoded bytes of a raw source: gunzipped when it starts with the gzip magic bytes (concatenated gzip members
 * are read as one stream), else as is. `onRawBytes` sees every raw chunk's length, for progress.
 */
export async function* decodedBytes(
  raw: AsyncIterable<Buffer>,
  onRawBytes: (length: number) => void,
): AsyncGenerator<Buffer> {
  const iterator = raw[Symbol.asyncIterator]();
  let head: Buffer = Buffer.alloc(0);
  let done = false;
  // Two bytes decide; a stream may deliver them one at a time.
  while (head.length < 2) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = toBuffer(next.value);
    onRawBytes(chunk.length);
    head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
  }
  const counted = (async function* () {
    try {
      if (head.length > 0) yield head;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        const chunk = toBuffer(next.value);
        onRawBytes(chunk.length);
        yield chunk;
      }
    } finally {
      if (!done) await iterator.return?.();
    }
  })();
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    const input = Readable.from(counted, { objectMode: false });
    input.on("error", (error) => gunzip.destroy(error));
    input.pipe(gunzip);
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } finally {
      input.destroy();
    }
  } else {
    yield* counted;
  }
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError(`a log stream must yield bytes or strings, got ${typeof chunk}`);
}
