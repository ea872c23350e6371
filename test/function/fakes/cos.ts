/**
 * Fake COS endpoint for path-style requests `/{bucket}/{key}` as sent by cos-nodejs-sdk-v5 when
 * configured with `Domain: "127.0.0.1:PORT/{Bucket}"`. Supports PUT/HEAD/DELETE object and the
 * multipart calls, answers with the XML bodies, ETag and x-cos-request-id headers the SDK expects,
 * never stores a body that is shorter than its Content-Length, and can fail the next N calls of
 * an operation with a status code.
 *
 * With `keepBodies: false` (benchmark) it only counts bytes, so GiB-sized uploads cost nothing.
 */
import { createHash, randomBytes, type Hash } from "node:crypto";
import * as http from "node:http";
import { LoopbackServer } from "./loopback-server";

export type CosOperation =
  | "GetBucket"
  | "HeadObject"
  | "GetObject"
  | "PutObject"
  | "DeleteObject"
  | "InitiateMultipartUpload"
  | "UploadPart"
  | "CompleteMultipartUpload"
  | "AbortMultipartUpload";

export interface FakeObject {
  readonly size: number;
  readonly etag: string;
  /** SHA-256 of the body (hex); empty when bodies are not kept. */
  readonly sha256: string;
  readonly contentType: string | undefined;
  readonly body: Buffer | undefined;
  readonly via: "put" | "multipart";
}

interface FakeUpload {
  readonly bucket: string;
  readonly key: string;
  readonly contentType: string | undefined;
  readonly parts: Map<number, { size: number; etag: string; body: Buffer | undefined }>;
}

export interface RecordedCosRequest {
  readonly operation: CosOperation;
  readonly bucket: string;
  readonly key: string;
  readonly status: number;
  readonly authorization: string | undefined;
  readonly securityToken: string | undefined;
}

export interface FakeCosOptions {
  /** Keep uploaded bytes (for content assertions). Default true. */
  readonly keepBodies?: boolean;
}

export class FakeCos extends LoopbackServer {
  private readonly objects = new Map<string, FakeObject>();
  private readonly uploads = new Map<string, FakeUpload>();
  private readonly faults = new Map<CosOperation, number[]>();
  private readonly delays = new Map<CosOperation, number[]>();
  private readonly lostAnswers = new Map<CosOperation, number>();
  private readonly keepBodies: boolean;
  private requestCounter = 0;
  readonly requests: RecordedCosRequest[] = [];
  /** Body bytes received by PutObject/UploadPart, including rejected bodies. */
  bytesReceived = 0;
  /** PutObject/UploadPart bodies that ended before their Content-Length. */
  incompleteBodies = 0;

  constructor(options: FakeCosOptions = {}) {
    super();
    this.keepBodies = options.keepBodies ?? true;
  }

  /** `host:port`, the form BACKUP_COS_ENDPOINT takes. */
  get endpoint(): string {
    return this.hostPort;
  }

  get(bucket: string, key: string): FakeObject | undefined {
    return this.objects.get(`${bucket}/${key}`);
  }

  keys(bucket: string): string[] {
    const prefix = `${bucket}/`;
    return [...this.objects.keys()]
      .filter((k) => k.startsWith(prefix))
      .map((k) => k.slice(prefix.length))
      .sort();
  }

  /** Stores an object directly, as if uploaded by an earlier run. */
  seed(bucket: string, key: string, body: Buffer): void {
    this.objects.set(`${bucket}/${key}`, {
      size: body.length,
      etag: `"${createHash("md5").update(body).digest("hex")}"`,
      sha256: createHash("sha256").update(body).digest("hex"),
      contentType: "application/gzip",
      body,
      via: "put",
    });
  }

  /** Answers the next `times` requests of `operation` with `status` (after reading the body). */
  failNext(operation: CosOperation, status: number, times = 1): void {
    const queue = this.faults.get(operation) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(status);
    this.faults.set(operation, queue);
  }

  /** Drops every queued failure and delay. */
  clearFaults(): void {
    this.faults.clear();
    this.delays.clear();
    this.lostAnswers.clear();
  }

  /** Carries out the next `times` requests of `operation` but closes the connection instead of answering. */
  loseAnswerNext(operation: CosOperation, times = 1): void {
    this.lostAnswers.set(operation, (this.lostAnswers.get(operation) ?? 0) + times);
  }

