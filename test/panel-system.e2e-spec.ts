import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { SecretBox } from '../src/core/crypto/secret-box';
import { HostSignalsService } from '../src/panel/system/host-signals/host-signals.service';
import { FakeClawHub } from './fakes/clawhub';
import { FakeNpmRegistry } from './fakes/npm-registry';
import { describeWithOpenClaw, listOpenClawPlugins, OpenClawGatewayHandle, startOpenClawGateway } from './support/openclaw';
import { freePort } from './support/service-process';
import { panelEvents } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const WATCHER_SCRIPT = join(__dirname, '..', 'scripts', 'host-watcher.mjs');
const SUDO_PASSWORD = 'Tr0ub4dor&3-sudo';

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** The real watcher script as a child process of this test (its pid is ours to stop). */
class WatcherProcess {
  output = '';
  private readonly exited: Promise<void>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static start(env: Record<string, string>): WatcherProcess {
    return new WatcherProcess(spawn(process.execPath, [WATCHER_SCRIPT], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

describe('Panel /api/system', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  let home: string;
  let workspace: string;
  let scratch: string;
  let clawhub: FakeClawHub;
  let registry: FakeNpmRegistry;
  let savedPath: string | undefined;
  const watchers: WatcherProcess[] = [];

  const events = (search: string) => panelEvents(t, auth, { source: 'system', search });

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'panel-system-'));
    // an `openclaw` on PATH that answers --version the way the real CLI does
    const bin = join(scratch, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'openclaw'), '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "OpenClaw 2026.9.1 (c0ffee1)"; exit 0; fi\nexit 1\n');
    chmodSync(join(bin, 'openclaw'), 0o755);
    savedPath = process.env.PATH;
    process.env.PATH = `${bin}${delimiter}${process.env.PATH ?? ''}`;

    clawhub = await FakeClawHub.start(
      Array.from({ length: 230 }, (_, index) => ({ slug: `skill-${index}`, displayName: `Skill ${index}`, summary: `does thing ${index}`, version: `1.${index}.0`, downloads: 1000 - index })),
    );
    registry = await FakeNpmRegistry.start({ openclaw: '2026.9.8' });
    t = await startTestApp({
      CLAWHUB_URL: clawhub.url,
      NPM_REGISTRY_URL: registry.url,
      // nothing listens there: the version and skills routes fall back to the CLI and the folders
      OPENCLAW_GATEWAY_URL: `ws://127.0.0.1:${await freePort()}`,
    });
    home = t.config.panel.openclawHome;
    workspace = t.config.panel.workspaceRoot;
    mkdirSync(home, { recursive: true });
    const token = (await t.http.post('/api/auth/login').send({ token: t.config.adminToken }).expect(200)).body.token;
    auth = { Authorization: `Bearer ${token}` };
  });

  afterAll(async () => {
    for (const watcher of watchers) await watcher.stop();
    await t?.close();
    await clawhub?.stop();
    await registry?.stop();
    process.env.PATH = savedPath;
    rmSync(scratch, { recursive: true, force: true });
  });

  it('refuses every system route without the panel JWT', async () => {
    for (const [method, path] of [
      ['get', 'env'],
      ['get', 'admin-token'],
      ['put', 'sudo-password'],
      ['post', 'restart-gateway'],
      ['put', 'identity-docs'],
    ] as const) {
      const response = await t.http[method](`/api/system/${path}`).send({});
      expect({ path, status: response.status, body: response.body }).toEqual({ path, status: 401, body: { ok: false, error: expect.any(String) } });
    }
  });

  describe('environment and version', () => {
    it('reports the OS, this process and the programs found on PATH', async () => {
      const { body } = await t.http.get('/api/system/env').set(auth).expect(200);
      expect(body).toMatchObject({
        ok: true,
        os: { platform: process.platform, arch: process.arch, cpus: expect.any(Number), totalMemMB: expect.any(Number), uptime: expect.any(Number) },
        software: { node: process.version, openclaw: 'OpenClaw 2026.9.1 (c0ffee1)' },
        runtime: { pid: process.pid, nodeVersion: process.version },
      });
      expect(body.os.totalMemMB).toBeGreaterThan(0);
      for (const name of ['npm', 'git', 'docker', 'bun', 'python']) expect(typeof body.software[name]).toBe('string');
    });

    it('takes the version from `openclaw --version` when no gateway answers', async () => {
      const { body } = await t.http.get('/api/system/version').set(auth).expect(200);
      expect(body).toEqual({ ok: true, currentVersion: '2026.9.1', source: 'cli', latestVersion: '', lastCheckedAt: '', updateAvailable: false });
    });

    it("falls back to the version that last wrote openclaw.json when there is no CLI on PATH either", async () => {
      writeFileSync(join(home, 'openclaw.json'), '// written by OpenClaw\n{ meta: { lastTouchedVersion: "2026.8.30" }, skills: { entries: { weather: { enabled: false } } } }\n');
      const path = process.env.PATH;
      process.env.PATH = join(scratch, 'no-programs-here');
      try {
        const { body } = await t.http.get('/api/system/version').set(auth).expect(200);
        expect(body).toMatchObject({ currentVersion: '2026.8.30', source: 'config' });
        rmSync(join(home, 'openclaw.json'));
        expect((await t.http.get('/api/system/version').set(auth).expect(200)).body).toMatchObject({ currentVersion: 'unknown', source: 'unknown' });
      } finally {
        process.env.PATH = path;
      }
    });

    it('checks the npm registry for the latest openclaw, caches the answer, and says 503 when the registry is unreachable', async () => {
      const first = await t.http.post('/api/system/check-update').set(auth).expect(200);
      expect(first.body).toEqual({ ok: true, currentVersion: '2026.9.1', latestVersion: '2026.9.8', updateAvailable: true, checkedAt: expect.any(String), cached: false });
      expect(registry.requests).toEqual(['/openclaw/latest']);

      const again = await t.http.post('/api/system/check-update').set(auth).expect(200);
      expect(again.body).toMatchObject({ latestVersion: '2026.9.8', cached: true, checkedAt: first.body.checkedAt });
      expect(registry.requests).toHaveLength(1);

      const version = await t.http.get('/api/system/version').set(auth).expect(200);
      expect(version.body).toMatchObject({ currentVersion: '2026.9.1', latestVersion: '2026.9.8', lastCheckedAt: first.body.checkedAt, updateAvailable: true });

      await registry.stop();
      try {
        const offline = await t.http.post('/api/system/check-update?force=true').set(auth).expect(503);
        expect(offline.body).toEqual({ ok: false, error: expect.stringMatching(/^Cannot reach the npm registry \(http:\/\/127\.0\.0\.1:\d+\): .*ECONNREFUSED/) });
      } finally {
        await registry.start();
      }
      registry.latest.set('openclaw', '2026.9.9');
      const forced = await t.http.post('/api/system/check-update?force=true').set(auth).expect(200);
      expect(forced.body).toMatchObject({ latestVersion: '2026.9.9', cached: false });
      registry.latest.set('openclaw', '2026.9.8');
      await t.http.post('/api/system/check-update?force=true').set(auth).expect(200);
      expect((await events('Checked for OpenClaw updates'))[0].type).toBe('system.update.check');
    });
  });

  describe('skills and ClawHub', () => {
    it('lists installed skills from their SKILL.md front matter when the gateway is not reachable', async () => {
      const skill = (dir: string, text: string) => {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'SKILL.md'), text);
      };
      skill(
        join(home, 'skills', 'weather'),
        '---\nname: weather\ndescription: "Current weather and forecasts"\nmetadata: {"openclaw": {"requires": {"bins": ["curl"], "env": ["WEATHER_KEY"]}}}\n---\n# Weather\n',
      );
      skill(join(home, 'skills', 'notes'), '---\nname: notes (managed)\ndescription: managed copy\n---\n');
      skill(join(workspace, 'skills', 'notes'), '---\nname: notes\ndescription: >\n  Keeps tidy notes\nversion: 1.2.0\n---\nbody\n');
      skill(join(home, 'skills', 'broken'), '---\nname: [unclosed\n---\n');
      mkdirSync(join(home, 'skills', 'not-a-skill'));
      writeFileSync(join(home, 'openclaw.json'), JSON.stringify({ skills: { entries: { weather: { enabled: false }, notes: { enabled: true } } } }));

      const { body } = await t.http.get('/api/system/skills').set(auth).expect(200);
      expect(body.source).toBe('filesystem');
      expect(body.skills).toEqual([
        { kind: 'skill', id: 'notes', name: 'notes', description: 'Keeps tidy notes', enabled: true, source: 'workspace', version: '1.2.0', path: join(workspace, 'skills', 'notes') },
        { kind: 'skill', id: 'broken', name: 'broken', description: '', enabled: true, source: 'skill', version: '', path: join(home, 'skills', 'broken') },
        {
          kind: 'skill',
          id: 'weather',
          name: 'weather',
          description: 'Current weather and forecasts',
          enabled: false,
          source: 'skill',
          version: '',
          path: join(home, 'skills', 'weather'),
          requires: { env: ['WEATHER_KEY'], bins: ['curl'] },
          metadata: { openclaw: { requires: { bins: ['curl'], env: ['WEATHER_KEY'] } } },
        },
      ]);
    });

    it('lists installed extensions and every plugins.entries item before the skills, one row per id, as the skills page reads them, and its toggles switch them', async () => {
      const extension = join(home, 'extensions', 'qq-bridge');
      mkdirSync(extension, { recursive: true });
      writeFileSync(
        join(extension, 'openclaw.plugin.json'),
        JSON.stringify({ id: 'qq', name: 'QQ (NapCat)', description: 'QQ channel through NapCat', channels: ['qq'], configSchema: { type: 'object', properties: {} } }),
      );
      writeFileSync(join(extension, 'package.json'), JSON.stringify({ name: '@clawpanel/qq', version: '1.4.2', openclaw: { extensions: ['./index.js'] } }));
      writeFileSync(
        join(home, 'openclaw.json'),
        JSON.stringify({ plugins: { entries: { qq: { enabled: true }, feishu: { enabled: false } } }, skills: { entries: { weather: { enabled: false }, notes: { enabled: true } } } }),
      );

      const { body } = await t.http.get('/api/system/skills').set(auth).expect(200);
      expect(body.ok).toBe(true);
      expect(body.skills.slice(0, 2)).toEqual([
        { kind: 'plugin', id: 'qq', name: 'QQ (NapCat)', description: 'QQ channel through NapCat', enabled: true, source: 'installed', origin: 'global', version: '1.4.2', path: extension },
        { kind: 'plugin', id: 'feishu', name: 'feishu', description: '', enabled: false, source: 'config', origin: 'plugin-entry', version: '' },
      ]);
      expect(body.skills.slice(2).map((row: { kind: string; id: string }) => `${row.kind}:${row.id}`)).toEqual(['skill:notes', 'skill:broken', 'skill:weather']);
      // what the page's SkillEntry reads of every row, and React's key: one row per id
      const badges = ['installed', 'config-ext', 'skill', 'app-skill', 'workspace', 'script', 'config'];
      for (const row of body.skills) {
        expect(row).toMatchObject({ id: expect.any(String), name: expect.any(String), enabled: expect.any(Boolean), source: expect.any(String) });
        expect(badges).toContain(row.source);
      }
      expect(new Set(body.skills.map((row: { id: string }) => row.id)).size).toBe(body.skills.length);

      // the page's toggle: PUT /api/openclaw/plugins/{id} {enabled: !enabled}, then the list shows the new state
      await t.http.put('/api/openclaw/plugins/feishu').set(auth).send({ enabled: true }).expect(200);
      await t.http.put('/api/openclaw/plugins/qq').set(auth).send({ enabled: false }).expect(200);
      const after = await t.http.get('/api/system/skills').set(auth).expect(200);
      const state = Object.fromEntries(after.body.skills.filter((row: { kind: string }) => row.kind === 'plugin').map((row: { id: string; enabled: boolean }) => [row.id, row.enabled]));
      expect(state).toEqual({ qq: false, feishu: true });
      expect(JSON.parse(readFileSync(join(home, 'openclaw.json'), 'utf8')).plugins.entries).toEqual({ qq: { enabled: false }, feishu: { enabled: true } });

      // the page sends a skill row's toggle to the same route: the entry it writes does not turn the skill into a plugin row
      await t.http.put('/api/openclaw/plugins/notes').set(auth).send({ enabled: false }).expect(200);
      const rows = (await t.http.get('/api/system/skills').set(auth).expect(200)).body.skills as Array<{ kind: string; id: string }>;
      expect(rows.filter((row) => row.id === 'notes')).toEqual([expect.objectContaining({ kind: 'skill', source: 'workspace' })]);
      expect(rows.map((row) => `${row.kind}:${row.id}`)).toEqual(['plugin:qq', 'plugin:feishu', 'skill:notes', 'skill:broken', 'skill:weather']);

      // a plugin folder of a skill's id is what the toggle acts on: its row replaces the skill's
      const weatherPlugin = join(home, 'extensions', 'weather-plugin');
      mkdirSync(weatherPlugin);
      writeFileSync(join(weatherPlugin, 'openclaw.plugin.json'), JSON.stringify({ id: 'weather', configSchema: {} }));
      const shadowed = (await t.http.get('/api/system/skills').set(auth).expect(200)).body.skills as Array<{ kind: string; id: string }>;
      expect(shadowed.map((row) => `${row.kind}:${row.id}`)).toEqual(['plugin:qq', 'plugin:weather', 'plugin:feishu', 'skill:notes', 'skill:broken']);
      rmSync(weatherPlugin, { recursive: true });
    });

    it('syncs the ClawHub catalogue page by page, caches it, and answers 503 with the cached list while ClawHub is away', async () => {
      await clawhub.stop();
      const never = await t.http.post('/api/system/clawhub-sync').set(auth).expect(503);
      expect(never.body).toEqual({ ok: false, error: expect.stringMatching(/^ClawHub is unreachable \(http:\/\/127\.0\.0\.1:\d+\)/), skills: [], source: 'none' });
      await clawhub.start();

      const synced = await t.http.post('/api/system/clawhub-sync').set(auth).expect(200);
      expect(synced.body).toMatchObject({ ok: true, source: 'remote', syncedAt: expect.any(String) });
      expect(synced.body.skills).toHaveLength(230);
      expect(synced.body.skills[0]).toEqual({
        id: 'skill-0',
        name: 'Skill 0',
        description: 'does thing 0',
        version: '1.0.0',
        downloads: 1000,
        stars: 1,
        updatedAt: 1_730_000_000_000,
        url: `${clawhub.url}/skills/skill-0`,
      });
      expect(clawhub.requests).toEqual(['/api/v1/skills?sort=downloads&limit=200', '/api/v1/skills?sort=downloads&limit=200&cursor=c-200']);
      const cache = JSON.parse(readFileSync(join(t.config.dataDir, 'panel', 'clawhub-skills.json'), 'utf8'));
      expect(cache).toMatchObject({ syncedAt: synced.body.syncedAt, registry: clawhub.url });
      expect(cache.skills).toHaveLength(230);

      await clawhub.stop();
      const offline = await t.http.post('/api/system/clawhub-sync').set(auth).expect(503);
      expect(offline.body).toMatchObject({ ok: false, error: expect.stringContaining('ClawHub is unreachable'), source: 'cache', syncedAt: synced.body.syncedAt });
      expect(offline.body.skills).toEqual(synced.body.skills);

      await clawhub.start();
      clawhub.status = 429;
      const limited = await t.http.post('/api/system/clawhub-sync').set(auth).expect(502);
      expect(limited.body).toMatchObject({ ok: false, error: expect.stringContaining('HTTP 429 (rate limited; retry after 34 s)'), source: 'cache' });
      clawhub.status = 200;
      clawhub.skills = clawhub.skills.slice(0, 3);
      const back = await t.http.post('/api/system/clawhub-sync').set(auth).expect(200);
      expect(back.body.skills.map((s: { id: string }) => s.id)).toEqual(['skill-0', 'skill-1', 'skill-2']);
      expect((await events('ClawHub')).map((e) => e.type)).toEqual(
        expect.arrayContaining(['system.clawhub.sync', 'system.clawhub.sync-failed']),
      );
    });
  });

  describe('cron jobs', () => {
    const jobsPath = () => join(home, 'cron', 'jobs.json');
    const clientJob = (id: string, extra: object = {}) => ({
      id,
      name: `job ${id}`,
      enabled: true,
      schedule: { kind: 'cron', expr: '0 9 * * *' },
      sessionTarget: 'main',
      wakeMode: 'now',
      payload: { kind: 'agentTurn', message: 'Write the morning report', deliver: true },
      state: {},
      createdAtMs: 1_767_225_600_000,
      ...extra,
    });

    it('answers an empty list when OpenClaw has no cron store yet', async () => {
      expect((await t.http.get('/api/system/cron').set(auth).expect(200)).body).toEqual({ ok: true, jobs: [] });
    });

    it("writes OpenClaw's jobs.json format, keeping the file's other fields and every job field it does not check", async () => {
      mkdirSync(join(home, 'cron'), { recursive: true });
      writeFileSync(jobsPath(), JSON.stringify({ version: 1, jobs: [{ id: 'old', name: 'old one', enabled: true, schedule: { kind: 'every', everyMs: 60000 }, payload: { kind: 'systemEvent', text: 'ping' } }], note: 'kept' }));
      expect((await t.http.get('/api/system/cron').set(auth).expect(200)).body.jobs).toEqual([
        { id: 'old', name: 'old one', enabled: true, schedule: { kind: 'every', everyMs: 60000 }, payload: { kind: 'systemEvent', text: 'ping' }, state: {} },
      ]);

      const jobs = [
        clientJob('cron_1', { delivery: { mode: 'announce', channel: 'qq' }, state: { lastRunAtMs: 1_767_000_000_000, lastStatus: 'ok' } }),
        { id: 'tick', name: ' every minute ', enabled: false, schedule: { kind: 'every', everyMs: 60_000 }, sessionTarget: 'isolated', payload: { kind: 'systemEvent', text: 'tick' } },
        { id: 'once', name: 'once', enabled: true, schedule: { kind: 'at', at: '2027-01-01T08:00:00Z' }, payload: { kind: 'command', argv: ['echo', 'hi'] } },
        clientJob('tz', { schedule: { kind: 'cron', expr: '30 8 * * 1-5', tz: 'Asia/Shanghai' } }),
      ];
      const saved = await t.http.put('/api/system/cron').set(auth).send({ jobs }).expect(200);
      expect(saved.body.ok).toBe(true);

      const file = JSON.parse(readFileSync(jobsPath(), 'utf8'));
      expect(file.version).toBe(1);
      expect(file.note).toBe('kept');
      expect(file.jobs).toHaveLength(4);
      expect(file.jobs[0]).toEqual({ ...jobs[0], updatedAtMs: 1_767_225_600_000 });
      expect(file.jobs[1]).toEqual({ ...jobs[1], name: 'every minute', wakeMode: 'now', state: {}, createdAtMs: expect.any(Number), updatedAtMs: expect.any(Number) });
      expect(readdirSync(join(home, 'cron')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      expect((await t.http.get('/api/system/cron').set(auth).expect(200)).body.jobs).toEqual(file.jobs);

      const [entry] = await events('Cron jobs saved');
      expect(entry).toMatchObject({ type: 'system.cron.update', summary: 'Cron jobs saved: 4 jobs (4 added, 1 removed, 0 changed)' });
      expect(entry.detail).toContain('removed old one (old)');

      // pausing a job, the way the web client does it: the whole list with one job toggled
      const toggled = file.jobs.map((job: { id: string; enabled: boolean }) => (job.id === 'cron_1' ? { ...job, enabled: false } : job));
      await t.http.put('/api/system/cron').set(auth).send({ jobs: toggled }).expect(200);
      expect((await events('Cron jobs saved'))[0]).toMatchObject({ summary: 'Cron jobs saved: 4 jobs (0 added, 0 removed, 1 changed)', detail: 'changed job cron_1 (cron_1): paused' });
    });

    it('refuses malformed jobs with 400 naming the field, and leaves the file as it was', async () => {
      const before = readFileSync(jobsPath());
      const cases: Array<[unknown, RegExp]> = [
        [{ jobs: [clientJob('a', { schedule: { kind: 'cron', expr: '61 9 * * *' } })] }, /jobs\[0\]\.schedule\.expr "61 9 \* \* \*" is not a valid cron expression/],
        [{ jobs: [clientJob('a', { schedule: { kind: 'cron', expr: '0 9 * *' } })] }, /jobs\[0\]\.schedule\.expr .* must have 5 or 6 fields, not 4/],
        [{ jobs: [clientJob('a', { schedule: { kind: 'cron', expr: '0 9 * * *', tz: 'Mars/Olympus' } })] }, /jobs\[0\]\.schedule\.tz must be an IANA time zone/],
        [{ jobs: [clientJob('a', { schedule: { kind: 'every', everyMs: 10 } })] }, /jobs\[0\]\.schedule\.everyMs must be a whole number of milliseconds, at least 1000/],
        [{ jobs: [clientJob('a', { schedule: { kind: 'hourly' } })] }, /jobs\[0\]\.schedule\.kind must be one of at, every, cron/],
        [{ jobs: [clientJob('a', { schedule: { kind: 'at', at: 'tomorrow-ish' } })] }, /jobs\[0\]\.schedule needs at \(an ISO 8601 time\) or atMs/],
        [{ jobs: [clientJob('a'), clientJob('a')] }, /jobs\[1\]\.id "a" is already used by jobs\[0\]/],
        [{ jobs: [clientJob('a', { payload: { kind: 'text', text: 'hi' } })] }, /jobs\[0\]\.payload\.kind must be one of systemEvent, agentTurn, command, script/],
        [{ jobs: [clientJob('a', { payload: { kind: 'agentTurn', message: '  ' } })] }, /jobs\[0\]\.payload\.message is required for an agentTurn payload/],
        [{ jobs: [clientJob('a', { payload: { kind: 'command', argv: [] } })] }, /jobs\[0\]\.payload\.argv must be a non-empty array of strings/],
        [{ jobs: [clientJob('a', { name: '' })] }, /jobs\[0\]\.name is required/],
        [{ jobs: [clientJob('a', { enabled: 'yes' })] }, /jobs\[0\]\.enabled must be true or false/],
        [{ jobs: [clientJob('a', { sessionTarget: 'everywhere' })] }, /jobs\[0\]\.sessionTarget must be main, isolated, current or session:<name>/],
        [{ jobs: [clientJob('../../etc')] }, /jobs\[0\]\.id must be 1-128 letters/],
        [{ jobs: ['not a job'] }, /jobs\[0\] must be an object/],
        [{ jobs: 'all of them' }, /jobs must be an array/],
        [{}, /jobs is required/],
        [{ jobs: [], extra: 1 }, /extra is not an allowed field/],
      ];
      for (const [body, message] of cases) {
        const response = await t.http.put('/api/system/cron').set(auth).send(body as object);
        expect({ body, status: response.status }).toEqual({ body, status: 400 });
        expect(response.body).toEqual({ ok: false, error: expect.stringMatching(message) });
      }
      expect(readFileSync(jobsPath()).equals(before)).toBe(true);
    });

    it('says so (409) when jobs.json is not readable JSON, and a save replaces it', async () => {
      writeFileSync(jobsPath(), '{"version": 1, "jobs": [');
      const broken = await t.http.get('/api/system/cron').set(auth).expect(409);
      expect(broken.body.error).toMatch(/^cron\/jobs\.json cannot be read/);
      await t.http.put('/api/system/cron').set(auth).send({ jobs: [clientJob('fresh')] }).expect(200);
      expect(JSON.parse(readFileSync(jobsPath(), 'utf8')).jobs.map((job: { id: string }) => job.id)).toEqual(['fresh']);
    });
  });

  describe('docs and identity docs', () => {
    let outside: string;

    beforeAll(() => {
      outside = join(scratch, 'outside');
      mkdirSync(outside);
      writeFileSync(join(outside, 'secret.md'), 'outside the OpenClaw folder\n');
      writeFileSync(join(home, 'README.md'), '# OpenClaw home\n');
      mkdirSync(join(home, 'agents', 'main'), { recursive: true });
      writeFileSync(join(home, 'agents', 'main', 'profile.md'), 'profile\n');
      writeFileSync(join(home, 'agents', 'main', 'data.json'), '{}');
      mkdirSync(join(home, '.clawpanel'), { recursive: true });
      writeFileSync(join(home, '.clawpanel', 'hidden.md'), 'hidden');
      mkdirSync(join(home, 'extensions', 'x', 'node_modules', 'dep'), { recursive: true });
      writeFileSync(join(home, 'extensions', 'x', 'node_modules', 'dep', 'README.md'), 'dependency readme');
      writeFileSync(join(home, 'big.md'), 'x'.repeat(600 * 1024));
      symlinkSync(outside, join(home, 'linked-out'));
      symlinkSync(join(outside, 'secret.md'), join(home, 'leak.md'));
    });

    it('lists the Markdown files of the OpenClaw folder with their content, never through symbolic links or into hidden folders', async () => {
      const { body } = await t.http.get('/api/system/docs').set(auth).expect(200);
      const byPath = Object.fromEntries(body.docs.map((doc: { path: string }) => [doc.path, doc]));
      expect(Object.keys(byPath)).toEqual([
        'agents/main/profile.md',
        'big.md',
        'README.md',
        'skills/broken/SKILL.md',
        'skills/notes/SKILL.md',
        'skills/weather/SKILL.md',
        'workspace/skills/notes/SKILL.md',
      ]);
      expect(byPath['README.md']).toEqual({ name: 'README.md', path: 'README.md', content: '# OpenClaw home\n', size: 16, modified: expect.any(String), exists: true });
      expect(byPath['big.md']).toMatchObject({ content: '', size: 600 * 1024, tooLarge: true });
      expect(JSON.stringify(body)).not.toContain('outside the OpenClaw folder');
    });

    it('saves a document by its listed path, atomically, and logs it', async () => {
      const saved = await t.http.put('/api/system/docs').set(auth).send({ path: 'agents/main/profile.md', content: '# Profile\nnew words\n' }).expect(200);
      expect(saved.body).toEqual({ ok: true, path: 'agents/main/profile.md', size: 20, existed: true });
      expect(readFileSync(join(home, 'agents', 'main', 'profile.md'), 'utf8')).toBe('# Profile\nnew words\n');
      const created = await t.http.put('/api/system/docs').set(auth).send({ path: './agents//main/NEW.MD', content: '' }).expect(200);
      expect(created.body).toEqual({ ok: true, path: 'agents/main/NEW.MD', size: 0, existed: false });
      expect(readdirSync(join(home, 'agents', 'main')).sort()).toEqual(['NEW.MD', 'data.json', 'profile.md']);
      expect((await events('Saved document'))[0]).toMatchObject({ type: 'system.docs.update', summary: 'Saved document agents/main/NEW.MD (0 bytes)' });
    });

    it('refuses paths that leave the folder, absolute paths, NUL bytes, hidden files, symbolic links out, non-Markdown files and oversized content', async () => {
      const cases: Array<[unknown, number, RegExp]> = [
        ['../outside/secret.md', 403, /"\.\." is refused/],
        ['agents/../../outside/secret.md', 403, /"\.\." is refused/],
        [join(outside, 'secret.md'), 400, /absolute paths are refused/],
        ['/etc/motd.md', 400, /absolute paths are refused/],
        ['C:/Windows/evil.md', 400, /absolute paths are refused/],
        ['agents\\..\\..\\evil.md', 400, /use \/ as the separator/],
        ['notes\0.md', 400, /NUL/],
        ['agents/main/data.json', 400, /only Markdown \(\.md\) files/],
        ['README', 400, /only Markdown/],
        ['.clawpanel/hidden.md', 403, /hidden files and folders/],
        ['agents/.secret.md', 403, /hidden files/],
        ['linked-out/secret.md', 403, /linked-out is a symbolic link leading outside the folder/],
        ['linked-out/new.md', 403, /symbolic link leading outside/],
        ['leak.md', 403, /leak\.md is a symbolic link leading outside/],
        ['missing/folder.md', 404, /folder missing does not exist/],
        ['agents/main/profile.md/x.md', 400, /agents\/main\/profile\.md is not a folder/],
        ['', 400, /path is required/],
        [42, 400, /path must be a string/],
        ['a'.repeat(600) + '.md', 400, /at most 512 characters/],
      ];
      for (const [path, status, message] of cases) {
        const response = await t.http.put('/api/system/docs').set(auth).send({ path, content: 'pwned' });
        expect({ path, status: response.status }).toEqual({ path, status });
        expect(response.body).toEqual({ ok: false, error: expect.stringMatching(message) });
      }
      const tooBig = await t.http.put('/api/system/docs').set(auth).send({ path: 'README.md', content: 'é'.repeat(300 * 1024) }).expect(413);
      expect(tooBig.body.error).toMatch(/content is 614400 bytes; documents are limited to 524288 bytes/);
      await t.http.put('/api/system/docs').set(auth).send({ path: 'README.md', content: 'a\0b' }).expect(400);
      await t.http.put('/api/system/docs').set(auth).send({ path: 'README.md' }).expect(400);

      expect(readFileSync(join(outside, 'secret.md'), 'utf8')).toBe('outside the OpenClaw folder\n');
      expect(readdirSync(outside)).toEqual(['secret.md']);
      expect(readFileSync(join(home, 'README.md'), 'utf8')).toBe('# OpenClaw home\n');
      expect(existsSync(join(home, 'evil.md'))).toBe(false);
    });

    it('lists the workspace identity files and saves only those, inside the workspace', async () => {
      const empty = await t.http.get('/api/system/identity-docs').set(auth).expect(200);
      expect(empty.body.workDir).toBe(workspace);
      expect(empty.body.docs.map((doc: { name: string }) => doc.name)).toEqual(['AGENTS.md', 'SOUL.md', 'IDENTITY.md', 'USER.md', 'TOOLS.md', 'HEARTBEAT.md', 'BOOTSTRAP.md', 'BOOT.md', 'MEMORY.md']);
      expect(empty.body.docs[1]).toEqual({ name: 'SOUL.md', path: 'SOUL.md', content: '', size: 0, exists: false });

      await t.http.put('/api/system/identity-docs').set(auth).send({ path: 'SOUL.md', content: '# Soul\nCalm and kind.\n' }).expect(200);
      expect(readFileSync(join(workspace, 'SOUL.md'), 'utf8')).toBe('# Soul\nCalm and kind.\n');
      symlinkSync(join(outside, 'secret.md'), join(workspace, 'USER.md'));

      const listed = await t.http.get('/api/system/identity-docs').set(auth).expect(200);
      const soul = listed.body.docs.find((doc: { name: string }) => doc.name === 'SOUL.md');
      expect(soul).toMatchObject({ content: '# Soul\nCalm and kind.\n', size: 22, exists: true });
      const user = listed.body.docs.find((doc: { name: string }) => doc.name === 'USER.md');
      expect(user).toEqual({ name: 'USER.md', path: 'USER.md', content: '', size: 0, exists: true, error: 'a symbolic link leading outside the folder' });

      const refused: Array<[string, number, RegExp]> = [
        ['USER.md', 403, /USER\.md is a symbolic link leading outside/],
        ['notes.md', 403, /only the workspace identity files can be edited here/],
        ['skills/SOUL.md', 403, /only the workspace identity files/],
        ['../SOUL.md', 403, /"\.\." is refused/],
        [join(workspace, 'SOUL.md'), 400, /absolute paths are refused/],
        ['SOUL.txt', 400, /only Markdown/],
        ['SOUL\0.md', 400, /NUL/],
      ];
      for (const [path, status, message] of refused) {
        const response = await t.http.put('/api/system/identity-docs').set(auth).send({ path, content: 'pwned' });
        expect({ path, status: response.status, error: response.body.error }).toEqual({ path, status, error: expect.stringMatching(message) });
      }
      expect(readFileSync(join(outside, 'secret.md'), 'utf8')).toBe('outside the OpenClaw folder\n');
      expect((await events('Saved identity document'))[0]).toMatchObject({ type: 'system.identity-docs.update', summary: 'Saved identity document SOUL.md (22 bytes)' });
    });
  });

  describe('admin token and sudo password', () => {
    it('shows the admin token (the one secret a read route returns) and logs that it was shown', async () => {
      const { body } = await t.http.get('/api/system/admin-token').set(auth).expect(200);
      expect(body).toEqual({ ok: true, token: t.config.adminToken });
      const [entry] = await events('admin token');
      expect(entry.type).toBe('system.admin-token.read');
      expect(JSON.stringify(entry)).not.toContain(t.config.adminToken);
    });

    it('stores the sudo password sealed, only ever says whether it is set, and never logs it', async () => {
      expect((await t.http.get('/api/system/sudo-password').set(auth).expect(200)).body).toEqual({ ok: true, configured: false });
      const set = await t.http.put('/api/system/sudo-password').set(auth).send({ password: SUDO_PASSWORD }).expect(200);
      expect(set.body).toEqual({ ok: true, configured: true });
      const read = await t.http.get('/api/system/sudo-password').set(auth).expect(200);
      expect(read.body).toEqual({ ok: true, configured: true });

      const rows = await t.dataSource.query(`SELECT key, value, sealed FROM panel_settings WHERE key LIKE '%sudo%'`);
      expect(rows).toEqual([{ key: 'secret:system.sudoPassword', value: {}, sealed: expect.any(String) }]);
      expect(rows[0].sealed).not.toContain(SUDO_PASSWORD);
      expect(t.app.get(SecretBox).open(rows[0].sealed)).toBe(SUDO_PASSWORD);
      const config = await t.http.get('/api/admin/config').set(auth).expect(200);
      expect(JSON.stringify(config.body)).not.toContain(SUDO_PASSWORD);
      const all = await t.http.get('/api/events?limit=1000').set(auth).expect(200);
      expect(JSON.stringify(all.body)).not.toContain(SUDO_PASSWORD);
      expect((await events('sudo password'))[0].type).toBe('system.sudo-password.set');

      for (const body of [{}, { password: 'two\nlines' }, { password: 'x'.repeat(257) }, { password: 7 }]) {
        const refused = await t.http.put('/api/system/sudo-password').set(auth).send(body);
        expect({ body, status: refused.status }).toEqual({ body, status: 400 });
      }
      expect((await t.http.get('/api/system/sudo-password').set(auth).expect(200)).body.configured).toBe(true);

      await t.http.put('/api/system/sudo-password').set(auth).send({ password: '' }).expect(200, { ok: true, configured: false });
      expect(await t.dataSource.query(`SELECT key FROM panel_settings WHERE key LIKE '%sudo%'`)).toEqual([]);
      await t.http.put('/api/system/sudo-password').set(auth).send({ password: SUDO_PASSWORD }).expect(200);
    });
  });

  describe('host signals and the host watcher', () => {
    let signals: string;
    let evidence: string;
    let fakeSudo: string;

    const watcherEnv = (extra: Record<string, string> = {}) => ({
      OPENCLAW_HOME: home,
      WATCHER_POLL_MS: '200',
      WATCHER_RESTART_COMMAND: `"${process.execPath}" -e "console.log('gateway restarted by the test watcher')"`,
      WATCHER_UPDATE_COMMAND: `"${process.execPath}" -e "console.log('installing openclaw@' + process.argv[1])" {version}`,
      WATCHER_SUDO: 'always',
      WATCHER_SUDO_BIN: fakeSudo,
      TEST_EVIDENCE_DIR: evidence,
      ...extra,
    });
    const startWatcher = (extra?: Record<string, string>) => {
      const watcher = WatcherProcess.start(watcherEnv(extra));
      watchers.push(watcher);
      return watcher;
    };
    const status = async (path: 'restart-gateway-status' | 'update-status') => (await t.http.get(`/api/system/${path}`).set(auth).expect(200)).body;
    const finished = (path: 'restart-gateway-status' | 'update-status', requestId: string) =>
      waitFor(`${path} of ${requestId}`, async () => {
        const body = await status(path);
        return body.requestId === requestId && (body.status === 'success' || body.status === 'failed') ? body : undefined;
      });
    const allSignalText = () =>
      readdirSync(signals)
        .map((name) => readFileSync(join(signals, name), 'utf8'))
        .join('\n');

    beforeAll(() => {
      signals = join(home, '.clawpanel', 'signals');
      evidence = join(scratch, 'evidence');
      mkdirSync(evidence);
      // a stand-in for sudo: records the password it was given on stdin and the claimed request, then runs the command
      fakeSudo = join(scratch, 'fake-sudo');
      writeFileSync(
        fakeSudo,
        `#!${process.execPath}
const { readFileSync, readdirSync, writeFileSync, copyFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const args = process.argv.slice(2);
const evidence = process.env.TEST_EVIDENCE_DIR;
writeFileSync(join(evidence, 'sudo-args.json'), JSON.stringify(args));
if (args[0] === '-S') writeFileSync(join(evidence, 'sudo-stdin.txt'), readFileSync(0, 'utf8'));
const signals = join(process.env.OPENCLAW_HOME, '.clawpanel', 'signals');
for (const name of readdirSync(signals)) if (name.endsWith('.claimed.json')) copyFileSync(join(signals, name), join(evidence, 'claimed.json'));
const command = args.slice(args.indexOf('--') + 1);
const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit' });
process.exit(result.status ?? 1);
`,
      );
      chmodSync(fakeSudo, 0o755);
    });

    it('queues a restart while no watcher runs, merging repeated requests into the waiting one', async () => {
      expect(await status('restart-gateway-status')).toEqual({ ok: true, status: 'idle', log: [], watcher: { alive: false } });
      const answers = await Promise.all([1, 2, 3].map(() => t.http.post('/api/system/restart-gateway').set(auth).expect(200)));
      const [first, ...others] = [...answers].sort((a, b) => Number(b.body.created) - Number(a.body.created));
      expect(first.body).toEqual({ ok: true, message: expect.stringContaining('the host watcher is not running'), requestId: expect.stringMatching(/^\d{13}-[0-9a-f]{8}$/), created: true, watcher: { alive: false } });
      for (const other of others) expect(other.body).toMatchObject({ requestId: first.body.requestId, created: false });
      const fromService = await t.app.get(HostSignalsService).requestGatewayRestart('channel qq disabled');
      expect(fromService).toEqual({ requestId: first.body.requestId });

      const pending = await status('restart-gateway-status');
      expect(pending).toMatchObject({ status: 'pending', requestId: first.body.requestId, requestedAt: expect.any(String), params: { reason: 'requested from the system page' }, watcher: { alive: false } });
      const request = JSON.parse(readFileSync(join(signals, `${first.body.requestId}.restart-gateway.request.json`), 'utf8'));
      expect(request).toEqual({ format: 1, id: first.body.requestId, action: 'restart-gateway', requestedAt: pending.requestedAt, params: { reason: 'requested from the system page' } });
      expect((await events('Gateway restart requested'))[0].type).toBe('system.gateway-restart.requested');
    });

    it('closes the loop with the real watcher script: request → claimed → running → success with the output', async () => {
      const pending = await status('restart-gateway-status');
      const watcher = startWatcher();
      const done = await finished('restart-gateway-status', pending.requestId);
      expect(done).toMatchObject({
        status: 'success',
        exitCode: 0,
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
        output: 'gateway restarted by the test watcher\n',
        watcher: { alive: true, pid: watcher.child.pid, hostname: expect.any(String) },
      });
      expect(done.log).toEqual([expect.stringMatching(/^\$ .* -e "console\.log\('gateway restarted by the test watcher'\)"$/), 'gateway restarted by the test watcher']);
      await waitFor('the claimed request to be cleared away', async () => {
        const left = readdirSync(signals).filter((name) => name.startsWith(pending.requestId));
        return left.length === 1 && left[0] === `${pending.requestId}.restart-gateway.status.json`;
      });
      const logged = await waitFor('the restart outcome in the activity log', async () => (await events('Gateway restart succeeded'))[0]);
      expect(logged).toMatchObject({ type: 'system.gateway-restart.succeeded', detail: expect.stringContaining('gateway restarted by the test watcher') });

      // the watcher is running now: a new request is answered within moments
      const next = await t.http.post('/api/system/restart-gateway').set(auth).expect(200);
      expect(next.body).toMatchObject({ created: true, message: 'Gateway restart requested', watcher: { alive: true } });
      expect((await finished('restart-gateway-status', next.body.requestId)).status).toBe('success');
    });

    it('runs an update through sudo with the stored password, which travels sealed with the watcher key and never appears in a file', async () => {
      const requested = await t.http.post('/api/system/do-update').set(auth).send({ version: '2026.9.8' }).expect(200);
      expect(requested.body).toMatchObject({ ok: true, version: '2026.9.8', sudoPasswordSent: true, created: true, watcher: { alive: true } });
      const done = await finished('update-status', requested.body.requestId);
      expect(done).toMatchObject({ status: 'success', exitCode: 0, output: 'installing openclaw@2026.9.8\n', params: { version: '2026.9.8' } });
      expect(done.log).toContain('installing openclaw@2026.9.8');

      expect(readFileSync(join(evidence, 'sudo-stdin.txt'), 'utf8')).toBe(`${SUDO_PASSWORD}\n`);
      expect(JSON.parse(readFileSync(join(evidence, 'sudo-args.json'), 'utf8')).slice(0, 4)).toEqual(['-S', '-p', '', '--']);
      const claimed = JSON.parse(readFileSync(join(evidence, 'claimed.json'), 'utf8'));
      expect(claimed.params).toEqual({ version: '2026.9.8', sudoPassword: { alg: 'RSA-OAEP-256', data: expect.any(String) } });
      expect(JSON.stringify(claimed)).not.toContain(SUDO_PASSWORD);
      expect(allSignalText()).not.toContain(SUDO_PASSWORD);
      expect(JSON.stringify(done)).not.toContain(SUDO_PASSWORD);
      await waitFor('the update outcome in the activity log', async () => (await events('OpenClaw update succeeded'))[0]);
      expect(JSON.stringify((await t.http.get('/api/events?limit=1000').set(auth).expect(200)).body)).not.toContain(SUDO_PASSWORD);
    });

    it('refuses a second update while one waits, runs it when a watcher comes back, and reports a failing command', async () => {
      for (const watcher of watchers) await watcher.stop();
      expect((await status('update-status')).watcher.alive).toBe(false);

      const waiting = await t.http.post('/api/system/do-update').set(auth).send({}).expect(200);
      expect(waiting.body).toMatchObject({ version: '2026.9.8', sudoPasswordSent: false, watcher: { alive: false } });
      const conflict = await t.http.post('/api/system/do-update').set(auth).send({ version: 'latest' }).expect(409);
      expect(conflict.body).toEqual({ ok: false, error: `An OpenClaw update is already pending (request ${waiting.body.requestId})` });
      for (const version of ['1.0; rm -rf /', '$(id)', '']) {
        await t.http.post('/api/system/do-update').set(auth).send({ version }).expect(400);
      }

      startWatcher({ WATCHER_SUDO: 'never', WATCHER_RESTART_COMMAND: `"${process.execPath}" -e "console.error('gateway refused'); process.exit(3)"` });
      const updated = await finished('update-status', waiting.body.requestId);
      expect(updated).toMatchObject({ status: 'success', output: 'installing openclaw@2026.9.8\n' });

      const restart = await t.http.post('/api/system/restart-gateway').set(auth).expect(200);
      const failed = await finished('restart-gateway-status', restart.body.requestId);
      expect(failed).toMatchObject({ status: 'failed', exitCode: 3, error: 'exit code 3', output: 'gateway refused\n' });
      const logged = await waitFor('the failed restart in the activity log', async () => (await events('Gateway restart failed'))[0]);
      expect(logged).toMatchObject({ type: 'system.gateway-restart.failed', summary: 'Gateway restart failed: exit code 3' });
    });

    it('stops a command that runs too long, and answers a run left behind by a watcher that died', async () => {
      for (const watcher of watchers) await watcher.stop();
      // what a watcher killed mid-update leaves: the claimed request and a "running" status of a process that is gone
      const id = `${Date.now()}-deadbeef`;
      const request = { format: 1, id, action: 'update-openclaw', requestedAt: new Date().toISOString(), params: { version: '2026.9.8' } };
      writeFileSync(join(signals, `${id}.update-openclaw.claimed.json`), JSON.stringify(request));
      writeFileSync(join(signals, `${id}.update-openclaw.status.json`), JSON.stringify({ ...request, status: 'running', watcher: { pid: 2 ** 22 + 1, hostname: 'elsewhere' }, log: ['half way'] }));
      expect(await status('update-status')).toMatchObject({ requestId: id, status: 'failed', error: 'the host watcher stopped (no heartbeat) while this was running' });

      startWatcher({ WATCHER_COMMAND_TIMEOUT_MS: '1000', WATCHER_RESTART_COMMAND: `"${process.execPath}" -e "console.log('hanging'); setTimeout(() => {}, 60000)"` });
      const recovered = await waitFor('the abandoned update to be answered', async () => {
        const body = await status('update-status');
        return body.watcher.alive && !existsSync(join(signals, `${id}.update-openclaw.claimed.json`)) ? body : undefined;
      });
      expect(recovered).toMatchObject({ requestId: id, status: 'failed', error: 'the host watcher stopped while this request was running', log: ['half way'] });

      const restart = await t.http.post('/api/system/restart-gateway').set(auth).expect(200);
      const stopped = await finished('restart-gateway-status', restart.body.requestId);
      expect(stopped).toMatchObject({ status: 'failed', error: 'stopped after 1000 ms', output: 'hanging\n' });
    });
  });
});

