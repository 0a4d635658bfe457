import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import JSON5 from 'json5';
import { OpenClawConfigStore } from '../src/panel/openclaw/openclaw-config.store';
import { prepareOpenClawSchema, renderSchemaModule } from '../src/panel/openclaw/schema/prepare-schema';
import { OPENCLAW_CONFIG_SCHEMA_JSON, OPENCLAW_SCHEMA_VERSION } from '../src/panel/openclaw/schema/openclaw-config.schema.generated';
import { FakeNapcatWebui } from './fakes/napcat-webui';
import { describeWithOpenClaw, ensureOpenClawRuntimeSync, OPENCLAW_VERSION, openClawConfig, validateOpenClawConfig } from './support/openclaw';
import { panelEvents } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(120_000);

/** What an operator might have written by hand: comments, unquoted keys, single quotes, trailing commas. */
const HAND_WRITTEN = `// openclaw.json, edited by hand
{
  gateway: { mode: 'local', port: 18789, },
  models: {
    providers: {
      fake: { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'x', api: 'openai-completions', models: [{ id: 'fake-1', name: 'Fake' }] },
    },
  },
  /* the default model */
  agents: { defaults: { model: { primary: 'fake/fake-1' } } },
  channels: { qq: { enabled: true, wsUrl: 'ws://127.0.0.1:3001' } },
  plugins: { entries: { qq: { enabled: true }, feishu: { enabled: true } } },
}
`;

