/**
 * Parallel part uploads within the copy's memory share (issue #11, throughput): how many parts are in flight, how far
 * the download runs ahead of a slow request, and how the share is planned. The store holds every UploadPart request
 * until the test lets it go, so the counts are exact, not timing-dependent.
 */
import { Readable } from "node:stream";
import type { ObjectStore, UploadedPart } from "../../functions/cdn-log-backup/src/cos-storage";
import {
  uploadMultipart,
  type MultipartSource,
  type MultipartStep,
} from "../../functions/cdn-log-backup/src/multipart";
import {
  MAX_PARTS_IN_FLIGHT,
  MAX_PART_BYTES,
  MIN_PART_BYTES,
  planParts,
  type PartPlan,
} from "../../functions/cdn-log-backup/src/part-plan";
import { MIN_COPY_BUFFER_MIB } from "../../functions/cdn-log-backup/src/config";

const KiB = 1024;
const MiB = 1024 * KiB;
const CHUNK = 16 * KiB;

interface HeldRequest {
  readonly partNumber: number;
  readonly contentLength: number;
  /** Bytes the request has taken from its body so far. */
  taken: number;
  /** Lets the request read its body to the end and answer. */
  release(): void;
}

/**
 * An ObjectStore whose UploadPart requests take no bytes until released (or, with `flowing`, take them at once but
 * answer only when released), recording how many are open at once.
 */
class HoldingStore implements ObjectStore {
  readonly open: HeldRequest[] = [];
  readonly completed: UploadedPart[][] = [];
  /** Content-Length of every UploadPart, by part number. */
  readonly partLengths = new Map<number, number>();
  /** The memory each part's bytes were read from (a part buffer, for buffered parts). */
  readonly partMemory = new Set<ArrayBufferLike>();
  maxOpen = 0;
  partsStarted = 0;
  /** UploadPart of this part number answers 403 once it has read its body. */
  refusePart: number | undefined;

  constructor(private readonly flowing = false) {}

  async head(): Promise<undefined> {
    return undefined;
  }
  async listSizes(): Promise<Map<string, number>> {
    return new Map();
  }
  async putStream(): Promise<void> {
    throw new Error("not expected: the tests upload multipart");
  }
  async putBuffer(): Promise<void> {
    throw new Error("not expected: the tests upload multipart");
  }
  async initMultipart(): Promise<string> {
    return "upload-1";
  }
  async uploadPart(
    _key: string,
    _uploadId: string,
    partNumber: number,
    body: Readable,
    contentLength: number,
  ): Promise<UploadedPart> {
    this.partsStarted += 1;
    this.partLengths.set(partNumber, contentLength);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const request: HeldRequest = { partNumber, contentLength, taken: 0, release };
    this.open.push(request);
    this.maxOpen = Math.max(this.maxOpen, this.open.length);
    const readAll = async (): Promise<void> => {
      for await (const chunk of body) {
        request.taken += (chunk as Buffer).length;
        this.partMemory.add((chunk as Buffer).buffer);
      }
    };
    if (this.flowing) {
      await readAll();
      await released;
    } else {
      await released;
      await readAll();
    }
    this.open.splice(this.open.indexOf(request), 1);
    if (partNumber === this.refusePart) throw Object.assign(new Error("AccessDenied"), { statusCode: 403 });
    if (request.taken !== contentLength) throw new Error(`part ${partNumber}: ${request.taken} of ${contentLength}`);
    return { PartNumber: partNumber, ETag: `"etag-${partNumber}"` };
  }
  async completeMultipart(_key: string, _uploadId: string, parts: readonly UploadedPart[]): Promise<void> {
    this.completed.push([...parts]);
  }
  async abortMultipart(): Promise<void> {}
  async delete(): Promise<void> {}
}

