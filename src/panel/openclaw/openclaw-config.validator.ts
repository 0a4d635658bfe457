import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { isRecord } from './openclaw-json';
import { OPENCLAW_CONFIG_SCHEMA_JSON, OPENCLAW_SCHEMA_VERSION } from './schema/openclaw-config.schema.generated';
import { SchemaError, SchemaWorker } from './schema/schema-worker';

export interface OpenClawConfigIssue {
  /** Dotted path of the offending key (`channels.telegram.token`), `<root>` for the document itself. */
  path: string;
  message: string;
}

export type OpenClawValidation = { ok: true } | { ok: false; issue: OpenClawConfigIssue };

/** Keys of `channels` that configure all channels rather than name one. */
export const CHANNEL_SECTION_KEYS = new Set(['defaults', 'modelByChannel']);

let bundledChannels: Set<string> | undefined;

/** The channel ids the schema knows (OpenClaw's bundled channels). */
function bundledChannelIds(): Set<string> {
  if (!bundledChannels) {
    const schema = JSON.parse(OPENCLAW_CONFIG_SCHEMA_JSON) as { properties: { channels: { properties: Record<string, unknown> } } };
    bundledChannels = new Set(Object.keys(schema.properties.channels.properties).filter((key) => !CHANNEL_SECTION_KEYS.has(key)));
  }
  return bundledChannels;
}

function dotted(instancePath: string, extra?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let path = '';
  for (const part of parts) path += /^\d+$/.test(part) ? `[${part}]` : path ? `.${part}` : part;
  return path || '<root>';
}

/** The error a person should see first: an unknown key, else the deepest concrete complaint. */
function mostRelevant(errors: SchemaError[]): OpenClawConfigIssue {
  if (errors.length === 0) return { path: '<root>', message: 'is invalid' };
  const depth = (error: SchemaError) => error.instancePath.split('/').length;
  const deepest = (pool: SchemaError[]) => pool.reduce((best, next) => (depth(next) > depth(best) ? next : best));
  const unknownKeys = errors.filter((error) => error.keyword === 'additionalProperties');
  if (unknownKeys.length > 0) {
    const error = deepest(unknownKeys);
    return { path: dotted(error.instancePath, String(error.params.additionalProperty)), message: 'is not a key OpenClaw accepts here' };
  }
  const concrete = errors.filter((error) => !['anyOf', 'oneOf', 'allOf', 'if', 'not'].includes(error.keyword));
  const error = deepest(concrete.length > 0 ? concrete : errors);
  const allowed = error.params.allowedValues as unknown[] | undefined;
  const message = allowed ? `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}` : (error.message ?? 'is invalid');
  return { path: dotted(error.instancePath), message };
}

const normalizeId = (id: string) => id.trim().toLowerCase();

/**
 * What `openclaw config validate` of the pinned OpenClaw would refuse, checked before the panel writes
 * `openclaw.json`: the JSON schema OpenClaw publishes (`openclaw config schema`, shipped prepared in ./schema),
 * plus its rule for the channel ids the schema leaves open: `channels.<id>` must be a bundled channel or have a
 * plugin behind it (`plugins.entries.<id>`, `plugins.allow` or `plugins.installs`), else OpenClaw stops with
 * "unknown channel id". The schema is compiled on a worker thread (seconds) the first time it is needed.
 */
@Injectable()
export class OpenClawConfigValidator implements OnModuleDestroy {
  readonly openclawVersion = OPENCLAW_SCHEMA_VERSION;
  private readonly worker = new SchemaWorker(OPENCLAW_CONFIG_SCHEMA_JSON);

  /** Starts compiling now (in the background), so that a write soon after does not wait for it. */
  warmUp(): void {
    this.worker.warmUp();
  }

  async validate(config: unknown): Promise<OpenClawValidation> {
    if (!isRecord(config)) return { ok: false, issue: { path: '<root>', message: 'must be a JSON object' } };
    const errors = await this.worker.validate(config);
    if (errors) return { ok: false, issue: mostRelevant(errors) };
    const channelIssue = this.unknownChannel(config);
    return channelIssue ? { ok: false, issue: channelIssue } : { ok: true };
  }

  /** Whether OpenClaw knows `id` as a channel without any plugin entry. */
  isBundledChannel(id: string): boolean {
    return bundledChannelIds().has(id.trim());
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker.close();
  }

  private unknownChannel(config: Record<string, unknown>): OpenClawConfigIssue | undefined {
    const channels = config.channels;
    if (!isRecord(channels)) return undefined;
    const plugins = isRecord(config.plugins) ? config.plugins : {};
    const evidence = new Set<string>();
    if (isRecord(plugins.entries)) Object.keys(plugins.entries).forEach((id) => evidence.add(normalizeId(id)));
    if (isRecord(plugins.installs)) Object.keys(plugins.installs).forEach((id) => evidence.add(normalizeId(id)));
    if (Array.isArray(plugins.allow)) plugins.allow.forEach((id) => typeof id === 'string' && evidence.add(normalizeId(id)));
    for (const key of Object.keys(channels)) {
      const id = key.trim();
      if (!id || CHANNEL_SECTION_KEYS.has(id) || this.isBundledChannel(id) || evidence.has(normalizeId(id))) continue;
      return {
        path: `channels.${id}`,
        message: `unknown channel id: ${id} (no bundled channel has this id and no plugins.entries.${id} provides it)`,
      };
    }
    return undefined;
  }
}
