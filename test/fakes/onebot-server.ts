import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export interface FakeOneBotOptions {
  accessToken?: string;
  selfId?: number;
  nickname?: string;
  /** A fixed port (a restarted fake must come back on the port the app dials). */
  port?: number;
}

export interface ReceivedAction {
  action: string;
  params: Record<string, unknown>;
  echo: unknown;
  /** Which connection sent it (1, 2, … in the order they connected). */
  connection: number;
}

type Responder = (params: Record<string, unknown>) => { status?: string; retcode?: number; data?: unknown; message?: string };

/**
 * A OneBot 11 forward-WebSocket server as NapCat runs it: checks the access token (header `Authorization: Bearer`
 * or `?access_token=`; a wrong one gets NapCat's `retcode 1403` frame and a close), sends a `lifecycle` meta
 * event on connect, answers `{action, params, echo}` with `{status, retcode, data, message, wording, echo}`, and
 * pushes events. It can be stopped and started again on the same port.
 */
export class FakeOneBotServer {
  selfId: number;
  nickname: string;
  groups: Array<{ group_id: number; group_name: string; member_count: number; max_member_count: number }> = [
    { group_id: 20001, group_name: 'Test Group', member_count: 12, max_member_count: 200 },
    { group_id: 20002, group_name: 'Another Group', member_count: 3, max_member_count: 200 },
  ];
  friends: Array<{ user_id: number; nickname: string; remark: string }> = [
    { user_id: 10001, nickname: 'Alice', remark: '' },
    { user_id: 10002, nickname: 'Bob', remark: 'bobby' },
    { user_id: 10003, nickname: 'Carol', remark: '' },
  ];
  /** Every action received, in order. */
  readonly actions: ReceivedAction[] = [];
  /** Connections refused for a wrong or missing token. */
  refusals = 0;
  /** Connections accepted so far (over restarts). */
  connections = 0;
  /** Per-action overrides (a failure, a slow answer). */
  readonly responders = new Map<string, Responder>();
  /** Actions listed here are never answered (timeouts). */
  readonly silent = new Set<string>();
  /** Holds each WebSocket upgrade this long before accepting it (a slow NapCat). */
  acceptDelayMs = 0;

  private server?: Server;
  private wss?: WebSocketServer;
  private readonly clients = new Set<WebSocket>();
  private readonly connectionIds = new WeakMap<WebSocket, number>();
  private nextMessageId = 1000;

  private constructor(
    private readonly options: FakeOneBotOptions,
    private boundPort: number,
  ) {
    this.selfId = options.selfId ?? 3_000_000_001;
    this.nickname = options.nickname ?? 'FakeBot';
  }

