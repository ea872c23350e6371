/**
 * Fake BOS for verify, path style as @baiducloud/sdk sends it to an IP endpoint (`/v1/<bucket>?logging`,
 * `?location`, list with prefix/marker/maxKeys), answering with BOS's JSON bodies and error documents. Requests must
 * carry a `bce-auth-v1` signature; the next N calls of an operation can fail.
 */
import * as http from "node:http";
import { FakeObjectStore } from "./object-store";

export type BosOperation = "GetBucketLogging" | "GetBucketLocation" | "ListObjects";

export class FakeBos extends FakeObjectStore<BosOperation> {
  private counter = 0;

  /** `http://127.0.0.1:<port>`, the value of --bos-endpoint. */
  get endpoint(): string {
    return `http://${this.hostPort}`;
  }

  protected async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    for await (const chunk of request) void chunk;
    const url = new URL(request.url ?? "/", "http://fake");
    const [bucketName = "", ...rest] = url.pathname
      .replace(/^\/v1\//, "/")
      .slice(1)
      .split("/");
    const operation: BosOperation | undefined =
      request.method !== "GET" || rest.join("/") !== ""
        ? undefined
        : url.searchParams.has("logging")
          ? "GetBucketLogging"
          : url.searchParams.has("location")
            ? "GetBucketLocation"
            : "ListObjects";
    if (!operation || bucketName === "")
      return this.error(response, 400, "InvalidRequest", `unsupported ${request.url}`);
    const token = request.headers["x-bce-security-token"];
    this.requests.push({ operation, bucket: bucketName, ...(typeof token === "string" ? { token } : {}) });
    if (!String(request.headers.authorization ?? "").startsWith("bce-auth-v1/"))
      return this.error(response, 403, "AccessDenied", "missing BCE signature");
    if (this.expiredCredentials)
      return this.error(response, 403, "InvalidSessionToken", "The session token has expired.");
    const fault = this.nextFault(operation);
    if (fault) return this.error(response, fault.status, fault.code, "scripted failure");
    const bucket = this.buckets.get(bucketName);
    if (!bucket) return this.error(response, 404, "NoSuchBucket", "The specified bucket does not exist.");
    if (operation === "GetBucketLogging")
      return this.json(response, bucket.logging ? { status: "enabled", ...bucket.logging } : { status: "disabled" });
    if (operation === "GetBucketLocation") return this.json(response, { locationConstraint: bucket.region });
    const prefix = url.searchParams.get("prefix") ?? "";
    const marker = url.searchParams.get("marker") ?? "";
    const maxKeys = Number(url.searchParams.get("maxKeys") ?? 1000);
    const { keys: page, truncated } = this.listPage(bucket, prefix, marker, maxKeys);
    return this.json(response, {
      name: bucketName,
      prefix,
      marker,
      maxKeys,
      isTruncated: truncated,
      contents: page.map((key) => ({
        key,
        lastModified: bucket.objects
          .get(key)!
          .lastModified.toISOString()
          .replace(/\.\d{3}Z$/, "Z"),
        eTag: "0",
        size: 100,
        storageClass: "STANDARD",
        owner: { id: "owner", displayName: "owner" },
      })),
    });
  }

  private json(response: http.ServerResponse, value: object): void {
    const body = JSON.stringify(value);
    response
      .writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(body),
        "x-bce-request-id": `fake-bos-${++this.counter}`,
      })
      .end(body);
  }

  private error(response: http.ServerResponse, status: number, code: string, message: string): void {
    const requestId = `fake-bos-${++this.counter}`;
    const body = JSON.stringify({ code, message, requestId });
    response
      .writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(body),
        "x-bce-request-id": requestId,
      })
      .end(body);
  }
}
