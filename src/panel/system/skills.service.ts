import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { GatewaySkill, skillsStatus } from '../../integrations/openclaw-gateway';
import { InstalledSkillDto, InstalledSkillsDto } from './dto/system.dto';
import { OpenClawConfigStore } from '../openclaw/openclaw-config.store';
import { JsonObject } from '../openclaw/openclaw-json';
import { withPanelGateway } from './gateway/panel-gateway';
import { InstalledPlugin, listInstalledPlugins } from './installed-plugins';

const MAX_SKILLS = 500;
const MAX_SKILL_FILE_BYTES = 256 * 1024;

/** The gateway's source names mapped to the badges the panel's web client knows. */
const GATEWAY_SOURCES: Record<string, string> = {
  'openclaw-bundled': 'app-skill',
  'openclaw-custodian': 'app-skill',
  'openclaw-managed': 'skill',
  'openclaw-workspace': 'workspace',
};

export interface SkillFrontMatter {
  name?: string;
  description?: string;
  version?: string;
  metadata?: Record<string, unknown>;
}

/**
 * What the panel's skills page lists (`GET /api/system/skills`): the host's plugins (plugin folders and
 * `plugins.entries`, whose on/off the page's toggles write through `PUT /api/openclaw/plugins/{id}`), then the skills
 * (the gateway's `skills.status`, else the SKILL.md files on disk). One row per id, as in the original panel: a
 * plugin folder hides a skill of its id, and a skill hides a bare `plugins.entries` item of its id (the page's
 * toggle writes such an item for a skill row too).
 */
@Injectable()
export class SkillsService {
  constructor(
    private readonly config: AppConfig,
    private readonly openclawConfig: OpenClawConfigStore,
  ) {}

  async list(): Promise<InstalledSkillsDto> {
    const config = await this.readConfig();
    const { openclawHome, workspaceRoot } = this.config.panel;
    const plugins = await listInstalledPlugins(config, { openclawHome, workspaceRoot }, MAX_SKILLS);
    const { skills, source } = await this.listSkills(config);
    const key = (row: { id: string }) => row.id.toLowerCase();
    const bareEntry = (plugin: InstalledPlugin) => plugin.origin === 'plugin-entry';
    const pluginFolders = new Set(plugins.filter((plugin) => !bareEntry(plugin)).map(key));
    const skillIds = new Set(skills.map(key));
    const shownPlugins = plugins.filter((plugin) => !bareEntry(plugin) || !skillIds.has(key(plugin))).map((plugin): InstalledSkillDto => ({ ...plugin, kind: 'plugin' }));
    const shownSkills = skills.filter((skill) => !pluginFolders.has(key(skill)));
    return { ok: true, skills: [...shownPlugins, ...shownSkills].slice(0, MAX_SKILLS), source };
  }

  private async listSkills(config: JsonObject): Promise<{ skills: InstalledSkillDto[]; source: InstalledSkillsDto['source'] }> {
    try {
      const report = await withPanelGateway(this.config.panel.gateway, (gateway) => skillsStatus(gateway));
      if (Array.isArray(report?.skills)) return { skills: report.skills.slice(0, MAX_SKILLS).map(fromGateway), source: 'gateway' };
    } catch {
      // the gateway is not running (or refused us): read the folders instead
    }
    return { skills: await this.scan(disabledIn(config)), source: 'filesystem' };
  }

  /** openclaw.json, or `{}` when it is missing or unreadable: the list shows what can be found either way. */
  private async readConfig(): Promise<JsonObject> {
    try {
      return await this.openclawConfig.read();
    } catch {
      return {};
    }
  }