  static async start(options: FakeOneBotOptions = {}): Promise<FakeOneBotServer> {
    const fake = new FakeOneBotServer(options, options.port ?? 0);
    await fake.start();
    return fake;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.boundPort}`;
  }

  get running(): boolean {
    return Boolean(this.server);
  }

  get connectedClients(): number {
    return this.clients.size;
  }

  /** Listens again (on the same port after a stop). */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((_request, response) => response.writeHead(426).end('Upgrade Required'));
    const wss = new WebSocketServer({
      server,
      verifyClient: (_info, accept) => (this.acceptDelayMs > 0 ? setTimeout(() => accept(true), this.acceptDelayMs) : accept(true)),
    });
    wss.on('connection', (socket, request) => this.onConnection(socket, request));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, '127.0.0.1', () => resolve());
    });
    this.boundPort = (server.address() as AddressInfo).port;
    this.server = server;
    this.wss = wss;
  }

  /** Goes away: every connection is cut and the port stops listening. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.clients) socket.terminate();
    this.clients.clear();
    this.wss?.close();
    this.wss = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async close(): Promise<void> {
    await this.stop();
  }

  /** Pushes an event to every connected client (self_id and time filled in). */
  push(event: Record<string, unknown>): void {
    const frame = JSON.stringify({ time: Math.floor(Date.now() / 1000), self_id: this.selfId, ...event });
    for (const socket of this.clients) if (socket.readyState === WebSocket.OPEN) socket.send(frame);
  }

  pushPrivateMessage(userId: number, text: string, nickname = 'Alice'): void {
    this.push({
      post_type: 'message',
      message_type: 'private',
      sub_type: 'friend',
      message_id: this.nextMessageId++,
      user_id: userId,
      message: [{ type: 'text', data: { text } }],
      raw_message: text,
      font: 0,
      sender: { user_id: userId, nickname, sex: 'unknown' },
    });
  }

  pushGroupMessage(groupId: number, userId: number, text: string, nickname = 'Alice'): void {
    this.push({
      post_type: 'message',
      message_type: 'group',
      sub_type: 'normal',
      message_id: this.nextMessageId++,
      group_id: groupId,
      user_id: userId,
      message: [{ type: 'text', data: { text } }],
      raw_message: text,
      font: 0,
      sender: { user_id: userId, nickname, card: '', role: 'member' },
    });
  }

  pushFriendRequest(userId: number, comment: string, flag: string): void {
    this.push({ post_type: 'request', request_type: 'friend', user_id: userId, comment, flag });
  }

  pushGroupRequest(groupId: number, userId: number, comment: string, flag: string, subType: 'add' | 'invite' = 'add'): void {
    this.push({ post_type: 'request', request_type: 'group', sub_type: subType, group_id: groupId, user_id: userId, comment, flag });
  }

  pushNotice(notice: Record<string, unknown>): void {
    this.push({ post_type: 'notice', ...notice });
  }

  actionsNamed(action: string): ReceivedAction[] {
    return this.actions.filter((a) => a.action === action);
  }

  /** Waits until `count` clients are connected (or throws after `timeoutMs`). */
  async waitForClients(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.clients.size < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} OneBot clients, have ${this.clients.size}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async waitForAction(action: string, predicate: (a: ReceivedAction) => boolean = () => true, timeoutMs = 10_000): Promise<ReceivedAction> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.actions.find((a) => a.action === action && predicate(a));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${action} received within ${timeoutMs} ms; got ${JSON.stringify(this.actions.map((a) => a.action))}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private onConnection(socket: WebSocket, request: IncomingMessage): void {
    if (!this.authorized(request)) {
      this.refusals++;
      socket.send(JSON.stringify({ status: 'failed', retcode: 1403, data: null, message: 'token验证失败', wording: 'token验证失败', echo: null }));
      socket.close();
      return;
    }
    const id = ++this.connections;
    this.connectionIds.set(socket, id);
    this.clients.add(socket);
    socket.once('close', () => this.clients.delete(socket));
    socket.on('message', (data) => this.onMessage(socket, data.toString()));
    socket.send(
      JSON.stringify({ time: Math.floor(Date.now() / 1000), self_id: this.selfId, post_type: 'meta_event', meta_event_type: 'lifecycle', sub_type: 'connect' }),
    );
  }

  private authorized(request: IncomingMessage): boolean {
    const token = this.options.accessToken;
    if (!token) return true;
    const url = new URL(request.url ?? '/', 'http://localhost');
    const fromQuery = url.searchParams.get('access_token');
    const fromHeader = request.headers.authorization?.split('Bearer ').pop() ?? '';
    return (fromQuery || fromHeader) === token;
  }

  private onMessage(socket: WebSocket, text: string): void {
    let frame: { action?: unknown; params?: unknown; echo?: unknown };
    try {
      frame = JSON.parse(text);
    } catch {
      socket.send(JSON.stringify({ status: 'failed', retcode: 1400, data: null, message: 'json解析失败,请检查数据格式', wording: 'json解析失败,请检查数据格式', echo: null }));
      return;
    }
    const action = String(frame.action ?? '');
    const params = (typeof frame.params === 'object' && frame.params !== null ? frame.params : {}) as Record<string, unknown>;
    this.actions.push({ action, params, echo: frame.echo, connection: this.connectionIds.get(socket) ?? 0 });
    if (this.silent.has(action)) return;
    const answer = this.answer(action, params);
    const status = answer.status ?? 'ok';
    const retcode = answer.retcode ?? 0;
    const message = answer.message ?? '';
    socket.send(JSON.stringify({ status, retcode, data: answer.data ?? null, message, wording: message, echo: frame.echo ?? null, stream: 'normal-action' }));
  }

  private answer(action: string, params: Record<string, unknown>): ReturnType<Responder> {
    const custom = this.responders.get(action);
    if (custom) return custom(params);
    switch (action) {
      case 'get_login_info':
        return { data: { user_id: this.selfId, nickname: this.nickname } };
      case 'get_group_list':
        return { data: this.groups };
      case 'get_friend_list':
        return { data: this.friends };
      case 'get_status':
        return { data: { online: true, good: true, stat: {} } };
      case 'send_private_msg':
      case 'send_group_msg': {
        const target = action === 'send_group_msg' ? params.group_id : params.user_id;
        if (typeof target !== 'number' && typeof target !== 'string') return { status: 'failed', retcode: 1400, message: 'missing target' };
        if (params.message === undefined || params.message === '' || (Array.isArray(params.message) && params.message.length === 0)) {
          return { status: 'failed', retcode: 1400, message: 'empty message' };
        }
        return { data: { message_id: this.nextMessageId++ } };
      }
      case 'set_friend_add_request':
      case 'set_group_add_request':
        if (typeof params.flag !== 'string' || typeof params.approve !== 'boolean') return { status: 'failed', retcode: 1400, message: 'bad request' };
        return { data: null };
      default:
        return { status: 'failed', retcode: 1404, message: `不支持的API ${action}` };
    }
  }
}
