import { OpenClawConfigValidator } from './openclaw-config.validator';
import { mergeObject, parseOpenClawJson } from './openclaw-json';

describe('OpenClawConfigValidator', () => {
  const validator = new OpenClawConfigValidator();
  afterAll(() => validator.onModuleDestroy());
  const issueOf = async (config: unknown) => {
    const result = await validator.validate(config);
    return result.ok ? undefined : result.issue;
  };

  it('compiles the schema off the main thread: timers keep firing while the first validation waits', async () => {
    const fresh = new OpenClawConfigValidator();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    try {
      const started = Date.now();
      expect(await fresh.validate({ gateway: { mode: 'local' } })).toEqual({ ok: true });
      const waited = Date.now() - started;
      // the compile takes seconds; a blocked event loop would have let at most one tick through
      if (waited > 500) expect(ticks).toBeGreaterThan(5);
    } finally {
      clearInterval(timer);
      await fresh.onModuleDestroy();
    }
  }, 120_000);

  it('accepts an empty config and the offline configuration the test harness runs OpenClaw with', async () => {
    expect(await validator.validate({})).toEqual({ ok: true });
    const offline = {
      gateway: { mode: 'local' },
      models: { providers: { fake: { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'x', api: 'openai-completions', models: [{ id: 'fake-1', name: 'Fake' }] } } },
      agents: { defaults: { model: { primary: 'fake/fake-1' } } },
      skills: { install: { allowUploadedArchives: true } },
    };
    expect(await validator.validate(offline)).toEqual({ ok: true });
  }, 60_000);

  it.each([
    [{ foo: 1 }, 'foo', 'is not a key OpenClaw accepts here'],
    [{ messages: { systemPrompt: 'x' } }, 'messages.systemPrompt', 'is not a key OpenClaw accepts here'],
    [{ agents: { defaults: { model: { primary: 'a/b', maxTokens: 10 } } } }, 'agents.defaults.model.maxTokens', 'is not a key OpenClaw accepts here'],
    [{ channels: { telegram: { token: '123:abc' } } }, 'channels.telegram.token', 'is not a key OpenClaw accepts here'],
    [{ plugins: { entries: { qq: { enabled: true, foo: 1 } } } }, 'plugins.entries.qq.foo', 'is not a key OpenClaw accepts here'],
    [{ gateway: { port: '18789' } }, 'gateway.port', 'must be integer'],
  ])('names what OpenClaw would refuse in %j', async (config, path, message) => {
    expect(await issueOf(config)).toEqual({ path, message: expect.stringContaining(message) });
  });

  it('names the array element of a wrong shape', async () => {
    expect((await issueOf({ models: { providers: { openai: { baseUrl: 'https://a', models: ['gpt-4o'] } } } }))?.path).toBe('models.providers.openai.models[0]');
  });

  it('refuses a channel OpenClaw does not bundle unless a plugin entry provides it, as OpenClaw does', async () => {
    expect(await issueOf({ channels: { qq: { enabled: true } } })).toEqual({ path: 'channels.qq', message: expect.stringContaining('unknown channel id: qq') });
    expect(await validator.validate({ channels: { qq: { enabled: true } }, plugins: { entries: { qq: { enabled: true } } } })).toEqual({ ok: true });
    expect(await validator.validate({ channels: { qq: { enabled: true } }, plugins: { allow: ['QQ'] } })).toEqual({ ok: true });
    // OpenClaw fills defaults before it checks: telegram's required dmPolicy has one
    expect(await validator.validate({ channels: { telegram: { enabled: true }, defaults: {} } })).toEqual({ ok: true });
    expect(validator.isBundledChannel('telegram')).toBe(true);
    expect(validator.isBundledChannel('qq')).toBe(false);
  });

  it('refuses what is not an object', async () => {
    expect(await issueOf([])).toEqual({ path: '<root>', message: 'must be a JSON object' });
  });
});

describe('openclaw.json helpers', () => {
  it('reads JSON5 (comments, trailing commas, unquoted keys, a BOM)', () => {
    expect(parseOpenClawJson('\uFEFF// c\n{ gateway: { mode: "local", }, /* x */ }')).toEqual({ gateway: { mode: 'local' } });
    expect(() => parseOpenClawJson('{ nope')).toThrow(/openclaw\.json is not valid JSON5/);
    expect(() => parseOpenClawJson('[1]')).toThrow(/must hold a JSON object/);
  });

  it('merges a patch, removes null keys, and keeps __proto__ as plain data', () => {
    const patch = JSON.parse('{"b": 2, "c": null, "__proto__": {"polluted": true}}');
    const merged = mergeObject({ a: 1, c: 3 }, patch);
    expect(Object.keys(merged)).toEqual(['a', 'b', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });
});
