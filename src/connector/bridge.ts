import {
  GatewayRequestError,
  GatewayTimeoutError,
  GatewayUnavailableError,
  OpenClawGatewayClient,
} from '../integrations/openclaw-gateway';
import { ConnectorFrame, RelayStatusPayload, RpcError, RpcFrame } from './relay-frames';

const DEFAULT_RPC_TIMEOUT_MS = 30_000;
/** Gateway events worth carrying to Mission Control. */
const FORWARDED_EVENTS = new Set(['chat']);

/**
 * Carries relay `rpc` frames to the local gateway and the gateway's chat events back; whichever relay
 * connection is current receives them (none while the relay is down: events are dropped, not queued).
 */
export class Bridge {
  private send?: (frame: ConnectorFrame) => void;
  defaultTimeoutMs = DEFAULT_RPC_TIMEOUT_MS;

  constructor(private readonly gateway: OpenClawGatewayClient) {
    gateway.on('event', (event, data) => {
      if (FORWARDED_EVENTS.has(event)) this.send?.({ type: 'event', payload: { event, data } });
    });
  }

  attach(send: (frame: ConnectorFrame) => void): void {
    this.send = send;
  }

  detach(): void {
    this.send = undefined;
  }

  status(): RelayStatusPayload {
    if (!this.gateway.isReady) return { gateway_connected: false };
    const hello = this.gateway.hello;
    return {
      gateway_connected: true,
      ...(hello ? { gateway_version: hello.serverVersion, protocol: hello.protocol } : {}),
      ...(this.gateway.lastRoundTripMs !== undefined ? { rtt_ms: this.gateway.lastRoundTripMs } : {}),
    };
  }

  sendStatus(): void {
    this.send?.({ type: 'status', payload: this.status() });
  }

  /** Answers one rpc frame on the relay it came from. */
  async handle(frame: RpcFrame, reply: (frame: ConnectorFrame) => void): Promise<void> {
    const { method, params, timeout_ms: timeoutMs } = frame.payload;
    if (!this.gateway.isReady) {
      return reply({ type: 'rpc_result', id: frame.id, payload: { ok: false, error: { code: 'GATEWAY_UNAVAILABLE', message: 'the local gateway is not connected', retryable: true } } });
    }
    try {
      const result = await this.gateway.call(method, isObject(params) ? params : {}, {
        timeoutMs: typeof timeoutMs === 'number' && timeoutMs > 0 ? timeoutMs : this.defaultTimeoutMs,
      });
      reply({ type: 'rpc_result', id: frame.id, payload: { ok: true, result: result ?? null } });
    } catch (error) {
      reply({ type: 'rpc_result', id: frame.id, payload: { ok: false, error: rpcError(error) } });
    }
  }
}

function rpcError(error: unknown): RpcError {
  if (error instanceof GatewayRequestError) return { code: error.code, message: error.message, retryable: error.retryable };
  if (error instanceof GatewayTimeoutError) return { code: 'TIMEOUT', message: error.message, retryable: true };
  if (error instanceof GatewayUnavailableError) return { code: 'GATEWAY_UNAVAILABLE', message: error.message, retryable: true };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
