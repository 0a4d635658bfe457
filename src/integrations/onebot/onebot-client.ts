import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import WebSocket, { RawData } from 'ws';
import { backoffDelay } from '../openclaw-gateway/backoff';
import { OneBotActionError, OneBotAuthError, OneBotTimeoutError, OneBotUnavailableError } from './onebot-errors';
import {
  OneBotEvent,
  OneBotFriend,
  OneBotGroup,
  OneBotLoginInfo,
  OneBotMessage,
  OneBotResponseFrame,
} from './onebot-types';

/** Nest's Logger fits. */
export interface OneBotLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface OneBotClientOptions {
  /** NapCat's forward WebSocket, `ws://127.0.0.1:3001` */
  url: string;
  /** Sent as `Authorization: Bearer <access_token>`. */
  accessToken?: string;
  requestTimeoutMs?: number;
  /** How long opening the socket may take. */
  connectTimeoutMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A ping this often; a connection that misses two pongs is dropped (and reconnected). */
  pingIntervalMs?: number;
  logger?: OneBotLogger;
}

export interface OneBotClientEvents {
  connected: [];
  disconnected: [reason: string];
  event: [event: OneBotEvent];
  error: [error: Error];
}

interface PendingAction {
  action: string;
  timer: NodeJS.Timeout;
  resolve(data: unknown): void;
  reject(error: Error): void;
}

const DEFAULTS = { requestTimeoutMs: 15_000, connectTimeoutMs: 10_000, minBackoffMs: 500, maxBackoffMs: 30_000, pingIntervalMs: 30_000 };
/** NapCat's answer to a wrong access token. */
const RETCODE_UNAUTHORIZED = 1403;
/** After a token refusal, wait at least this many back-off steps before trying again. */
const AUTH_REFUSAL_ATTEMPT = 6;
/** A connection that lasted this long counts as good: the back-off starts from the bottom again. */
const STABLE_AFTER_MS = 5_000;

/**
 * A OneBot 11 forward-WebSocket client (NapCat): `{action, params, echo}` requests answered by
 * `{status, retcode, data, echo}`, pushed events (`post_type`), and a connection kept up with capped exponential
 * back-off until `close()`. It never throws at start: an absent server is just "not connected yet".
 */
export class OneBotClient extends EventEmitter<OneBotClientEvents> {
  private socket?: WebSocket;
  private open = false;
  private stopped = true;
  private attempt = 0;
  private openedAt = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private pingTimer?: NodeJS.Timeout;
  private missedPongs = 0;
  private reconnectNow = false;
  /** Why the last attempt failed before it opened (reported when it closes). */
  private lastError?: string;
  private readonly pending = new Map<string, PendingAction>();
  private readonly echoPrefix = randomBytes(4).toString('hex');
  private nextEcho = 0;
  private readonly options: Required<Omit<OneBotClientOptions, 'accessToken' | 'logger'>> & Pick<OneBotClientOptions, 'accessToken' | 'logger'>;

  constructor(options: OneBotClientOptions) {
    super();
    this.options = { ...DEFAULTS, ...options };
  }

  get connected(): boolean {
    return this.open;
  }

  get url(): string {
    return this.options.url;
  }

  /** Connects, and keeps reconnecting until `close()`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    this.connect();
  }

  /** Drops the current connection (if any) and connects again at once, back-off reset. */
  reconnect(): void {
    this.attempt = 0;
    if (this.stopped) {
      this.start();
      return;
    }
    clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      this.reconnectNow = true;
      socket.terminate();
      return;
    }
    this.connect();
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
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