describeWithOpenClaw('Panel /api/system against a real OpenClaw gateway', () => {
  let gateway: OpenClawGatewayHandle;
  let t: TestApp;
  let auth: { Authorization: string };

  beforeAll(async () => {
    gateway = await startOpenClawGateway({ modelBaseUrl: 'http://127.0.0.1:9/v1' });
    t = await startTestApp({ OPENCLAW_GATEWAY_URL: gateway.url, OPENCLAW_GATEWAY_TOKEN: gateway.token });
    const token = (await t.http.post('/api/auth/login').send({ token: t.config.adminToken }).expect(200)).body.token;
    auth = { Authorization: `Bearer ${token}` };
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await gateway?.stop();
  }, 60_000);

  it("takes the version from the gateway's hello and the skills from its skills.status", async () => {
    const version = await t.http.get('/api/system/version').set(auth).expect(200);
    expect(version.body).toMatchObject({ ok: true, currentVersion: '2026.9.6', source: 'gateway' });

    const { body } = await t.http.get('/api/system/skills').set(auth).expect(200);
    expect(body.source).toBe('gateway');
    expect(body.skills.length).toBeGreaterThan(10);
    const bundled = body.skills.find((skill: { origin: string }) => skill.origin === 'openclaw-bundled');
    expect(bundled).toMatchObject({ id: expect.any(String), name: expect.any(String), description: expect.any(String), enabled: expect.any(Boolean), source: 'app-skill', eligible: expect.any(Boolean) });
  });

  it('reads plugin folders as `openclaw plugins list` does: the same ids, names, versions, origins, folders and on/off', async () => {
    const home = t.config.panel.openclawHome;
    const plugin = (dir: string, manifest: Record<string, unknown>, pkg?: Record<string, unknown>) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'openclaw.plugin.json'), JSON.stringify({ configSchema: { type: 'object', additionalProperties: false, properties: {} }, ...manifest }));
      writeFileSync(join(dir, 'index.js'), 'export default function register() {}\n');
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `pkg-${String(manifest.id)}`, version: '0.0.1', ...pkg, openclaw: { extensions: ['./index.js'] } }));
    };
    plugin(join(home, 'extensions', 'qq-bridge'), { id: 'qq', name: 'QQ (NapCat)', description: 'QQ channel through NapCat', version: '1.4.0' }, { version: '1.4.2' });
    plugin(join(home, 'extensions', 'switched-off'), { id: 'switched-off' }, { description: 'from package.json' });
    plugin(join(t.config.panel.workspaceRoot, '.openclaw', 'extensions', 'local'), { id: 'local', name: 'Local' });
    plugin(join(t.config.panel.workspaceRoot, '.openclaw', 'extensions', 'local-on'), { id: 'local-on' });
    plugin(join(dirname(home), 'dev', 'linked'), { id: 'linked', description: 'linked for development' });
    writeFileSync(
      join(home, 'openclaw.json'),
      JSON.stringify({
        gateway: { mode: 'local' },
        plugins: { load: { paths: ['~/dev/linked'] }, entries: { qq: { enabled: true }, 'switched-off': { enabled: false }, 'local-on': { enabled: true }, feishu: { enabled: false } } },
      }),
    );

    const real = (await listOpenClawPlugins(home)).filter((listed) => listed.origin !== 'bundled');
    const { body } = await t.http.get('/api/system/skills').set(auth).expect(200);
    const ours = body.skills.filter((row: { kind: string; path?: string }) => row.kind === 'plugin' && row.path);
    const comparable = (rows: Array<{ id: string; name: string; description?: string; version?: string; origin: string; enabled: boolean; path: string }>) =>
      rows.map(({ id, name, description, version, origin, enabled, path }) => ({ id, name, description: description ?? '', version: version ?? '', origin, enabled, path })).sort((a, b) => a.id.localeCompare(b.id));
    expect(real.map((listed) => listed.id).sort()).toEqual(['linked', 'local', 'local-on', 'qq', 'switched-off']);
    expect(comparable(ours)).toEqual(comparable(real.map((listed) => ({ ...listed, path: listed.rootDir }))));
    expect(body.skills.find((row: { id: string }) => row.id === 'feishu')).toMatchObject({ kind: 'plugin', source: 'config', origin: 'plugin-entry', enabled: false });
  }, 120_000);
});
