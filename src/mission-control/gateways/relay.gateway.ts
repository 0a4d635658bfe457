import type { IncomingMessage } from 'node:http';
import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { Repository } from 'typeorm';
import type { WebSocket } from 'ws';
import { hashToken, safeEqual } from '../../core/auth/tokens';
import { AppConfig } from '../../core/config/app-config';
import { EventBus } from '../../core/realtime/event-bus';
import { FirstFrameReader, parseJsonFrame } from '../../core/realtime/first-frame';
import { sendFrame, WsRouter } from '../../core/realtime/ws-router';
import { GatewayEntity } from './entities/gateway.entity';
import { LINK_DOWN_EVENT } from './gateway-links.service';
import { GatewayStatusService } from './gateway-status.service';
import { GatewayTelemetryService } from './gateway-telemetry.service';
import { ConnectorFrame } from './links/relay-frames';
import { RelayHub } from './links/relay-hub';
import { LiveConnectionsService } from './live-connections.service';

export const RELAY_PATH = '/ws/gateway/:gatewayId/relay';
export const AUTH_TIMEOUT_MS = 10_000;

const CLOSE_UNAUTHENTICATED = 4401;
const CLOSE_NOT_FOUND = 4404;

/**
 * `/ws/gateway/{gateway_id}/relay`: a registered gateway's connector dials in, authenticates with its relay
 * token, then carries our calls to its gateway (`rpc` → `rpc_result`) and pushes the gateway's chat events.
 */
@Injectable()
export class RelayGateway implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('RelayGateway');
  private shuttingDown = false;

  constructor(
    private readonly router: WsRouter,
    @InjectRepository(GatewayEntity) private readonly gateways: Repository<GatewayEntity>,
    private readonly hub: RelayHub,
    private readonly status: GatewayStatusService,
    private readonly telemetry: GatewayTelemetryService,
    private readonly live: LiveConnectionsService,
    private readonly bus: EventBus,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.router.register(RELAY_PATH, (socket, params, request) => this.accept(socket, params.gatewayId, request));
  }

  /** Relays this instance holds are marked gone while the database is still open; their sockets close later. */
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    await this.gateways.update({ relayInstanceId: this.bus.instanceId }, { relayConnectedAt: null, relayInstanceId: null }).catch(() => undefined);
  }

  private async accept(socket: WebSocket, gatewayId: string, request: IncomingMessage): Promise<void> {
    const reader = new FirstFrameReader(socket);
    const first = await reader.read(AUTH_TIMEOUT_MS);
    if (first.kind === 'closed') return;
    const frame = first.kind === 'frame' ? first.frame : undefined;
    const payload = frame?.payload as { relay_token?: unknown } | undefined;
    if (frame?.type !== 'auth' || typeof payload?.relay_token !== 'string') return this.refuse(socket, 'auth_required', CLOSE_UNAUTHENTICATED);

    const gateway = isUUID(gatewayId)
      ? await this.gateways.findOne({ where: { id: gatewayId }, select: { id: true, organizationId: true, name: true, relayTokenHash: true, heartbeatIntervalSeconds: true } })
      : null;
    if (!gateway) return this.refuse(socket, 'unknown_gateway', CLOSE_NOT_FOUND);
    if (!gateway.relayTokenHash || !safeEqual(gateway.relayTokenHash, hashToken(payload.relay_token))) {
      return this.refuse(socket, 'invalid_token', CLOSE_UNAUTHENTICATED);
    }

    this.hub.attach(gateway.id, socket);
    await this.gateways.update({ id: gateway.id }, { relayConnectedAt: new Date(), relayInstanceId: this.bus.instanceId });
    const connectionId = await this.live.open({ kind: 'relay', organizationId: gateway.organizationId, gatewayId: gateway.id, remoteAddress: request.socket.remoteAddress });
    socket.once('close', () => void this.closed(gateway.id, socket, connectionId));
    await this.status.heartbeat(gateway.id);
    sendFrame(socket, {
      type: 'auth_ok',
      payload: {
        gateway_id: gateway.id,
        config: { heartbeat_interval_seconds: gateway.heartbeatIntervalSeconds, rpc_timeout_ms: this.config.gateways.rpcTimeoutMs },
      },
    });
    this.logger.log({ gatewayId: gateway.id }, 'Relay connected');
    reader.handOver((text) => void this.onFrame(gateway.id, socket, text));
  }

  private async onFrame(gatewayId: string, socket: WebSocket, text: string): Promise<void> {
    const frame = parseJsonFrame(text) as ConnectorFrame | undefined;
    switch (frame?.type) {
      case 'rpc_result':
        if (typeof frame.id === 'string' && frame.payload) this.hub.settle(gatewayId, frame.id, frame.payload);
        return;
      case 'event':
        if (typeof frame.payload?.event === 'string') this.hub.publishEvent(gatewayId, frame.payload);
        return;
      case 'status':
        if (frame.payload?.gateway_connected === false) this.hub.publishEvent(gatewayId, { event: LINK_DOWN_EVENT, data: { reason: 'the connector lost its gateway' } });
        if (typeof frame.payload?.rtt_ms === 'number') this.telemetry.callSucceeded(gatewayId, frame.payload.rtt_ms);
        await this.status.heartbeat(gatewayId, {
          upstreamConnected: typeof frame.payload?.gateway_connected === 'boolean' ? frame.payload.gateway_connected : null,
          version: typeof frame.payload?.gateway_version === 'string' ? frame.payload.gateway_version.slice(0, 64) : null,
        });
        return;
      case 'heartbeat':
        sendFrame(socket, { type: 'heartbeat_ack', id: frame.id });
        return;
      case 'heartbeat_ack':
        return;
      default:
        sendFrame(socket, { type: 'error', payload: { code: 'BAD_FRAME', message: 'Expected rpc_result, event, status or heartbeat' } });
    }
  }

  private async closed(gatewayId: string, socket: WebSocket, connectionId: string): Promise<void> {
    this.hub.detach(gatewayId, socket);
    this.hub.publishEvent(gatewayId, { event: LINK_DOWN_EVENT, data: { reason: 'the relay connection closed' } });
    await this.live.close(connectionId);
    if (!this.shuttingDown && !this.hub.holds(gatewayId)) {
      await this.gateways
        .update({ id: gatewayId, relayInstanceId: this.bus.instanceId }, { relayConnectedAt: null, relayInstanceId: null })
        .catch((error: unknown) => this.logger.warn({ err: error, gatewayId }, 'Could not record the relay closing'));
    }
    this.logger.log({ gatewayId }, 'Relay disconnected');
  }

  private refuse(socket: WebSocket, reason: string, code: number): void {
    sendFrame(socket, { type: 'auth_error', payload: { reason } });
    socket.close(code, reason);
  }
}
