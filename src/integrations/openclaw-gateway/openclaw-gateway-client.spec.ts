import { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { GatewayAuthError, GatewayRequestError, GatewayTimeoutError, GatewayUnavailableError } from './gateway-errors';
import { OpenClawGatewayClient } from './openclaw-gateway-client';

interface Req {
  type: 'req';
  id: string;
  method: string;
  params: Record<string, unknown>;
}

type Handler = (req: Req, socket: WebSocket, connection: number) => void;

const HELLO = {
  type: 'hello-ok',
  protocol: 4,
  server: { version: '2026.9.6' },
  features: { methods: ['health', 'echo'], events: ['chat', 'tick'] },
  policy: { tickIntervalMs: 30_000 },
};

/** A gateway that speaks just enough of the protocol: challenge, connect, then whatever `onRequest` answers. */
class FakeGateway {
  readonly server: WebSocketServer;
  readonly connects: Req[] = [];
  readonly sockets: WebSocket[] = [];
  onConnect: (req: Req, socket: WebSocket, connection: number) => void = (req, socket) => reply(socket, req, HELLO);
  onRequest: Handler = (req, socket) => reply(socket, req, { method: req.method, params: req.params });

  private constructor(server: WebSocketServer) {
    this.server = server;
    server.on('connection', (socket) => {
      const connection = this.sockets.push(socket);
      socket.send(JSON.stringify({ type: 'event', event: 'connect.challenge', payload: { nonce: 'n', ts: Date.now() } }));
      socket.on('message', (data) => {
        const req = JSON.parse(data.toString()) as Req;
        if (req.method === 'connect') {
          this.connects.push(req);
          this.onConnect(req, socket, connection);
        } else this.onRequest(req, socket, connection);
      });
    });
  }

  static start(port = 0): Promise<FakeGateway> {
    return new Promise((resolve) => {
      const server: WebSocketServer = new WebSocketServer({ port, host: '127.0.0.1' }, () => resolve(new FakeGateway(server)));
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  dropAll(): void {
    this.sockets.forEach((socket) => socket.terminate());
  }

  close(): Promise<void> {
    this.dropAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function reply(socket: WebSocket, req: Req, payload: unknown): void {
  socket.send(JSON.stringify({ type: 'res', id: req.id, ok: true, payload }));
}

function refuse(socket: WebSocket, req: Req, error: object): void {
  socket.send(JSON.stringify({ type: 'res', id: req.id, ok: false, error }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('OpenClawGatewayClient', () => {
  let gateway: FakeGateway;
  let client: OpenClawGatewayClient | undefined;

  const connect = (options: Partial<ConstructorParameters<typeof OpenClawGatewayClient>[0]> = {}) => {
    client = new OpenClawGatewayClient({ url: gateway.url, token: 'secret-token', minBackoffMs: 20, maxBackoffMs: 100, ...options });
    return client;
  };

  beforeEach(async () => {
    gateway = await FakeGateway.start();
  });

  afterEach(async () => {
    await client?.close();
    client = undefined;
    await gateway.close();
  });

  it('answers the challenge with an operator connect and reports the negotiated protocol', async () => {
    const hello = await connect({ clientName: 'mission-control', clientVersion: '1.2.3' }).start();

    expect(gateway.connects).toHaveLength(1);
    expect(gateway.connects[0].params).toEqual({
      minProtocol: 3,
      maxProtocol: 4,
      client: { id: 'gateway-client', displayName: 'mission-control', version: '1.2.3', platform: process.platform, mode: 'backend' },
      role: 'operator',
      scopes: ['operator.read', 'operator.write', 'operator.admin'],
      auth: { token: 'secret-token' },
    });
    expect(hello).toMatchObject({ protocol: 4, serverVersion: '2026.9.6', methods: ['health', 'echo'] });
    expect(client!.isReady).toBe(true);
    expect(client!.hello?.protocol).toBe(4);
  });

  it('refuses a gateway that answers with a protocol outside 3..4', async () => {
    gateway.onConnect = (req, socket) => reply(socket, req, { ...HELLO, protocol: 7 });
    const started = connect({ reconnect: false }).start();

    await expect(started).rejects.toThrow(/protocol 7/);
    expect(client!.isReady).toBe(false);
  });

  it('matches each answer to its call, whatever the order the answers come in', async () => {
    const held: Array<() => void> = [];
    gateway.onRequest = (req, socket) => held.push(() => reply(socket, req, { echoed: req.params.n }));
    await connect().start();

    const calls = [1, 2, 3].map((n) => client!.call<{ echoed: number }>('echo', { n }));
    await until(() => held.length === 3);
    held.reverse().forEach((send) => send());

    expect(await Promise.all(calls)).toEqual([{ echoed: 1 }, { echoed: 2 }, { echoed: 3 }]);
  });

  it('gives up on a call after its timeout and ignores the late answer', async () => {
    let late: (() => void) | undefined;
    gateway.onRequest = (req, socket) => (late = () => reply(socket, req, 'late'));
    await connect().start();

    const started = Date.now();
    await expect(client!.call('slow', {}, { timeoutMs: 100 })).rejects.toBeInstanceOf(GatewayTimeoutError);
    expect(Date.now() - started).toBeLessThan(1_000);
    late!();
    gateway.onRequest = (req, socket) => reply(socket, req, 'fresh');
    expect(await client!.call('next')).toBe('fresh');
  });

  it('turns ok:false into a GatewayRequestError carrying code, retryable and details', async () => {
    gateway.onRequest = (req, socket) =>
      refuse(socket, req, { code: 'INVALID_REQUEST', message: 'unsupported file', retryable: false, details: { type: 'bad_name' } });
    await connect().start();

    const error = await client!.call('agents.files.get', { name: '../x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayRequestError);
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', message: 'unsupported file', retryable: false, details: { type: 'bad_name' } });
  });

  it('retries a connect answered UNAVAILABLE (retryable) after retryAfterMs, then connects', async () => {
    const attempts: number[] = [];
    gateway.onConnect = (req, socket, connection) => {
      attempts.push(Date.now());
      if (connection === 1) refuse(socket, req, { code: 'UNAVAILABLE', message: 'starting', retryable: true, retryAfterMs: 150 });
      else reply(socket, req, HELLO);
    };

    const hello = await connect().start();

    expect(hello.protocol).toBe(4);
    expect(attempts).toHaveLength(2);
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(140);
  });

  it('stops at a refused token with a GatewayAuthError and does not retry', async () => {
    gateway.onConnect = (req, socket) => {
      refuse(socket, req, {
        code: 'INVALID_REQUEST',
        message: 'unauthorized: gateway token mismatch (provide gateway auth token)',
        details: { code: 'AUTH_TOKEN_MISMATCH', recommendedNextStep: 'update_auth_credentials' },
      });
      socket.close(1008, 'unauthorized');
    };
    const errors: Error[] = [];
    const started = connect().start();
    client!.on('error', (error) => errors.push(error));

    await expect(started).rejects.toBeInstanceOf(GatewayAuthError);
    await sleep(300);
    expect(gateway.connects).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/token mismatch/);
  });

  it('treats a refused scope as an auth error too', async () => {
    gateway.onConnect = (req, socket) =>
      refuse(socket, req, { code: 'FORBIDDEN', message: 'missing scope: operator.admin', details: { code: 'MISSING_SCOPE' } });

    await expect(connect().start()).rejects.toBeInstanceOf(GatewayAuthError);
    await sleep(200);
    expect(gateway.connects).toHaveLength(1);
  });

  it('reconnects by itself after the gateway drops the connection', async () => {
    await connect().start();
    const disconnected: string[] = [];
    let readyAgain = 0;
    client!.on('disconnected', (reason) => disconnected.push(reason));
    client!.on('ready', () => readyAgain++);

    gateway.dropAll();
    await until(() => readyAgain === 1);

    expect(disconnected).toHaveLength(1);
    expect(gateway.connects).toHaveLength(2);
    expect(await client!.call('echo', { after: 'reconnect' })).toEqual({ method: 'echo', params: { after: 'reconnect' } });
  });

  it('reconnects with back-off while the gateway is down, and connects once it is back', async () => {
    await connect().start();
    const port = gateway.port;
    await gateway.close();
    await sleep(300);
    expect(client!.isReady).toBe(false);
    await expect(client!.call('health')).rejects.toBeInstanceOf(GatewayUnavailableError);

    gateway = await FakeGateway.start(port);
    await until(() => client!.isReady);
    expect(await client!.call('health')).toMatchObject({ method: 'health' });
  });

  it('rejects a pending call at once when the socket drops', async () => {
    gateway.onRequest = () => undefined;
    await connect().start();

    const pending = client!.call('never', {}, { timeoutMs: 10_000 });
    await sleep(50);
    const dropped = Date.now();
    gateway.dropAll();

    await expect(pending).rejects.toBeInstanceOf(GatewayUnavailableError);
    expect(Date.now() - dropped).toBeLessThan(1_000);
  });

  it('forwards event frames as (name, payload)', async () => {
    await connect().start();
    const events: Array<[string, unknown]> = [];
    client!.on('event', (name, payload) => events.push([name, payload]));

    gateway.sockets[0].send(JSON.stringify({ type: 'event', event: 'chat', payload: { runId: 'r1', state: 'delta' }, seq: 1 }));
    await until(() => events.length === 1);

    expect(events[0]).toEqual(['chat', { runId: 'r1', state: 'delta' }]);
  });

  it('measures the round trip with a ping', async () => {
    await connect().start();
    const rtt = await client!.measureRoundTrip();
    expect(rtt).toBeGreaterThanOrEqual(0);
    expect(client!.lastRoundTripMs).toBe(rtt);
  });

  it('fails calls made before it is connected', async () => {
    await expect(connect().call('health')).rejects.toBeInstanceOf(GatewayUnavailableError);
  });

  it('stops reconnecting once closed', async () => {
    await connect().start();
    await client!.close();
    await sleep(200);
    expect(gateway.connects).toHaveLength(1);
    expect(client!.isReady).toBe(false);
  });
});