  /** Workspace skills first: they win over managed ones of the same name, as in OpenClaw. */
  private async scan(disabled: Set<string>): Promise<InstalledSkillDto[]> {
    const skills: InstalledSkillDto[] = [];
    const seen = new Set<string>();
    const folders: Array<[string, string]> = [
      [join(this.config.panel.workspaceRoot, 'skills'), 'workspace'],
      [join(this.config.panel.openclawHome, 'skills'), 'skill'],
    ];
    for (const [folder, source] of folders) {
      let names: string[];
      try {
        names = (await readdir(folder)).sort();
      } catch {
        continue;
      }
      for (const name of names) {
        if (skills.length >= MAX_SKILLS) return skills;
        if (name.startsWith('.') || seen.has(name)) continue;
        const dir = join(folder, name);
        const file = join(dir, 'SKILL.md');
        const info = await stat(file).catch(() => undefined);
        if (!info?.isFile()) continue;
        const front = info.size <= MAX_SKILL_FILE_BYTES ? parseSkillFrontMatter(await readFile(file, 'utf8').catch(() => '')) : {};
        seen.add(name);
        const requires = requirementsOf(front.metadata);
        skills.push({
          kind: 'skill',
          id: name,
          name: front.name || name,
          description: front.description ?? '',
          enabled: !disabled.has(name),
          source,
          version: front.version ?? '',
          path: dir,
          ...(requires ? { requires } : {}),
          ...(front.metadata ? { metadata: front.metadata } : {}),
        });
      }
    }
    return skills;
  }
}

/** Skill keys switched off in openclaw.json (`skills.entries.<key>.enabled: false`). */
function disabledIn(config: Record<string, unknown>): Set<string> {
  const skills = config.skills as { entries?: Record<string, unknown> } | undefined;
  const entries = skills && typeof skills === 'object' && skills.entries && typeof skills.entries === 'object' ? skills.entries : {};
  return new Set(Object.entries(entries).filter(([, entry]) => (entry as { enabled?: unknown } | null)?.enabled === false).map(([key]) => key));
}

/** The YAML front matter of a SKILL.md (`name`, `description`, `metadata` as YAML or a JSON string). */
export function parseSkillFrontMatter(content: string): SkillFrontMatter {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(content);
  if (!match) return {};
  let data: unknown;
  try {
    // required on first use: only the skills pages read front matter
    const { load } = require('js-yaml') as typeof import('js-yaml');
    data = load(match[1]);
  } catch {
    return {};
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
  const record = data as Record<string, unknown>;
  let metadata = record.metadata;
  if (typeof metadata === 'string') {
    try {
      metadata = JSON.parse(metadata);
    } catch {
      metadata = undefined;
    }
  }
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined);
  return {
    name: text(record.name),
    description: text(record.description),
    version: text(record.version),
    metadata: metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : undefined,
  };
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** `{env, bins}` from OpenClaw's `metadata.openclaw.requires`, or nothing when it asks for none. */
function requirementsOf(metadata: Record<string, unknown> | undefined): InstalledSkillDto['requires'] {
  const openclaw = metadata?.openclaw as { requires?: Record<string, unknown> } | undefined;
  return pickRequirements(openclaw?.requires);
}

function pickRequirements(requires: Record<string, unknown> | undefined): InstalledSkillDto['requires'] {
  if (!requires || typeof requires !== 'object') return undefined;
  const env = strings(requires.env);
  const bins = [...strings(requires.bins), ...strings(requires.anyBins)];
  if (env.length === 0 && bins.length === 0) return undefined;
  return { ...(env.length ? { env } : {}), ...(bins.length ? { bins } : {}) };
}

function fromGateway(skill: GatewaySkill): InstalledSkillDto {
  const key = typeof skill.skillKey === 'string' && skill.skillKey ? skill.skillKey : skill.name;
  const requires = pickRequirements(skill.requirements as Record<string, unknown> | undefined);
  const missing = skill.missing && typeof skill.missing === 'object' ? (skill.missing as Record<string, unknown>) : undefined;
  return {
    kind: 'skill',
    id: key,
    name: typeof skill.name === 'string' ? skill.name : key,
    description: typeof skill.description === 'string' ? skill.description : '',
    enabled: skill.disabled !== true,
    source: GATEWAY_SOURCES[skill.source] ?? skill.source,
    origin: skill.source,
    eligible: skill.eligible,
    ...(typeof skill.emoji === 'string' ? { emoji: skill.emoji } : {}),
    ...(typeof skill.baseDir === 'string' ? { path: skill.baseDir } : {}),
    ...(requires ? { requires } : {}),
    ...(missing ? { missing } : {}),
  };
}
