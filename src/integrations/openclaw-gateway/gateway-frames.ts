import { GatewayErrorShape } from './gateway-errors';

export interface RequestFrame {
  type: 'req';
  id: string;
  method: string;
  params?: object;
}

export interface ResponseFrame {
  type: 'res';
  id: string;
  ok: boolean;
  payload?: unknown;
  error?: GatewayErrorShape;
}

export interface EventFrame {
  type: 'event';
  event: string;
  payload?: unknown;
  seq?: number;
}

export type InboundFrame = ResponseFrame | EventFrame;

/** A frame the client understands, or undefined for anything else (the gateway may add frame types). */
export function parseFrame(text: string): InboundFrame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const frame = value as Record<string, unknown>;
  if (frame.type === 'res' && typeof frame.id === 'string' && typeof frame.ok === 'boolean') return frame as unknown as ResponseFrame;
  if (frame.type === 'event' && typeof frame.event === 'string') return frame as unknown as EventFrame;
  return undefined;
}

/** What the gateway said about itself in `hello-ok`. */
export interface GatewayHello {
  protocol: number;
  serverVersion: string;
  methods: string[];
  events: string[];
  /** The gateway sends a `tick` event at least this often. */
  tickIntervalMs?: number;
  raw: Record<string, unknown>;
}

export function parseHello(payload: unknown): GatewayHello {
  const raw = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const server = (raw.server ?? {}) as { version?: unknown };
  const features = (raw.features ?? {}) as { methods?: unknown; events?: unknown };
  const policy = (raw.policy ?? {}) as { tickIntervalMs?: unknown };
  return {
    protocol: typeof raw.protocol === 'number' ? raw.protocol : 0,
    serverVersion: typeof server.version === 'string' ? server.version : 'unknown',
    methods: stringList(features.methods),
    events: stringList(features.events),
    tickIntervalMs: typeof policy.tickIntervalMs === 'number' && policy.tickIntervalMs > 0 ? policy.tickIntervalMs : undefined,
    raw,
  };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
