import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface HookCall {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export type HookAnswer = { status: number; body?: unknown };

/**
 * A local HTTP server standing in for what webhook stages call: it records every request and answers with
 * what the test scripted per path (200 `{ok: true}` by default).
 */
export class HookServer {
  readonly calls: HookCall[] = [];
  private readonly scripts = new Map<string, HookAnswer[]>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<HookServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const hooks = new HookServer(server, (server.address() as AddressInfo).port);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const path = request.url ?? '/';
        hooks.calls.push({ method: request.method ?? 'GET', path, headers: request.headers, body: text ? JSON.parse(text) : null });
        const answer = hooks.scripts.get(path)?.shift() ?? { status: 200, body: { ok: true, path } };
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(answer.body ?? {}));
      });
    });
    return hooks;
  }

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  url(path: string): string {
    return `http://${this.host}${path}`;
  }

  /** The next answers for `path`, in order; after them, 200 again. */
  script(path: string, ...answers: HookAnswer[]): void {
    this.scripts.set(path, answers);
  }

  callsTo(path: string): HookCall[] {
    return this.calls.filter((call) => call.path === path);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