  /** Delays the answer to the next `times` requests of `operation` by `ms` milliseconds. */
  delayNext(operation: CosOperation, ms: number, times = 1): void {
    const queue = this.delays.get(operation) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(ms);
    this.delays.set(operation, queue);
  }

  count(operation: CosOperation): number {
    return this.requests.filter((r) => r.operation === operation).length;
  }

  /** Multipart uploads started but neither completed nor aborted. */
  get openUploads(): number {
    return this.uploads.size;
  }

  /** A crash in the fake itself answers 500 InternalError, as COS would, instead of leaving the SDK hanging. */
  protected override dispatch(request: http.IncomingMessage, response: http.ServerResponse): void {
    this.handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) this.sendError(response, 500, "InternalError", String(error));
    });
  }

  protected async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://fake");
    const [, bucket = "", ...keyParts] = url.pathname.split("/");
    const key = decodeURIComponent(keyParts.join("/"));
    const query = url.searchParams;
    const operation = this.operationOf(request.method ?? "", key, query);
    const header = (name: string): string | undefined => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const record = (status: number): void => {
      this.requests.push({
        operation: operation ?? "GetObject",
        bucket,
        key,
        status,
        authorization: header("authorization"),
        securityToken: header("x-cos-security-token"),
      });
    };

    if (operation === undefined || bucket === "") {
      await this.drain(request);
      record(400);
      this.sendError(response, 400, "InvalidRequest", `unsupported request ${request.method} ${request.url}`);
      return;
    }
    if (!(header("authorization") ?? "").startsWith("q-sign-algorithm=sha1")) {
      await this.drain(request);
      record(403);
      this.sendError(response, 403, "AccessDenied", "missing COS signature");
      return;
    }
    const delay = this.delays.get(operation)?.shift();
    if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay));
    const scripted = this.faults.get(operation)?.shift();
    if (scripted !== undefined) {
      await this.drain(request);
      record(scripted);
      this.sendError(response, scripted, ERROR_CODES[scripted] ?? "InternalError", "scripted failure");
      return;
    }

    const lost = this.lostAnswers.get(operation) ?? 0;
    if (lost > 0) {
      this.lostAnswers.set(operation, lost - 1);
      // The request takes effect; its answer never arrives.
      response.writeHead = () => {
        request.socket.destroy();
        return response;
      };
      response.end = () => response;
    }
    const objectId = `${bucket}/${key}`;
    switch (operation) {
      case "GetBucket": {
        record(200);
        this.sendXml(response, this.listBucket(bucket, query));
        return;
      }
      case "HeadObject":
      case "GetObject": {
        const stored = this.objects.get(objectId);
        if (stored === undefined) {
          record(404);
          this.sendError(response, 404, "NoSuchKey", "The specified key does not exist.");
          return;
        }
        record(200);
        response.writeHead(200, {
          ...this.commonHeaders(),
          "content-length": stored.size,
          etag: stored.etag,
          "content-type": stored.contentType ?? "application/octet-stream",
          "last-modified": new Date().toUTCString(),
        });
        response.end(operation === "GetObject" ? stored.body : undefined);
        return;
      }
      case "PutObject": {
        const received = await this.receiveBody(request);
        if (received === undefined) {
          record(400);
          this.rejectIncomplete(response);
          return; // nothing is stored
        }
        this.objects.set(objectId, {
          size: received.size,
          etag: received.etag,
          sha256: received.sha256,
          contentType: header("content-type"),
          body: received.body,
          via: "put",
        });
        record(200);
        response.writeHead(200, { ...this.commonHeaders(), etag: received.etag, "content-length": 0 }).end();
        return;
      }
      case "DeleteObject": {
        this.objects.delete(objectId);
        record(204);
        response.writeHead(204, this.commonHeaders()).end();
        return;
      }
      case "InitiateMultipartUpload": {
        await this.drain(request);
        const uploadId = randomBytes(12).toString("hex");
        this.uploads.set(uploadId, { bucket, key, contentType: header("content-type"), parts: new Map() });
        record(200);
        this.sendXml(
          response,
          `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
        );
        return;
      }
      case "UploadPart": {
        const upload = this.uploads.get(query.get("uploadId") ?? "");
        const partNumber = Number(query.get("partNumber"));
        if (
          upload === undefined ||
          upload.key !== key ||
          !Number.isInteger(partNumber) ||
          partNumber < 1 ||
          partNumber > 10_000
        ) {
          await this.drain(request);
          record(404);
          this.sendError(response, 404, "NoSuchUpload", "The specified upload does not exist.");
          return;
        }
        const received = await this.receiveBody(request);
        if (received === undefined) {
          record(400);
          this.rejectIncomplete(response);
          return;
        }
        upload.parts.set(partNumber, { size: received.size, etag: received.etag, body: received.body });
        record(200);
        response.writeHead(200, { ...this.commonHeaders(), etag: received.etag, "content-length": 0 }).end();
        return;
      }
      case "CompleteMultipartUpload": {
        const uploadId = query.get("uploadId") ?? "";
        const upload = this.uploads.get(uploadId);
        const xml = (await this.readAll(request)).toString("utf8");
        if (upload === undefined || upload.key !== key) {
          record(404);
          this.sendError(response, 404, "NoSuchUpload", "The specified upload does not exist.");
          return;
        }
        const listed = [
          ...xml.matchAll(/<Part>\s*<PartNumber>(\d+)<\/PartNumber>\s*<ETag>([^<]*)<\/ETag>\s*<\/Part>/g),
        ].map((m) => ({
          partNumber: Number(m[1]),
          etag: unescapeXml(m[2] ?? ""),
        }));
        const problem = this.checkParts(upload, listed);
        if (problem !== undefined) {
          record(400);
          this.sendError(response, 400, "InvalidPart", problem);
          return;
        }
        const bodies = listed.map(({ partNumber }) => upload.parts.get(partNumber));
        const size = bodies.reduce((sum, part) => sum + (part?.size ?? 0), 0);
        const body = this.keepBodies ? Buffer.concat(bodies.map((part) => part?.body ?? Buffer.alloc(0))) : undefined;
        const etag = `"${createHash("md5")
          .update(listed.map((p) => p.etag).join(""))
          .digest("hex")}-${listed.length}"`;
        this.objects.set(objectId, {
          size,
          etag,
          sha256: body === undefined ? "" : createHash("sha256").update(body).digest("hex"),
          contentType: upload.contentType,
          body,
          via: "multipart",
        });
        this.uploads.delete(uploadId);
        record(200);
        this.sendXml(
          response,
          `<CompleteMultipartUploadResult><Location>${this.endpoint}/${bucket}/${escapeXml(key)}</Location><Bucket>${bucket}</Bucket><Key>${escapeXml(key)}</Key><ETag>${escapeXml(etag)}</ETag></CompleteMultipartUploadResult>`,
        );
        return;
      }
      case "AbortMultipartUpload": {
        await this.drain(request);
        const uploadId = query.get("uploadId") ?? "";
        if (!this.uploads.delete(uploadId)) {
          record(404);
          this.sendError(response, 404, "NoSuchUpload", "The specified upload does not exist.");
          return;
        }
        record(204);
        response.writeHead(204, this.commonHeaders()).end();
        return;
      }
    }
  }

  /** ListObjects (GET Bucket) with prefix, marker, max-keys and encoding-type=url. */
  private listBucket(bucket: string, query: URLSearchParams): string {
    const prefix = query.get("prefix") ?? "";
    const marker = query.get("marker") ?? "";
    const maxKeys = Math.min(1000, Number(query.get("max-keys") ?? 1000) || 1000);
    const encode = query.get("encoding-type") === "url" ? encodeURIComponent : escapeXml;
    const matching = this.keys(bucket).filter((key) => key.startsWith(prefix) && key > marker);
    const page = matching.slice(0, maxKeys);
    const truncated = matching.length > page.length;
    const contents = page
      .map((key) => {
        const stored = this.objects.get(`${bucket}/${key}`) as FakeObject;
        return `<Contents><Key>${encode(key)}</Key><LastModified>2026-11-21T00:00:00.000Z</LastModified><ETag>${escapeXml(stored.etag)}</ETag><Size>${stored.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join("");
    const last = page[page.length - 1];
    return (
      `<ListBucketResult><Name>${bucket}</Name><Prefix>${encode(prefix)}</Prefix><Marker>${encode(marker)}</Marker>` +
      `<MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
      (truncated && last !== undefined ? `<NextMarker>${encode(last)}</NextMarker>` : "") +
      (query.get("encoding-type") === "url" ? "<EncodingType>url</EncodingType>" : "") +
      `${contents}</ListBucketResult>`
    );
  }

  private operationOf(method: string, key: string, query: URLSearchParams): CosOperation | undefined {
    switch (method) {
      case "HEAD":
        return "HeadObject";
      case "GET":
        return key === "" ? "GetBucket" : "GetObject";
      case "PUT":
        return query.has("uploadId") && query.has("partNumber") ? "UploadPart" : "PutObject";
      case "POST":
        if (query.has("uploads")) return "InitiateMultipartUpload";
        if (query.has("uploadId")) return "CompleteMultipartUpload";
        return undefined;
      case "DELETE":
        return query.has("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
      default:
        return undefined;
    }
  }

  private checkParts(
    upload: FakeUpload,
    listed: ReadonlyArray<{ partNumber: number; etag: string }>,
  ): string | undefined {
    if (listed.length === 0) return "CompleteMultipartUpload lists no parts";
    let previous = 0;
    for (const [index, { partNumber, etag }] of listed.entries()) {
      const part = upload.parts.get(partNumber);
      if (part === undefined) return `part ${partNumber} was never uploaded`;
      if (part.etag !== etag) return `part ${partNumber} ETag ${etag} does not match ${part.etag}`;
      if (partNumber <= previous) return "parts must be listed in ascending order";
      previous = partNumber;
      // Like COS (and S3), every part but the last must reach the minimum size. This fake uses
      // 1 KiB instead of 1 MiB so tests can exercise multipart with small bodies.
      if (index < listed.length - 1 && part.size < 1024)
        return `part ${partNumber} is smaller than the minimum part size`;
    }
    return undefined;
  }

  /**
   * Reads a PutObject/UploadPart body. Returns undefined (and answers 400 when still possible)
   * if the body is shorter than the announced Content-Length or the connection breaks.
   */
  private async receiveBody(
    request: http.IncomingMessage,
  ): Promise<{ size: number; etag: string; sha256: string; body: Buffer | undefined } | undefined> {
    const announced =
      request.headers["content-length"] === undefined ? undefined : Number(request.headers["content-length"]);
    const md5: Hash = createHash("md5");
    const sha256: Hash | undefined = this.keepBodies ? createHash("sha256") : undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of request) {
        const buffer = chunk as Buffer;
        size += buffer.length;
        this.bytesReceived += buffer.length;
        if (this.keepBodies) {
          md5.update(buffer);
          sha256?.update(buffer);
          chunks.push(buffer);
        }
      }
    } catch {
      // Connection reset / aborted by the client mid-body.
    }
    if (!request.complete || (announced !== undefined && size !== announced)) {
      this.incompleteBodies += 1;
      return undefined;
    }
    return {
      size,
      etag: `"${this.keepBodies ? md5.digest("hex") : randomBytes(16).toString("hex")}"`,
      sha256: sha256?.digest("hex") ?? "",
      body: this.keepBodies ? Buffer.concat(chunks, size) : undefined,
    };
  }

  /** A short body normally means the connection is gone; answer only if it is not. */
  private rejectIncomplete(response: http.ServerResponse): void {
    if (!response.destroyed && !response.headersSent) {
      this.sendError(response, 400, "IncompleteBody", "the body is shorter than the Content-Length");
    }
  }

  private async drain(request: http.IncomingMessage): Promise<void> {
    try {
      for await (const chunk of request) this.bytesReceived += (chunk as Buffer).length;
    } catch {
      // A client that gives up on a scripted failure is fine.
    }
  }

  private async readAll(request: http.IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  private commonHeaders(): http.OutgoingHttpHeaders {
    return { "x-cos-request-id": `fake-cos-${++this.requestCounter}`, server: "tencent-cos" };
  }

  private sendXml(response: http.ServerResponse, xml: string): void {
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
    response
      .writeHead(200, {
        ...this.commonHeaders(),
        "content-type": "application/xml",
        "content-length": Buffer.byteLength(body),
      })
      .end(body);
  }

  private sendError(response: http.ServerResponse, status: number, code: string, message: string): void {
    const headers = this.commonHeaders();
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>${String(headers["x-cos-request-id"])}</RequestId></Error>`;
    response.writeHead(status, {
      ...headers,
      "content-type": "application/xml",
      "content-length": Buffer.byteLength(body),
    });
    // HEAD responses carry no body; Node drops it anyway, ending keeps the socket reusable.
    response.end(body);
  }
}

/** COS error codes typically sent with each status. */
const ERROR_CODES: Readonly<Record<number, string>> = {
  400: "InvalidRequest",
  403: "AccessDenied",
  404: "NoSuchKey",
  429: "SlowDown",
  500: "InternalError",
  503: "ServiceUnavailable",
};

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function unescapeXml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
