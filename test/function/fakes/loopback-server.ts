/**
 * The lifecycle every fake shares: an HTTP server on 127.0.0.1 with an ephemeral port, whose open connections are
 * tracked so `close()` can end them at once (the SDKs keep connections alive, which would hold `server.close` open).
 */
import { once } from "node:events";
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export abstract class LoopbackServer {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  constructor() {
    this.server = http.createServer((request, response) => this.dispatch(request, response));
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  /** Answers one request; failures are the subclass's to report (see {@link dispatch}). */
  protected abstract handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void>;

  /** Runs {@link handle}; a fake that must answer its own crashes overrides this. */
  protected dispatch(request: http.IncomingMessage, response: http.ServerResponse): void {
    void this.handle(request, response);
  }

  async start(): Promise<this> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** `127.0.0.1:<port>`. */
  protected get hostPort(): string {
    return `127.0.0.1:${this.port}`;
  }
}
