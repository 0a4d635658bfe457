import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { WebSocket } from 'ws';
import type { H5Principal } from '../../core/auth/principal';
import { EventBus } from '../../core/realtime/event-bus';
import { FirstFrameReader, parseJsonFrame } from '../../core/realtime/first-frame';
import { sendFrame, WsRouter } from '../../core/realtime/ws-router';
import { GATEWAY_STATUS_CHANNEL, GatewayStatusChange } from '../gateways/gateway-status.service';
import { LiveConnectionsService } from '../gateways/live-connections.service';
import { H5TokensService } from '../h5/h5-tokens.service';
import { ChatError, errorFrame, h5UserChannel, INVALID_FRAME, parseClientSessionId } from './chat-frames';
import { ChatInput, H5ChatService } from './h5-chat.service';

export const H5_CHAT_PATH = '/ws/h5/chat';
const AUTH_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 30_000;
const MAX_CONTENT_LENGTH = 20_000;
const CLOSE_UNAUTHENTICATED = 4401;

interface Connection {
  socket: WebSocket;
  principal: H5Principal;
  expiresAt: Date;
  agentIds: Set<string>;
}

/**
 * `/ws/h5/chat`: the first frame is `{type: "auth", payload: {token}}` (or the token comes as `?token=`); then
 * `chat` frames go to the assigned agent and its answer streams back. See the API description in /docs.
 */
@Injectable()
export class H5ChatGateway implements OnModuleInit {
  private readonly logger = new Logger('H5ChatGateway');

  constructor(
    private readonly router: WsRouter,
    private readonly tokens: H5TokensService,
    private readonly chat: H5ChatService,
    private readonly live: LiveConnectionsService,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.router.register(H5_CHAT_PATH, (socket, _params, request) => this.accept(socket, request));
  }

  private async accept(socket: WebSocket, request: IncomingMessage): Promise<void> {
    const reader = new FirstFrameReader(socket);
    const queryToken = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
    let token = queryToken;
    if (!token) {
      const first = await reader.read(AUTH_TIMEOUT_MS);
      if (first.kind === 'closed') return;
      const frame = first.kind === 'frame' ? first.frame : undefined;
      const payload = frame?.payload as { token?: unknown } | undefined;
      if (frame?.type !== 'auth' || typeof payload?.token !== 'string') {
        sendFrame(socket, errorFrame('AUTH_REQUIRED', 'Send {"type": "auth", "payload": {"token": "<h5 access token>"}} first'));
        sendFrame(socket, { type: 'auth_error', payload: { reason: 'auth_required' } });
        socket.close(CLOSE_UNAUTHENTICATED, 'auth_required');
        return;
      }
      token = payload.token;
    }
    const verified = await this.tokens.verifyAccess(token).catch(() => undefined);
    if (!verified) {
      sendFrame(socket, { type: 'auth_error', payload: { reason: 'invalid_token' } });
      sendFrame(socket, errorFrame('INVALID_TOKEN', 'The access token is invalid or expired'));
      socket.close(CLOSE_UNAUTHENTICATED, 'invalid_token');
      return;
    }

    const assignments = await this.chat.assignmentsOf(verified.principal);
    const connection: Connection = { socket, ...verified, agentIds: new Set(assignments.map((a) => a.agent_id)) };
    const userId = connection.principal.userId;
    const stopFrames = this.bus.subscribe(h5UserChannel(userId), (message) => sendFrame(socket, message.payload));
    const stopStatus = this.bus.subscribe(GATEWAY_STATUS_CHANNEL, (message) => this.onGatewayStatus(connection, message.type, message.payload as GatewayStatusChange));
    const heartbeat = setInterval(() => sendFrame(socket, { type: 'heartbeat', id: randomUUID() }), HEARTBEAT_MS).unref();
    const connectionId = await this.live.open({ kind: 'h5', organizationId: connection.principal.organizationId, h5UserId: userId, remoteAddress: request.socket.remoteAddress });
    socket.once('close', () => {
      stopFrames();
      stopStatus();
      clearInterval(heartbeat);
      void this.live.close(connectionId);
    });
    sendFrame(socket, { type: 'auth_ok', payload: { user_id: userId, assignments } });
    reader.handOver((text) => void this.onFrame(connection, text));
  }

