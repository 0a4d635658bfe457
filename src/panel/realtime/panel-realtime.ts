import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { WebSocket } from 'ws';
import { EventBus } from '../../core/realtime/event-bus';
import { sendFrame, WsRouter } from '../../core/realtime/ws-router';
import { PanelAuthService } from '../auth/panel-auth.service';

export const PANEL_WS_PATH = '/ws';
const PANEL_CHANNEL = 'panel';
const CLOSE_UNAUTHENTICATED = 4401;

/** With several instances, only the one leading this role reports what the shared bridges (QQ, WeChat) say. */
export const BRIDGE_REPORTER_ROLE = 'panel-bridge-reporter';

export type PanelFrameType = 'napcat-status' | 'wechat-status' | 'event' | 'wechat-event' | 'log-entry';

/**
 * `/ws?token=<panel JWT>`: every panel client gets `{type, data}` frames as things happen, on whichever instance
 * they happened (the event bus carries them). Each frame is serialised once for all sockets.
 */
@Injectable()
export class PanelRealtime implements OnModuleInit {
  private readonly logger = new Logger('PanelRealtime');
  private readonly sockets = new Set<WebSocket>();

  constructor(
    private readonly router: WsRouter,
    private readonly bus: EventBus,
    private readonly auth: PanelAuthService,
  ) {}

  onModuleInit(): void {
    this.router.register(PANEL_WS_PATH, (socket, _params, request) => {
      const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
      if (!token || !this.auth.verify(token)) {
        socket.close(CLOSE_UNAUTHENTICATED, 'invalid_token');
        return;
      }
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.bus.subscribe(PANEL_CHANNEL, (message) => {
      const frame = JSON.stringify({ type: message.type, data: message.payload });
      for (const socket of this.sockets) sendFrame(socket, frame);
    });
  }

  broadcast(type: PanelFrameType, data: unknown): void {
    this.bus.publish(PANEL_CHANNEL, type, data).catch((error: unknown) => this.logger.warn({ err: error, type }, 'Could not publish a panel frame'));
  }

  get connectedClients(): number {
    return this.sockets.size;
  }
}
