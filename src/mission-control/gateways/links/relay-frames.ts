/** The frames of `/ws/gateway/{id}/relay` (see the connector in src/connector). */
export interface RelayRpcFrame {
  type: 'rpc';
  id: string;
  payload: { method: string; params: unknown; timeout_ms: number };
}

export interface RelayRpcError {
  code: string;
  message: string;
  retryable?: boolean;
}

export type RelayRpcOutcome = { ok: true; result: unknown } | { ok: false; error: RelayRpcError };

export interface RelayStatus {
  gateway_connected: boolean;
  gateway_version?: string;
  protocol?: number;
  rtt_ms?: number;
}

export type ConnectorFrame =
  | { type: 'auth'; payload: { relay_token?: unknown } }
  | { type: 'rpc_result'; id: string; payload: RelayRpcOutcome }
  | { type: 'event'; payload: { event: string; data: unknown } }
  | { type: 'status'; payload: RelayStatus }
  | { type: 'heartbeat'; id?: string }
  | { type: 'heartbeat_ack'; id?: string };

/** Bus channels: calls for a gateway's relay, answers for the instance that called, the gateway's events. */
export const relayCallChannel = (gatewayId: string) => `relay-call:${gatewayId}`;
export const relayAnswerChannel = (instanceId: string) => `relay-answer:${instanceId}`;
export const gatewayEventChannel = (gatewayId: string) => `gateway-events:${gatewayId}`;

export interface RelayCallMessage {
  callId: string;
  answerTo: string;
  method: string;
  params: unknown;
  timeoutMs: number;
}

export interface RelayAnswerMessage {
  callId: string;
  outcome: RelayRpcOutcome;
}

export interface GatewayEventMessage {
  event: string;
  data: unknown;
}
