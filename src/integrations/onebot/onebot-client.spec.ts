import { FakeOneBotServer } from '../../../test/fakes/onebot-server';
import { OneBotClient } from './onebot-client';
import { OneBotActionError, OneBotAuthError, OneBotTimeoutError, OneBotUnavailableError } from './onebot-errors';
import { OneBotEvent } from './onebot-types';

const TOKEN = 'onebot-secret-token';

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('OneBotClient against a OneBot 11 server', () => {
  let server: FakeOneBotServer;
  let client: OneBotClient | undefined;

  beforeEach(async () => {
    server = await FakeOneBotServer.start({ accessToken: TOKEN });
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await server.close();
  });

  const connect = (options: Partial<ConstructorParameters<typeof OneBotClient>[0]> = {}) => {
    client = new OneBotClient({ url: server.url, accessToken: TOKEN, minBackoffMs: 50, maxBackoffMs: 200, ...options });
    client.start();
    return client;
  };

  it('sends actions with an echo and resolves with the data of the matching reply', async () => {
    const c = connect();
    await until(() => c.connected);
    const [info, groups, friends] = await Promise.all([c.getLoginInfo(), c.getGroupList(), c.getFriendList()]);
    expect(info).toEqual({ user_id: server.selfId, nickname: server.nickname });
    expect(groups.map((g) => g.group_id)).toEqual([20001, 20002]);
    expect(friends).toHaveLength(3);
    const echoes = server.actions.map((a) => a.echo);
    expect(new Set(echoes).size).toBe(3);
    expect(await c.sendGroupMsg(20001, [{ type: 'text', data: { text: 'hi' } }])).toEqual({ message_id: expect.any(Number) });
    expect(server.actionsNamed('send_group_msg')[0].params).toEqual({ group_id: 20001, message: [{ type: 'text', data: { text: 'hi' } }] });
  });

  it('emits pushed events, the lifecycle meta event first', async () => {
    const c = connect();
    const events: OneBotEvent[] = [];
    c.on('event', (event) => events.push(event));
    await until(() => c.connected && server.connectedClients === 1);
    server.pushPrivateMessage(10001, 'hello');
    server.pushFriendRequest(10009, 'let me in', 'flag-1');
    await until(() => events.length === 3);
    expect(events.map((e) => e.post_type)).toEqual(['meta_event', 'message', 'request']);
    expect(events[2]).toMatchObject({ request_type: 'friend', flag: 'flag-1', user_id: 10009 });
  });

  it('rejects a failed action with its retcode, and a silent one with a timeout', async () => {
    const c = connect({ requestTimeoutMs: 200 });
    await until(() => c.connected);
    server.responders.set('send_private_msg', () => ({ status: 'failed', retcode: 1400, message: 'friend not found' }));
    await expect(c.sendPrivateMsg(1, 'x')).rejects.toMatchObject({ name: 'OneBotActionError', retcode: 1400, reason: 'friend not found' });
    await expect(c.call('no_such_action')).rejects.toBeInstanceOf(OneBotActionError);
    server.silent.add('get_status');
    await expect(c.getStatus()).rejects.toBeInstanceOf(OneBotTimeoutError);
  });

  it('is "not connected" rather than failing when the server is absent, and connects once it appears', async () => {
    const port = server.port;
    await server.stop();
    const c = connect();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(c.connected).toBe(false);
    await expect(c.getLoginInfo()).rejects.toBeInstanceOf(OneBotUnavailableError);
    await server.start();
    expect(server.port).toBe(port);
    await until(() => c.connected);
  });

  it('notices the server going away, fails pending calls, and reconnects by itself when it comes back', async () => {
    const c = connect();
    const seen: string[] = [];
    c.on('connected', () => seen.push('connected'));
    c.on('disconnected', () => seen.push('disconnected'));
    await until(() => c.connected);
    server.silent.add('get_status');
    const pending = c.getStatus();
    await server.waitForAction('get_status');
    await server.stop();
    await expect(pending).rejects.toBeInstanceOf(OneBotUnavailableError);
    await until(() => !c.connected);
    server.silent.clear();
    await server.start();
    await until(() => c.connected, 5_000);
    expect(seen).toEqual(['connected', 'disconnected', 'connected']);
    expect(await c.getStatus()).toMatchObject({ online: true });
  });

  it('reconnect() drops the connection and opens a new one at once', async () => {
    const c = connect({ minBackoffMs: 10_000, maxBackoffMs: 20_000 });
    await until(() => c.connected);
    expect(server.connections).toBe(1);
    c.reconnect();
    await until(() => server.connections === 2 && c.connected, 3_000);
    await expect(c.getLoginInfo()).resolves.toMatchObject({ user_id: server.selfId });
  });

  it('reports a refused access token and keeps trying with a longer back-off', async () => {
    const c = connect({ accessToken: 'wrong-token' });
    const errors: Error[] = [];
    c.on('error', (error) => errors.push(error));
    await until(() => errors.length > 0);
    expect(errors[0]).toBeInstanceOf(OneBotAuthError);
    expect(server.refusals).toBeGreaterThanOrEqual(1);
    await until(() => !c.connected);
    await expect(c.getLoginInfo()).rejects.toBeInstanceOf(OneBotUnavailableError);
  });
});
