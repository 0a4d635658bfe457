import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QqBridgeStatus } from '../src/panel/bot/qq-bridge-status';
import { FakeOneBotServer } from './fakes/onebot-server';
import { createServerDatabase, serverDatabaseUrl } from './support/database';
import { startTestApp, TestApp } from './support/test-app';
import { Frame, FrameClient } from './support/ws-client';

const ONEBOT_TOKEN = 'onebot-access-token';

/** A database (embedded data dir or server database) that outlives one app, so the app can be restarted on it. */
async function persistentStore(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const server = serverDatabaseUrl();
  if (server) {
    const database = await createServerDatabase(server);
    return { env: { DATABASE_URL: database.url }, drop: database.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'mc-qq-store-'));
  cpSync(join(process.env.MC_TEST_TEMPLATE_DIR!, 'pgdata'), join(dir, 'pgdata'), { recursive: true });
  return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Panel QQ bot over OneBot 11 (/api/bot/*, /api/requests*, /ws frames)', () => {
  let onebot: FakeOneBotServer;
  let store: Awaited<ReturnType<typeof persistentStore>>;
  let t: TestApp;
  let auth: { Authorization: string };
  let ws: FrameClient;
  let env: Record<string, string>;

  const boot = async () => {
    t = await startTestApp(env);
    const login = await t.http.post('/api/auth/login').send({ token: t.config.adminToken }).expect(200);
    auth = { Authorization: `Bearer ${login.body.token}` };
    ws = await FrameClient.connect(`${t.baseUrl.replace('http', 'ws')}/ws?token=${login.body.token}`);
    await until(() => t.app.get(QqBridgeStatus).snapshot().connected, 15_000, 'the bridge connected');
  };

  beforeAll(async () => {
    onebot = await FakeOneBotServer.start({ accessToken: ONEBOT_TOKEN, selfId: 3344556677, nickname: 'PanelBot' });
    store = await persistentStore();
    env = { ...store.env, ONEBOT_WS_URL: onebot.url, ONEBOT_ACCESS_TOKEN: ONEBOT_TOKEN };
    await boot();
  });
  afterAll(async () => {
    ws?.close();
    await t?.close();
    await onebot?.close();
    await store?.drop();
  });

  const framesFrom = () => ws.frames.length;
  const nextFrame = (match: (frame: Frame) => boolean, from: number, timeoutMs = 10_000) => ws.next(match, timeoutMs, from);
  const pending = async () => (await t.http.get('/api/requests').set(auth).expect(200)).body.requests as Array<Record<string, unknown>>;

  it('connects with the access token and reports the bot in QqBridgeStatus.snapshot()', async () => {
    await until(() => t.app.get(QqBridgeStatus).snapshot().groupCount === 2);
    expect(t.app.get(QqBridgeStatus).snapshot()).toEqual({ connected: true, selfId: 3344556677, nickname: 'PanelBot', groupCount: 2, friendCount: 3 });
    expect(onebot.refusals).toBe(0);
  });

  it('needs the panel token', async () => {
    await t.http.get('/api/bot/groups').expect(401);
    await t.http.get('/api/bot/friends').expect(401);
    await t.http.post('/api/bot/send').send({}).expect(401);
    await t.http.post('/api/bot/reconnect').expect(401);
    await t.http.get('/api/requests').expect(401);
    await t.http.post('/api/requests/x/approve').expect(401);
    await t.http.post('/api/requests/x/reject').expect(401);
  });

  it('lists groups and friends as OneBot answers them', async () => {
    const groups = await t.http.get('/api/bot/groups').set(auth).expect(200);
    expect(groups.body).toEqual({ ok: true, groups: onebot.groups });
    const friends = await t.http.get('/api/bot/friends').set(auth).expect(200);
    expect(friends.body).toEqual({ ok: true, friends: onebot.friends });
  });

  it('sends text and segment messages, and logs them', async () => {
    const from = framesFrom();
    const text = await t.http.post('/api/bot/send').set(auth).send({ type: 'private', id: 10001, message: 'hello there' }).expect(200);
    expect(text.body).toEqual({ ok: true, messageId: expect.any(Number) });
    const segments = [{ type: 'at', data: { qq: '10002' } }, { type: 'text', data: { text: ' hi group' } }];
    await t.http.post('/api/bot/send').set(auth).send({ type: 'group', id: '20001', message: segments }).expect(200);
    expect(onebot.actionsNamed('send_private_msg').at(-1)?.params).toEqual({ user_id: 10001, message: 'hello there' });
    expect(onebot.actionsNamed('send_group_msg').at(-1)?.params).toEqual({ group_id: 20001, message: segments });
    const entry = await nextFrame((f) => f.type === 'log-entry' && (f.data as { type: string }).type === 'qq.send' && String((f.data as { summary: string }).summary).includes('group 20001'), from);
    expect(entry.data).toMatchObject({ source: 'qq', summary: expect.stringContaining('@10002 hi group') });
  });

  it('validates what it sends', async () => {
    const bad = [
      {},
      { type: 'channel', id: 1, message: 'x' },
      { type: 'private', id: 'abc', message: 'x' },
      { type: 'private', id: 0, message: 'x' },
      { type: 'private', id: 1, message: '   ' },
      { type: 'private', id: 1, message: 42 },
      { type: 'private', id: 1, message: [] },
      { type: 'private', id: 1, message: [{ type: 'text', data: {} }] },
      { type: 'private', id: 1, message: [{ type: 'text' }] },
      { type: 'private', id: 1, message: [{ type: 'Bad Type', data: {} }] },
      { type: 'private', id: 1, message: [{ type: 'text', data: { text: 'x' }, extra: 1 }] },
      { type: 'private', id: 1, message: 'x', unknown: true },
    ];
    for (const body of bad) {
      const answer = await t.http.post('/api/bot/send').set(auth).send(body);
      expect({ body, status: answer.status, ok: answer.body.ok }).toEqual({ body, status: 400, ok: false });
    }
    await t.http.post('/api/bot/send').set(auth).send({ type: 'private', id: 1, message: [{ type: 'image', data: { file: 'https://example.com/a.png' } }] }).expect(200);
  });

  it('pushes every OneBot event but heartbeats as `event` on /ws and logs QQ traffic as `log-entry`', async () => {
    const from = framesFrom();
    onebot.push({ post_type: 'meta_event', meta_event_type: 'heartbeat', interval: 30000, status: { online: true, good: true } });
    onebot.pushGroupMessage(20001, 10001, 'ping from group', 'Alice');
    onebot.pushNotice({ notice_type: 'group_increase', sub_type: 'approve', group_id: 20001, user_id: 10005, operator_id: 0 });
    const message = await nextFrame((f) => f.type === 'event' && (f.data as { post_type: string }).post_type === 'message', from);
    expect(message.data).toMatchObject({ post_type: 'message', message_type: 'group', group_id: 20001, raw_message: 'ping from group', self_id: 3344556677 });
    await nextFrame((f) => f.type === 'event' && (f.data as { post_type: string }).post_type === 'notice', from);
    const logged = await nextFrame((f) => f.type === 'log-entry' && (f.data as { type: string }).type === 'qq.message', from);
    expect(logged.data).toMatchObject({ source: 'qq', summary: expect.stringContaining('ping from group'), detail: 'ping from group' });
    await nextFrame((f) => f.type === 'log-entry' && (f.data as { type: string }).type === 'qq.notice', from);
    expect(ws.frames.slice(from).some((f) => f.type === 'event' && (f.data as { meta_event_type?: string }).meta_event_type === 'heartbeat')).toBe(false);
    const search = await t.http.get('/api/events?source=qq&search=ping%20from%20group').set(auth).expect(200);
    expect(search.body.total).toBe(1);
  });

  it('stores friend and group requests once and lists them with the fields the web client reads', async () => {
    onebot.pushFriendRequest(10009, 'please add me', 'flag-friend-1');
    onebot.pushGroupRequest(20001, 10010, 'let me in', 'flag-group-1');
    onebot.pushGroupRequest(20001, 10010, 'let me in', 'flag-group-1');
    await until(async () => (await pending()).length === 2, 10_000, 'two pending requests');
    const list = await pending();
    expect(list).toEqual([
      { flag: 'flag-friend-1', type: 'friend', userId: 10009, comment: 'please add me', time: expect.any(Number), status: 'pending' },
      { flag: 'flag-group-1', type: 'group', subType: 'add', userId: 10010, groupId: 20001, comment: 'let me in', time: expect.any(Number), status: 'pending' },
    ]);
  });

  it('approves and rejects through OneBot: 404 for an unknown flag, 409 when already answered', async () => {
    const from = framesFrom();
    const approved = await t.http.post('/api/requests/flag-friend-1/approve').set(auth).expect(200);
    expect(approved.body).toEqual({ ok: true, status: 'approved' });
    expect(onebot.actionsNamed('set_friend_add_request').at(-1)?.params).toEqual({ flag: 'flag-friend-1', approve: true });
    expect((await t.http.post('/api/requests/flag-friend-1/approve').set(auth).expect(409)).body).toEqual({ ok: false, error: expect.stringContaining('approved') });
    await t.http.post('/api/requests/flag-friend-1/reject').set(auth).send({}).expect(409);
    expect((await t.http.post('/api/requests/no-such-flag/approve').set(auth).expect(404)).body).toEqual({ ok: false, error: 'Request not found' });

    const rejected = await t.http.post('/api/requests/flag-group-1/reject').set(auth).send({ reason: 'members only' }).expect(200);
    expect(rejected.body).toEqual({ ok: true, status: 'rejected' });
    expect(onebot.actionsNamed('set_group_add_request').at(-1)?.params).toMatchObject({ flag: 'flag-group-1', sub_type: 'add', approve: false, reason: 'members only' });
    await t.http.post('/api/requests/flag-group-1/reject').set(auth).send({ reason: 'x'.repeat(201) }).expect(400);
    expect(await pending()).toEqual([]);
    await nextFrame((f) => f.type === 'log-entry' && (f.data as { type: string }).type === 'qq.request.reject', from);
  });

  it('auto-approves requests matching the admin-config rules, and leaves the others pending', async () => {
    await t.http.put('/api/admin/config/qq').set(auth).send({ autoApproveFriends: true, friendKeywords: ['openclaw'], autoApproveGroups: false }).expect(200);
    const from = framesFrom();
    onebot.pushFriendRequest(10020, 'I found you via OpenClaw', 'flag-auto-1');
    onebot.pushFriendRequest(10021, 'hello', 'flag-manual-1');
    onebot.pushGroupRequest(20002, 10022, 'openclaw', 'flag-group-2');
    await onebot.waitForAction('set_friend_add_request', (a) => a.params.flag === 'flag-auto-1');
    expect(onebot.actionsNamed('set_friend_add_request').find((a) => a.params.flag === 'flag-auto-1')?.params).toEqual({ flag: 'flag-auto-1', approve: true });
    await nextFrame((f) => f.type === 'log-entry' && (f.data as { type: string }).type === 'qq.request.auto_approve', from);
    await until(async () => (await pending()).length === 2);
    expect((await pending()).map((r) => r.flag)).toEqual(['flag-manual-1', 'flag-group-2']);
    expect(onebot.actions.some((a) => a.params.flag === 'flag-manual-1' || a.params.flag === 'flag-group-2')).toBe(false);
    await t.http.put('/api/admin/config/qq').set(auth).send({ autoApproveFriends: false }).expect(200);
  });

  it('keeps pending requests across an app restart and answers them from the new app', async () => {
    onebot.pushFriendRequest(10030, 'before restart', 'flag-restart-1');
    await until(async () => (await pending()).some((r) => r.flag === 'flag-restart-1'));
    ws.close();
    await t.close();
    await until(() => onebot.connectedClients === 0, 10_000, 'the old app disconnected');
    await boot();
    const flags = (await pending()).map((r) => r.flag);
    expect(flags).toEqual(['flag-manual-1', 'flag-group-2', 'flag-restart-1']);
    await t.http.post('/api/requests/flag-restart-1/approve').set(auth).expect(200);
    expect(onebot.actionsNamed('set_friend_add_request').at(-1)?.params).toEqual({ flag: 'flag-restart-1', approve: true });
    await t.http.post('/api/requests/flag-friend-1/approve').set(auth).expect(409);
  });

  it('reports OneBot going away (napcat-status false, 503s, requests stay pending) and reconnects by itself', async () => {
    const from = framesFrom();
    await onebot.stop();
    const down = await nextFrame((f) => f.type === 'napcat-status' && (f.data as { connected: boolean }).connected === false, from);
    expect(down.data).toEqual({ connected: false, groupCount: 0, friendCount: 0 });
    expect((await t.http.get('/api/bot/groups').set(auth).expect(503)).body).toEqual({ ok: false, error: 'NapCat is not connected' });
    await t.http.get('/api/bot/friends').set(auth).expect(503);
    await t.http.post('/api/bot/send').set(auth).send({ type: 'private', id: 10001, message: 'x' }).expect(503);
    await t.http.post('/api/requests/flag-manual-1/approve').set(auth).expect(503);
    expect((await pending()).find((r) => r.flag === 'flag-manual-1')?.status).toBe('pending');
    expect(t.app.get(QqBridgeStatus).snapshot().connected).toBe(false);
    await nextFrame((f) => f.type === 'log-entry' && (f.data as { type: string }).type === 'qq.disconnected', from);

    const back = framesFrom();
    await onebot.start();
    const up = await nextFrame((f) => f.type === 'napcat-status' && (f.data as { connected: boolean }).connected === true, back, 20_000);
    expect(up.data).toEqual({ connected: true, selfId: 3344556677, nickname: 'PanelBot', groupCount: 2, friendCount: 3 });
    await t.http.get('/api/bot/groups').set(auth).expect(200);
    await t.http.post('/api/requests/flag-manual-1/approve').set(auth).expect(200);
  });

  it('reconnects on request', async () => {
    const connections = onebot.connections;
    const from = framesFrom();
    const answer = await t.http.post('/api/bot/reconnect').set(auth).expect(200);
    expect(answer.body).toEqual({ ok: true, message: expect.any(String) });
    await nextFrame((f) => f.type === 'napcat-status' && (f.data as { connected: boolean }).connected === false, from);
    await nextFrame((f) => f.type === 'napcat-status' && (f.data as { connected: boolean }).connected === true, from);
    expect(onebot.connections).toBe(connections + 1);
    await t.http.get('/api/bot/friends').set(auth).expect(200);
  });
});