/** A body of `size` bytes in 16 KiB chunks that counts what was read from it. */
function countingSource(size: number, knownSize: boolean): MultipartSource & { read(): number } {
  let read = 0;
  const chunks = function* (): Generator<Buffer> {
    for (let offset = 0; offset < size; offset += CHUNK) {
      const chunk = Buffer.alloc(Math.min(CHUNK, size - offset), offset / CHUNK);
      read += chunk.length;
      yield chunk;
    }
  };
  return {
    body: Readable.from(chunks(), { objectMode: false, highWaterMark: CHUNK }),
    totalBytes: knownSize ? size : undefined,
    bytesRead: () => read,
    read: () => read,
    minimumBytes: size,
    readRange: () => Promise.reject(new Error("not expected: no part fails")),
  };
}

/** A source whose body delivers `deliver` bytes in 16 KiB chunks and then calls `stop` (or just stalls). */
function stoppingSource(
  deliver: number,
  totalBytes: number | undefined,
  stop: (body: Readable) => void = () => undefined,
): MultipartSource {
  let read = 0;
  const body = new Readable({
    read() {
      if (read >= deliver) {
        stop(this);
        return;
      }
      read += CHUNK;
      this.push(Buffer.alloc(CHUNK, 1));
    },
  });
  return {
    body,
    totalBytes,
    bytesRead: () => read,
    minimumBytes: totalBytes ?? 0,
    readRange: () => Promise.reject(new Error("not expected")),
  };
}

/** Runs `work` to its end while the store answers every request as soon as it is open. */
async function answeringAll<T>(store: HoldingStore, work: Promise<T>): Promise<T> {
  const releaser = setInterval(() => store.open.forEach((request) => request.release()), 1);
  try {
    return await work;
  } finally {
    clearInterval(releaser);
  }
}

function plan(overrides: Partial<PartPlan> = {}): PartPlan {
  return {
    streamedPartBytes: 256 * KiB,
    bufferedPartBytes: 256 * KiB,
    partsInFlight: 3,
    streamedPartBufferBytes: 64 * KiB,
    ...overrides,
  };
}

const RETRY = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

