import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { match, MatchFunction } from 'path-to-regexp';
import { WebSocket, WebSocketServer } from 'ws';

export type WsRouteHandler = (socket: WebSocket, params: Record<string, string>, request: IncomingMessage) => void | Promise<void>;

const HEARTBEAT_MS = 30_000;
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;
const CLOSE_GRACE_MS = 1_000;
/** A client that lets this much pile up unread is cut off rather than letting memory grow. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * WebSocket routes with path parameters on the HTTP server's own port (`/ws/board/:boardId/sync`, …):
 * upgrades are matched by path, unknown paths are refused, and every socket is pinged so dead ones close.
 */
@Injectable()
export class WsRouter implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('WsRouter');
  private readonly routes: Array<{ match: MatchFunction<Record<string, string>>; handler: WsRouteHandler; wss: WebSocketServer }> = [];
  /** One server per frame-size limit (most routes take 1 MiB; a proxy may need more). */
  private readonly servers = new Map<number, WebSocketServer>();
  private readonly alive = new WeakSet<WebSocket>();
  private heartbeat?: NodeJS.Timeout;
  private attached = false;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  register(path: string, handler: WsRouteHandler, options: { maxPayload?: number } = {}): void {
    const maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    let wss = this.servers.get(maxPayload);
    if (!wss) {
      wss = new WebSocketServer({ noServer: true, maxPayload });
      this.servers.set(maxPayload, wss);
    }
    this.routes.push({ match: match<Record<string, string>>(path, { decode: decodeURIComponent }), handler, wss });
    this.attach();
  }

  private attach(): void {
    if (this.attached) return;
    this.attached = true;
    const server: Server = this.adapterHost.httpAdapter.getHttpServer();
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head));
    this.heartbeat = setInterval(() => this.sweep(), HEARTBEAT_MS).unref();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    for (const route of this.routes) {
      const found = route.match(path);
      if (!found) continue;
      route.wss.handleUpgrade(request, socket, head, (ws) => {
        this.alive.add(ws);
        ws.on('pong', () => this.alive.add(ws));
        Promise.resolve(route.handler(ws, found.params, request)).catch((error) => {
          this.logger.error({ err: error, path }, 'WebSocket handler failed');
          ws.close(1011, 'Internal error');
        });
      });
      return;
    }
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  }

  private sweep(): void {
    for (const ws of this.clients()) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }

  /** Upgraded sockets would hold the HTTP server open until the drain timeout: they are closed first. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    const open = [...this.clients()];
    for (const ws of open) ws.close(1001, 'Server shutting down');
    const closed = Promise.all(open.map((ws) => (ws.readyState === WebSocket.CLOSED ? undefined : new Promise((done) => ws.once('close', done)))));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((done) => (timer = setTimeout(done, CLOSE_GRACE_MS)))]);
    clearTimeout(timer);
    for (const ws of this.clients()) ws.terminate();
  }

  onApplicationShutdown(): void {
    for (const wss of this.servers.values()) wss.close();
  }

  private *clients(): Iterable<WebSocket> {
    for (const wss of this.servers.values()) yield* wss.clients;
  }
}

/**
 * Sends a frame (an object, or one already serialised for many sockets) unless the client is too far
 * behind, in which case it is disconnected.
 */
export function sendFrame(socket: WebSocket, frame: unknown): void {
  if (socket.readyState !== WebSocket.OPEN) return;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    socket.close(1013, 'Too slow to keep up');
    return;
  }
  socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
}
