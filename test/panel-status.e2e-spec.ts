import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FakeOneBotServer } from './fakes/onebot-server';
import { FakeWechatbotWebhook } from './fakes/wechatbot-webhook';
import { startTestApp, TestApp } from './support/test-app';

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`never accepted: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('Panel status: live values from the bridges, openclaw.json and the process', () => {
  let onebot: FakeOneBotServer;
  let wechat: FakeWechatbotWebhook;
  let t: TestApp;
  let auth: { Authorization: string };

  beforeAll(async () => {
    onebot = await FakeOneBotServer.start({ accessToken: 'onebot-secret', selfId: 123456789, nickname: 'Bot' });
    wechat = await FakeWechatbotWebhook.start({ token: 'wechat-secret', loggedInAs: '微信昵称' });
    t = await startTestApp({ ONEBOT_WS_URL: onebot.url, ONEBOT_ACCESS_TOKEN: 'onebot-secret', WECHAT_WEBHOOK_URL: wechat.url, WECHAT_TOKEN: 'wechat-secret' });
    auth = { Authorization: `Bearer ${(await t.http.post('/api/auth/login').send({ token: t.config.adminToken })).body.token}` };
  });
  afterAll(async () => {
    await t?.close();
    await onebot?.stop();
    await wechat?.stop();
  });

  const status = async () => (await t.http.get('/api/status').set(auth).expect(200)).body;

  it('reports both bridges connected, with the bot and the account', async () => {
    const body = await eventually(status, (s) => s.napcat.connected && s.wechat.loggedIn);
    expect(body).toMatchObject({
      ok: true,
      napcat: { connected: true, selfId: 123456789, nickname: 'Bot', groupCount: expect.any(Number), friendCount: expect.any(Number) },
      wechat: { connected: true, loggedIn: true, name: '微信昵称' },
      openclaw: { configured: false, enabledChannels: [] },
      admin: { uptime: expect.any(Number), memoryMB: expect.any(Number) },
    });
    expect(body.admin.memoryMB).toBeGreaterThan(10);
  });

  it('reads openclaw.json as it is now', async () => {
    const path = t.config.panel.openclawConfigPath;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `{
      // JSON5, as people write it
      agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } },
      channels: { qq: { enabled: true } },
      plugins: { entries: { qq: { enabled: true } } },
    }`);
    const body = await status();
    expect(body.openclaw).toMatchObject({ configured: true, qqPluginEnabled: true, qqChannelEnabled: true, currentModel: 'anthropic/claude-sonnet-4-5' });
    expect(body.openclaw.enabledChannels.map((c: { id: string }) => c.id)).toContain('qq');
  });

  it('follows a bridge going away', async () => {
    await onebot.stop();
    const body = await eventually(status, (s) => !s.napcat.connected);
    expect(body.napcat.connected).toBe(false);
    await onebot.start();
    await eventually(status, (s) => s.napcat.connected, 40_000);
  }, 60_000);

  it('needs the panel token', async () => {
    await t.http.get('/api/status').expect(401);
    await t.http.get('/api/status').set(t.admin).expect(401);
  });
});
