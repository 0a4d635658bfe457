import WebSocket from 'ws';
import { FakeOneBotServer } from './fakes/onebot-server';
import { startTestApp, TestApp } from './support/test-app';

const ONEBOT_TOKEN = 'proxy-onebot-token';

/** A raw OneBot client: keeps every frame (parsed) and whether it was binary. */
class RawClient {
  readonly frames: Array<Record<string, unknown>> = [];
  closed?: { code: number; reason: string };

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(JSON.parse(data.toString())));
    socket.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  /** Opens the socket and hands it over at once, so frames can be sent before anything came back. */
  static open(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      const client = new RawClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  send(frame: object): void {
    this.socket.send(JSON.stringify(frame));
  }

  async until(check: () => boolean, timeoutMs = 10_000, what = 'frames'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`${what} did not arrive within ${timeoutMs} ms; got ${JSON.stringify(this.frames).slice(0, 2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  replies(): Array<Record<string, unknown>> {
    return this.frames.filter((f) => f.echo !== undefined && f.echo !== null && f.post_type === undefined);
  }
}

describe('/onebot: the OneBot 11 proxy for an OpenClaw on the host', () => {
  let onebot: FakeOneBotServer;
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    onebot = await FakeOneBotServer.start({ accessToken: ONEBOT_TOKEN });
    t = await startTestApp({ ONEBOT_WS_URL: onebot.url, ONEBOT_ACCESS_TOKEN: ONEBOT_TOKEN });
    url = `${t.baseUrl.replace('http', 'ws')}/onebot`;
    // the panel's own bridge holds one connection of its own
    await onebot.waitForClients(1, 15_000);
  });
  afterAll(async () => {
    await t?.close();
    await onebot?.close();
  });

  it.each([
    ['no token', {}, ''],
    ['a wrong Bearer token', { Authorization: 'Bearer not-the-token' }, ''],
    ['a wrong ?access_token=', {}, '?access_token=not-the-token'],
    ['the panel admin token', { Authorization: 'Bearer ADMIN' }, ''],
  ])('refuses %s with NapCat\'s 1403 frame and close 4401, without dialling NapCat', async (_name, headers, query) => {
    const connections = onebot.connections;
    const withAdmin = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace('ADMIN', t.config.adminToken)]));
    const client = await RawClient.open(`${url}${query}`, withAdmin);
    await client.until(() => client.closed !== undefined, 5_000, 'close');
    expect(client.closed?.code).toBe(4401);
    expect(client.frames).toEqual([expect.objectContaining({ status: 'failed', retcode: 1403, data: null })]);
    expect(onebot.connections).toBe(connections);
  });

  it('relays frames sent before NapCat answered, in order, and the replies back in order', async () => {
    const connections = onebot.connections;
    onebot.acceptDelayMs = 300;
    const client = await RawClient.open(url, { Authorization: `Bearer ${ONEBOT_TOKEN}` });
    const count = 40;
    for (let i = 0; i < count; i++) {
      if (i % 2 === 0) client.send({ action: 'send_private_msg', params: { user_id: 10001, message: `message ${i}` }, echo: `p-${i}` });
      else client.send({ action: 'get_status', params: {}, echo: `p-${i}` });
    }
    await client.until(() => client.replies().length === count);
    onebot.acceptDelayMs = 0;
    expect(client.replies().map((r) => r.echo)).toEqual(Array.from({ length: count }, (_, i) => `p-${i}`));
    expect(client.replies().every((r) => r.status === 'ok' && r.retcode === 0)).toBe(true);
    expect(client.frames[0]).toMatchObject({ post_type: 'meta_event', meta_event_type: 'lifecycle' });
    expect(onebot.connections).toBe(connections + 1);
    const upstream = onebot.actions.filter((a) => String(a.echo).startsWith('p-'));
    expect(new Set(upstream.map((a) => a.connection)).size).toBe(1);
    expect(upstream.map((a) => a.echo)).toEqual(Array.from({ length: count }, (_, i) => `p-${i}`));
    expect(upstream.filter((a) => a.action === 'send_private_msg').map((a) => a.params.message)).toEqual(
      Array.from({ length: count / 2 }, (_, i) => `message ${i * 2}`),
    );
    client.socket.close();
  });

  it('relays pushed events to every proxied client, and each has its own upstream socket', async () => {
    const a = await RawClient.open(`${url}?access_token=${ONEBOT_TOKEN}`);
    const b = await RawClient.open(url, { Authorization: `Bearer ${ONEBOT_TOKEN}` });
    await a.until(() => a.frames.length > 0);
    await b.until(() => b.frames.length > 0);
    const before = onebot.connectedClients;
    expect(before).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 20; i++) onebot.pushPrivateMessage(10001, `event ${i}`);
    const texts = (c: RawClient) => c.frames.filter((f) => f.post_type === 'message').map((f) => f.raw_message);
    await a.until(() => texts(a).length === 20);
    await b.until(() => texts(b).length === 20);
    expect(texts(a)).toEqual(Array.from({ length: 20 }, (_, i) => `event ${i}`));
    expect(texts(b)).toEqual(texts(a));

    a.socket.close(1000, 'bye');
    await a.until(() => a.closed !== undefined);
    const deadline = Date.now() + 5_000;
    while (onebot.connectedClients !== before - 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(onebot.connectedClients).toBe(before - 1);
    b.socket.close();
  });

  it('closes the client when NapCat goes away, and refuses cleanly while it is away', async () => {
    const client = await RawClient.open(url, { Authorization: `Bearer ${ONEBOT_TOKEN}` });
    await client.until(() => client.frames.length > 0);
    await onebot.stop();
    await client.until(() => client.closed !== undefined, 5_000, 'close');
    expect(client.closed?.code).not.toBe(1000);

    const away = await RawClient.open(url, { Authorization: `Bearer ${ONEBOT_TOKEN}` });
    away.send({ action: 'get_status', params: {}, echo: 'lost' });
    await away.until(() => away.closed !== undefined, 15_000, 'close');
    expect(away.closed?.code).toBe(1011);

    await onebot.start();
    const again = await RawClient.open(url, { Authorization: `Bearer ${ONEBOT_TOKEN}` });
    again.send({ action: 'get_login_info', params: {}, echo: 'back' });
    await again.until(() => again.replies().length === 1);
    expect(again.replies()[0]).toMatchObject({ echo: 'back', data: { user_id: onebot.selfId } });
    again.socket.close();
  });
});
