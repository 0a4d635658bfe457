import { FakeWechatbotWebhook } from './fakes/wechatbot-webhook';
import { startTestApp, TestApp } from './support/test-app';
import { Frame, FrameClient } from './support/ws-client';

const CALLBACK_SECRET = 'wechat-callback-secret-for-tests';
const POLL_WAIT_MS = 16_000; // the bridge is checked every 10 s

describe('Panel WeChat through wechatbot-webhook', () => {
  let fake: FakeWechatbotWebhook;
  let t: TestApp;
  let auth: { Authorization: string };
  let ws: FrameClient;

  const callbackUrl = (secret = CALLBACK_SECRET) => `${t.baseUrl}/api/wechat/callback?secret=${encodeURIComponent(secret)}`;
  const isStatus = (expected: object) => (frame: Frame) => frame.type === 'wechat-status' && JSON.stringify(frame.data) === JSON.stringify(expected);
  const logEntry = (match: (entry: Record<string, string>) => boolean) => (frame: Frame) =>
    frame.type === 'log-entry' && match(frame.data as Record<string, string>);
  const wechatEvent = (match: (event: Record<string, unknown>) => boolean) => (frame: Frame) =>
    frame.type === 'wechat-event' && match(frame.data as Record<string, unknown>);

  beforeAll(async () => {
    fake = await FakeWechatbotWebhook.start({ token: 'bridge-token-123' });
    t = await startTestApp({ WECHAT_WEBHOOK_URL: fake.url, WECHAT_TOKEN: fake.token, WECHAT_CALLBACK_SECRET: CALLBACK_SECRET });
    fake.callbackUrl = callbackUrl();
    const token = (await t.http.post('/api/auth/login').send({ token: t.config.adminToken }).expect(200)).body.token as string;
    auth = { Authorization: `Bearer ${token}` };
    ws = await FrameClient.connect(`${t.baseUrl.replace(/^http/, 'ws')}/ws?token=${token}`);
  });
  afterAll(async () => {
    ws?.close();
    await t?.close();
    await fake?.close();
  });

  it('needs the panel token on every route but the callback', async () => {
    for (const [method, path] of [['get', '/api/wechat/status'], ['get', '/api/wechat/login-url'], ['post', '/api/wechat/send'], ['post', '/api/wechat/send-file'], ['get', '/api/wechat/config'], ['put', '/api/wechat/config']] as const) {
      const response = await t.http[method](path).send({});
      expect({ path, status: response.status, body: response.body }).toEqual({ path, status: 401, body: { ok: false, error: expect.any(String) } });
    }
  });

  it('reports a reachable bridge with nobody logged in, and hands out its QR login page', async () => {
    const status = await t.http.get('/api/wechat/status').set(auth).expect(200);
    expect(status.body).toEqual({ ok: true, connected: true, loggedIn: false, enabled: true });

    const login = await t.http.get('/api/wechat/login-url').set(auth).expect(200);
    expect(login.body).toEqual({ ok: true, url: `${fake.url}/login?token=bridge-token-123`, externalUrl: `${fake.url}/login?token=bridge-token-123`, internalUrl: `${fake.url}/login?token=bridge-token-123` });
    const page = await fetch(login.body.url);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('qrcode');

    // opened on another host name: the bridge is taken to be published on that host, same port
    const remote = await t.http.get('/api/wechat/login-url').set(auth).set('Host', 'panel.example:8000').expect(200);
    expect(remote.body.externalUrl).toBe(`http://panel.example:${new URL(fake.url).port}/login?token=bridge-token-123`);
    expect(remote.body.internalUrl).toBe(`${fake.url}/login?token=bridge-token-123`);
  });

  it('a login reported by the bridge becomes a wechat-status frame, a wechat-event and a log entry', async () => {
    const from = ws.frames.length;
    const delivered = await fake.logIn('微信昵称');
    expect(delivered).toMatchObject({ status: 200, body: { ok: true } });
    expect((delivered?.body as Record<string, unknown>).success).toBeUndefined();

    await ws.next(isStatus({ connected: true, loggedIn: true, name: '微信昵称' }), 5_000, from);
    await ws.next(wechatEvent((e) => e.type === 'system_event_login' && e.userName === '微信昵称'), 5_000, from);
    await ws.next(logEntry((e) => e.source === 'wechat' && e.type === 'wechat.system_event_login'), 5_000, from);
    await ws.next(logEntry((e) => e.source === 'wechat' && e.type === 'wechat.status' && e.summary.includes('微信昵称')), 5_000, from);

    const status = await t.http.get('/api/wechat/status').set(auth).expect(200);
    expect(status.body).toEqual({ ok: true, connected: true, loggedIn: true, name: '微信昵称', enabled: true });
  });

  it('sends text to a contact and to a group, and logs each send', async () => {
    const from = ws.frames.length;
    const sent = await t.http.post('/api/wechat/send').set(auth).send({ to: 'Alice', content: '你好 👋' }).expect(200);
    expect(sent.body).toEqual({
      ok: true,
      result: { success: true, message: 'Message sent successfully', task: { successCount: 1, totalCount: 1, failedCount: 0, reject: [], sentFailed: [], notFound: [] } },
    });
    await t.http.post('/api/wechat/send').set(auth).send({ to: 'Test Group', content: 'hello group', isRoom: true }).expect(200);
    expect(fake.sent.slice(-2)).toEqual([
      { to: 'Alice', isRoom: false, data: { type: 'text', content: '你好 👋' } },
      { to: 'Test Group', isRoom: true, data: { type: 'text', content: 'hello group' } },
    ]);
    await ws.next(logEntry((e) => e.type === 'wechat.send' && e.summary === '[WeChat] sent to Alice: 你好 👋' && e.detail === '你好 👋'), 5_000, from);
    await ws.next(logEntry((e) => e.type === 'wechat.send' && e.summary === '[WeChat] sent to group Test Group: hello group'), 5_000, from);
  });

  it('sends a file by URL', async () => {
    await t.http.post('/api/wechat/send-file').set(auth).send({ to: 'Alice', fileUrl: 'https://example.com/report.pdf' }).expect(200);
    await t.http.post('/api/wechat/send-file').set(auth).send({ to: 'Test Group', fileUrl: 'http://192.168.1.5:8000/a.png', isRoom: true }).expect(200);
    expect(fake.sent.slice(-2)).toEqual([
      { to: 'Alice', isRoom: false, data: { type: 'fileUrl', content: 'https://example.com/report.pdf' } },
      { to: 'Test Group', isRoom: true, data: { type: 'fileUrl', content: 'http://192.168.1.5:8000/a.png' } },
    ]);
  });

  it('says clearly what is wrong with a send', async () => {
    const count = fake.sent.length;
    const cases: Array<[string, object, number, RegExp]> = [
      ['/api/wechat/send', { content: 'x' }, 400, /to/],
      ['/api/wechat/send', { to: 'Alice' }, 400, /content/],
      ['/api/wechat/send', { to: 'Alice', content: '' }, 400, /content/],
      ['/api/wechat/send', { to: 'Alice', content: 'x', isRoom: 'yes' }, 400, /isRoom/],
      ['/api/wechat/send', { to: 'Alice', content: 'x', extra: 1 }, 400, /extra/],
      ['/api/wechat/send', { to: 'Alice', content: 'x'.repeat(20_001) }, 400, /content/],
      ['/api/wechat/send-file', { to: 'Alice' }, 400, /fileUrl/],
      ['/api/wechat/send-file', { to: 'Alice', fileUrl: 'ftp://example.com/a.pdf' }, 400, /fileUrl must be an http\(s\) URL/],
      ['/api/wechat/send-file', { to: 'Alice', fileUrl: 'javascript:alert(1)' }, 400, /fileUrl/],
      ['/api/wechat/send-file', { to: 'Alice', fileUrl: 'not a url' }, 400, /fileUrl/],
      ['/api/wechat/send', { to: 'Nobody', content: 'x' }, 404, /User is not found \(Nobody\)/],
      ['/api/wechat/send', { to: 'No Such Group', content: 'x', isRoom: true }, 404, /Room is not found/],
    ];
    for (const [path, body, status, error] of cases) {
      const response = await t.http.post(path).set(auth).send(body);
      expect({ body, status: response.status }).toEqual({ body, status });
      expect(response.body).toEqual({ ok: false, error: expect.stringMatching(error) });
    }
    const malformed = await t.http.post('/api/wechat/send').set(auth).set('content-type', 'application/json').send('{"to":');
    expect(malformed.status).toBe(400);
    expect(fake.sent.length).toBe(count);

    fake.failingReceivers.add('Alice');
    const failed = await t.http.post('/api/wechat/send').set(auth).send({ to: 'Alice', content: 'x' }).expect(502);
    expect(failed.body.error).toMatch(/did not deliver/);
    fake.failingReceivers.clear();
    const logged = await t.http.get('/api/events?source=wechat&search=could%20not%20send').set(auth).expect(200);
    expect(logged.body.events).toContainEqual(expect.objectContaining({
      type: 'wechat.send.failed', summary: '[WeChat] could not send to Alice: x', detail: expect.stringMatching(/^WeChat did not deliver the message: .*\n\nx$/s),
    }));
  });

  describe('the callback', () => {
    it('refuses a missing or wrong secret before reading the message', async () => {
      for (const url of [`${t.baseUrl}/api/wechat/callback`, callbackUrl('wrong-secret'), callbackUrl(`${CALLBACK_SECRET}x`), `${t.baseUrl}/api/wechat/callback?secret=`]) {
        const refused = await fake.deliver({ type: 'text', content: 'let me in' }, url);
        expect(refused).toMatchObject({ status: 401, body: { ok: false, error: expect.stringContaining('secret') } });
      }
      const logged = await t.http.get('/api/events?search=let%20me%20in').set(auth).expect(200);
      expect(logged.body.total).toBe(0);
    });

    it('logs a received text message and pushes it as wechat-event and log-entry', async () => {
      const from = ws.frames.length;
      const answer = await fake.deliver({ type: 'text', content: '在吗？', from: { id: '@bob', name: 'Bob' } });
      expect(answer).toMatchObject({ status: 200, body: { ok: true } });

      const event = await ws.next(wechatEvent((e) => e.content === '在吗？'), 5_000, from);
      expect(event.data).toEqual({
        type: 'text', content: '在吗？', fromName: 'Bob', fromId: '@bob', roomName: '', isGroup: false,
        isMentioned: false, isMsgFromSelf: false, isSystemEvent: false, timestamp: expect.any(Number),
      });
      const entry = await ws.next(logEntry((e) => e.type === 'wechat.text' && e.detail === '在吗？'), 5_000, from);
      expect(entry.data).toEqual({ id: expect.any(String), time: expect.any(Number), source: 'wechat', type: 'wechat.text', summary: '[WeChat] Bob: 在吗？', detail: '在吗？' });

      const stored = await t.http.get(`/api/events?source=wechat&search=${encodeURIComponent('在吗')}`).set(auth).expect(200);
      expect(stored.body.events).toEqual([entry.data]);
    });

    it('logs group messages, files and link cards', async () => {
      const from = ws.frames.length;
      await fake.deliver({ type: 'text', content: '@微信昵称 看这个', room: { topic: 'Test Group' }, isMentioned: true, from: { name: 'Carol' } });
      await fake.deliver({ type: 'file', file: { filename: 'photo.jpg', mime: 'image/jpeg', data: Buffer.alloc(3000, 1) }, from: { name: 'Carol' } });
      await fake.deliver({ type: 'urlLink', content: JSON.stringify({ title: 'AI 神器', url: 'http://example.url' }), from: { name: 'Carol' } });

      const group = await ws.next(wechatEvent((e) => e.content === '@微信昵称 看这个'), 5_000, from);
      expect(group.data).toMatchObject({ isGroup: true, roomName: 'Test Group', isMentioned: true, fromName: 'Carol' });
      const file = await ws.next(wechatEvent((e) => e.type === 'file'), 5_000, from);
      expect(file.data).toMatchObject({ content: 'photo.jpg', file: { name: 'photo.jpg', mimeType: 'image/jpeg', size: 3000 } });
      await ws.next(logEntry((e) => e.summary === '[WeChat] Carol @ Test Group: @微信昵称 看这个'), 5_000, from);
      await ws.next(logEntry((e) => e.summary === '[WeChat] Carol sent a file: photo.jpg (2.9 KiB, image/jpeg)'), 5_000, from);
      await ws.next(logEntry((e) => e.summary === '[WeChat] Carol shared a link: AI 神器'), 5_000, from);
    });

    it('refuses bad forms with a clear 4xx and logs nothing for them', async () => {
      const before = (await t.http.get('/api/events?source=wechat').set(auth).expect(200)).body.total;
      const noType = await fake.deliver({ content: 'x', fields: { type: '' } });
      expect(noType).toMatchObject({ status: 400, body: { ok: false, error: 'type is required' } });
      const badSource = await fake.deliver({ type: 'text', content: 'x', fields: { source: '{not json' } });
      expect(badSource).toMatchObject({ status: 400, body: { ok: false, error: 'source is not valid JSON' } });
      const hugeField = await fake.deliver({ type: 'text', content: 'x', fields: { source: JSON.stringify({ pad: 'x'.repeat(1_100_000) }) } });
      expect(hugeField).toMatchObject({ status: 413, body: { ok: false, error: expect.stringContaining('1 MiB per field') } });
      const hugeFile = await fake.deliver({ type: 'file', file: { filename: 'big.mp4', mime: 'video/mp4', data: Buffer.alloc(26 * 1024 * 1024) } });
      expect(hugeFile).toMatchObject({ status: 413, body: { ok: false, error: expect.stringContaining('25 MiB per file') } });
      const hugeJson = await t.http.post(`/api/wechat/callback?secret=${CALLBACK_SECRET}`).send({ type: 'text', content: 'x'.repeat(1_100_000) });
      expect(hugeJson.status).toBe(413);
      const empty = await t.http.post(`/api/wechat/callback?secret=${CALLBACK_SECRET}`);
      expect(empty.status).toBe(400);
      const after = (await t.http.get('/api/events?source=wechat').set(auth).expect(200)).body.total;
      expect(after).toBe(before);
    });
  });

  it('a logout becomes a wechat-status frame, and sends then say to log in', async () => {
    const from = ws.frames.length;
    await fake.logOut();
    await ws.next(isStatus({ connected: true, loggedIn: false }), 5_000, from);
    await ws.next(wechatEvent((e) => e.type === 'system_event_logout'), 5_000, from);
    const refused = await t.http.post('/api/wechat/send').set(auth).send({ to: 'Alice', content: 'x' }).expect(409);
    expect(refused.body.error).toMatch(/not logged in/);
  });

  it('the poller notices a login the bridge did not report', async () => {
    const from = ws.frames.length;
    await fake.logIn('Silent', { notify: false });
    await ws.next(isStatus({ connected: true, loggedIn: true, name: 'Silent' }), POLL_WAIT_MS, from);
  }, 30_000);

  it('the bridge going away: status disconnected (pushed by the poller), sends 503; then it comes back', async () => {
    const from = ws.frames.length;
    await fake.stop();
    await ws.next(isStatus({ connected: false, loggedIn: false }), POLL_WAIT_MS, from);
    await ws.next(logEntry((e) => e.type === 'wechat.status' && e.summary.startsWith('[WeChat] bridge disconnected')), 5_000, from);

    const status = await t.http.get('/api/wechat/status').set(auth).expect(200);
    expect(status.body).toEqual({ ok: true, connected: false, loggedIn: false, enabled: true, error: expect.stringContaining('not reachable') });
    const send = await t.http.post('/api/wechat/send').set(auth).send({ to: 'Alice', content: 'anyone there?' }).expect(503);
    expect(send.body).toEqual({ ok: false, error: expect.stringMatching(/^WeChat is not connected/) });
    await t.http.post('/api/wechat/send-file').set(auth).send({ to: 'Alice', fileUrl: 'https://example.com/a.pdf' }).expect(503);

    const back = ws.frames.length;
    await fake.start();
    const again = await t.http.get('/api/wechat/status').set(auth).expect(200);
    expect(again.body).toEqual({ ok: true, connected: true, loggedIn: true, name: 'Silent', enabled: true });
    await ws.next(isStatus({ connected: true, loggedIn: true, name: 'Silent' }), 5_000, back);
    await t.http.post('/api/wechat/send').set(auth).send({ to: 'Alice', content: 'back again' }).expect(200);
    expect(fake.sent.at(-1)).toEqual({ to: 'Alice', isRoom: false, data: { type: 'text', content: 'back again' } });
  }, 40_000);

  describe('settings', () => {
    it('shows the settings and the callback URL to give the bridge', async () => {
      const config = await t.http.get('/api/wechat/config').set(auth).expect(200);
      expect(config.body).toEqual({
        ok: true,
        config: { enabled: true, autoReply: false, loginPublicUrl: null },
        bridge: { url: fake.url, tokenConfigured: true, callbackUrl: callbackUrl() },
      });
      // the advertised URL is the one that works
      const answer = await fake.deliver({ type: 'text', content: 'via advertised url' }, config.body.bridge.callbackUrl);
      expect(answer.status).toBe(200);
    });

    it('merges changes, logs them, and uses loginPublicUrl for the login page', async () => {
      const from = ws.frames.length;
      const saved = await t.http.put('/api/wechat/config').set(auth).send({ autoReply: true, loginPublicUrl: 'https://wx.example.com:3443/' }).expect(200);
      expect(saved.body.config).toEqual({ enabled: true, autoReply: true, loginPublicUrl: 'https://wx.example.com:3443' });
      await ws.next(logEntry((e) => e.source === 'system' && e.type === 'config.update' && e.summary.includes('loginPublicUrl')), 5_000, from);
      const login = await t.http.get('/api/wechat/login-url').set(auth).expect(200);
      expect(login.body.url).toBe('https://wx.example.com:3443/login?token=bridge-token-123');
      expect((await t.http.get('/api/wechat/config').set(auth).expect(200)).body.config).toEqual(saved.body.config);
      // also seen through the admin config
      const admin = await t.http.get('/api/admin/config').set(auth).expect(200);
      expect(admin.body.config.wechat).toMatchObject({ autoReply: true, loginPublicUrl: 'https://wx.example.com:3443' });

      await t.http.put('/api/wechat/config').set(auth).send({ loginPublicUrl: null }).expect(200);
      expect((await t.http.get('/api/wechat/login-url').set(auth).expect(200)).body.url).toBe(`${fake.url}/login?token=bridge-token-123`);
    });

    it('refuses bad settings', async () => {
      for (const body of [{ enabled: 'yes' }, { autoReply: 1 }, { loginPublicUrl: 'ftp://x.example' }, { loginPublicUrl: 'not a url' }, { token: 'x' }]) {
        const response = await t.http.put('/api/wechat/config').set(auth).send(body);
        expect({ body, status: response.status }).toEqual({ body, status: 400 });
        expect(response.body).toEqual({ ok: false, error: expect.any(String) });
      }
      await t.http.put('/api/wechat/config').set(auth).set('content-type', 'application/json').send('[1,2]').expect(400);
    });

    it('disabled: the bridge is not watched or used, received messages are still logged; enabled again: back', async () => {
      const from = ws.frames.length;
      await t.http.put('/api/wechat/config').set(auth).send({ enabled: false }).expect(200);
      await ws.next(isStatus({ connected: false, loggedIn: false }), 5_000, from);
      const status = await t.http.get('/api/wechat/status').set(auth).expect(200);
      expect(status.body).toEqual({ ok: true, connected: false, loggedIn: false, enabled: false, error: expect.stringContaining('disabled') });
      const refused = await t.http.post('/api/wechat/send').set(auth).send({ to: 'Alice', content: 'x' }).expect(409);
      expect(refused.body.error).toMatch(/disabled/);
      expect((await fake.deliver({ type: 'text', content: 'still heard' })).status).toBe(200);
      await ws.next(logEntry((e) => e.detail === 'still heard'), 5_000, from);

      const back = ws.frames.length;
      await t.http.put('/api/wechat/config').set(auth).send({ enabled: true }).expect(200);
      await ws.next(isStatus({ connected: true, loggedIn: true, name: 'Silent' }), 5_000, back);
      await t.http.post('/api/wechat/send').set(auth).send({ to: 'Alice', content: 'x' }).expect(200);
    });
  });
});
