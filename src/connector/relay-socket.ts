import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { ConnectorFrame, parseServerFrame, RpcFrame, ServerFrame } from './relay-frames';

const AUTH_TIMEOUT_MS = 15_000;

export interface RelayConfig {
  gatewayId: string;
  heartbeatIntervalSeconds?: number;
  rpcTimeoutMs?: number;
}

export type RelayOpenResult =
  | { kind: 'open'; relay: RelaySocket; config: RelayConfig }
  /** The server refused the relay token (`invalid_token`) or does not know the gateway (`unknown_gateway`). */
  | { kind: 'refused'; reason: string }
  | { kind: 'failed'; reason: string };

/** An authenticated relay connection: emits `rpc` frames, answers heartbeats, and notices a dead peer by pings. */
export class RelaySocket extends EventEmitter<{ closed: [reason: string] }> {
  private pingTimer?: NodeJS.Timeout;
  private rpcHandler?: (frame: RpcFrame) => void;
  /** rpc frames that arrived with auth_ok, before anyone could listen */
  private readonly early: RpcFrame[] = [];
  private awaitingPong = false;
  private closedReason?: string;

  private constructor(
    private readonly socket: WebSocket,
    pingIntervalMs: number,
  ) {
    super();
    socket.on('message', (data) => this.onFrame(parseServerFrame(data.toString())));
    socket.on('pong', () => (this.awaitingPong = false));
    socket.on('close', (code, reason) => this.finish(`closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`));
    socket.on('error', () => undefined);
    this.pingTimer = setInterval(() => {
      if (this.awaitingPong) return socket.terminate();
      this.awaitingPong = true;
      socket.ping();
    }, pingIntervalMs);
  }

  /** Connects, sends the relay token and waits for the server's verdict. */
  static open(url: string, relayToken: string, pingIntervalMs = 20_000): Promise<RelayOpenResult> {
    return new Promise((resolve) => {
      const socket = new WebSocket(url, { handshakeTimeout: AUTH_TIMEOUT_MS, perMessageDeflate: false });
      let settled = false;
      const settle = (result: RelayOpenResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.removeListener('message', onMessage);
        if (result.kind !== 'open') socket.terminate();
        resolve(result);
      };
      const timer = setTimeout(() => settle({ kind: 'failed', reason: 'no answer to auth' }), AUTH_TIMEOUT_MS);
      const onMessage = (data: WebSocket.RawData) => {
        const frame = parseServerFrame(data.toString());
        if (frame?.type === 'auth_ok') {
          const config = frame.payload?.config ?? {};
          settle({
            kind: 'open',
            relay: new RelaySocket(socket, pingIntervalMs),
            config: { gatewayId: frame.payload?.gateway_id, heartbeatIntervalSeconds: config.heartbeat_interval_seconds, rpcTimeoutMs: config.rpc_timeout_ms },
          });
        } else if (frame?.type === 'auth_error') settle({ kind: 'refused', reason: frame.payload?.reason ?? 'refused' });
      };
      socket.on('message', onMessage);
      socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', payload: { relay_token: relayToken } } satisfies ConnectorFrame)));
      socket.once('unexpected-response', (_request, response) => settle({ kind: 'failed', reason: `HTTP ${response.statusCode} on the relay upgrade` }));
      socket.on('error', (error) => settle({ kind: 'failed', reason: error.message || 'socket error' }));
      socket.once('close', (code, reason) => {
        // a refusal may arrive as a close code alone
        if (code === 4401) settle({ kind: 'refused', reason: reason.toString() || 'invalid_token' });
        else if (code === 4404) settle({ kind: 'refused', reason: reason.toString() || 'unknown_gateway' });
        else settle({ kind: 'failed', reason: `closed (${code}) before auth` });
      });
    });
  }

  onRpc(handler: (frame: RpcFrame) => void): void {
    this.rpcHandler = handler;
    this.early.splice(0).forEach(handler);
  }

  get isOpen(): boolean {
    return this.closedReason === undefined && this.socket.readyState === WebSocket.OPEN;
  }

  send(frame: ConnectorFrame): void {
    if (this.isOpen) this.socket.send(JSON.stringify(frame));
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => this.socket.terminate(), 2_000);
      this.socket.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      this.socket.close(1000, 'connector stopping');
    });
  }

  private onFrame(frame: ServerFrame | undefined): void {
    if (!frame) return;
    if (frame.type === 'rpc' && typeof frame.id === 'string' && typeof frame.payload?.method === 'string') {
      if (this.rpcHandler) this.rpcHandler(frame);
      else this.early.push(frame);
    }
    else if (frame.type === 'heartbeat') this.send({ type: 'heartbeat_ack', id: frame.id });
  }

  private finish(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    clearInterval(this.pingTimer);
    this.emit('closed', reason);
  }
}
