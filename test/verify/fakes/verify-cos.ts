/**
 * Fake COS for verify, virtual-host style as cos-nodejs-sdk-v5 sends it with `Domain: "{Bucket}.<cos domain>"`:
 * GET Bucket logging, HEAD Bucket (with `x-cos-bucket-region`), GET Bucket (list: prefix, marker, max-keys) and GET
 * Object, answering with COS's XML bodies and error documents. Requests must carry a COS signature; credentials can be
 * made to expire; the next N calls of an operation can fail with a status and code.
 */
import * as http from "node:http";
import { LoopbackServer } from "../../function/fakes/loopback-server";

export type VerifyCosOperation = "GetBucketLogging" | "HeadBucket" | "GetBucket" | "GetObject";

interface FakeBucket {
  region: string;
  logging?: { targetBucket: string; targetPrefix: string };
  objects: Map<string, { body: string; lastModified: Date }>;
}

export class FakeVerifyCos extends LoopbackServer {
  readonly buckets = new Map<string, FakeBucket>();
  readonly requests: { operation: VerifyCosOperation; bucket: string; host: string }[] = [];
  private readonly faults = new Map<VerifyCosOperation, { status: number; code: string }[]>();
  /** When set, every request is refused as COS refuses an expired temporary key. */
  expiredCredentials = false;
  private counter = 0;

  /** `cos.verify.test:<port>`, the value of TENCENTCLOUD_COS_DOMAIN. */
  get cosDomain(): string {
    return `cos.verify.test:${this.hostPort.split(":")[1]}`;
  }

  bucket(name: string, region: string): FakeBucket {
    const bucket = this.buckets.get(name) ?? { region, objects: new Map() };
    bucket.region = region;
    this.buckets.set(name, bucket);
    return bucket;
  }

  putObject(bucket: string, key: string, lastModified: Date, body = "log line\n"): void {
    this.buckets.get(bucket)!.objects.set(key, { body, lastModified });
  }

  failNext(operation: VerifyCosOperation, status: number, code: string, times = 1): void {
    const queue = this.faults.get(operation) ?? [];
    for (let i = 0; i < times; i++) queue.push({ status, code });
    this.faults.set(operation, queue);
  }

  /** Forgets recorded requests and queued faults. */
  reset(): void {
    this.requests.length = 0;
    this.faults.clear();
  }

  count(operation?: VerifyCosOperation): number {
    return this.requests.filter((r) => operation === undefined || r.operation === operation).length;
  }

  protected async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    for await (const chunk of request) void chunk;
    const host = (request.headers.host ?? "").split(":")[0];
    const bucketName = host.endsWith(".cos.verify.test") ? host.slice(0, -".cos.verify.test".length) : "";
    const url = new URL(request.url ?? "/", "http://fake");
    const key = decodeURIComponent(url.pathname.slice(1));
    const operation: VerifyCosOperation | undefined =
      request.method === "HEAD" && key === ""
        ? "HeadBucket"
        : request.method === "GET" && key === "" && url.searchParams.has("logging")
          ? "GetBucketLogging"
          : request.method === "GET" && key === ""
            ? "GetBucket"
            : request.method === "GET"
              ? "GetObject"
              : undefined;
    if (operation === undefined || bucketName === "")
      return this.error(response, 400, "InvalidRequest", `unsupported ${request.method} ${request.url}`);
    this.requests.push({ operation, bucket: bucketName, host });
    if (!String(request.headers.authorization ?? "").startsWith("q-sign-algorithm=sha1"))
      return this.error(response, 403, "AccessDenied", "missing COS signature");
    if (this.expiredCredentials)
      return this.error(response, 400, "InvalidToken", "The provided token has expired.", 403);
    const fault = this.faults.get(operation)?.shift();
    if (fault) return this.error(response, fault.status, fault.code, "scripted failure");
    const bucket = this.buckets.get(bucketName);
    if (!bucket) return this.error(response, 404, "NoSuchBucket", "The specified bucket does not exist.");
    switch (operation) {
      case "HeadBucket":
        response.writeHead(200, { ...this.headers(), "x-cos-bucket-region": bucket.region, "content-length": 0 }).end();
        return;
      case "GetBucketLogging":
        return this.xml(
          response,
          bucket.logging
            ? `<BucketLoggingStatus><LoggingEnabled><TargetBucket>${escapeXml(bucket.logging.targetBucket)}</TargetBucket><TargetPrefix>${escapeXml(bucket.logging.targetPrefix)}</TargetPrefix></LoggingEnabled></BucketLoggingStatus>`
            : "<BucketLoggingStatus></BucketLoggingStatus>",
        );
      case "GetBucket": {
        const prefix = url.searchParams.get("prefix") ?? "";
        const marker = url.searchParams.get("marker") ?? "";
        const maxKeys = Math.min(1000, Number(url.searchParams.get("max-keys") ?? 1000) || 1000);
        const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(prefix) && k > marker).sort();
        const page = keys.slice(0, maxKeys);
        const contents = page
          .map((k) => {
            const o = bucket.objects.get(k)!;
            return `<Contents><Key>${escapeXml(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>"0"</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
          })
          .join("");
        return this.xml(
          response,
          `<ListBucketResult><Name>${bucketName}</Name><Prefix>${escapeXml(prefix)}</Prefix><Marker>${escapeXml(marker)}</Marker><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${keys.length > page.length}</IsTruncated>${contents}</ListBucketResult>`,
        );
      }
      case "GetObject": {
        const object = bucket.objects.get(key);
        if (!object) return this.error(response, 404, "NoSuchKey", "The specified key does not exist.");
        response
          .writeHead(200, {
            ...this.headers(),
            "content-type": "application/json",
            "content-length": Buffer.byteLength(object.body),
            "last-modified": object.lastModified.toUTCString(),
          })
          .end(object.body);
        return;
      }
    }
  }

  private headers(): http.OutgoingHttpHeaders {
    return { "x-cos-request-id": `fake-verify-cos-${++this.counter}`, server: "tencent-cos" };
  }

  private xml(response: http.ServerResponse, xml: string): void {
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
    response
      .writeHead(200, {
        ...this.headers(),
        "content-type": "application/xml",
        "content-length": Buffer.byteLength(body),
      })
      .end(body);
  }

  private error(
    response: http.ServerResponse,
    status: number,
    code: string,
    message: string,
    httpStatus = status,
  ): void {
    const headers = this.headers();
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>${String(headers["x-cos-request-id"])}</RequestId></Error>`;
    response
      .writeHead(httpStatus, {
        ...headers,
        "content-type": "application/xml",
        "content-length": Buffer.byteLength(body),
      })
      .end(body);
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
