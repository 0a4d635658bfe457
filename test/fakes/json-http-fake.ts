import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

export type JsonHandler = (request: IncomingMessage, url: URL) => { status: number; body: unknown; headers?: Record<string, string> };

/**
 * A small HTTP server answering JSON on a real loopback socket; `stop()` / `start()` take it away and
 * bring it back on the same port (the "registry goes away and comes back" cases).
 */
export class JsonHttpFake {
  /** Every request path (with query), in order. */
  readonly requests: string[] = [];
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private port_ = 0;

  constructor(private readonly handler: JsonHandler) {}

  get port(): number {
    return this.port_;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port_}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((request, response) => this.handle(request, response));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port_, '127.0.0.1', () => resolve());
    });
    this.port_ = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.url);
    this.requests.push(`${url.pathname}${url.search}`);
    const { status, body, headers } = this.handler(request, url);
    response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  }
}
