import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { WebSocket } from 'ws';
import { EventBus } from '../../../core/realtime/event-bus';
import { sendFrame } from '../../../core/realtime/ws-router';
import { GatewayRequestError, GatewayTimeoutError, GatewayUnavailableError } from '../../../integrations/openclaw-gateway';
import {
  GatewayEventMessage,
  gatewayEventChannel,
  RelayAnswerMessage,
  relayAnswerChannel,
  RelayCallMessage,
  relayCallChannel,
  RelayRpcFrame,
  RelayRpcOutcome,
} from './relay-frames';

type Answer = (outcome: RelayRpcOutcome) => void;

interface HeldRelay {
  socket: WebSocket;
  inFlight: Map<string, { answer: Answer; timer: NodeJS.Timeout }>;
  stopListening: () => void;
}

const UNAVAILABLE: RelayRpcOutcome = { ok: false, error: { code: 'GATEWAY_UNAVAILABLE', message: 'The relay connection closed', retryable: true } };

/**
 * The relay sockets this instance holds, and calls through any instance's relay: a call for a gateway whose
 * connector is connected elsewhere travels over the event bus to that instance and its answer comes back the
 * same way, so H5 sockets and relays may sit on different instances.
 */
@Injectable()
export class RelayHub implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RelayHub');
  private readonly held = new Map<string, HeldRelay>();
  private readonly awaiting = new Map<string, Answer>();
  private stopAnswers?: () => void;

  constructor(private readonly bus: EventBus) {}

  onModuleInit(): void {
    this.stopAnswers = this.bus.subscribe(relayAnswerChannel(this.bus.instanceId), (message) => {
      const { callId, outcome } = message.payload as RelayAnswerMessage;
      this.awaiting.get(callId)?.(outcome);
    });
  }

  holds(gatewayId: string): boolean {
    return this.held.has(gatewayId);
  }

  /** Takes over a connector's authenticated socket; an older socket of the same gateway is closed. */
  attach(gatewayId: string, socket: WebSocket): void {
    const previous = this.held.get(gatewayId);
    if (previous) this.release(gatewayId, previous, 4409, 'Replaced by a newer relay connection');
    const relay: HeldRelay = {
      socket,
      inFlight: new Map(),
      stopListening: this.bus.subscribe(relayCallChannel(gatewayId), (message) => {
        const call = message.payload as RelayCallMessage;
        this.forward(relay, call, (outcome) => void this.bus.publish(relayAnswerChannel(call.answerTo), 'answer', { callId: call.callId, outcome }));
      }),
    };
    this.held.set(gatewayId, relay);
  }

  /** The socket closed: calls waiting on it fail at once. */
  detach(gatewayId: string, socket: WebSocket): void {
    const relay = this.held.get(gatewayId);
    if (relay?.socket === socket) this.release(gatewayId, relay);
  }

  /** A `rpc_result` frame from the connector. */
  settle(gatewayId: string, callId: string, outcome: RelayRpcOutcome): void {
    const pending = this.held.get(gatewayId)?.inFlight.get(callId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.held.get(gatewayId)?.inFlight.delete(callId);
    pending.answer(outcome);
  }

  /** An `event` frame from the connector, for whichever instance follows the gateway's events. */
  publishEvent(gatewayId: string, event: GatewayEventMessage): void {
    void this.bus.publish(gatewayEventChannel(gatewayId), 'event', event);
  }

  async call<T>(gatewayId: string, method: string, params: unknown, timeoutMs: number): Promise<T> {
    const outcome = await new Promise<RelayRpcOutcome>((resolve) => {
      const call: RelayCallMessage = { callId: randomUUID(), answerTo: this.bus.instanceId, method, params, timeoutMs };
      const local = this.held.get(gatewayId);
      if (local) return this.forward(local, call, resolve);
      const timer = setTimeout(() => {
        this.awaiting.delete(call.callId);
        resolve({ ok: false, error: { code: 'TIMEOUT', message: `${method} got no answer within ${timeoutMs} ms` } });
      }, timeoutMs + 1_000);
      this.awaiting.set(call.callId, (answer) => {
        clearTimeout(timer);
        this.awaiting.delete(call.callId);
        resolve(answer);
      });
      void this.bus.publish(relayCallChannel(gatewayId), 'call', call);
    });
    if (outcome.ok) return outcome.result as T;
    const { code, message, retryable } = outcome.error;
    if (code === 'TIMEOUT') throw new GatewayTimeoutError(method, timeoutMs);
    if (code === 'GATEWAY_UNAVAILABLE') throw new GatewayUnavailableError(message);
    throw new GatewayRequestError(method, { code, message, retryable });
  }

  private forward(relay: HeldRelay, call: RelayCallMessage, answer: Answer): void {
    const timer = setTimeout(() => {
      relay.inFlight.delete(call.callId);
      answer({ ok: false, error: { code: 'TIMEOUT', message: `${call.method} got no answer within ${call.timeoutMs} ms` } });
    }, call.timeoutMs);
    relay.inFlight.set(call.callId, { answer, timer });
    const frame: RelayRpcFrame = { type: 'rpc', id: call.callId, payload: { method: call.method, params: call.params ?? {}, timeout_ms: call.timeoutMs } };
    sendFrame(relay.socket, frame);
  }

  private release(gatewayId: string, relay: HeldRelay, code?: number, reason?: string): void {
    this.held.delete(gatewayId);
    relay.stopListening();
    for (const [, pending] of relay.inFlight) {
      clearTimeout(pending.timer);
      pending.answer(UNAVAILABLE);
    }
    relay.inFlight.clear();
    if (code && relay.socket.readyState === WebSocket.OPEN) relay.socket.close(code, reason);
    this.logger.debug({ gatewayId }, 'Relay released');
  }

  onApplicationShutdown(): void {
    this.stopAnswers?.();
    for (const [gatewayId, relay] of this.held) this.release(gatewayId, relay, 1001, 'Server shutting down');
  }
}
