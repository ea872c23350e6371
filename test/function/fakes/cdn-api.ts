/**
 * Fake Tencent Cloud API endpoint for the CDN action DescribeCdnDomainLogs. It accepts the real
 * SDK's signed POST JSON requests (it checks their shape, not the signature), answers with the
 * real response envelopes, paginates by Offset/Limit, filters by time window and area, and can
 * fail the next N calls with an API error or an HTTP status.
 */
import * as http from "node:http";
import { LoopbackServer } from "./loopback-server";

export interface FakeDomainLog {
  StartTime: string;
  EndTime: string;
  LogPath: string;
  Area: "mainland" | "overseas";
  LogName: string;
  FileSize: number | null;
}

export interface RecordedCdnRequest {
  readonly action: string | undefined;
  readonly version: string | undefined;
  readonly authorization: string | undefined;
  readonly token: string | undefined;
  readonly body: Record<string, unknown>;
}

export type CdnFault =
  | { readonly kind: "api"; readonly code: string; readonly message: string }
  | { readonly kind: "http"; readonly status: number };

export const THROTTLED: CdnFault = {
  kind: "api",
  code: "RequestLimitExceeded",
  message:
    "Your current request times equals to `21` in a second, which exceeds the frequency limit `20` for a second.",
};

export class FakeCdnApi extends LoopbackServer {
  private readonly logs = new Map<string, FakeDomainLog[]>();
  private readonly faults: CdnFault[] = [];
  private requestCounter = 0;
  readonly requests: RecordedCdnRequest[] = [];

  /** `host:port`, the form BACKUP_CDN_ENDPOINT takes. */
  get endpoint(): string {
    return this.hostPort;
  }

  /** Replaces the packages of `domain` (both areas). */
  setLogs(domain: string, entries: readonly FakeDomainLog[]): void {
    this.logs.set(domain, [...entries]);
  }

  /** Fails the next `times` DescribeCdnDomainLogs calls with `fault`. */
  failNext(fault: CdnFault, times = 1): void {
    for (let i = 0; i < times; i += 1) this.faults.push(fault);
  }

  /** Requests whose body asked for `domain` (and `area`, if given). */
  requestsFor(domain: string, area?: string): RecordedCdnRequest[] {
    return this.requests.filter((r) => r.body.Domain === domain && (area === undefined || r.body.Area === area));
  }

  protected async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const header = (name: string): string | undefined => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
    } catch {
      // Recorded with an empty body; answered below as a malformed request.
    }
    const recorded: RecordedCdnRequest = {
      action: header("x-tc-action"),
      version: header("x-tc-version"),
      authorization: header("authorization"),
      token: header("x-tc-token"),
      body,
    };
    this.requests.push(recorded);
    const requestId = `fake-cdn-${++this.requestCounter}`;
    const reply = (payload: unknown): void => {
      response
        .writeHead(200, { "content-type": "application/json", "x-tc-traceid": requestId })
        .end(JSON.stringify(payload));
    };
    const error = (code: string, message: string): void =>
      reply({ Response: { Error: { Code: code, Message: message }, RequestId: requestId } });

    if (request.method !== "POST" || !(header("content-type") ?? "").startsWith("application/json")) {
      error("InvalidParameter", "expected a POST with a JSON body");
      return;
    }
    if (!(recorded.authorization ?? "").startsWith("TC3-HMAC-SHA256 Credential=")) {
      error("AuthFailure.SignatureFailure", "missing TC3-HMAC-SHA256 signature");
      return;
    }
    if (recorded.action !== "DescribeCdnDomainLogs" || recorded.version !== "2018-06-06") {
      error(
        "InvalidAction",
        `action ${String(recorded.action)} version ${String(recorded.version)} is not served by this fake`,
      );
      return;
    }

    const fault = this.faults.shift();
    if (fault?.kind === "http") {
      response.writeHead(fault.status, { "content-type": "text/plain" }).end("scripted failure");
      return;
    }
    if (fault?.kind === "api") {
      error(fault.code, fault.message);
      return;
    }

    const { Domain, StartTime, EndTime } = body;
    const offset = body.Offset === undefined ? 0 : body.Offset;
    const limit = body.Limit === undefined ? 100 : body.Limit;
    const area = body.Area === undefined ? "mainland" : body.Area;
    if (typeof Domain !== "string" || typeof StartTime !== "string" || typeof EndTime !== "string") {
      error("MissingParameter", "Domain, StartTime and EndTime are required");
      return;
    }
    if (typeof offset !== "number" || offset < 0 || typeof limit !== "number" || limit < 1 || limit > 1000) {
      error("InvalidParameter.CdnParamError", "Offset must be >= 0 and Limit within 1..1000");
      return;
    }
    if (area !== "mainland" && area !== "overseas" && area !== "global") {
      error("InvalidParameter.CdnParamError", `unknown Area ${String(area)}`);
      return;
    }
    // Both bounds are Beijing wall-clock strings in the same fixed format, so string order is
    // time order.
    const matching = (this.logs.get(Domain) ?? []).filter(
      (entry) =>
        (area === "global" || entry.Area === area) && entry.StartTime >= StartTime && entry.StartTime <= EndTime,
    );
    reply({
      Response: {
        DomainLogs: matching.slice(offset, offset + limit),
        TotalCount: matching.length,
        RequestId: requestId,
      },
    });
  }
}
