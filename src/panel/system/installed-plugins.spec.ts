import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listInstalledPlugins, PluginRoots } from './installed-plugins';

describe('listInstalledPlugins', () => {
  let scratch: string;
  let roots: PluginRoots;

  /** A plugin folder as OpenClaw 2026.9 installs one: a native manifest, usually a package.json beside it. */
  const plugin = (dir: string, manifest: Record<string, unknown> | string, pkg?: Record<string, unknown>) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'openclaw.plugin.json'), typeof manifest === 'string' ? manifest : JSON.stringify({ configSchema: { type: 'object' }, ...manifest }));
    if (pkg) writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
    return dir;
  };
  const list = (config: Record<string, unknown>, limit = 100) => listInstalledPlugins(config, roots, limit);

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'installed-plugins-'));
    roots = { openclawHome: join(scratch, 'home', '.openclaw'), workspaceRoot: join(scratch, 'home', '.openclaw', 'workspace') };
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('lists extension folders by their manifest id and every plugins.entries item, one row per plugin', async () => {
    const qq = plugin(join(roots.openclawHome, 'extensions', 'qq-bridge'), { id: 'qq', name: 'QQ (NapCat)', description: 'QQ through NapCat', version: '1.4.0' }, { name: '@acme/qq', version: '1.4.2', description: 'package words' });
    const bare = plugin(join(roots.openclawHome, 'extensions', 'bare'), { id: 'bare' }, { name: 'bare-plugin', version: '0.1.0', description: 'from package.json' });
    const config = { plugins: { entries: { qq: { enabled: true }, feishu: { enabled: false }, wecom: { config: {} } } } };

    expect(await list(config)).toEqual([
      { id: 'bare', name: 'bare-plugin', description: 'from package.json', enabled: true, source: 'installed', origin: 'global', version: '0.1.0', path: bare },
      { id: 'qq', name: 'QQ (NapCat)', description: 'QQ through NapCat', enabled: true, source: 'installed', origin: 'global', version: '1.4.2', path: qq },
      { id: 'feishu', name: 'feishu', description: '', enabled: false, source: 'config', origin: 'plugin-entry', version: '' },
      { id: 'wecom', name: 'wecom', description: '', enabled: true, source: 'config', origin: 'plugin-entry', version: '' },
    ]);
  });

  it('passes over folders OpenClaw would not load as a native plugin', async () => {
    const extensions = join(roots.openclawHome, 'extensions');
    mkdirSync(join(extensions, 'no-manifest'), { recursive: true });
    writeFileSync(join(extensions, 'no-manifest', 'package.json'), JSON.stringify({ name: 'no-manifest', openclaw: { extensions: ['./index.js'] } }));
    plugin(join(extensions, 'no-id'), { name: 'nameless' });
    plugin(join(extensions, 'broken'), '{ not json');
    plugin(join(extensions, 'node_modules'), { id: 'dependency' });
    plugin(join(extensions, 'old.bak'), { id: 'old' });
    plugin(join(extensions, 'off.disabled'), { id: 'off' });
    writeFileSync(join(extensions, 'helper.js'), 'export {}');
    plugin(join(extensions, 'commented'), '// JSON5, as OpenClaw reads it\n{ id: "commented", configSchema: {}, }');

    expect((await list({})).map((p) => p.id)).toEqual(['commented']);
  });

  it('keeps workspace plugins off until an entry or plugins.allow switches them on, as OpenClaw does', async () => {
    const workspace = join(roots.workspaceRoot, '.openclaw', 'extensions');
    plugin(join(workspace, 'local-a'), { id: 'local-a' });
    plugin(join(workspace, 'local-b'), { id: 'local-b' });
    plugin(join(workspace, 'local-c'), { id: 'local-c' });

    const rows = await list({ plugins: { allow: ['local-c', 'local-b'], entries: { 'local-b': { enabled: true } } } });
    expect(rows.map((p) => [p.id, p.enabled, p.source, p.origin])).toEqual([
      ['local-a', false, 'config-ext', 'workspace'],
      ['local-b', true, 'config-ext', 'workspace'],
      ['local-c', true, 'config-ext', 'workspace'],
    ]);
  });

  it('reads plugins.load.paths: a plugin folder or a folder of plugins, ~ as the folder above OPENCLAW_HOME, and lets it win over a copy in extensions', async () => {
    const linked = plugin(join(scratch, 'home', 'dev', 'linked'), { id: 'linked', description: 'linked for development' });
    const many = join(scratch, 'elsewhere');
    const inMany = plugin(join(many, 'one'), { id: 'one' });
    plugin(join(roots.openclawHome, 'extensions', 'one'), { id: 'one', description: 'the installed copy' });
    plugin(join(scratch, 'relative'), { id: 'relative' });

    const rows = await list({ plugins: { load: { paths: ['~/dev/linked', many, 'relative', 42, '  '] } } });
    expect(rows).toEqual([
      { id: 'linked', name: 'linked', description: 'linked for development', enabled: true, source: 'config-ext', origin: 'config', version: '', path: linked },
      { id: 'one', name: 'one', description: '', enabled: true, source: 'config-ext', origin: 'config', version: '', path: inMany },
    ]);
  });

  it("follows OpenClaw's global switches: plugins.enabled, deny, allow; ids compare case-insensitively", async () => {
    plugin(join(roots.openclawHome, 'extensions', 'Upper'), { id: 'Upper' });
    plugin(join(roots.openclawHome, 'extensions', 'other'), { id: 'other' });
    const entries = { upper: { enabled: false }, listed: { enabled: true }, denied: { enabled: true } };

    expect((await list({ plugins: { entries } })).map((p) => [p.id, p.enabled])).toEqual([
      ['Upper', false],
      ['other', true],
      ['listed', true],
      ['denied', true],
    ]);
    expect((await list({ plugins: { entries, deny: ['DENIED'], allow: ['other', 'denied'] } })).map((p) => [p.id, p.enabled])).toEqual([
      ['Upper', false],
      ['other', true],
      ['listed', false],
      ['denied', false],
    ]);
    expect((await list({ plugins: { enabled: false, entries } })).every((p) => !p.enabled)).toBe(true);
  });

  it('stops at the limit', async () => {
    const entries = Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`p${index}`, { enabled: true }]));
    expect(await list({ plugins: { entries } }, 3)).toHaveLength(3);
  });
});
