import type { IncomingMessage } from 'node:http';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import WebSocket, { RawData } from 'ws';
import { bearerTokenOf, safeEqual } from '../../core/auth/tokens';
import { AppConfig } from '../../core/config/app-config';
import { MAX_BUFFERED_BYTES, WsRouter } from '../../core/realtime/ws-router';

export const ONEBOT_PROXY_PATH = '/onebot';
export const CLOSE_UNAUTHENTICATED = 4401;
/** Frames a client may send before the upstream socket is open; past this the pair is closed. */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
/** NapCat accepts frames up to 50 MB (base64 images); the proxy must not cut them at the router's usual 1 MiB. */
const ONEBOT_MAX_FRAME_BYTES = 50 * 1024 * 1024;
const UPSTREAM_OPEN_TIMEOUT_MS = 10_000;

interface Frame {
  data: RawData;
  binary: boolean;
}

/** A close code a peer may send (1005, 1006 and 1015 are reserved for reporting only). */
function sendableCode(code: number): number {
  if (code === 1005) return 1000;
  if (code === 1006 || code === 1015) return 1001;
  if ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999)) return code;
  return 1000;
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

/**
 * `/onebot`: NapCat's OneBot 11 WebSocket for an OpenClaw on the host. The client must present the OneBot access
 * token (`Authorization: Bearer` or `?access_token=`; without ONEBOT_ACCESS_TOKEN configured every client is
 * refused); each client gets its own upstream socket to ONEBOT_WS_URL, frames are relayed both ways in order (those
 * sent before the upstream is open are held, not dropped, text stays text and binary binary) and the two sockets
 * close together.
 */
@Injectable()
export class OneBotProxy implements OnModuleInit {
  private readonly logger = new Logger('OneBotProxy');

  constructor(
    private readonly router: WsRouter,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.router.register(ONEBOT_PROXY_PATH, (socket, _params, request) => this.accept(socket, request), { maxPayload: ONEBOT_MAX_FRAME_BYTES });
  }

  private authorized(request: IncomingMessage): boolean {
    const expected = this.config.panel.onebot.accessToken;
    if (!expected) return false;
    const given = bearerTokenOf(request.headers) ?? new URL(request.url ?? '/', 'http://localhost').searchParams.get('access_token') ?? '';
    return given.length > 0 && safeEqual(given, expected);
  }

  private accept(client: WebSocket, request: IncomingMessage): void {
    if (!this.authorized(request)) {
      // what NapCat itself answers a wrong token with, so OneBot clients report it the way they know
      const reason = this.config.panel.onebot.accessToken ? 'access token refused' : 'ONEBOT_ACCESS_TOKEN is not configured on the panel';
      client.send(JSON.stringify({ status: 'failed', retcode: 1403, data: null, message: reason, wording: reason, echo: null }));
      client.close(CLOSE_UNAUTHENTICATED, 'invalid_token');
      this.logger.warn(`refused a /onebot client from ${request.socket.remoteAddress ?? '?'}: ${reason}`);
      return;
    }
    const { url, accessToken } = this.config.panel.onebot;
    const upstream = new WebSocket(url, {
      headers: { authorization: `Bearer ${accessToken}` },
      perMessageDeflate: false,
      handshakeTimeout: UPSTREAM_OPEN_TIMEOUT_MS,
    });
    const queue: Frame[] = [];
    let queuedBytes = 0;
    let finished = false;

    const finish = (code: number, reason: string) => {
      if (finished) return;
      finished = true;
      queue.length = 0;
      for (const socket of [client, upstream]) {
        if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
        else if (socket.readyState === WebSocket.OPEN) socket.close(sendableCode(code), reason.slice(0, 120));
      }
    };

    client.on('message', (data, binary) => {
      if (finished) return;
      if (upstream.readyState === WebSocket.OPEN) {
        upstream.send(data, { binary });
        return;
      }
      queuedBytes += byteLength(data);
      if (queuedBytes > MAX_QUEUED_BYTES) {
        finish(1013, 'too much sent before NapCat answered');
        return;
      }
      queue.push({ data, binary });
    });
    upstream.on('open', () => {
      for (const frame of queue.splice(0)) upstream.send(frame.data, { binary: frame.binary });
      queuedBytes = 0;
    });
    upstream.on('message', (data, binary) => {
      if (finished || client.readyState !== WebSocket.OPEN) return;
      if (client.bufferedAmount > MAX_BUFFERED_BYTES) {
        finish(1013, 'client too slow to keep up');
        return;
      }
      client.send(data, { binary });
    });
    upstream.on('error', (error) => {
      if (upstream.readyState !== WebSocket.OPEN) this.logger.warn(`OneBot upstream ${url} unavailable for a /onebot client: ${error.message}`);
    });
    upstream.on('unexpected-response', (_request, response) => {
      this.logger.warn(`OneBot upstream ${url} refused the upgrade (HTTP ${response.statusCode})`);
      finish(1011, 'NapCat OneBot refused the connection');
    });
    client.on('error', () => undefined);
    upstream.once('close', (code, reason) => finish(code === 1006 ? 1011 : code, reason.toString() || 'NapCat OneBot closed'));
    client.once('close', (code, reason) => finish(code, reason.toString()));
  }
}