  /** Sends an action; resolves with its `data`, rejects when it failed, timed out or the connection is down. */
  call<T = unknown>(action: string, params: object = {}, options: { timeoutMs?: number } = {}): Promise<T> {
    const socket = this.socket;
    if (!this.open || !socket) return Promise.reject(new OneBotUnavailableError(`not connected to OneBot at ${this.options.url}`));
    const echo = `${this.echoPrefix}-${++this.nextEcho}`;
    const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(echo);
        reject(new OneBotTimeoutError(action, timeoutMs));
      }, timeoutMs);
      this.pending.set(echo, { action, timer, resolve: resolve as (data: unknown) => void, reject });
      socket.send(JSON.stringify({ action, params, echo }), (error) => {
        if (!error) return;
        clearTimeout(timer);
        this.pending.delete(echo);
        reject(new OneBotUnavailableError(`could not send ${action}: ${error.message}`));
      });
    });
  }

  getLoginInfo(): Promise<OneBotLoginInfo> {
    return this.call('get_login_info');
  }

  getGroupList(): Promise<OneBotGroup[]> {
    return this.call('get_group_list');
  }

  getFriendList(): Promise<OneBotFriend[]> {
    return this.call('get_friend_list');
  }

  sendPrivateMsg(userId: number, message: OneBotMessage): Promise<{ message_id: number }> {
    return this.call('send_private_msg', { user_id: userId, message });
  }

  sendGroupMsg(groupId: number, message: OneBotMessage): Promise<{ message_id: number }> {
    return this.call('send_group_msg', { group_id: groupId, message });
  }

  setFriendAddRequest(flag: string, approve: boolean, remark?: string): Promise<unknown> {
    return this.call('set_friend_add_request', { flag, approve, ...(remark !== undefined ? { remark } : {}) });
  }

  /** `subType` is the request's `sub_type` (`add` or `invite`); `reason` only matters when refusing. */
  setGroupAddRequest(flag: string, subType: string, approve: boolean, reason?: string): Promise<unknown> {
    return this.call('set_group_add_request', { flag, sub_type: subType, type: subType, approve, ...(reason !== undefined ? { reason } : {}) });
  }

  getStatus(): Promise<{ online?: boolean; good?: boolean; [field: string]: unknown }> {
    return this.call('get_status');
  }

  private connect(): void {
    if (this.stopped) return;
    const headers: Record<string, string> = {};
    if (this.options.accessToken) headers.authorization = `Bearer ${this.options.accessToken}`;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url, { headers, handshakeTimeout: this.options.connectTimeoutMs, perMessageDeflate: false });
    } catch (error) {
      this.scheduleReconnect(`cannot open ${this.options.url}: ${(error as Error).message}`);
      return;
    }
    this.socket = socket;
    socket.on('open', () => {
      if (this.socket !== socket) return;
      this.open = true;
      this.openedAt = Date.now();
      this.startPinging(socket);
      this.options.logger?.log(`connected to OneBot at ${this.options.url}`);
      this.emit('connected');
    });
    socket.on('message', (data) => {
      if (this.socket === socket) this.onFrame(socket, data);
    });
    socket.on('pong', () => (this.missedPongs = 0));
    // an 'error' is always followed by 'close', where the reconnect is planned
    socket.on('error', (error) => {
      if (!this.open) this.lastError = error.message;
    });
    socket.once('close', (code, reason) => this.onClose(socket, code, reason.toString()));
  }

  private onFrame(socket: WebSocket, data: RawData): void {
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      this.options.logger?.warn('OneBot sent a frame that is not JSON; ignored');
      return;
    }
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return;
    const record = frame as Record<string, unknown>;
    if (typeof record.post_type === 'string') {
      this.emitSafely(record as OneBotEvent);
      return;
    }
    const echo = typeof record.echo === 'string' ? record.echo : undefined;
    const pending = echo !== undefined ? this.pending.get(echo) : undefined;
    if (pending && echo !== undefined) {
      this.pending.delete(echo);
      clearTimeout(pending.timer);
      this.settle(pending, record as unknown as OneBotResponseFrame);
      return;
    }
    if (record.retcode === RETCODE_UNAUTHORIZED) {
      const message = `OneBot at ${this.options.url} refused the access token${typeof record.message === 'string' && record.message ? ` (${record.message})` : ''}`;
      this.options.logger?.warn(message);
      this.attempt = Math.max(this.attempt, AUTH_REFUSAL_ATTEMPT);
      this.openedAt = 0;
      if (this.listenerCount('error') > 0) this.emit('error', new OneBotAuthError(message));
      socket.close(1000, 'access token refused');
    }
  }

  private settle(pending: PendingAction, frame: OneBotResponseFrame): void {
    if (frame.status === 'ok' || frame.status === 'async' || (frame.status === undefined && frame.retcode === 0)) {
      pending.resolve(frame.data);
      return;
    }
    const retcode = typeof frame.retcode === 'number' ? frame.retcode : -1;
    pending.reject(new OneBotActionError(pending.action, retcode, String(frame.wording || frame.message || '')));
  }

  private emitSafely(event: OneBotEvent): void {
    try {
      this.emit('event', event);
    } catch (error) {
      this.options.logger?.warn(`a OneBot event listener failed: ${(error as Error).message}`);
    }
  }

  private onClose(socket: WebSocket, code: number, reason: string): void {
    if (this.socket !== socket) return;
    clearInterval(this.pingTimer);
    this.socket = undefined;
    const wasOpen = this.open;
    this.open = false;
    const why = wasOpen ? `closed (${code}${reason ? ` ${reason}` : ''})` : (this.lastError ?? `closed (${code})`);
    this.lastError = undefined;
    for (const [echo, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new OneBotUnavailableError(`the OneBot connection ${why} before ${pending.action} was answered`));
      this.pending.delete(echo);
    }
    if (wasOpen) {
      if (this.openedAt && Date.now() - this.openedAt >= STABLE_AFTER_MS) this.attempt = 0;
      this.emit('disconnected', why);
    }
    if (this.stopped) return;
    if (this.reconnectNow) {
      this.reconnectNow = false;
      this.connect();
      return;
    }
    this.scheduleReconnect(why);
  }

  private scheduleReconnect(reason: string): void {
    const delay = backoffDelay(this.attempt++, this.options.minBackoffMs, this.options.maxBackoffMs);
    this.options.logger?.log(`OneBot at ${this.options.url} unavailable (${reason}); retrying in ${delay} ms`);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
    this.reconnectTimer.unref?.();
  }

  private startPinging(socket: WebSocket): void {
    this.missedPongs = 0;
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (this.missedPongs >= 2) {
        this.options.logger?.warn(`OneBot at ${this.options.url} stopped answering pings; reconnecting`);
        socket.terminate();
        return;
      }
      this.missedPongs++;
      socket.ping();
    }, this.options.pingIntervalMs);
    this.pingTimer.unref?.();
  }
}