describe('Panel OpenClaw config (openclaw.json) and its backups', () => {
  let t: TestApp;
  let napcat: FakeNapcatWebui;
  let auth: { Authorization: string };
  let configPath: string;
  let home: string;
  let backupsDir: string;

  const bytes = () => readFileSync(configPath);
  const text = () => readFileSync(configPath, 'utf8');
  const backupNames = () => (existsSync(backupsDir) ? readdirSync(backupsDir).sort() : []);
  const reset = (content?: string) => {
    rmSync(backupsDir, { recursive: true, force: true });
    rmSync(join(home, 'cron'), { recursive: true, force: true });
    if (content === undefined) rmSync(configPath, { force: true });
    else {
      mkdirSync(dirname(configPath), { recursive: true });
      writeFileSync(configPath, content, { mode: 0o600 });
    }
  };
  const events = (search: string) => panelEvents(t, auth, { source: 'system', search });

  beforeAll(async () => {
    napcat = await FakeNapcatWebui.start({ token: 'napcat-webui-token' });
    napcat.loggedIn = true;
    t = await startTestApp({ NAPCAT_WEBUI_URL: napcat.url, NAPCAT_WEBUI_TOKEN: 'napcat-webui-token' });
    configPath = t.config.panel.openclawConfigPath;
    home = t.config.panel.openclawHome;
    backupsDir = join(home, 'backups');
    const login = await t.http.post('/api/auth/login').send({ token: t.config.adminToken }).expect(200);
    auth = { Authorization: `Bearer ${login.body.token}` };
  });
  afterAll(async () => {
    await t?.close();
    await napcat?.close();
  });

  it('needs the panel token on every route', async () => {
    for (const [method, path] of [
      ['get', '/api/openclaw/config'],
      ['put', '/api/openclaw/config'],
      ['get', '/api/openclaw/models'],
      ['put', '/api/openclaw/models'],
      ['get', '/api/openclaw/channels'],
      ['put', '/api/openclaw/channels/qq'],
      ['put', '/api/openclaw/plugins/qq'],
      ['post', '/api/openclaw/toggle-channel'],
      ['post', '/api/system/backup'],
      ['get', '/api/system/backups'],
      ['post', '/api/system/restore'],
    ] as const) {
      const response = await t.http[method](path).send({});
      expect({ path, status: response.status, body: response.body }).toEqual({ path, status: 401, body: { ok: false, error: expect.any(String) } });
    }
  });

  it('with no openclaw.json: empty answers, "not configured", nothing to back up', async () => {
    reset();
    expect((await t.http.get('/api/openclaw/config').set(auth).expect(200)).body).toEqual({ ok: true, config: {} });
    expect((await t.http.get('/api/openclaw/models').set(auth).expect(200)).body).toEqual({ ok: true, providers: {}, currentModel: '' });
    expect((await t.http.get('/api/openclaw/channels').set(auth).expect(200)).body).toEqual({ ok: true, channels: {}, plugins: {} });
    expect(await t.app.get(OpenClawConfigStore).summary()).toEqual({
      configured: false,
      qqPluginEnabled: false,
      qqChannelEnabled: false,
      currentModel: '',
      enabledChannels: [],
    });
    expect((await t.http.get('/api/system/backups').set(auth).expect(200)).body).toEqual({ ok: true, backups: [] });
    const nothing = await t.http.post('/api/system/backup').set(auth).expect(404);
    expect(nothing.body).toEqual({ ok: false, error: expect.stringContaining('Nothing to back up') });
  });

  it('reads a hand-written JSON5 file and summarises it for /api/status', async () => {
    reset(HAND_WRITTEN);
    const config = (await t.http.get('/api/openclaw/config').set(auth).expect(200)).body.config;
    expect(config).toEqual(JSON5.parse(HAND_WRITTEN));
    expect((await t.http.get('/api/openclaw/models').set(auth).expect(200)).body).toEqual({
      ok: true,
      providers: { fake: { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'x', api: 'openai-completions', models: [{ id: 'fake-1', name: 'Fake' }] } },
      currentModel: 'fake/fake-1',
    });
    expect((await t.http.get('/api/openclaw/channels').set(auth).expect(200)).body).toEqual({
      ok: true,
      channels: { qq: { enabled: true, wsUrl: 'ws://127.0.0.1:3001' } },
      plugins: { qq: { enabled: true }, feishu: { enabled: true } },
    });
    expect(await t.app.get(OpenClawConfigStore).summary()).toEqual({
      configured: true,
      qqPluginEnabled: true,
      qqChannelEnabled: true,
      currentModel: 'fake/fake-1',
      enabledChannels: [
        { id: 'qq', label: 'QQ (NapCat)', type: 'builtin' },
        { id: 'feishu', label: '飞书 / Lark', type: 'plugin' },
      ],
    });
  });

  it('PUT config writes atomically, keeps the mode, and first copies the previous bytes to backups', async () => {
    reset(HAND_WRITTEN);
    chmodSync(configPath, 0o640);
    const before = bytes();
    const next = { ...JSON5.parse(HAND_WRITTEN), commands: { restart: true } };
    const answer = await t.http.put('/api/openclaw/config').set(auth).send({ config: next }).expect(200);
    expect(answer.body).toEqual({ ok: true, changed: true, backup: expect.stringMatching(/^openclaw-\d{4}-\d\d-\d\dT[\d-]+Z\.json$/) });
    expect(text()).toBe(`${JSON.stringify(next, null, 2)}\n`);
    expect(statSync(configPath).mode & 0o777).toBe(0o640);
    expect(readFileSync(join(backupsDir, answer.body.backup))).toEqual(before);
    expect(readdirSync(dirname(configPath)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect((await events('openclaw.json saved'))[0]).toMatchObject({ type: 'openclaw.config.update', detail: `previous file in backups/${answer.body.backup}` });

    // the same config again: nothing to write, no new backup
    const again = await t.http.put('/api/openclaw/config').set(auth).send({ config: next }).expect(200);
    expect(again.body).toEqual({ ok: true, changed: false });
    expect(backupNames()).toEqual([answer.body.backup]);
    await t.http.put('/api/openclaw/config').set(auth).send({ nope: {} }).expect(400);
    await t.http.put('/api/openclaw/config').set(auth).send({ config: [1] }).expect(400);
  });

  it('a new openclaw.json is created private (0600), with no backup of nothing', async () => {
    reset();
    const answer = await t.http.put('/api/openclaw/config').set(auth).send({ config: { gateway: { mode: 'local' } } }).expect(200);
    expect(answer.body).toEqual({ ok: true, changed: true });
    expect(statSync(configPath).mode & 0o777).toBe(0o600);
    expect(backupNames()).toEqual([]);
  });

  describe('refuses what OpenClaw would refuse: 400 naming the key, the file untouched', () => {
    const refusals: Array<[string, () => Promise<{ status: number; body: { error?: string } }>, string]> = [
      ['an unknown top-level key', () => t.http.put('/api/openclaw/config').set(auth).send({ config: { ...JSON5.parse(HAND_WRITTEN), foo: 1 } }), 'foo'],
      ['a key the old panel wrote', () => t.http.put('/api/openclaw/config').set(auth).send({ config: { messages: { systemPrompt: 'x' } } }), 'messages.systemPrompt'],
      ['a wrong type', () => t.http.put('/api/openclaw/config').set(auth).send({ config: { gateway: { port: '18789' } } }), 'gateway.port'],
      ['a channel no plugin provides', () => t.http.put('/api/openclaw/config').set(auth).send({ config: { channels: { qq: { enabled: true } } } }), 'channels.qq'],
      ['a channel key OpenClaw does not have', () => t.http.put('/api/openclaw/channels/telegram').set(auth).send({ token: '123:abc' }), 'channels.telegram.token'],
      ['a plugin entry key', () => t.http.put('/api/openclaw/plugins/qq').set(auth).send({ foo: 1 }), 'plugins.entries.qq.foo'],
      ['a model given as a string', () => t.http.put('/api/openclaw/models').set(auth).send({ providers: { openai: { baseUrl: 'https://a', models: ['gpt-4o'] } } }), 'models.providers.openai.models[0]'],
      ['a model setting OpenClaw does not have', () => t.http.put('/api/openclaw/config').set(auth).send({ config: { agents: { defaults: { model: { maxTokens: 8192 } } } } }), 'agents.defaults.model.maxTokens'],
    ];

    it.each(refusals)('%s', async (_what, call, key) => {
      reset(HAND_WRITTEN);
      const before = bytes();
      const response = await call();
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ ok: false, error: expect.stringContaining(key) });
      expect(response.body.error).toContain(`OpenClaw ${OPENCLAW_SCHEMA_VERSION} would refuse`);
      expect(bytes()).toEqual(before);
      expect(backupNames()).toEqual([]);
    });
  });

  it('PUT models replaces the providers and sets the default model; "" removes it', async () => {
    reset(HAND_WRITTEN);
    const providers = {
      openai: { baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-test', api: 'openai-completions', models: [{ id: 'gpt-4o', name: 'gpt-4o', contextWindow: 128000, maxTokens: 8192 }] },
    };
    const answer = await t.http.put('/api/openclaw/models').set(auth).send({ providers, currentModel: 'openai/gpt-4o' }).expect(200);
    expect(answer.body).toMatchObject({ ok: true, changed: true });
    expect((await t.http.get('/api/openclaw/models').set(auth).expect(200)).body).toEqual({ ok: true, providers, currentModel: 'openai/gpt-4o' });
    const written = JSON.parse(text());
    expect(written.gateway).toEqual({ mode: 'local', port: 18789 });
    expect(written.agents).toEqual({ defaults: { model: { primary: 'openai/gpt-4o' } } });
    await t.http.put('/api/openclaw/models').set(auth).send({ currentModel: '' }).expect(200);
    expect(JSON.parse(text()).agents).toEqual({ defaults: {} });
    await t.http.put('/api/openclaw/models').set(auth).send({ currentModel: 5 }).expect(400);
    await t.http.put('/api/openclaw/models').set(auth).send({ other: 1 }).expect(400);
    expect((await events('default model "openai/gpt-4o"'))[0]).toMatchObject({ type: 'openclaw.models.update' });
  });

  it('PUT channels/:id merges (null removes a key) and gives a channel OpenClaw does not bundle its plugin entry', async () => {
    reset(JSON.stringify({ gateway: { mode: 'local' } }));
    await t.http.put('/api/openclaw/channels/qq').set(auth).send({ wsUrl: 'ws://127.0.0.1:3001', accessToken: 'secret', ownerQQ: 10001 }).expect(200);
    let written = JSON.parse(text());
    expect(written.channels.qq).toEqual({ wsUrl: 'ws://127.0.0.1:3001', accessToken: 'secret', ownerQQ: 10001 });
    expect(written.plugins.entries.qq).toEqual({ enabled: false });
    await t.http.put('/api/openclaw/channels/qq').set(auth).send({ accessToken: null, notifications: { antiRecall: true } }).expect(200);
    written = JSON.parse(text());
    expect(written.channels.qq).toEqual({ wsUrl: 'ws://127.0.0.1:3001', ownerQQ: 10001, notifications: { antiRecall: true } });

    // a bundled channel needs no plugin entry
    await t.http.put('/api/openclaw/channels/telegram').set(auth).send({ botToken: '123:abc', dmPolicy: 'pairing' }).expect(200);
    written = JSON.parse(text());
    expect(written.channels.telegram).toEqual({ botToken: '123:abc', dmPolicy: 'pairing' });
    expect(written.plugins.entries.telegram).toBeUndefined();
    expect((await t.http.get('/api/openclaw/channels').set(auth).expect(200)).body.channels.telegram).toEqual({ botToken: '123:abc', dmPolicy: 'pairing' });

    const before = bytes();
    const wechat = await t.http.put('/api/openclaw/channels/wechat').set(auth).send({ webhookUrl: 'http://x' }).expect(400);
    expect(wechat.body.error).toContain('/api/wechat/config');
    for (const id of ['defaults', '__proto__', 'a%2F..%2F..', '..', 'x'.repeat(80)]) {
      await t.http.put(`/api/openclaw/channels/${id}`).set(auth).send({ enabled: true }).expect(400);
    }
    await t.http.put('/api/openclaw/channels/qq').set(auth).send([1, 2]).expect(400);
    expect(bytes()).toEqual(before);
  });

  it('PUT plugins/:id merges the plugin entry (the Skills page enables and disables plugins this way)', async () => {
    reset(HAND_WRITTEN);
    await t.http.put('/api/openclaw/plugins/feishu').set(auth).send({ enabled: false }).expect(200);
    await t.http.put('/api/openclaw/plugins/memory-core').set(auth).send({ enabled: true }).expect(200);
    const entries = JSON.parse(text()).plugins.entries;
    expect(entries).toEqual({ qq: { enabled: true }, feishu: { enabled: false }, 'memory-core': { enabled: true } });
    expect((await events('Plugin feishu updated'))[0]).toMatchObject({ type: 'openclaw.plugin.update', summary: 'Plugin feishu updated (disabled)' });
    await t.http.put('/api/openclaw/plugins/__proto__').set(auth).send({ enabled: true }).expect(400);
  });

  it('serialises concurrent writes: none is lost, and a reader never sees half a file', async () => {
    reset(JSON.stringify({ gateway: { mode: 'local' } }));
    let reading = true;
    let reads = 0;
    const torn: string[] = [];
    const reader = (async () => {
      while (reading) {
        const seen = readFileSync(configPath, 'utf8');
        try {
          JSON5.parse(seen);
          reads++;
        } catch {
          torn.push(seen);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const ids = Array.from({ length: 12 }, (_, i) => `plugin-${i}`);
    const answers = await Promise.all(ids.map((id) => t.http.put(`/api/openclaw/plugins/${id}`).set(auth).send({ enabled: true })));
    reading = false;
    await reader;
    expect(answers.map((answer) => answer.status)).toEqual(ids.map(() => 200));
    expect(Object.keys(JSON.parse(text()).plugins.entries).sort()).toEqual([...ids].sort());
    expect(torn).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    expect(backupNames().filter((name) => name.startsWith('openclaw-'))).toHaveLength(ids.length);
  });

  it('a broken openclaw.json: reads say so (409), a whole-file PUT replaces it and keeps the broken bytes as a backup', async () => {
    reset('{ gateway: { mode: "local" ');
    const read = await t.http.get('/api/openclaw/config').set(auth).expect(409);
    expect(read.body).toEqual({ ok: false, error: expect.stringContaining('not valid JSON5') });
    await t.http.put('/api/openclaw/models').set(auth).send({ currentModel: 'fake/fake-1' }).expect(409);
    expect((await t.app.get(OpenClawConfigStore).summary()).configured).toBe(true);
    const fixed = await t.http.put('/api/openclaw/config').set(auth).send({ config: { gateway: { mode: 'local' } } }).expect(200);
    expect(readFileSync(join(backupsDir, fixed.body.backup), 'utf8')).toBe('{ gateway: { mode: "local" ');
  });

  describe('toggle-channel', () => {
    beforeEach(() => reset(HAND_WRITTEN));

    it('disabling QQ: config, activity log, QQ logout through NapCat, gateway restart request', async () => {
      const logoutsBefore = napcat.callsTo('/api/QQLogin/SetQuickLoginQQ').length;
      const restartsBefore = napcat.restarts;
      napcat.autoLoginAccount = '123456789';
      const answer = await t.http.post('/api/openclaw/toggle-channel').set(auth).send({ channelId: 'qq', enabled: false }).expect(200);
      expect(answer.body).toEqual({
        ok: true,
        message: 'QQ (NapCat) 通道已禁用',
        changed: true,
        backup: expect.any(String),
        qqLoggedOut: true,
        restartRequestId: expect.any(String),
      });

      const written = JSON.parse(text());
      expect(written.channels.qq).toEqual({ enabled: false, wsUrl: 'ws://127.0.0.1:3001' });
      expect(written.plugins.entries.qq).toEqual({ enabled: false });
      expect((await t.app.get(OpenClawConfigStore).summary()).enabledChannels).toEqual([{ id: 'feishu', label: '飞书 / Lark', type: 'plugin' }]);

      expect((await events('QQ (NapCat) 通道已禁用'))[0]).toMatchObject({ type: 'openclaw.channel.toggle' });
      expect(napcat.callsTo('/api/QQLogin/SetQuickLoginQQ').length).toBe(logoutsBefore + 1);
      expect(napcat.autoLoginAccount).toBe('');
      expect(napcat.restarts).toBe(restartsBefore + 1);

      const signals = join(home, '.clawpanel', 'signals');
      const request = readdirSync(signals).find((name) => name.startsWith(answer.body.restartRequestId) && name.endsWith('.restart-gateway.request.json'));
      expect(request).toBeDefined();
      expect(readFileSync(join(signals, request!), 'utf8')).toContain('QQ (NapCat) disabled');
    });

    it('enabling a channel: no QQ logout, the dashboard lists it', async () => {
      const logoutsBefore = napcat.callsTo('/api/QQLogin/SetQuickLoginQQ').length;
      const answer = await t.http.post('/api/openclaw/toggle-channel').set(auth).send({ channelId: 'telegram', enabled: true }).expect(200);
      expect(answer.body).toMatchObject({ ok: true, message: 'Telegram 通道已启用', changed: true, restartRequestId: expect.any(String) });
      expect(answer.body.qqLoggedOut).toBeUndefined();
      expect(napcat.callsTo('/api/QQLogin/SetQuickLoginQQ').length).toBe(logoutsBefore);
      const written = JSON.parse(text());
      expect(written.channels.telegram).toEqual({ enabled: true });
      expect(written.plugins.entries.telegram).toEqual({ enabled: true });
      expect((await t.app.get(OpenClawConfigStore).summary()).enabledChannels.map((channel) => channel.id)).toEqual(['qq', 'telegram', 'feishu']);
    });

    it('NapCat away: the toggle still happens, the failed logout is a warning and a log entry', async () => {
      await napcat.stop();
      try {
        const answer = await t.http.post('/api/openclaw/toggle-channel').set(auth).send({ channelId: 'qq', enabled: false }).expect(200);
        expect(answer.body).toMatchObject({ ok: true, message: 'QQ (NapCat) 通道已禁用', qqLoggedOut: false, warnings: [expect.stringContaining('QQ logout failed')] });
        expect(JSON.parse(text()).channels.qq.enabled).toBe(false);
        expect((await events('logging QQ out failed'))[0]).toMatchObject({ type: 'qq.logout.failed' });
      } finally {
        await napcat.start();
      }
    });

    it('refuses WeChat (bridged by the panel), bad ids and bad bodies, writing nothing', async () => {
      const before = bytes();
      const wechat = await t.http.post('/api/openclaw/toggle-channel').set(auth).send({ channelId: 'wechat', enabled: true }).expect(400);
      expect(wechat.body.error).toContain('/api/wechat/config');
      await t.http.post('/api/openclaw/toggle-channel').set(auth).send({ channelId: '../x', enabled: true }).expect(400);
      await t.http.post('/api/openclaw/toggle-channel').set(auth).send({ channelId: 'qq' }).expect(400);
      await t.http.post('/api/openclaw/toggle-channel').set(auth).send({ channelId: 'qq', enabled: 'no' }).expect(400);
      expect(bytes()).toEqual(before);
      expect(backupNames()).toEqual([]);
    });
  });

  describe('backups', () => {
    const cronPath = () => join(home, 'cron', 'jobs.json');
    const CRON = '{\n  "version": 1,\n  "jobs": [{ "id": "daily", "schedule": { "kind": "cron", "expr": "0 9 * * *" } }]\n}\n';

    it('POST backup snapshots openclaw.json and cron/jobs.json together; GET backups lists newest first', async () => {
      reset(HAND_WRITTEN);
      mkdirSync(dirname(cronPath()), { recursive: true });
      writeFileSync(cronPath(), CRON);
      const created = await t.http.post('/api/system/backup').set(auth).expect(200);
      expect(created.body).toEqual({
        ok: true,
        backupId: expect.stringMatching(/^backup-/),
        backup: { name: created.body.backupId, kind: 'full', time: expect.any(String), size: HAND_WRITTEN.length + CRON.length, files: ['openclaw.json', 'cron/jobs.json'] },
      });
      expect(readFileSync(join(backupsDir, created.body.backupId, 'openclaw.json'), 'utf8')).toBe(HAND_WRITTEN);
      expect(readFileSync(join(backupsDir, created.body.backupId, 'cron', 'jobs.json'), 'utf8')).toBe(CRON);

      await t.http.put('/api/openclaw/plugins/feishu').set(auth).send({ enabled: false }).expect(200);
      const list = (await t.http.get('/api/system/backups').set(auth).expect(200)).body.backups;
      expect(list.map((b: { kind: string }) => b.kind)).toEqual(['config', 'full']);
      expect(list[1]).toEqual(created.body.backup);
      expect(list[0]).toEqual({ name: expect.stringMatching(/^openclaw-.*\.json$/), kind: 'config', time: expect.any(String), size: HAND_WRITTEN.length, files: ['openclaw.json'] });
      expect(Date.parse(list[0].time)).toBeGreaterThanOrEqual(Date.parse(list[1].time));
      expect((await events('created'))[0]).toMatchObject({ type: 'system.backup', summary: `Backup ${created.body.backupId} created` });
    });

    it('a restore after a bad write brings the previous file back byte for byte (and backs up what it replaces)', async () => {
      reset(HAND_WRITTEN);
      const original = bytes();
      const bad = await t.http.put('/api/openclaw/models').set(auth).send({ providers: {}, currentModel: 'nowhere/nothing' }).expect(200);
      expect(bytes()).not.toEqual(original);
      const afterBadWrite = bytes();

      const restored = await t.http.post('/api/system/restore').set(auth).send({ backupName: bad.body.backup }).expect(200);
      expect(restored.body).toEqual({ ok: true, restored: bad.body.backup, files: ['openclaw.json'], preRestoreBackup: expect.stringMatching(/^pre-restore-/) });
      expect(bytes()).toEqual(original);
      expect(readFileSync(join(backupsDir, restored.body.preRestoreBackup, 'openclaw.json'))).toEqual(afterBadWrite);
      expect((await t.http.get('/api/openclaw/models').set(auth).expect(200)).body.currentModel).toBe('fake/fake-1');
      expect((await events('restored'))[0]).toMatchObject({ type: 'system.restore', summary: `Backup ${bad.body.backup} restored` });

      // and the restore can itself be undone
      await t.http.post('/api/system/restore').set(auth).send({ backupName: restored.body.preRestoreBackup }).expect(200);
      expect(bytes()).toEqual(afterBadWrite);
    });

    it('restoring a full backup brings both files back', async () => {
      reset(HAND_WRITTEN);
      mkdirSync(dirname(cronPath()), { recursive: true });
      writeFileSync(cronPath(), CRON);
      const backup = (await t.http.post('/api/system/backup').set(auth).expect(200)).body.backupId;
      await t.http.put('/api/openclaw/config').set(auth).send({ config: {} }).expect(200);
      writeFileSync(cronPath(), '{"version":1,"jobs":[]}');
      const restored = await t.http.post('/api/system/restore').set(auth).send({ backupName: backup }).expect(200);
      expect(restored.body.files).toEqual(['openclaw.json', 'cron/jobs.json']);
      expect(text()).toBe(HAND_WRITTEN);
      expect(readFileSync(cronPath(), 'utf8')).toBe(CRON);
      expect(readFileSync(join(backupsDir, restored.body.preRestoreBackup, 'cron', 'jobs.json'), 'utf8')).toBe('{"version":1,"jobs":[]}');
    });

    it('only names from the list: traversal, absolute paths, NUL bytes, symlinks and unknown names are refused', async () => {
      reset(HAND_WRITTEN);
      await t.http.put('/api/openclaw/plugins/feishu').set(auth).send({ enabled: false }).expect(200);
      const before = bytes();
      const outside = mkdtempSync(join(tmpdir(), 'oc-outside-'));
      writeFileSync(join(outside, 'openclaw.json'), '{"gateway":{"mode":"remote"}}');
      symlinkSync(join(outside, 'openclaw.json'), join(backupsDir, 'openclaw-2031-01-01T00-00-00-000Z.json'));
      symlinkSync(outside, join(backupsDir, 'backup-2031-01-01T00-00-00-000Z'));
      try {
        for (const name of [
          '../openclaw.json',
          '../../../../etc/passwd',
          '/etc/passwd',
          'openclaw.json',
          'backups/../openclaw.json',
          'openclaw-2026-01-01T00-00-00-000Z.json/../../openclaw.json',
          '..%2fopenclaw.json',
          'backup-2026-01-01T00-00-00-000Z\u0000',
          '',
        ]) {
          const response = await t.http.post('/api/system/restore').set(auth).send({ backupName: name });
          expect({ name, status: response.status }).toEqual({ name, status: 400 });
        }
        await t.http.post('/api/system/restore').set(auth).send({ backupName: 42 }).expect(400);
        await t.http.post('/api/system/restore').set(auth).send({}).expect(400);
        await t.http.post('/api/system/restore').set(auth).send({ backupName: 'openclaw-2030-01-01T00-00-00-000Z.json' }).expect(404);
        await t.http.post('/api/system/restore').set(auth).send({ backupName: 'openclaw-2031-01-01T00-00-00-000Z.json' }).expect(404);
        await t.http.post('/api/system/restore').set(auth).send({ backupName: 'backup-2031-01-01T00-00-00-000Z' }).expect(404);
        const listed = (await t.http.get('/api/system/backups').set(auth).expect(200)).body.backups.map((b: { name: string }) => b.name);
        expect(listed.filter((name: string) => name.includes('2031'))).toEqual([]);
        expect(bytes()).toEqual(before);
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it('a backed-up file OpenClaw would refuse is not restored', async () => {
      reset(HAND_WRITTEN);
      mkdirSync(backupsDir, { recursive: true });
      writeFileSync(join(backupsDir, 'pre-restore-2020-01-01T00-00-00-000Z.json'), '{"messages":{"systemPrompt":"old panel"}}');
      const refused = await t.http.post('/api/system/restore').set(auth).send({ backupName: 'pre-restore-2020-01-01T00-00-00-000Z.json' }).expect(400);
      expect(refused.body.error).toContain('messages.systemPrompt');
      expect(text()).toBe(HAND_WRITTEN);
    });
  });

  describeWithOpenClaw(`with the real OpenClaw ${OPENCLAW_VERSION}`, () => {
    const SLOW = 600_000;

    const validate = async (label: string, path = configPath) => {
      const result = await validateOpenClawConfig(path);
      expect({ label, ok: result.ok, output: result.ok ? '' : result.output }).toEqual({ label, ok: true, output: '' });
    };

    it('the shipped schema is exactly what `openclaw config schema` prints (prepared)', () => {
      const runtime = ensureOpenClawRuntimeSync();
      if (typeof runtime === 'string') throw new Error(runtime);
      const scratch = mkdtempSync(join(tmpdir(), 'openclaw-schema-'));
      try {
        mkdirSync(join(scratch, '.openclaw'));
        mkdirSync(join(scratch, 'tmp'));
        const result = spawnSync(runtime.node, [runtime.openclawEntry, 'config', 'schema'], {
          cwd: scratch,
          env: { HOME: scratch, TMPDIR: join(scratch, 'tmp'), NO_COLOR: '1', PATH: `${dirname(runtime.node)}${delimiter}${process.env.PATH ?? ''}` },
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
          timeout: 120_000,
        });
        expect(result.status).toBe(0);
        const prepared = prepareOpenClawSchema(JSON.parse(result.stdout));
        if (process.env.UPDATE_OPENCLAW_SCHEMA === '1') {
          writeFileSync(join(__dirname, '..', 'src', 'panel', 'openclaw', 'schema', 'openclaw-config.schema.generated.ts'), renderSchemaModule(OPENCLAW_VERSION, prepared));
          return;
        }
        expect(OPENCLAW_SCHEMA_VERSION).toBe(OPENCLAW_VERSION);
        // on a difference: regenerate with UPDATE_OPENCLAW_SCHEMA=1 (see the generated file's header)
        expect(JSON.parse(OPENCLAW_CONFIG_SCHEMA_JSON)).toEqual(prepared);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }, SLOW);

    it('the files the panel writes after toggle-channel, model and channel edits pass `openclaw config validate`', async () => {
      reset(`${JSON.stringify(openClawConfig('http://127.0.0.1:9/v1'), null, 2)}\n`);
      await validate('the starting point');

      await t.http.post('/api/openclaw/toggle-channel').set(auth).send({ channelId: 'qq', enabled: true }).expect(200);
      await validate('toggle qq on');
      await t.http.put('/api/openclaw/channels/qq').set(auth).send({
        wsUrl: 'ws://127.0.0.1:3001',
        accessToken: 'onebot-token',
        ownerQQ: 10001,
        notifications: { antiRecall: true, memberChange: true },
        welcome: { enabled: true, template: '欢迎 {nickname} 加入本群！' },
      }).expect(200);
      await t.http.post('/api/openclaw/toggle-channel').set(auth).send({ channelId: 'qq', enabled: false }).expect(200);
      await validate('qq configured, then toggled off');

      await t.http.post('/api/openclaw/toggle-channel').set(auth).send({ channelId: 'telegram', enabled: true }).expect(200);
      await t.http.put('/api/openclaw/channels/telegram').set(auth).send({ botToken: '123456:ABC-DEF', dmPolicy: 'pairing' }).expect(200);
      await t.http.post('/api/openclaw/toggle-channel').set(auth).send({ channelId: 'feishu', enabled: true }).expect(200);
      await validate('telegram and feishu');

      await t.http.put('/api/openclaw/models').set(auth).send({
        providers: {
          fake: { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'x', api: 'openai-completions', models: [{ id: 'fake-1', name: 'Fake' }] },
          openai: { baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-test', api: 'openai-completions', models: [{ id: 'gpt-4o', name: 'gpt-4o', contextWindow: 128000, maxTokens: 8192 }] },
        },
        currentModel: 'openai/gpt-4o',
      }).expect(200);
      await t.http.put('/api/openclaw/plugins/feishu').set(auth).send({ enabled: false }).expect(200);
      await validate('models and a plugin');

      const backup = (await t.http.post('/api/system/backup').set(auth).expect(200)).body.backupId;
      await t.http.put('/api/openclaw/config').set(auth).send({ config: { gateway: { mode: 'local' } } }).expect(200);
      await t.http.post('/api/system/restore').set(auth).send({ backupName: backup }).expect(200);
      await validate('a restore');
    }, SLOW);

    it('what the panel refuses, OpenClaw refuses too', async () => {
      reset(`${JSON.stringify(openClawConfig('http://127.0.0.1:9/v1'), null, 2)}\n`);
      const base = JSON.parse(text());
      const scratch = mkdtempSync(join(tmpdir(), 'openclaw-refused-'));
      try {
        // the key as the panel names it, and as OpenClaw's own message names it
        for (const [key, realKey, config] of [
          ['messages.systemPrompt', 'systemPrompt', { ...base, messages: { systemPrompt: 'x' } }],
          ['channels.qq', 'channels.qq', { ...base, channels: { qq: { enabled: true } } }],
          ['channels.telegram.token', 'token', { ...base, channels: { telegram: { token: '123:abc' } } }],
          ['gateway.port', 'gateway.port', { ...base, gateway: { mode: 'local', port: '18789' } }],
        ] as const) {
          const refused = await t.http.put('/api/openclaw/config').set(auth).send({ config }).expect(400);
          expect(refused.body.error).toContain(key);
          const candidate = join(scratch, 'openclaw.json');
          writeFileSync(candidate, JSON.stringify(config));
          const real = await validateOpenClawConfig(candidate);
          expect({ key, ok: real.ok }).toEqual({ key, ok: false });
          expect(real.output).toContain(realKey);
        }
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }, SLOW);
  });
});
