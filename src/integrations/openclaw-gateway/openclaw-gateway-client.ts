import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { backoffDelay } from './backoff';
import { CallOptions, GatewayCaller } from './gateway-caller';
import {
  GatewayAuthError,
  GatewayErrorShape,
  GatewayRequestError,
  GatewayTimeoutError,
  GatewayUnavailableError,
  isAuthRefusal,
} from './gateway-errors';
import { EventFrame, GatewayHello, InboundFrame, parseFrame, parseHello, ResponseFrame } from './gateway-frames';

export const MIN_PROTOCOL = 3;
export const MAX_PROTOCOL = 4;
export const OPERATOR_SCOPES = ['operator.read', 'operator.write', 'operator.admin'];

/** Nest's Logger fits. */
export interface GatewayLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface OpenClawGatewayClientOptions {
  url: string;
  token: string;
  /** Shown by the gateway as the client's display name. */
  clientName?: string;
  clientVersion?: string;
  requestTimeoutMs?: number;
  /** How long the challenge and the `connect` answer may take. */
  handshakeTimeoutMs?: number;
  reconnect?: boolean;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  logger?: GatewayLogger;
}

export interface OpenClawGatewayClientEvents {
  ready: [hello: GatewayHello];
  disconnected: [reason: string];
  event: [name: string, payload: unknown];
  error: [error: Error];
}

interface PendingCall {
  method: string;
  sentAt: number;
  timer?: NodeJS.Timeout;
  resolve(payload: unknown): void;
  reject(error: Error): void;
}

type ConnectOutcome = { kind: 'ready' } | { kind: 'auth'; error: GatewayAuthError } | { kind: 'retry'; reason: string; afterMs?: number };

const DEFAULTS = { requestTimeoutMs: 30_000, handshakeTimeoutMs: 15_000, minBackoffMs: 500, maxBackoffMs: 30_000 };

/**
 * One operator connection to an OpenClaw gateway: challenge → connect → req/res and event frames,
 * kept up with exponential back-off until `close()` or an auth refusal.
 */
export class OpenClawGatewayClient extends EventEmitter<OpenClawGatewayClientEvents> implements GatewayCaller {
  hello?: GatewayHello;
  lastRoundTripMs?: number;

  private socket?: WebSocket;
  private ready = false;
  private stopped = true;
  private attempt = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private idleTimer?: NodeJS.Timeout;
  private readonly pending = new Map<string, PendingCall>();
  private readonly idPrefix = randomBytes(4).toString('hex');
  private nextId = 0;
  private readonly options: Required<Omit<OpenClawGatewayClientOptions, 'logger' | 'clientName'>> &
    Pick<OpenClawGatewayClientOptions, 'logger' | 'clientName'>;
  private starting?: { resolve(hello: GatewayHello): void; reject(error: Error): void };

  constructor(options: OpenClawGatewayClientOptions) {
    super();
    this.options = { ...DEFAULTS, clientVersion: '0.1.0', reconnect: true, ...options };
  }

  get isReady(): boolean {
    return this.ready;
  }

  get url(): string {
    return this.options.url;
  }