/** Lets timers, I/O and promise callbacks run until `condition` holds (or fails after 2 s). */
async function until(condition: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 2_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Gives the copy time to run ahead as far as it will. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe.each([
  ["known size (streamed parts)", true],
  ["unknown size (buffered parts)", false],
])("%s: parts upload in parallel, never more than partsInFlight", (_name, knownSize) => {
  test.each([2, 3, 5])("partsInFlight %i: exactly that many requests open while none answers", async (inFlight) => {
    const store = new HoldingStore(true);
    const partBytes = 64 * KiB;
    const source = countingSource(10 * partBytes, knownSize);
    const upload = uploadMultipart(store, "k", source, {
      parts: plan({
        streamedPartBytes: partBytes,
        bufferedPartBytes: partBytes,
        partsInFlight: inFlight,
        streamedPartBufferBytes: partBytes,
      }),
      retry: RETRY,
    });
    await until(() => store.open.length === inFlight, `${inFlight} open requests`);
    await settle();
    // The next part waits for the oldest: no further request, and the download stops within one more part.
    expect(store.open.length).toBe(inFlight);
    expect(store.partsStarted).toBe(inFlight);
    expect(source.read()).toBeLessThanOrEqual((inFlight + 1) * partBytes + CHUNK);
    // Answering the oldest lets exactly one more part start.
    store.open[0]?.release();
    await until(() => store.partsStarted === inFlight + 1, "one more part");
    await settle();
    expect(store.partsStarted).toBe(inFlight + 1);
    expect(store.open.length).toBe(inFlight);
    // Answer everything as it comes.
    await expect(answeringAll(store, upload)).resolves.toBe("multipart");
    expect(store.maxOpen).toBe(inFlight);
    expect(store.completed).toEqual([
      Array.from({ length: 10 }, (_, i) => ({ PartNumber: i + 1, ETag: `"etag-${i + 1}"` })),
    ]);
  });
});

describe("a streamed part holds at most streamedPartBufferBytes its request has not taken", () => {
  test.each([
    [64 * KiB, 1],
    [128 * KiB, 2],
  ])("buffer %i bytes: the download stops there while the request takes nothing", async (bufferBytes) => {
    const store = new HoldingStore(false);
    const source = countingSource(4 * MiB, true);
    const upload = uploadMultipart(store, "k", source, {
      parts: plan({ streamedPartBytes: MiB, streamedPartBufferBytes: bufferBytes, partsInFlight: 3 }),
      retry: RETRY,
    });
    await until(() => store.open.length === 1, "the first request");
    await settle();
    // One part's request takes nothing: the download stops once that part holds its buffer (plus the chunk and the
    // stream's one-chunk hand-over), far short of the 1 MiB part.
    expect(store.open.length).toBe(1);
    expect(source.read()).toBeGreaterThanOrEqual(bufferBytes);
    expect(source.read()).toBeLessThanOrEqual(bufferBytes + 4 * CHUNK);
    await expect(answeringAll(store, upload)).resolves.toBe("multipart");
    expect(source.read()).toBe(4 * MiB);
  });
});

describe("planParts: the copy's share of the memory budget", () => {
  const share = (budgetMiB: number, concurrency: number): number => Math.floor((budgetMiB * MiB) / concurrency);

  test.each<[string, number, number, Partial<PartPlan>]>([
    // The smallest share config.ts allows: two minimum parts.
    ["minimum share", MIN_COPY_BUFFER_MIB, 1, { bufferedPartBytes: MIN_PART_BYTES, partsInFlight: 2 }],
    [
      "one byte short of three minimum parts",
      24 * MiB - 1,
      MiB,
      { bufferedPartBytes: MIN_PART_BYTES, partsInFlight: 2 },
    ],
    ["exactly three minimum parts", 24, 1, { bufferedPartBytes: MIN_PART_BYTES, partsInFlight: 3 }],
    ["the construct's default (192 MiB, 4 copies)", 192, 4, { bufferedPartBytes: 16 * MiB, partsInFlight: 3 }],
    ["a share that is not whole MiB thirds", 100, 1, { bufferedPartBytes: 33 * MiB, partsInFlight: 3 }],
    ["exactly three maximum parts", 192, 1, { bufferedPartBytes: MAX_PART_BYTES, partsInFlight: 3 }],
    ["a third just over the maximum part", 195, 1, { bufferedPartBytes: MAX_PART_BYTES, partsInFlight: 3 }],
    ["one MiB short of eight maximum parts", 511, 1, { bufferedPartBytes: MAX_PART_BYTES, partsInFlight: 7 }],
    ["exactly eight maximum parts", 512, 1, { bufferedPartBytes: MAX_PART_BYTES, partsInFlight: MAX_PARTS_IN_FLIGHT }],
    [
      "more than eight maximum parts",
      3072,
      1,
      { bufferedPartBytes: MAX_PART_BYTES, partsInFlight: MAX_PARTS_IN_FLIGHT },
    ],
  ])("%s", (_name, budgetMiB, concurrency, expected) => {
    const planned = planParts(budgetMiB, concurrency);
    expect(planned).toMatchObject(expected);
    expect(planned.streamedPartBytes).toBe(MAX_PART_BYTES);
    expect(planned.streamedPartBufferBytes).toBe(Math.floor(share(budgetMiB, concurrency) / planned.partsInFlight));
    // Never over the share: buffered parts and streamed part buffers both fit.
    expect(planned.partsInFlight * planned.bufferedPartBytes).toBeLessThanOrEqual(share(budgetMiB, concurrency));
    expect(planned.partsInFlight * planned.streamedPartBufferBytes).toBeLessThanOrEqual(share(budgetMiB, concurrency));
  });

  test("an explicit part size is used for both kinds of part, with as many in flight as fit (2 to 8)", () => {
    expect(planParts(48, 1, 16 * MiB)).toEqual({
      streamedPartBytes: 16 * MiB,
      bufferedPartBytes: 16 * MiB,
      partsInFlight: 3,
      streamedPartBufferBytes: 16 * MiB,
    });
    expect(planParts(48, 1, 64 * KiB).partsInFlight).toBe(MAX_PARTS_IN_FLIGHT);
    // Larger than half the share: still two parts (the only case over the share).
    expect(planParts(16, 1, 16 * MiB).partsInFlight).toBe(2);
  });
});

describe("the body ending early fails the upload and aborts it", () => {
  class AbortCountingStore extends HoldingStore {
    aborted = 0;
    override async abortMultipart(): Promise<void> {
      this.aborted += 1;
    }
  }

  test.each<[string, (body: Readable) => void, object]>([
    [
      "closed without an error",
      (body) => body.destroy(),
      { code: "DownloadTruncated", retryable: true, message: "download closed before its end" },
    ],
    ["failing with its own error", (body) => body.destroy(new Error("socket hang up")), { message: "socket hang up" }],
  ])("%s", async (_name, stop, expected) => {
    const store = new AbortCountingStore(true);
    await expect(
      answeringAll(
        store,
        uploadMultipart(store, "k", stoppingSource(300 * KiB, MiB, stop), { parts: plan(), retry: RETRY }),
      ),
    ).rejects.toMatchObject(expected);
    expect(store.completed).toEqual([]);
    expect(store.aborted).toBe(1);
  });
});

describe("how the session uses the plan and cleans up", () => {
  test.each([
    ["known size: streamedPartBytes", true, [128 * KiB, 128 * KiB, 64 * KiB]],
    ["unknown size: bufferedPartBytes", false, [64 * KiB, 64 * KiB, 64 * KiB, 64 * KiB, 64 * KiB]],
  ])("%s", async (_name, knownSize, lengths) => {
    const store = new HoldingStore(true);
    const steps: MultipartStep[] = [];
    await answeringAll(
      store,
      uploadMultipart(store, "k", countingSource(320 * KiB, knownSize), {
        parts: plan({ streamedPartBytes: 128 * KiB, bufferedPartBytes: 64 * KiB }),
        retry: RETRY,
        beforeStep: (step) => steps.push(step),
      }),
    );
    expect([...store.partLengths.values()]).toEqual(lengths);
    // Every part and then the completion is announced, with its bytes, before it starts (the deadline checks these).
    expect(steps).toEqual([
      ...lengths.map((bytes, i) => ({ kind: "part", number: i + 1, bytes })),
      { kind: "complete" },
    ]);
  });

  test("unknown size: part buffers are reused, partsInFlight of them for any number of parts", async () => {
    const store = new HoldingStore(true);
    await answeringAll(
      store,
      uploadMultipart(store, "k", countingSource(10 * 64 * KiB, false), {
        parts: plan({ bufferedPartBytes: 64 * KiB, partsInFlight: 3 }),
        retry: RETRY,
      }),
    );
    expect(store.partsStarted).toBe(10);
    expect(store.partMemory.size).toBe(3);
  });

  test("unknown size: a part refused while the next one fills fails the upload, without waiting for more bytes", async () => {
    const store = new HoldingStore(true);
    store.refusePart = 1;
    // The body stalls after 1.5 parts: the part being filled never completes on its own.
    const source = stoppingSource(96 * KiB, undefined);
    try {
      await expect(
        answeringAll(
          store,
          uploadMultipart(store, "k", source, { parts: plan({ bufferedPartBytes: 64 * KiB }), retry: RETRY }),
        ),
      ).rejects.toThrow("AccessDenied");
    } finally {
      source.body.destroy();
    }
    expect(store.completed).toEqual([]);
  });

  test("the body is left without the session's listeners, whether the upload succeeded or failed", async () => {
    for (const refusePart of [undefined, 2]) {
      const store = new HoldingStore(true);
      store.refusePart = refusePart;
      const source = countingSource(5 * 64 * KiB, true);
      const before = ["data", "end", "error", "close"].map((event) => source.body.listenerCount(event));
      await answeringAll(
        store,
        uploadMultipart(store, "k", source, { parts: plan({ streamedPartBytes: 64 * KiB }), retry: RETRY }),
      ).catch(() => undefined);
      expect(["data", "end", "error", "close"].map((event) => source.body.listenerCount(event))).toEqual(before);
    }
  });
});
