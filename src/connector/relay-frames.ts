/** Frames of the relay protocol as the connector sees them (the server side lives in src/mission-control/gateways). */
export interface RpcFrame {
  type: 'rpc';
  id: string;
  payload: { method: string; params?: unknown; timeout_ms?: number };
}

export type ServerFrame =
  | { type: 'auth_ok'; payload: { gateway_id: string; config?: { heartbeat_interval_seconds?: number; rpc_timeout_ms?: number } } }
  | { type: 'auth_error'; payload: { reason: string } }
  | RpcFrame
  | { type: 'heartbeat'; id?: string }
  | { type: 'heartbeat_ack'; id?: string }
  | { type: 'error'; payload?: { code?: string; message?: string } };

export interface RpcError {
  code: string;
  message: string;
  retryable?: boolean;
}

export interface RelayStatusPayload {
  gateway_connected: boolean;
  gateway_version?: string;
  protocol?: number;
  rtt_ms?: number;
}

export type ConnectorFrame =
  | { type: 'auth'; payload: { relay_token: string } }
  | { type: 'rpc_result'; id: string; payload: { ok: true; result: unknown } | { ok: false; error: RpcError } }
  | { type: 'event'; payload: { event: string; data: unknown } }
  | { type: 'status'; payload: RelayStatusPayload }
  | { type: 'heartbeat'; id: string }
  | { type: 'heartbeat_ack'; id?: string };

export function parseServerFrame(text: string): ServerFrame | undefined {
  try {
    const frame = JSON.parse(text) as { type?: unknown };
    return typeof frame === 'object' && frame !== null && typeof frame.type === 'string' ? (frame as ServerFrame) : undefined;
  } catch {
    return undefined;
  }
}
