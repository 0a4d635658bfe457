import { networkInterfaces } from 'node:os';
import request from 'supertest';
import { PanelEventLog1765350000000 } from '../src/core/database/migrations/1765350000000-PanelEventLog';
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
  const summaries = (body: { events: Array<{ summary: string }> }) => body.events.map((e) => e.summary);
  const countRows = async (where = 'true') => Number((await t.dataSource.query(`SELECT count(*) AS n FROM panel_events WHERE ${where}`))[0].n);
  const waitFor = async (check: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 15_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  };

  it('pages exactly as OFFSET would, with or without gaps in the log, and counts without a scan', async () => {
    await t.http.post('/api/events/clear').set(auth).expect(200);
    await t.dataSource.query('DELETE FROM panel_events');
    await t.dataSource.query(`INSERT INTO panel_events (source, type, summary) SELECT CASE WHEN i % 3 = 0 THEN 'qq' ELSE 'wechat' END, 'page', 'row ' || i FROM generate_series(1, 250) i`);
    const expected = (await t.dataSource.query('SELECT summary FROM panel_events ORDER BY seq DESC')).map((r: { summary: string }) => r.summary) as string[];
    const expectPages = async () => {
      for (const [offset, limit] of [[0, 100], [100, 100], [200, 100], [249, 5], [250, 10], [1000, 10]]) {
        const page = await t.http.get(`/api/events?limit=${limit}&offset=${offset}`).set(auth).expect(200);
        expect(summaries(page.body)).toEqual(expected.slice(offset, offset + limit));
        expect(page.body.total).toBe(expected.length);
        expect(page.body.entries).toEqual(page.body.events);
      }
      const qq = expected.filter((summary) => Number(summary.split(' ')[1]) % 3 === 0);
      const bySource = await t.http.get('/api/events?source=qq&limit=20&offset=30').set(auth).expect(200);
      expect(summaries(bySource.body)).toEqual(qq.slice(30, 50));
      expect(bySource.body.total).toBe(qq.length);
    };
    await expectPages();
    // a gap (a row removed from the middle): the boundary is found by a walk, the answer stays the same
    await t.dataSource.query(`DELETE FROM panel_events WHERE summary IN ('row 120', 'row 121')`);
    expected.splice(expected.indexOf('row 120'), 1);
    expected.splice(expected.indexOf('row 121'), 1);
    await expectPages();
    expect(await countRows()).toBe(248);
  });

  it('keeps totals exact through concurrent writes, deletions, updates and clear', async () => {
    await t.dataSource.query(`INSERT INTO panel_events (source, type, summary) SELECT 'system', 'x', 'bulk ' || i FROM generate_series(1, 300) i`);
    await Promise.all([
      ...Array.from({ length: 50 }, (_, i) => push({ source: 'openclaw', type: 'x', summary: `concurrent ${i}` }).expect(200)),
      t.dataSource.query(`DELETE FROM panel_events WHERE seq IN (SELECT seq FROM panel_events ORDER BY seq LIMIT 40)`),
      t.dataSource.query(`UPDATE panel_events SET source = 'qq' WHERE summary LIKE 'bulk 1%'`),
    ]);
    const counts = async () => {
      const all = await t.http.get('/api/events?limit=1').set(auth).expect(200);
      const perSource = await Promise.all(['qq', 'wechat', 'openclaw', 'system'].map(async (source) => [
        (await t.http.get(`/api/events?limit=1&source=${source}`).set(auth).expect(200)).body.total,
        await countRows(`source = '${source}'`),
      ]));
      return { total: all.body.total, rows: await countRows(), perSource };
    };
    const after = await counts();
    expect(after.total).toBe(after.rows);
    after.perSource.forEach(([total, rows]) => expect(total).toBe(rows));
    await t.http.post('/api/events/clear').set(auth).expect(200);
    expect((await t.http.get('/api/events').set(auth).expect(200)).body.total).toBe(1);
  });

  it('searches case-insensitive substrings, Chinese included, of any length, wildcards taken literally', async () => {
    await t.http.post('/api/events/clear').set(auth).expect(200);
    await push({ source: 'qq', type: 'x', summary: '群消息：报销发票已提交', detail: 'Invoice #42 APPROVED' }).expect(200);
    await push({ source: 'wechat', type: 'x', summary: '发票', detail: '100% done' }).expect(200);
    await push({ source: 'qq', type: 'x', summary: 'nothing here', detail: 'approved_by admin' }).expect(200);
    const search = async (text: string, extra = '') =>
      summaries((await t.http.get(`/api/events?search=${encodeURIComponent(text)}${extra}`).set(auth).expect(200)).body);
    expect(await search('报销发票')).toEqual(['群消息：报销发票已提交']);
    expect(await search('发票')).toEqual(['发票', '群消息：报销发票已提交']);
    expect(await search('票')).toEqual(['发票', '群消息：报销发票已提交']);
    expect(await search('approved')).toEqual(['nothing here', '群消息：报销发票已提交']);
    expect(await search('d_b')).toEqual(['nothing here']);
    expect(await search('0%')).toEqual(['发票']);
    expect(await search('发票', '&source=wechat')).toEqual(['发票']);
    const past = await t.http.get(`/api/events?search=${encodeURIComponent('发票')}&offset=5`).set(auth).expect(200);
    expect(past.body).toMatchObject({ events: [], total: 2 });
  });

  it('keeps the log within eventLog.maxEntries and maxAgeDays, oldest first, in the background', async () => {
    for (const bad of [{ maxEntries: 0 }, { maxEntries: 'ten' }, { maxEntries: 1.5 }, { maxAgeDays: -1 }, { keepForever: true }]) {
      const refused = await t.http.put('/api/admin/config/eventLog').set(auth).send(bad).expect(400);
      expect(refused.body).toEqual({ ok: false, error: expect.stringContaining('eventLog') });
    }
    await t.http.put('/api/admin/config').set(auth).send({ eventLog: { maxEntries: -5 } }).expect(400);
    await t.http.post('/api/events/clear').set(auth).expect(200);
    await t.http.put('/api/admin/config/eventLog').set(auth).send({ maxEntries: 30 }).expect(200);
    for (let i = 0; i < 80; i++) await push({ source: 'system', type: 'retention', summary: `kept? ${i}` }).expect(200);
    await waitFor(async () => (await t.http.get('/api/events').set(auth)).body.total === 30, 'the log to shrink to 30 entries');
    const kept = await t.http.get('/api/events?limit=100').set(auth).expect(200);
    expect(summaries(kept.body)).toEqual(Array.from({ length: 30 }, (_, i) => `kept? ${79 - i}`));
    expect(await countRows()).toBe(30);

    await t.dataSource.query(`UPDATE panel_events SET created_at = now() - interval '3 days' WHERE summary IN ('kept? 50', 'kept? 51')`);
    const before = await countRows();
    // the change is itself logged: one entry more
    await t.http.put('/api/admin/config/eventLog').set(auth).send({ maxEntries: 1000, maxAgeDays: 2 }).expect(200);
    await waitFor(async () => (await countRows(`summary IN ('kept? 50', 'kept? 51')`)) === 0, 'entries older than 2 days to go');
    expect(await countRows()).toBe(before + 1 - 2);
    expect((await t.http.get('/api/events').set(auth)).body.total).toBe(before + 1 - 2);
    await t.http.put('/api/admin/config/eventLog').set(auth).send({}).expect(200);
  });

  it('migrates an existing log: seq follows created_at, totals are counted once', async () => {
    const migration = new PanelEventLog1765350000000();
    const runner = t.dataSource.createQueryRunner();
    try {
      await t.dataSource.query('DELETE FROM panel_events');
      await migration.down(runner);
      await runner.query(`INSERT INTO panel_events (source, type, summary, created_at) VALUES
        ('qq', 'm', 'second', now() - interval '1 hour'), ('system', 'm', 'third', now()), ('qq', 'm', 'first', now() - interval '1 day')`);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const listed = await t.http.get('/api/events').set(auth).expect(200);
    expect(summaries(listed.body)).toEqual(['third', 'second', 'first']);
    expect(listed.body.total).toBe(3);
    expect((await t.http.get('/api/events?source=qq').set(auth).expect(200)).body.total).toBe(2);
    const next = await push({ source: 'qq', type: 'm', summary: 'fourth' }).expect(200);
    expect(summaries((await t.http.get('/api/events?limit=1').set(auth)).body)).toEqual(['fourth']);
    expect(next.body.entry.summary).toBe('fourth');
  });
});