  private async onFrame(connection: Connection, text: string): Promise<void> {
    const { socket } = connection;
    const frame = parseJsonFrame(text);
    const id = typeof frame?.id === 'string' ? frame.id : undefined;
    switch (frame?.type) {
      case 'heartbeat':
        sendFrame(socket, { type: 'heartbeat', id: id ?? randomUUID() });
        return;
      case 'auth':
        return this.reauthenticate(connection, frame.payload);
      case 'chat':
        break;
      default:
        sendFrame(socket, errorFrame(INVALID_FRAME, 'Expected a chat, heartbeat or auth frame', id));
        return;
    }
    if (connection.expiresAt.getTime() <= Date.now()) {
      sendFrame(socket, errorFrame('INVALID_TOKEN', 'The access token expired: send a new auth frame', id));
      return;
    }
    const parsed = parseChatFrame(id, frame.payload as Record<string, unknown> | undefined);
    if (!parsed.ok) {
      sendFrame(socket, errorFrame(INVALID_FRAME, parsed.problem, id));
      return;
    }
    try {
      await this.chat.send(connection.principal, parsed.input);
    } catch (error) {
      if (error instanceof ChatError) sendFrame(socket, errorFrame(error.code, error.message, id));
      else {
        this.logger.error({ err: error }, 'Chat frame failed');
        sendFrame(socket, errorFrame('AGENT_UNAVAILABLE', 'The message could not be delivered', id));
      }
    }
  }

  /** A fresh access token on an open socket (access tokens live 15 minutes). */
  private async reauthenticate(connection: Connection, payload: unknown): Promise<void> {
    const token = (payload as { token?: unknown } | undefined)?.token;
    const verified = typeof token === 'string' ? await this.tokens.verifyAccess(token).catch(() => undefined) : undefined;
    if (!verified || verified.principal.userId !== connection.principal.userId) {
      sendFrame(connection.socket, { type: 'auth_error', payload: { reason: 'invalid_token' } });
      sendFrame(connection.socket, errorFrame('INVALID_TOKEN', 'The access token is invalid, expired or belongs to someone else'));
      return;
    }
    connection.expiresAt = verified.expiresAt;
    const assignments = await this.chat.assignmentsOf(connection.principal);
    connection.agentIds = new Set(assignments.map((a) => a.agent_id));
    sendFrame(connection.socket, { type: 'auth_ok', payload: { user_id: connection.principal.userId, assignments } });
  }

  private onGatewayStatus(connection: Connection, type: string, change: GatewayStatusChange): void {
    const event = type === 'gateway.offline' ? 'agent_offline' : type === 'gateway.online' ? 'agent_online' : undefined;
    if (!event) return;
    for (const agentId of change.agent_ids) {
      if (connection.agentIds.has(agentId)) sendFrame(connection.socket, { type: 'system', payload: { event, agent_id: agentId } });
    }
  }
}

function parseChatFrame(id: string | undefined, payload: Record<string, unknown> | undefined): { ok: true; input: ChatInput } | { ok: false; problem: string } {
  const refuse = (problem: string) => ({ ok: false as const, problem });
  if (!id || !isUUID(id)) return refuse('A chat frame needs an id (a UUID the client chooses; retrying with the same id never sends twice)');
  if (!payload || typeof payload.agent_id !== 'string' || !isUUID(payload.agent_id)) return refuse('payload.agent_id must be a UUID');
  if (typeof payload.content !== 'string' || payload.content.trim() === '') return refuse('payload.content must be non-empty text');
  if (payload.content.length > MAX_CONTENT_LENGTH) return refuse(`payload.content is longer than ${MAX_CONTENT_LENGTH} characters`);
  const session = parseClientSessionId(payload.session_id);
  if (!session.ok) return refuse(session.problem);
  return { ok: true, input: { id, agent_id: payload.agent_id, content: payload.content, session_id: session.sessionId } };
}
