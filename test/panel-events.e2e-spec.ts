import { networkInterfaces } from 'node:os';
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';
import { FrameClient } from './support/ws-client';

/** An address of this machine that is not loopback, to call the app as a remote client would. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
}

describe('Panel activity log, /ws and admin config', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({}, { host: '0.0.0.0' });
    token = (await t.http.post('/api/auth/login').send({ token: t.config.adminToken }).expect(200)).body.token;
    auth = { Authorization: `Bearer ${token}` };
  });
  afterAll(() => t.close());

  const push = (body: object) => t.http.post('/api/events/log').send(body);

  it('takes pushes from this host without a token, stores them and lists them newest first', async () => {
    await t.http.post('/api/events/clear').set(auth).expect(200);
    await push({ source: 'openclaw', type: 'openclaw.action', summary: '第一条 alpha', detail: 'first detail' }).expect(200);
    const second = await push({ source: 'qq', type: 'qq.message', summary: 'second beta' }).expect(200);
    expect(second.body).toEqual({ ok: true, entry: { id: expect.any(String), time: expect.any(Number), source: 'qq', type: 'qq.message', summary: 'second beta' } });

    const all = await t.http.get('/api/events').set(auth).expect(200);
    expect(all.body.ok).toBe(true);
    expect(all.body.events.map((e: { summary: string }) => e.summary).slice(0, 2)).toEqual(['second beta', '第一条 alpha']);
    const bySource = await t.http.get('/api/events?source=openclaw').set(auth).expect(200);
    expect(bySource.body.events.every((e: { source: string }) => e.source === 'openclaw')).toBe(true);
    const bySearch = await t.http.get(`/api/events?search=${encodeURIComponent('第一')}`).set(auth).expect(200);
    expect(bySearch.body.events.map((e: { summary: string }) => e.summary)).toEqual(['第一条 alpha']);
    const byDetail = await t.http.get('/api/events?search=FIRST%20DETAIL').set(auth).expect(200);
    expect(byDetail.body.total).toBe(1);
    const paged = await t.http.get('/api/events?limit=1&offset=1').set(auth).expect(200);
    expect(paged.body.events.map((e: { summary: string }) => e.summary)).toEqual(['第一条 alpha']);
  });

  it('refuses bad pushes and bad queries with the panel dialect', async () => {
    const bad = await push({ source: 'mars', type: 'x', summary: 'y' }).expect(400);
    expect(bad.body).toEqual({ ok: false, error: expect.stringContaining('source') });
    await push({ source: 'qq', type: 'x' }).expect(400);
    await t.http.get('/api/events?limit=0').set(auth).expect(400);
    await t.http.get('/api/events').expect(401);
  });

  it('needs the panel token for pushes from another host', async () => {
    const address = externalAddress();
    if (!address) {
      console.warn('[skipped] remote push check: this machine has no non-loopback IPv4 address');
      return;
    }
    const port = new URL(t.baseUrl).port;
    const remote = request(`http://${address}:${port}`);
    const refused = await remote.post('/api/events/log').send({ source: 'openclaw', type: 'x', summary: 'from afar' }).expect(401);
    expect(refused.body.ok).toBe(false);
    await remote.post('/api/events/log').set(auth).send({ source: 'openclaw', type: 'x', summary: 'from afar, signed' }).expect(200);
  });

  it('pushes each new entry on /ws as log-entry, and refuses a socket without a valid token', async () => {
    const ws = `${t.baseUrl.replace('http', 'ws')}/ws`;
    const refused = await FrameClient.connect(`${ws}?token=nope`);
    expect((await refused.waitClosed()).code).toBe(4401);

    const client = await FrameClient.connect(`${ws}?token=${token}`);
    await push({ source: 'system', type: 'probe', summary: 'live entry' }).expect(200);
    const frame = await client.next((f) => f.type === 'log-entry');
    expect(frame.data).toMatchObject({ source: 'system', type: 'probe', summary: 'live entry', time: expect.any(Number) });
    client.close();
  });

  it('stores every entry of a burst, each answered, in a strict newest-first order', async () => {
    await t.http.post('/api/events/clear').set(auth).expect(200);
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => push({ source: 'qq', type: 'burst', summary: `burst ${i}` })));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const listed = await t.http.get('/api/events?source=qq&limit=1000').set(auth).expect(200);
    expect(listed.body.total).toBe(200);
    const times = listed.body.events.map((e: { time: number }) => e.time);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(listed.body.events.map((e: { id: string }) => e.id)).size).toBe(200);
  });

  it('clears the log and records that it did', async () => {
    await t.http.post('/api/events/clear').set(auth).expect(200);
    const after = await t.http.get('/api/events').set(auth).expect(200);
    expect(after.body.events.map((e: { type: string }) => e.type)).toEqual(['events.clear']);
  });

  it('keeps admin config by section, never lists secrets, and validates sections', async () => {
    expect((await t.http.get('/api/admin/config').set(auth).expect(200)).body).toEqual({ ok: true, config: {} });
    await t.http.put('/api/admin/config').set(auth).send({ qq: { autoApproveFriends: true }, wechat: { enabled: false } }).expect(200);
    const section = await t.http.put('/api/admin/config/qq').set(auth).send({ autoApproveFriends: false, groupKeywords: ['join'] }).expect(200);
    expect(section.body.config).toEqual({ qq: { autoApproveFriends: false, groupKeywords: ['join'] }, wechat: { enabled: false } });
    await t.dataSource.query(`INSERT INTO panel_settings (key, value, sealed) VALUES ('secret:probe', '{}', 'v1.x.y.z')`);
    expect(Object.keys((await t.http.get('/api/admin/config').set(auth)).body.config)).toEqual(['qq', 'wechat']);
    await t.http.put('/api/admin/config/qq').set(auth).send([1, 2]).expect(400, { ok: false, error: 'Request body must be a JSON object' });
    await t.http.put('/api/admin/config').set(auth).send({ 'bad name!': {} }).expect(400);
    await t.http.put('/api/admin/config/secret:probe').set(auth).send({}).expect(400);
    const log = await t.http.get('/api/events?search=Panel%20settings').set(auth).expect(200);
    expect(log.body.total).toBeGreaterThanOrEqual(2);
  });
});