  /**
   * Connects and keeps reconnecting. Resolves on the first `hello-ok`; rejects on an auth refusal
   * (or, with `reconnect: false`, on the first failure).
   */
  start(): Promise<GatewayHello> {
    if (!this.stopped) throw new Error('the gateway client is already started');
    this.stopped = false;
    this.attempt = 0;
    const started = new Promise<GatewayHello>((resolve, reject) => (this.starting = { resolve, reject }));
    // a caller that does not await start() (it listens for 'ready') must not see an unhandled rejection
    started.catch(() => undefined);
    void this.connect();
    return started;
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.settleStart(new GatewayUnavailableError('the gateway client was closed'));
    const socket = this.socket;
    this.dropConnection('client closed');
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          socket.terminate();
          resolve();
        }, 2_000);
        socket.once('close', () => {
          clearTimeout(force);
          resolve();
        });
        socket.close(1000, 'client closed');
      });
    }
  }

  call<T = unknown>(method: string, params: object = {}, options: CallOptions = {}): Promise<T> {
    if (!this.ready || !this.socket) return Promise.reject(new GatewayUnavailableError(`not connected to the gateway at ${this.options.url}`));
    return this.request<T>(this.socket, method, params, options.timeoutMs ?? this.options.requestTimeoutMs);
  }

  /** A WebSocket ping: the round trip without any gateway work in it. */
  measureRoundTrip(timeoutMs = 5_000): Promise<number> {
    const socket = this.socket;
    if (!this.ready || !socket) return Promise.reject(new GatewayUnavailableError('not connected to the gateway'));
    return new Promise((resolve, reject) => {
      const sentAt = performance.now();
      const done = () => {
        clearTimeout(timer);
        socket.off('pong', onPong);
        socket.off('close', onClose);
      };
      const onPong = () => {
        done();
        this.lastRoundTripMs = Math.round((performance.now() - sentAt) * 10) / 10;
        resolve(this.lastRoundTripMs);
      };
      const onClose = () => {
        done();
        reject(new GatewayUnavailableError('the gateway connection closed before the ping was answered'));
      };
      const timer = setTimeout(() => {
        done();
        reject(new GatewayTimeoutError('ping', timeoutMs));
      }, timeoutMs);
      socket.once('pong', onPong);
      socket.once('close', onClose);
      socket.ping();
    });
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const outcome = await this.openAndHandshake();
    if (this.stopped) return;
    if (outcome.kind === 'ready') return;
    if (outcome.kind === 'auth') {
      this.stopped = true;
      this.options.logger?.warn(`gateway ${this.options.url} refused the credentials: ${outcome.error.message}`);
      this.emitError(outcome.error);
      this.settleStart(outcome.error);
      return;
    }
    if (!this.options.reconnect) {
      this.stopped = true;
      this.settleStart(new GatewayUnavailableError(`cannot connect to the gateway at ${this.options.url}: ${outcome.reason}`));
      return;
    }
    this.scheduleReconnect(outcome.reason, outcome.afterMs);
  }

  private scheduleReconnect(reason: string, afterMs?: number): void {
    const backoff = backoffDelay(this.attempt++, this.options.minBackoffMs, this.options.maxBackoffMs);
    const delay = afterMs !== undefined ? Math.max(afterMs, this.options.minBackoffMs / 2) : backoff;
    this.options.logger?.log(`gateway ${this.options.url} unavailable (${reason}); retrying in ${delay} ms`);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  /** One socket: resolves once the handshake has succeeded or failed (the socket is closed on failure). */
  private openAndHandshake(): Promise<ConnectOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      const socket = new WebSocket(this.options.url, { handshakeTimeout: this.options.handshakeTimeoutMs, perMessageDeflate: false });
      this.socket = socket;
      const finish = (outcome: ConnectOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(handshakeTimer);
        if (outcome.kind !== 'ready') {
          socket.removeAllListeners('message');
          this.failPending(outcome.kind === 'auth' ? outcome.error.message : outcome.reason);
          if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.terminate();
          if (this.socket === socket) this.socket = undefined;
        }
        resolve(outcome);
      };
      const handshakeTimer = setTimeout(() => finish({ kind: 'retry', reason: 'handshake timed out' }), this.options.handshakeTimeoutMs);

      socket.on('message', (data, isBinary) => {
        if (isBinary) return;
        const frame = parseFrame(data.toString());
        if (!frame) return;
        if (!settled && frame.type === 'event' && frame.event === 'connect.challenge') {
          void this.sendConnect(socket).then(finish);
          return;
        }
        this.handleFrame(frame);
      });
      socket.on('pong', () => this.touch());
      socket.on('error', (error) => {
        if (!settled) finish({ kind: 'retry', reason: error.message || 'socket error' });
      });
      socket.on('close', (code, reason) => {
        const why = `socket closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`;
        if (!settled) finish({ kind: 'retry', reason: why });
        else if (this.socket === socket) this.handleDrop(why);
      });
    });
  }

  private async sendConnect(socket: WebSocket): Promise<ConnectOutcome> {
    const params = {
      minProtocol: MIN_PROTOCOL,
      maxProtocol: MAX_PROTOCOL,
      client: {
        id: 'gateway-client',
        ...(this.options.clientName ? { displayName: this.options.clientName } : {}),
        version: this.options.clientVersion,
        platform: process.platform,
        mode: 'backend',
      },
      role: 'operator',
      scopes: OPERATOR_SCOPES,
      auth: { token: this.options.token },
    };
    let payload: unknown;
    try {
      payload = await this.request(socket, 'connect', params, this.options.handshakeTimeoutMs);
    } catch (error) {
      if (error instanceof GatewayRequestError) return this.refusal(error);
      return { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
    }
    if (this.stopped || socket.readyState !== WebSocket.OPEN) return { kind: 'retry', reason: 'socket closed during the handshake' };
    const hello = parseHello(payload);
    if (hello.protocol < MIN_PROTOCOL || hello.protocol > MAX_PROTOCOL) {
      return { kind: 'retry', reason: `the gateway speaks protocol ${hello.protocol}, this client ${MIN_PROTOCOL}..${MAX_PROTOCOL}` };
    }
    this.hello = hello;
    this.ready = true;
    this.attempt = 0;
    this.touch();
    this.options.logger?.log(`connected to gateway ${this.options.url} (OpenClaw ${hello.serverVersion}, protocol ${hello.protocol})`);
    this.emit('ready', hello);
    this.starting?.resolve(hello);
    this.starting = undefined;
    void this.measureRoundTrip().catch(() => undefined);
    return { kind: 'ready' };
  }

  private refusal(error: GatewayRequestError): ConnectOutcome {
    const shape: GatewayErrorShape = { code: error.code, message: error.message, details: error.details };
    if (error.retryable) return { kind: 'retry', reason: `${error.code}: ${error.message}`, afterMs: error.retryAfterMs };
    if (isAuthRefusal(shape)) return { kind: 'auth', error: new GatewayAuthError(error.message, error.code, error.details) };
    return { kind: 'retry', reason: `${error.code}: ${error.message}` };
  }

  private request<T>(socket: WebSocket, method: string, params: object, timeoutMs: number): Promise<T> {
    const id = `${this.idPrefix}-${++this.nextId}`;
    return new Promise<T>((resolve, reject) => {
      const entry: PendingCall = { method, sentAt: performance.now(), resolve: resolve as (payload: unknown) => void, reject };
      if (timeoutMs > 0) {
        entry.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new GatewayTimeoutError(method, timeoutMs));
        }, timeoutMs);
      }
      this.pending.set(id, entry);
      socket.send(JSON.stringify({ type: 'req', id, method, params }), (error) => {
        if (!error || !this.pending.has(id)) return;
        this.pending.delete(id);
        clearTimeout(entry.timer);
        reject(new GatewayUnavailableError(`could not send ${method}: ${error.message}`));
      });
    });
  }

  private handleFrame(frame: InboundFrame): void {
    this.touch();
    if (frame.type === 'res') this.handleResponse(frame);
    else this.handleEvent(frame);
  }

  private handleResponse(frame: ResponseFrame): void {
    const entry = this.pending.get(frame.id);
    if (!entry) return;
    this.pending.delete(frame.id);
    clearTimeout(entry.timer);
    if (frame.ok) entry.resolve(frame.payload);
    else entry.reject(new GatewayRequestError(entry.method, frame.error ?? { code: 'UNKNOWN', message: `${entry.method} failed` }));
  }

  private handleEvent(frame: EventFrame): void {
    this.emit('event', frame.event, frame.payload);
  }

  private handleDrop(reason: string): void {
    const wasReady = this.ready;
    this.dropConnection(reason);
    if (wasReady) {
      this.options.logger?.warn(`lost gateway ${this.options.url}: ${reason}`);
      this.emit('disconnected', reason);
    }
    if (!this.stopped && this.options.reconnect) this.scheduleReconnect(reason);
    else this.stopped = true;
  }

  /** Forgets the socket and fails every call still waiting on it. */
  private dropConnection(reason: string): void {
    this.ready = false;
    this.socket = undefined;
    clearTimeout(this.idleTimer);
    this.failPending(reason);
  }

  private failPending(reason: string): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const entry of waiting) {
      clearTimeout(entry.timer);
      entry.reject(new GatewayUnavailableError(`the gateway connection closed while ${entry.method} was waiting (${reason})`));
    }
  }

  /** The gateway ticks (and answers pings); a connection silent for several tick intervals is dead even if TCP has not noticed. */
  private touch(): void {
    const tick = this.hello?.tickIntervalMs;
    if (!this.ready || !tick) return;
    clearTimeout(this.idleTimer);
    const socket = this.socket;
    this.idleTimer = setTimeout(() => socket?.terminate(), tick * 3);
    this.idleTimer.unref();
  }

  private settleStart(error: Error): void {
    this.starting?.reject(error);
    this.starting = undefined;
  }

  /** 'error' without a listener would throw: it is a notice here, not a crash. */
  private emitError(error: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}
