import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/**
 * A stand-in for danni-cool/wechatbot-webhook (the WeChat bridge) that speaks its HTTP protocol over a real socket:
 *
 * - every route checks `?token=` (or the token in the Referer's query) and answers 401
 *   `{success: false, message: "Unauthorized: ..."}` otherwise;
 * - `GET /healthz` answers the text `healthy` while an account is logged in, else `unHealthy`;
 * - `GET /login` answers `{success: true, message: "Contact<Name>is already login"}` while logged in, else its QR page (HTML);
 * - `POST /webhook/msg/v2` (401 `you must login first` while logged out) takes `{to, isRoom?, data}` (or an array of them)
 *   and answers `{success, message, task}` the way the real one counts reject / notFound / sentFailed;
 * - received messages and login/logout events are POSTed to the callback URL (its `RECVD_MSG_API`) as multipart forms
 *   with `type`, `content`, `source` (JSON), `isMentioned`, `isMsgFromSelf`, `isSystemEvent`.
 *
 * `stop()` / `start()` take it away and bring it back on the same port.
 */

export interface FakeWechatContact {
  id?: string;
  name: string;
  alias?: string;
}

export interface FakeWechatRoom {
  id?: string;
  topic: string;
}

/** A message the fake posts to the callback URL, as WeChat would have delivered it to the bridge. */
export interface FakeWechatMessage {
  /** `text` (default), `file`, `urlLink`, `friendship`, `unknown`, or a `system_event_*` type. */
  type?: string;
  /** Text, or the JSON of `urlLink` / `friendship` / system events. */
  content?: string;
  /** For `type: 'file'`: the binary sent as the `content` part. */
  file?: { filename: string; mime?: string; data: Buffer | string };
  from?: FakeWechatContact;
  room?: FakeWechatRoom;
  isMentioned?: boolean;
  isMsgFromSelf?: boolean;
  /** Extra or replacement form fields (e.g. an oversized `source`). */
  fields?: Record<string, string>;
}

export interface FakeSendUnit {
  type?: string;
  content?: unknown;
}

/** One `POST /webhook/msg/v2` body (an element of it when an array was sent). */
export interface FakeSentMessage {
  to: unknown;
  isRoom?: unknown;
  data: FakeSendUnit | FakeSendUnit[];
}

export interface FakeWechatbotOptions {
  token?: string;
  /** Start logged in as this nickname. */
  loggedInAs?: string;
  contacts?: string[];
  rooms?: string[];
  /** Its `RECVD_MSG_API`. */
  callbackUrl?: string;
}

export interface DeliveryResult {
  status: number;
  body: unknown;
  text: string;
}

interface Task {
  successCount: number;
  totalCount: number;
  failedCount: number;
  reject: unknown[];
  sentFailed: unknown[];
  notFound: unknown[];
}

