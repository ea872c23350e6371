/**
 * Fake COS for verify, virtual-host style as cos-nodejs-sdk-v5 sends it with `Domain: "{Bucket}.<cos domain>"`:
 * GET Bucket logging, HEAD Bucket (with `x-cos-bucket-region`), GET Bucket (list: prefix, marker, max-keys) and GET
 * Object, answering with COS's XML bodies and error documents. Requests must carry a COS signature; credentials can be
 * made to expire; the next N calls of an operation can fail with a status and code.
 */
import * as http from "node:http";
import { FakeObjectStore } from "./object-store";

export type VerifyCosOperation = "GetBucketLogging" | "HeadBucket" | "GetBucket" | "GetObject";

export class FakeVerifyCos extends FakeObjectStore<VerifyCosOperation> {
  private counter = 0;

  /** `cos.verify.test:<port>`, the value of TENCENTCLOUD_COS_DOMAIN. */
  get cosDomain(): string {
    return `cos.verify.test:${this.hostPort.split(":")[1]}`;
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
    const fault = this.nextFault(operation);
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
        const maxKeys = Number(url.searchParams.get("max-keys") ?? 1000);
        const { keys: page, truncated } = this.listPage(bucket, prefix, marker, maxKeys);
        const contents = page
          .map((k) => {
            const o = bucket.objects.get(k)!;
            return `<Contents><Key>${escapeXml(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>"0"</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
          })
          .join("");
        return this.xml(
          response,
          `<ListBucketResult><Name>${bucketName}</Name><Prefix>${escapeXml(prefix)}</Prefix><Marker>${escapeXml(marker)}</Marker><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}</ListBucketResult>`,
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
