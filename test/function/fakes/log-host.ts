/**
 * Fake log download host: serves deterministic package bodies by path with scriptable faults.
 * Bodies are generated on the fly (see content.ts), so multi-GiB packages cost no memory.
 */
import * as http from "node:http";
import { LoopbackServer } from "./loopback-server";
import { bodyChunks } from "./content";

export interface HostedPackage {
  readonly size: number;
  /** Content seed; defaults to the path. Keeping it while growing `size` models an appended file. */
  readonly seed?: string;
  /** Send without Content-Length (chunked transfer encoding). */
  readonly chunked?: boolean;
  /** Answer Range requests with 206 (default true); false ignores Range and sends everything. */
  readonly ranges?: boolean;
  /** Send the body no faster than this (default: as fast as the client reads). */
  readonly bytesPerSecond?: number;
}

export type DownloadFault =
  /** Answer with this status and a short text body. */
  | { readonly kind: "status"; readonly status: number }
  /** Send the headers and `afterBytes` body bytes, then reset the connection (RST). */
  | { readonly kind: "reset"; readonly afterBytes: number }
  /** Announce the full Content-Length, send `afterBytes` bytes, then close cleanly (FIN). */
  | { readonly kind: "truncate"; readonly afterBytes: number }
  /** Serve a complete, well-formed response with only the first `bytes` bytes (a stale copy). */
  | { readonly kind: "short"; readonly bytes: number }
  /** Answer with a redirect (302) to `location`. */
  | { readonly kind: "redirect"; readonly location: string };

export class FakeLogHost extends LoopbackServer {
  private readonly packages = new Map<string, HostedPackage>();
  private readonly faults = new Map<string, DownloadFault[]>();
  private readonly requestCounts = new Map<string, number>();
  private readonly rangeHeaders = new Map<string, string[]>();
  /** Body bytes written to clients, over all requests. */
  bytesServed = 0;
  totalRequests = 0;

  /** `host:port`, the form a test log host takes in BACKUP_EXTRA_LOG_HOSTS. */
  get endpoint(): string {
    return this.hostPort;
  }

  get origin(): string {
    return `http://${this.hostPort}`;
  }

  /**
   * Download link for `path`, with a query string shaped like the CDN's signed links so tests
   * can check that signatures never reach the logs.
   */
  url(path: string): string {
    return `${this.origin}${path}?sign=SIGNATURE-${encodeURIComponent(path)}&t=1767225600`;
  }

  /** Adds or replaces a package (replace with a larger size to model a growing package). */
  put(path: string, hosted: HostedPackage): void {
    this.packages.set(path, hosted);
  }

  /** Queues `fault` for the next `times` requests of `path`. */
  failNext(path: string, fault: DownloadFault, times = 1): void {
    const queue = this.faults.get(path) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.faults.set(path, queue);
  }

  /** Requests received for `path` (faulted and ranged ones included). */
  requests(path: string): number {
    return this.requestCounts.get(path) ?? 0;
  }

  /** Range headers received for `path`, in order. */
  ranges(path: string): string[] {
    return this.rangeHeaders.get(path) ?? [];
  }

  protected async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    this.totalRequests += 1;
    const path = new URL(request.url ?? "/", "http://fake").pathname;
    this.requestCounts.set(path, this.requests(path) + 1);
    const hosted = this.packages.get(path);
    if (request.method !== "GET" || hosted === undefined) {
      response.writeHead(hosted === undefined ? 404 : 405, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const fault = this.faults.get(path)?.shift();
    const seed = hosted.seed ?? path;
    const rangeHeader = request.headers.range;
    if (rangeHeader !== undefined) this.rangeHeaders.set(path, [...this.ranges(path), rangeHeader]);

    if (fault?.kind === "redirect") {
      response.writeHead(302, { location: fault.location, "content-length": 0 }).end();
      return;
    }
    if (fault?.kind === "status") {
      response.writeHead(fault.status, { "content-type": "text/plain" }).end(`scripted ${fault.status}`);
      return;
    }

    // Single ranges only ("bytes=first-last"), which is all the function asks for.
    const range = hosted.ranges === false ? null : /^bytes=(\d+)-(\d+)$/.exec(rangeHeader ?? "");
    let start = 0;
    let end = fault?.kind === "short" ? Math.min(fault.bytes, hosted.size) : hosted.size; // exclusive
    const headers: http.OutgoingHttpHeaders = { "content-type": "application/octet-stream" };
    if (hosted.ranges !== false) headers["accept-ranges"] = "bytes";
    let status = 200;
    if (range !== null) {
      const first = Number(range[1]);
      const last = Math.min(Number(range[2]), hosted.size - 1);
      if (first > last) {
        response.writeHead(416, { "content-range": `bytes */${hosted.size}` }).end();
        return;
      }
      status = 206;
      start = first;
      end = last + 1;
      headers["content-range"] = `bytes ${first}-${last}/${hosted.size}`;
    }
    if (!hosted.chunked || fault?.kind === "truncate" || range !== null) headers["content-length"] = end - start;
    response.writeHead(status, headers);

    const stopAt =
      fault?.kind === "reset" || fault?.kind === "truncate" ? Math.min(start + fault.afterBytes, end) : end;
    const completed = await this.writeBody(response, seed, start, stopAt, hosted.bytesPerSecond);
    if (!completed) return;

    const socket = response.socket;
    if (fault?.kind === "reset") {
      await this.flush(response);
      if (socket !== null) socket.resetAndDestroy();
      return;
    }
    if (fault?.kind === "truncate") {
      await this.flush(response);
      // End the TCP connection without completing the HTTP message.
      socket?.end();
      return;
    }
    response.end();
  }

  /** Streams body bytes [start, end) honouring back-pressure; false if the client went away. */
  private async writeBody(
    response: http.ServerResponse,
    seed: string,
    start: number,
    end: number,
    bytesPerSecond?: number,
  ): Promise<boolean> {
    for (const chunk of bodyChunks(seed, start, end)) {
      if (response.destroyed) return false;
      this.bytesServed += chunk.length;
      if (!response.write(chunk) && !(await drained(response))) return false;
      if (bytesPerSecond !== undefined)
        await new Promise((resolve) => setTimeout(resolve, (chunk.length / bytesPerSecond) * 1000));
    }
    return true;
  }

  /** Resolves once everything written so far has been handed to the kernel. */
  private flush(response: http.ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      if (response.destroyed) resolve();
      else response.write("", () => resolve());
    });
  }
}

/** Waits for 'drain'; false when the response closes first. Listeners are always removed. */
export function drained(stream: NodeJS.WritableStream & { destroyed: boolean }): Promise<boolean> {
  if (stream.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onDrain = (): void => settle(true);
    const onClose = (): void => settle(false);
    const settle = (value: boolean): void => {
      stream.removeListener("drain", onDrain);
      stream.removeListener("close", onClose);
      resolve(value);
    };
    stream.on("drain", onDrain);
    stream.on("close", onClose);
  });
}
