import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import {
  AccessLogDamagedSourceError,
  AccessLogLineError,
  AccessLogSourceError,
  MalformedAccessLogLine,
  readAccessLogs,
} from "../../lib";

const fixtures = join(__dirname, "fixtures");
const fixture = (name: string) => readFileSync(join(fixtures, name));
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "access-logs-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function collect<R>(iterable: AsyncIterable<R>): Promise<R[]> {
  const out: R[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function write(name: string, content: Buffer | string): string {
  const path = join(dir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
  return path;
}

describe("readAccessLogs", () => {
  test("reads a plain file and counts the malformed and blank lines, with their line numbers", async () => {
    const seen: MalformedAccessLogLine[] = [];
    const reader = readAccessLogs(join(fixtures, "bos-mixed.log"), {
      format: "bos",
      onMalformed: (line) => seen.push(line),
    });
    const records = await collect(reader);
    expect(records.map((r) => r.requestId)).toEqual([
      "98a20094-2002-4950-899d-9347244c71da",
      "0c1d2e3f-0000-4000-8000-000000000001",
      "id-4",
    ]);
    expect(reader.stats).toMatchObject({ sources: 1, lines: 5, records: 3, blankLines: 1, malformed: 1 });
    expect(seen).toEqual([
      expect.objectContaining({
        lineNumber: 4,
        field: "status",
        column: expect.any(Number),
        source: join(fixtures, "bos-mixed.log"),
      }),
    ]);
    expect(seen[0].message).toMatch(/field 12 \(status\) at column \d+ is not an HTTP status code/);
    expect(reader.stats.malformedSamples).toEqual(seen);
    expect(reader.stats.bytesRead).toBe(fixture("bos-mixed.log").length);
  });

  test("gzip is recognised by its magic bytes, whatever the name; CRLF line ends are handled", async () => {
    const path = write("cdn-package.log", gzipSync(fixture("cdn-crlf.log")));
    const reader = readAccessLogs(path, { format: "cdn" });
    const records = await collect(reader);
    expect(records.map((r) => r.path)).toEqual(["/index.html", "/video/a.mp4", "/missing"]);
    expect(records[2].cacheStatus).toBe("miss");
    expect(reader.stats.malformed).toBe(0);
    expect(reader.stats.bytesRead).toBe(readFileSync(path).length);
  });

  test("concatenated gzip members are one stream", async () => {
    const text = fixture("cdn-crlf.log");
    const path = write("two-members.gz", Buffer.concat([gzipSync(text), gzipSync(text)]));
    expect(await collect(readAccessLogs(path, { format: "cdn" }))).toHaveLength(6);
  });

  test("empty files, plain and gzip, give no records and no errors", async () => {
    const reader = readAccessLogs([join(fixtures, "empty.log"), write("empty.gz", gzipSync(Buffer.alloc(0)))], {
      format: "bos",
    });
    expect(await collect(reader)).toEqual([]);
    expect(reader.stats).toMatchObject({ sources: 2, lines: 0, records: 0, malformed: 0, damaged: [] });
  });

  test("a truncated gzip file is reported after the records before the cut; reading goes on with the next input", async () => {
    const lines = Array.from({ length: 2000 }, (_, i) =>
      readFileSync(join(fixtures, "bos-sample.log"), "utf8").trim().replace("98a20094", `req${i}`),
    );
    const whole = gzipSync(lines.join("\n") + "\n");
    const cut = write("a/truncated.gz", whole.subarray(0, Math.floor(whole.length * 0.6)));
    const next = write("b/next.log", fixture("bos-sample.log"));
    const reader = readAccessLogs(dir, { format: "bos" });
    const records = await collect(reader);
    expect(reader.stats.damaged).toEqual([
      {
        source: cut,
        message: expect.stringMatching(
          /^gzip data ends before its end marker \(truncated download or copy\?\); the incomplete last line \(\d+ characters\) was dropped$/,
        ),
        linesRead: expect.any(Number),
      },
    ]);
    const fromCut = records.length - 1;
    expect(fromCut).toBeGreaterThan(100);
    expect(fromCut).toBeLessThan(2000);
    expect(reader.stats.damaged[0].linesRead).toBe(fromCut);
    expect(records[fromCut - 1].requestId).toBe(`req${fromCut - 1}-2002-4950-899d-9347244c71da`);
    expect(records[fromCut].requestId).toBe("98a20094-2002-4950-899d-9347244c71da");
    expect(reader.stats.malformed).toBe(0);
    expect(reader.stats.sources).toBe(2);
    void next;
  });

  test("strict: a truncated gzip throws, after yielding what came before", async () => {
    const whole = gzipSync(fixture("cdn-crlf.log"));
    const path = write("cut.gz", whole.subarray(0, whole.length - 6));
    const records: unknown[] = [];
    const error = await (async () => {
      try {
        for await (const r of readAccessLogs(path, { format: "cdn", strict: true })) records.push(r);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AccessLogDamagedSourceError);
    expect((error as Error).message).toBe(
      `${path}: gzip data ends before its end marker (truncated download or copy?)`,
    );
    expect(records).toHaveLength(3);
  });

  test("corrupt gzip data is reported as corrupt", async () => {
    const whole = gzipSync(fixture("cdn-crlf.log"));
    whole[20] ^= 0xff;
    whole[21] ^= 0xff;
    const reader = readAccessLogs(write("bad.gz", whole), { format: "cdn" });
    await collect(reader);
    expect(reader.stats.damaged[0].message).toMatch(/^gzip data is corrupt/);
  });

  test("strict: the first malformed line throws with its source, line and column; records before it are yielded", async () => {
    const path = join(fixtures, "bos-mixed.log");
    const records: unknown[] = [];
    let error: unknown;
    try {
      for await (const r of readAccessLogs(path, { format: "bos", strict: true })) records.push(r);
    } catch (e) {
      error = e;
    }
    expect(records).toHaveLength(2);
    expect(error).toBeInstanceOf(AccessLogLineError);
    expect((error as Error).message).toMatch(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:4:\\d+: bos access log: field 12 \\(status\\)`),
    );
  });

  test("a directory is read recursively in sorted order; symlinked directories are not followed", async () => {
    const line = (id: string) =>
      readFileSync(join(fixtures, "bos-sample.log"), "utf8").replace("98a20094-2002-4950-899d-9347244c71da", id);
    write("b.log", line("3"));
    write("a/z.log", line("2"));
    write("a/a.log.gz", gzipSync(line("1")));
    write("c/d/e.log", line("4"));
    symlinkSync(join(dir, "a"), join(dir, "loop"));
    const reader = readAccessLogs(dir, { format: "bos" });
    expect((await collect(reader)).map((r) => r.requestId)).toEqual(["1", "2", "3", "4"]);
    expect(reader.stats.sources).toBe(4);
  });

  test("streams: gzip or plain, delivered a byte at a time (multi-byte UTF-8 split across chunks)", async () => {
    const text = Buffer.from(
      readFileSync(join(fixtures, "bos-sample.log"), "utf8").replace('"-"', '"https://例え.jp/页面"'),
    );
    const oneByteAtATime = (bytes: Buffer) =>
      Readable.from(
        (function* () {
          for (const b of bytes) yield Buffer.from([b]);
        })(),
      );
    for (const bytes of [text, gzipSync(text)]) {
      const records = await collect(readAccessLogs(oneByteAtATime(bytes), { format: "bos" }));
      expect(records.map((r) => r.referer)).toEqual(["https://例え.jp/页面"]);
    }
  });

  test("a UTF-8 byte-order mark and a last line without a line break", async () => {
    const text = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(readFileSync(join(fixtures, "bos-sample.log"), "utf8").trimEnd()),
    ]);
    const reader = readAccessLogs(Readable.from([text]), { format: "bos" });
    expect(await collect(reader)).toHaveLength(1);
    expect(reader.stats.malformed).toBe(0);
  });

  test("lines over maxLineLength are malformed and not held in memory; one at the limit is read", async () => {
    const sample = readFileSync(join(fixtures, "bos-sample.log"), "utf8").trimEnd();
    const atLimit = `${sample} ${"x".repeat(100)}`;
    const over = `${atLimit}y`;
    const reader = readAccessLogs(Readable.from([Buffer.from(`${atLimit}\n${over}\n${sample}`)]), {
      format: "bos",
      maxLineLength: atLimit.length,
    });
    const records = await collect(reader);
    expect(records).toHaveLength(2);
    expect(reader.stats.malformedSamples).toEqual([
      {
        source: "<stream>",
        lineNumber: 2,
        field: undefined,
        column: undefined,
        message: `line is ${over.length} characters long, more than the ${atLimit.length} read (maxLineLength)`,
        excerpt: "",
      },
    ]);
    // Split across many chunks, an overlong line is still measured and skipped.
    const chunks = (s: string) => Readable.from(s.match(/[^]{1,7}/g)!.map((c) => Buffer.from(c)));
    const chunked = readAccessLogs(chunks(`${over}\n${sample}\n`), { format: "bos", maxLineLength: atLimit.length });
    expect(await collect(chunked)).toHaveLength(1);
    expect(chunked.stats.malformedSamples[0].message).toBe(
      `line is ${over.length} characters long, more than the ${atLimit.length} read (maxLineLength)`,
    );
  });

  test("the malformed sample list is capped; the count is not", async () => {
    const bad = Array.from({ length: 30 }, () => "not a log line").join("\n");
    const reader = readAccessLogs(Readable.from([Buffer.from(bad)]), { format: "cdn", malformedSampleLimit: 5 });
    await collect(reader);
    expect(reader.stats.malformed).toBe(30);
    expect(reader.stats.malformedSamples).toHaveLength(5);
    expect(reader.stats.malformedSamples[0].excerpt).toBe("not a log line");
  });

  test("a missing path is a clear error, an unknown format a TypeError, and a reader iterates once", async () => {
    await expect(collect(readAccessLogs(join(dir, "nope.log"), { format: "cos" }))).rejects.toThrow(
      AccessLogSourceError,
    );
    await expect(collect(readAccessLogs(join(dir, "nope.log"), { format: "cos" }))).rejects.toThrow(
      `${join(dir, "nope.log")}: cannot be read (ENOENT)`,
    );
    expect(() => readAccessLogs(dir, { format: "s3" as "bos" })).toThrow(
      'readAccessLogs: format "s3" is not one of bos, cos, cdn',
    );
    const reader = readAccessLogs(join(fixtures, "empty.log"), { format: "bos" });
    await collect(reader);
    await expect(collect(reader)).rejects.toThrow(/can be iterated only once/);
  });

  test("breaking out early closes the input", async () => {
    const path = write(
      "big.gz",
      gzipSync(Buffer.from(`${readFileSync(join(fixtures, "bos-sample.log"), "utf8")}`.repeat(5000))),
    );
    let n = 0;
    for await (const _ of readAccessLogs(path, { format: "bos" })) {
      if (++n === 10) break;
    }
    expect(n).toBe(10);
    // The file handle is released: the directory can be removed (afterEach) without EBUSY on any platform.
  });
});
