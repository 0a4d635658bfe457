import { BadGatewayException, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../../core/config/app-config';
import { SecretBox } from '../../core/crypto/secret-box';
import { EventBus } from '../../core/realtime/event-bus';
import {
  CallOptions,
  GatewayAuthError,
  GatewayCaller,
  GatewayRequestError,
  GatewayTimeoutError,
  GatewayUnavailableError,
} from '../../integrations/openclaw-gateway';
import { GatewayEntity } from './entities/gateway.entity';
import { GatewayTelemetryService } from './gateway-telemetry.service';
import { DirectLinkPool } from './links/direct-link-pool';
import { GatewayEventMessage, gatewayEventChannel } from './links/relay-frames';
import { RelayHub } from './links/relay-hub';

export type GatewayEventHandler = (event: string, payload: unknown) => void;

/** The pseudo-event a link reports when the way to the gateway broke (socket closed, connector lost its gateway). */
export const LINK_DOWN_EVENT = 'link.down';

/** A way to one gateway right now: its methods and its pushed events. */
export interface GatewayLink extends GatewayCaller {
  readonly via: 'direct' | 'relay';
  readonly gatewayId: string;
  onEvent(handler: GatewayEventHandler): () => void;
}

/**
 * Reaches a gateway the best way available: its own URL when it is reachable with a stored token, else the
 * relay its connector holds (on this or another instance). Every call is timed and failures are counted.
 */
@Injectable()
export class GatewayLinksService {
  constructor(
    @InjectRepository(GatewayEntity) private readonly gateways: Repository<GatewayEntity>,
    private readonly direct: DirectLinkPool,
    private readonly relays: RelayHub,
    private readonly bus: EventBus,
    private readonly secrets: SecretBox,
    private readonly telemetry: GatewayTelemetryService,
    private readonly config: AppConfig,
  ) {}

  /** Throws GatewayUnavailableError (or GatewayAuthError when the gateway refuses our token). */
  async link(gatewayId: string): Promise<GatewayLink> {
    const gateway = await this.gateways.findOne({ where: { id: gatewayId }, select: { id: true, name: true, url: true, tokenSealed: true, relayConnectedAt: true, relayInstanceId: true } });
    if (!gateway) throw new GatewayUnavailableError('The gateway no longer exists');
    if (gateway.url && gateway.tokenSealed) {
      const client = await this.direct
        .connected(gateway.id, gateway.url, this.secrets.open(gateway.tokenSealed), this.config.gateways.connectWaitMs)
        .catch((error: unknown) => {
          if (error instanceof GatewayAuthError) this.telemetry.failed(gateway.id, `Gateway refused the token: ${error.message}`);
          if (!gateway.relayConnectedAt) throw error;
          return undefined;
        });
      if (client) {
        return this.timed(gateway.id, 'direct', client, (handler) => {
          const listener = (event: string, payload: unknown) => handler(event, payload);
          const down = (reason: string) => handler(LINK_DOWN_EVENT, { reason });
          client.on('event', listener);
          client.on('disconnected', down);
          return () => {
            client.off('event', listener);
            client.off('disconnected', down);
          };
        });
      }
    }
    // a relay recorded on this instance but no longer held here has just closed
    const relayElsewhere = gateway.relayConnectedAt !== null && gateway.relayInstanceId !== this.bus.instanceId;
    if (this.relays.holds(gateway.id) || relayElsewhere) {
      const relay: GatewayCaller = { call: (method, params, options) => this.relays.call(gateway.id, method, params ?? {}, options?.timeoutMs ?? this.config.gateways.rpcTimeoutMs) };
      return this.timed(gateway.id, 'relay', relay, (handler) =>
        this.bus.subscribe(gatewayEventChannel(gateway.id), (message) => {
          const { event, data } = message.payload as GatewayEventMessage;
          handler(event, data);
        }),
      );
    }
    throw new GatewayUnavailableError(`Gateway "${gateway.name}" is offline`);
  }

  /** For HTTP routes: a caller whose failures are the documented 503 (unreachable) and 502 (the gateway said no). */
  callerFor(gatewayId: string): GatewayCaller {
    return {
      call: async <T>(method: string, params?: object, options?: CallOptions): Promise<T> => {
        try {
          const link = await this.link(gatewayId);
          return await link.call<T>(method, params, options);
        } catch (error) {
          throw toHttpError(error);
        }
      },
    };
  }

  private timed(gatewayId: string, via: GatewayLink['via'], caller: GatewayCaller, onEvent: GatewayLink['onEvent']): GatewayLink {
    return {
      via,
      gatewayId,
      onEvent,
      call: async <T>(method: string, params?: object, options?: CallOptions): Promise<T> => {
        const started = performance.now();
        try {
          const result = await caller.call<T>(method, params, options);
          this.telemetry.callSucceeded(gatewayId, performance.now() - started);
          return result;
        } catch (error) {
          this.telemetry.failed(gatewayId, `${method}: ${(error as Error).message}`);
          throw error;
        }
      },
    };
  }
}

export function toHttpError(error: unknown): Error {
  if (error instanceof GatewayRequestError) return new BadGatewayException({ detail: `The gateway refused ${error.method}: ${error.message}` });
  if (error instanceof GatewayAuthError) return new BadGatewayException({ detail: `The gateway refused our token: ${error.message}` });
  if (error instanceof GatewayUnavailableError || error instanceof GatewayTimeoutError) return new ServiceUnavailableException({ detail: error.message });
  if (error instanceof NotFoundException) return error;
  return error as Error;
}