const UNAUTHORIZED = { success: false, message: 'Unauthorized: Access is denied due to invalid credentials.' };
const SEND_TYPES = ['text', 'fileUrl'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export class FakeWechatbotWebhook {
  readonly token: string;
  /** Nicknames messages can be sent to (`isRoom: false`). */
  readonly contacts: Set<string>;
  /** Group names messages can be sent to (`isRoom: true`). */
  readonly rooms: Set<string>;
  /** Receivers whose sends fail after they were found (→ `task.sentFailed`). */
  readonly failingReceivers = new Set<string>();
  /** Every accepted v2 send, in order (one entry per receiver). */
  readonly sent: FakeSentMessage[] = [];
  /** Every request: method, path, and whether its token was right. */
  readonly requests: Array<{ method: string; path: string; authorized: boolean }> = [];
  /** Its `RECVD_MSG_API`: where received messages and system events are posted. */
  callbackUrl?: string;

  private user?: string;
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private port?: number;

  private constructor(options: FakeWechatbotOptions) {
    this.token = options.token ?? 'fake-wechat-token';
    this.user = options.loggedInAs;
    this.contacts = new Set(options.contacts ?? ['文件传输助手', 'Alice']);
    this.rooms = new Set(options.rooms ?? ['Test Group']);
    this.callbackUrl = options.callbackUrl;
  }

  static async start(options: FakeWechatbotOptions = {}): Promise<FakeWechatbotWebhook> {
    const fake = new FakeWechatbotWebhook(options);
    await fake.start();
    return fake;
  }

  get url(): string {
    if (this.port === undefined) throw new Error('the fake was never started');
    return `http://127.0.0.1:${this.port}`;
  }

  get loggedIn(): boolean {
    return this.user !== undefined;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Listens (again) on the port it had before, or on a free one the first time. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((request, response) => void this.handle(request, response));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Goes away: closes the listener and every open connection (the port stays reserved for `start()`). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** An account logs in (the QR code was scanned); like the real bridge, it reports `system_event_login` to the callback. */
  async logIn(name = 'Panel Bot', options: { notify?: boolean } = {}): Promise<DeliveryResult | undefined> {
    this.user = name;
    if (options.notify === false || !this.callbackUrl) return undefined;
    return this.deliver({ type: 'system_event_login', content: JSON.stringify({ event: 'login', user: this.userJson(name) }) });
  }

  /** The account logs out (or WeChat kicked it); reported as `system_event_logout`. */
  async logOut(options: { notify?: boolean } = {}): Promise<DeliveryResult | undefined> {
    const name = this.user;
    this.user = undefined;
    if (options.notify === false || !this.callbackUrl || name === undefined) return undefined;
    return this.deliver({ type: 'system_event_logout', content: JSON.stringify({ event: 'logout', user: this.userJson(name) }) });
  }

  /** Posts one received message to the callback URL as the multipart form the real bridge sends. */
  async deliver(message: FakeWechatMessage, url = this.callbackUrl): Promise<DeliveryResult> {
    if (!url) throw new Error('no callback URL (RECVD_MSG_API) is set');
    const type = message.type ?? 'text';
    const isSystemEvent = type.startsWith('system_event_');
    const form = new FormData();
    const fields: Record<string, string> = {
      source: JSON.stringify(this.sourceOf(message, isSystemEvent)),
      isSystemEvent: isSystemEvent ? '1' : '0',
      isMentioned: message.isMentioned ? '1' : '0',
      isMsgFromSelf: message.isMsgFromSelf ? '1' : '0',
      type,
      ...message.fields,
    };
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (message.file) {
      const data = typeof message.file.data === 'string' ? Buffer.from(message.file.data) : message.file.data;
      form.append('content', new Blob([new Uint8Array(data)], { type: message.file.mime ?? 'application/octet-stream' }), message.file.filename);
    } else if (!('content' in fields)) {
      form.append('content', message.content ?? '');
    }
    const response = await fetch(url, { method: 'POST', body: form });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body, text };
  }

  /** Closes the fake for good. */
  async close(): Promise<void> {
    await this.stop();
  }

  private userJson(name: string) {
    return { _events: {}, _eventsCount: 0, id: '@self', payload: { alias: '', avatar: '', friend: false, gender: 1, id: '@self', name, phone: [], star: false, type: 1 } };
  }

  private contactJson(contact: FakeWechatContact) {
    const id = contact.id ?? `@${Buffer.from(contact.name).toString('hex').slice(0, 16)}`;
    return {
      _events: {},
      _eventsCount: 0,
      id,
      payload: { alias: contact.alias ?? '', avatar: '', city: '', friend: true, gender: 1, id, name: contact.name, phone: [], province: '', star: false, type: 1 },
    };
  }

  private sourceOf(message: FakeWechatMessage, isSystemEvent: boolean) {
    // system events come from nobody: the real bridge sends `{room: {}, to: {}, from: {}}`
    if (isSystemEvent) return { room: {}, to: {}, from: {} };
    const from = message.isMsgFromSelf ? this.userJson(this.user ?? 'Panel Bot') : this.contactJson(message.from ?? { name: 'Alice' });
    const room = message.room
      ? {
          _events: {},
          _eventsCount: 0,
          id: message.room.id ?? '@@room',
          topic: message.room.topic,
          payload: { id: message.room.id ?? '@@room', topic: message.room.topic, adminIdList: [], avatar: '', memberList: [] },
        }
      : {};
    const to = message.room ? {} : this.userJson(this.user ?? 'Panel Bot');
    return { room, to, from };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const authorized = this.tokenOf(request, url) === this.token;
    this.requests.push({ method: request.method ?? 'GET', path: url.pathname, authorized });
    const body = await this.readBody(request);
    if (!authorized) return this.json(response, 401, UNAUTHORIZED);

    if (request.method === 'GET' && url.pathname === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8' });
      response.end(this.loggedIn ? 'healthy' : 'unHealthy');
      return;
    }
    if (request.method === 'GET' && url.pathname === '/login') {
      if (this.user !== undefined) return this.json(response, 200, { success: true, message: `Contact<${this.user}>is already login` });
      response.writeHead(200, { 'content-type': 'text/html; charset=UTF-8' });
      response.end('<!DOCTYPE html><html><head><title>扫码登录</title></head><body><div id="qrcode"></div><script>qrcode.makeCode("https://login.weixin.qq.com/l/fake");</script></body></html>');
      return;
    }
    if (request.method === 'POST' && url.pathname === '/webhook/msg/v2') {
      if (!this.loggedIn) return this.json(response, 401, { success: false, message: 'you must login first' });
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        return this.json(response, 200, { success: false, message: 'request body is not a valid json! checkout please.' });
      }
      return this.json(response, 200, this.sendV2(payload));
    }
    this.json(response, 404, { success: false, message: 'Not Found' });
  }

  /** The v2 send rules of the real bridge: validate everything first, then send to each receiver. */
  private sendV2(payload: unknown): { success: boolean; message: string; task: Task } {
    const task: Task = { successCount: 0, totalCount: 0, failedCount: 0, reject: [], sentFailed: [], notFound: [] };
    const items = Array.isArray(payload) ? payload : [payload];
    let rejected = false;
    for (const item of items) {
      const error = this.invalidReason(item);
      const units = isRecord(item) && Array.isArray(item.data) ? item.data.length : 1;
      task.totalCount += units;
      if (error) {
        rejected = true;
        task.reject.push({ ...(isRecord(item) ? item : {}), error });
        task.failedCount += units;
      }
    }
    if (rejected) {
      return {
        success: false,
        message: 'Some params is not valid, sending task is suspend, please checkout before sending message! You can find API reference right there (https://github.com/danni-cool/wechatbot-webhook#%EF%B8%8F-api)',
        task,
      };
    }
    for (const raw of items as Array<Record<string, unknown>>) {
      const item: FakeSentMessage = { to: raw.to, isRoom: raw.isRoom, data: raw.data as FakeSendUnit };
      const name = typeof item.to === 'string' ? item.to : isRecord(item.to) ? String(item.to.alias ?? '') : '';
      const known = item.isRoom === true ? this.rooms.has(name) : this.contacts.has(name);
      const units = Array.isArray(item.data) ? item.data : [item.data];
      if (!known) {
        task.notFound.push({ to: item.to, ...(item.isRoom === undefined ? {} : { isRoom: item.isRoom }), error: `${item.isRoom ? 'Room' : 'User'} is not found`, data: item.data });
        task.failedCount += 1;
        continue;
      }
      if (this.failingReceivers.has(name)) {
        task.sentFailed.push({ to: item.to, ...(item.isRoom === undefined ? {} : { isRoom: item.isRoom }), data: units });
        task.failedCount += units.length;
        continue;
      }
      this.sent.push(item);
      task.successCount += units.length;
    }
    if (task.successCount === task.totalCount) return { success: true, message: 'Message sent successfully', task };
    if (task.failedCount >= task.totalCount) {
      return { success: false, message: `All Messages (${task.totalCount}) sent failed, look up data of task for more detail`, task };
    }
    return { success: true, message: 'Part of the message sent successfully, look up data of task for more detail', task };
  }

  private invalidReason(item: unknown): string | undefined {
    if (!isRecord(item)) return 'to 参数不能为空';
    const errors: string[] = [];
    if (typeof item.to !== 'string' && !isRecord(item.to)) errors.push(`to 参数类型应为 string | object`);
    if (item.isRoom !== undefined && typeof item.isRoom !== 'boolean') errors.push('isRoom 参数类型应为 boolean');
    if (!isRecord(item.data) && !Array.isArray(item.data)) errors.push('data 参数类型应为 object | array');
    const units = Array.isArray(item.data) ? item.data : isRecord(item.data) ? [item.data] : [];
    for (const unit of units) {
      if (!isRecord(unit)) {
        errors.push('data 的元素应为 object');
        continue;
      }
      if (unit.type !== undefined && !SEND_TYPES.includes(unit.type as string)) errors.push(`type 参数只能是 ${SEND_TYPES.join(' / ')}`);
      if (typeof unit.content !== 'string' || unit.content === '') errors.push('content 参数类型应为 string');
    }
    return errors.length ? errors.join('，') : undefined;
  }

  private tokenOf(request: IncomingMessage, url: URL): string | null {
    const token = url.searchParams.get('token');
    if (token) return token;
    const referer = request.headers.referer;
    if (!referer) return null;
    try {
      return new URL(referer).searchParams.get('token');
    } catch {
      return null;
    }
  }

  private readBody(request: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => resolve(Buffer.concat(chunks)));
      request.on('error', () => resolve(Buffer.concat(chunks)));
    });
  }

  private json(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    response.end(JSON.stringify(body));
  }
}
