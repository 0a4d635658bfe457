import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import JSON5 from 'json5';
import { isRecord, JsonObject } from '../openclaw/openclaw-json';

const MAX_MANIFEST_BYTES = 256 * 1024;
const NATIVE_MANIFEST = 'openclaw.plugin.json';
/** Folder names OpenClaw's plugin discovery skips inside an extensions root. */
const SKIPPED_FOLDERS = new Set(['.git', '.hg', '.svn', '.turbo', '.yarn', '.yarn-cache', 'build', 'coverage', 'dist', 'node_modules']);

/** Where OpenClaw finds a plugin folder, in its own words (`openclaw plugins list` → `origin`), or a bare config entry. */
export type PluginOrigin = 'config' | 'global' | 'workspace' | 'plugin-entry';

/** One plugin as the skills page lists it; `source` is the badge the page knows. */
export interface InstalledPlugin {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  source: 'installed' | 'config-ext' | 'config';
  origin: PluginOrigin;
  version: string;
  path?: string;
}

export interface PluginRoots {
  /** `OPENCLAW_HOME`: its `extensions/` holds installed plugins; `~` in `plugins.load.paths` is the folder above it. */
  openclawHome: string;
  /** `OPENCLAW_WORKSPACE`: its `.openclaw/extensions/` holds workspace plugins. */
  workspaceRoot: string;
}

const BADGES: Record<Exclude<PluginOrigin, 'plugin-entry'>, InstalledPlugin['source']> = {
  global: 'installed',
  config: 'config-ext',
  workspace: 'config-ext',
};

/**
 * The host's plugins as openclaw.json and the folders OpenClaw discovers describe them: plugin folders named by
 * `plugins.load.paths`, then `$OPENCLAW_HOME/extensions/*`, then `<workspace>/.openclaw/extensions/*` (a folder is
 * a plugin when it holds `openclaw.plugin.json`), then every `plugins.entries` item no folder provides (bundled
 * plugins and managed npm installs). One row per id, compared as OpenClaw compares them (case-insensitively).
 */
export async function listInstalledPlugins(config: JsonObject, roots: PluginRoots, limit: number): Promise<InstalledPlugin[]> {
  const policy = pluginPolicy(config);
  const plugins: InstalledPlugin[] = [];
  const seen = new Set<string>();
  const add = (plugin: Omit<InstalledPlugin, 'enabled'>) => {
    const key = plugin.id.toLowerCase();
    if (seen.has(key) || plugins.length >= limit) return;
    seen.add(key);
    plugins.push({ ...plugin, enabled: policy.enabled(plugin.id, plugin.origin) });
  };
  const home = dirname(roots.openclawHome);
  for (const path of policy.loadPaths) {
    const dir = path === '~' || path.startsWith('~/') ? join(home, path.slice(1)) : path;
    // a relative path depends on the gateway's working folder, which the panel cannot know
    if (!isAbsolute(dir)) continue;
    const own = await readPluginFolder(dir);
    if (own) add({ ...own, origin: 'config', source: BADGES.config });
    else for (const found of await scanExtensionsRoot(dir)) add({ ...found, origin: 'config', source: BADGES.config });
  }
  for (const [root, origin] of [
    [join(roots.openclawHome, 'extensions'), 'global'],
    [join(roots.workspaceRoot, '.openclaw', 'extensions'), 'workspace'],
  ] as const) {
    for (const found of await scanExtensionsRoot(root)) add({ ...found, origin, source: BADGES[origin] });
  }
  for (const id of policy.entryIds) add({ id, name: id, description: '', source: 'config', origin: 'plugin-entry', version: '' });
  return plugins;
}

interface PluginPolicy {
  loadPaths: string[];
  entryIds: string[];
  enabled(id: string, origin: PluginOrigin): boolean;
}

/**
 * OpenClaw's switches in openclaw.json: `plugins.enabled: false` turns every plugin off, `plugins.deny` wins, an
 * entry's `enabled: false` turns it off, a workspace plugin stays off until its entry or `plugins.allow` names it,
 * and a non-empty `plugins.allow` admits only what it lists. Anything else counts as on (an entry without
 * `enabled` included, as the original panel showed it).
 */
function pluginPolicy(config: JsonObject): PluginPolicy {
  const plugins = isRecord(config.plugins) ? config.plugins : {};
  const entries = isRecord(plugins.entries) ? plugins.entries : {};
  const load = isRecord(plugins.load) ? plugins.load : {};
  const ids = (value: unknown) => new Set(strings(value).map((id) => id.trim().toLowerCase()));
  const allow = ids(plugins.allow);
  const deny = ids(plugins.deny);
  const entryOf = new Map<string, unknown>();
  for (const [id, entry] of Object.entries(entries)) if (!entryOf.has(id.toLowerCase())) entryOf.set(id.toLowerCase(), entry);
  return {
    loadPaths: strings(load.paths).map((path) => path.trim()).filter(Boolean),
    entryIds: Object.keys(entries).filter((id) => isRecord(entries[id])),
    enabled(id, origin) {
      const key = id.toLowerCase();
      const switched = (entryOf.get(key) as { enabled?: unknown } | undefined)?.enabled;
      if (plugins.enabled === false || deny.has(key) || switched === false) return false;
      if (origin === 'workspace' && switched !== true && !allow.has(key)) return false;
      return allow.size === 0 || allow.has(key);
    },
  };
}

type FoundPlugin = Pick<InstalledPlugin, 'id' | 'name' | 'description' | 'version' | 'path'>;

async function scanExtensionsRoot(root: string): Promise<FoundPlugin[]> {
  let names: string[];
  try {
    names = (await readdir(root)).sort();
  } catch {
    return [];
  }
  const found: FoundPlugin[] = [];
  for (const name of names) {
    if (skippedFolder(name)) continue;
    const plugin = await readPluginFolder(join(root, name));
    if (plugin) found.push(plugin);
  }
  return found;
}

function skippedFolder(name: string): boolean {
  const lower = name.toLowerCase();
  return SKIPPED_FOLDERS.has(lower) || lower.endsWith('.bak') || lower.includes('.backup-') || lower.includes('.disabled');
}

/**
 * A native OpenClaw plugin folder, read as OpenClaw 2026.9 reads it: `openclaw.plugin.json` (JSON5) must name the id;
 * the name and description come from it before package.json, the version from package.json first.
 */
async function readPluginFolder(dir: string): Promise<FoundPlugin | undefined> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) return undefined;
  const manifest = await readJsonObject(join(dir, NATIVE_MANIFEST));
  const id = text(manifest?.id);
  if (!manifest || !id) return undefined;
  const pkg = (await readJsonObject(join(dir, 'package.json'))) ?? {};
  return {
    id,
    name: text(manifest.name) ?? text(pkg.name) ?? id,
    description: text(manifest.description) ?? text(pkg.description) ?? '',
    version: text(pkg.version) ?? text(manifest.version) ?? '',
    path: dir,
  };
}

async function readJsonObject(file: string): Promise<JsonObject | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile() || info.size > MAX_MANIFEST_BYTES) return undefined;
  try {
    const parsed: unknown = JSON5.parse(await readFile(file, 'utf8'));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
