import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsDefined, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { OptionalQueryBoolean } from '../../../core/http/validation';

/** npm dist-tags and versions, nothing a shell could read as syntax. */
export const OPENCLAW_VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._+-]{0,63}$/;

const FREE_OBJECT = { type: 'object', additionalProperties: true } as const;

/** The panel's error body. */
export class PanelErrorDto {
  @ApiProperty({ example: false }) ok: false;
  @ApiProperty({ example: 'path must stay inside its folder; ".." is refused' }) error: string;
}

// ---- environment and version -------------------------------------------------------------------

export class SystemOsDto {
  @ApiProperty({ example: 'linux' }) platform: string;
  @ApiProperty({ example: 'x64' }) arch: string;
  @ApiProperty() hostname: string;
  @ApiProperty({ description: 'pretty name from /etc/os-release, or empty', example: 'Debian GNU/Linux 12 (bookworm)' }) distro: string;
  @ApiProperty({ description: 'kernel release', example: '6.1.0-18-amd64' }) release: string;
  @ApiProperty() totalMemMB: number;
  @ApiProperty() freeMemMB: number;
  @ApiProperty() cpus: number;
  @ApiProperty() cpuModel: string;
  @ApiProperty({ description: 'host uptime in seconds' }) uptime: number;
  @ApiProperty({ description: 'the user this service runs as' }) userInfo: string;
  @ApiProperty({ example: '0.42, 0.30, 0.25' }) loadAvg: string;
}

export class SystemRuntimeDto {
  @ApiProperty() pid: number;
  @ApiProperty({ example: 'v20.19.0' }) nodeVersion: string;
  @ApiProperty({ description: 'process uptime in seconds' }) uptime: number;
  @ApiProperty({ description: 'resident set size in MB' }) memoryMB: number;
  @ApiProperty() cwd: string;
}

export class SystemEnvDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: SystemOsDto }) os: SystemOsDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'version string of each program found on PATH (node, npm, git, docker, openclaw, bun, python), or "not installed"',
    example: { node: 'v20.19.0', npm: '10.8.2', git: 'git version 2.39.5', docker: 'not installed', openclaw: 'OpenClaw 2026.9.6 (eb377ac)' },
  })
  software: Record<string, string>;
  @ApiProperty({ type: SystemRuntimeDto }) runtime: SystemRuntimeDto;
}

export const VERSION_SOURCES = ['gateway', 'cli', 'config', 'unknown'] as const;
export type VersionSource = (typeof VERSION_SOURCES)[number];

export class SystemVersionDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ example: '2026.9.6', description: '"unknown" when neither the gateway nor the CLI answered' }) currentVersion: string;
  @ApiProperty({ enum: VERSION_SOURCES, description: 'where currentVersion came from' }) source: VersionSource;
  @ApiProperty({ description: 'from the last update check, or empty' }) latestVersion: string;
  @ApiProperty({ description: 'ISO time of the last update check, or empty' }) lastCheckedAt: string;
  @ApiProperty() updateAvailable: boolean;
}

export class CheckUpdateQueryDto {
  @ApiPropertyOptional({ description: 'ask the registry even when the cached answer is fresh' })
  @OptionalQueryBoolean()
  force?: boolean;
}

export class CheckUpdateDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ example: '2026.9.6' }) currentVersion: string;
  @ApiProperty({ example: '2026.9.8', description: 'the `latest` dist-tag of the npm package openclaw' }) latestVersion: string;
  @ApiProperty() updateAvailable: boolean;
  @ApiProperty({ description: 'ISO time the registry was asked' }) checkedAt: string;
  @ApiProperty({ description: 'true when the answer came from the cache (fresh for 10 minutes)' }) cached: boolean;
}

// ---- host signals ------------------------------------------------------------------------------

export class DoUpdateDto {
  @ApiPropertyOptional({ description: 'version or dist-tag to install; default: the latest version found by check-update, else "latest"', example: '2026.9.8' })
  @IsOptional()
  @IsString()
  @Matches(OPENCLAW_VERSION_PATTERN, { message: 'version must be an npm version or dist-tag (letters, digits, . _ + -)' })
  version?: string;
}

export class WatcherInfoDto {
  @ApiProperty({ description: 'the host watcher wrote its heartbeat within the last 15 seconds' }) alive: boolean;
  @ApiPropertyOptional({ description: 'ISO time of its last heartbeat' }) lastSeenAt?: string;
  @ApiPropertyOptional() hostname?: string;
  @ApiPropertyOptional() pid?: number;
}

export class SignalRequestedDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty() message: string;
  @ApiProperty({ example: '1767225600000-9f2c4e1a' }) requestId: string;
  @ApiProperty({ description: 'false when an equal request was already waiting and this one was merged into it' }) created: boolean;
  @ApiProperty({ type: WatcherInfoDto }) watcher: WatcherInfoDto;
}

export class UpdateRequestedDto extends SignalRequestedDto {
  @ApiProperty({ example: '2026.9.8' }) version: string;
  @ApiProperty({ description: 'the stored sudo password was sealed for the watcher and sent with the request' }) sudoPasswordSent: boolean;
}

export const SIGNAL_STATES = ['idle', 'pending', 'running', 'success', 'failed'] as const;
export type SignalState = (typeof SIGNAL_STATES)[number];

export class SignalStatusDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ enum: SIGNAL_STATES, description: 'idle: never requested; pending: waiting for the host watcher; running; success; failed' })
  status: SignalState;
  @ApiPropertyOptional() requestId?: string;
  @ApiPropertyOptional() requestedAt?: string;
  @ApiPropertyOptional() startedAt?: string;
  @ApiPropertyOptional() finishedAt?: string;
  @ApiPropertyOptional({ description: 'exit code of the command' }) exitCode?: number;
  @ApiPropertyOptional({ description: 'the command that ran (without any password)' }) command?: string;
  @ApiPropertyOptional({ description: 'combined stdout and stderr (the last 64 KiB)' }) output?: string;
  @ApiProperty({ type: [String], description: 'output lines (the last 200)' }) log: string[];
  @ApiPropertyOptional() error?: string;
  @ApiPropertyOptional({ ...FREE_OBJECT, description: 'what was asked: reason (restart) or version (update)' }) params?: Record<string, unknown>;
  @ApiProperty({ type: WatcherInfoDto }) watcher: WatcherInfoDto;
}

// ---- skills and ClawHub ------------------------------------------------------------------------

/** One row of the skills page: a plugin or a skill. */
export class InstalledSkillDto {
  @ApiProperty({
    enum: ['plugin', 'skill'],
    description: "plugin: an OpenClaw plugin, switched by plugins.entries.<id>.enabled (PUT /api/openclaw/plugins/{id}); skill: a skill, switched by skills.entries.<id>.enabled",
  })
  kind: 'plugin' | 'skill';
  @ApiProperty({ example: 'qq', description: "the plugin's manifest id or the skill's key; unique in the list (case-insensitively)" }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: "what openclaw.json says: a plugin is off when plugins.enabled is false, plugins.deny lists it, its entry says enabled: false, plugins.allow is set without it, or it is a workspace plugin not switched on" })
  enabled: boolean;
  @ApiProperty({
    description:
      'the badge the page shows. Plugins: installed ($OPENCLAW_HOME/extensions), config-ext (a plugins.load.paths folder or <workspace>/.openclaw/extensions), ' +
      'config (a plugins.entries item no folder provides: a bundled plugin or a managed npm install). ' +
      'Skills: app-skill (bundled with OpenClaw), skill (managed, $OPENCLAW_HOME/skills), workspace, or what the gateway reported',
    example: 'installed',
  })
  source: string;
  @ApiPropertyOptional({
    description: "plugins: OpenClaw's origin of the folder (global, workspace, config) or plugin-entry; skills from the gateway: its source name, e.g. openclaw-bundled",
    example: 'global',
  })
  origin?: string;
  @ApiPropertyOptional({ description: 'plugins: package.json version, else the manifest\'s; empty when unknown' }) version?: string;
  @ApiPropertyOptional({ description: 'requirements met (gateway skills only)' }) eligible?: boolean;
  @ApiPropertyOptional() emoji?: string;
  @ApiPropertyOptional({ description: 'the plugin or skill folder' }) path?: string;
  @ApiPropertyOptional({ ...FREE_OBJECT, description: '{env?: string[], bins?: string[]}' }) requires?: { env?: string[]; bins?: string[] };
  @ApiPropertyOptional({ ...FREE_OBJECT, description: 'requirements still missing (gateway skills only)' }) missing?: Record<string, unknown>;
  @ApiPropertyOptional({ ...FREE_OBJECT, description: 'the metadata block of SKILL.md' }) metadata?: Record<string, unknown>;
}

export class InstalledSkillsDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: [InstalledSkillDto], description: 'plugins first, then skills' }) skills: InstalledSkillDto[];
  @ApiProperty({
    enum: ['gateway', 'filesystem'],
    description: "where the skills came from: gateway (its skills.status) or filesystem (SKILL.md files under the OpenClaw folder's skills/ and the workspace's skills/); plugins always come from openclaw.json and the plugin folders",
  })
  source: 'gateway' | 'filesystem';
}

export class ClawHubSkillDto {
  @ApiProperty({ description: 'the slug', example: 'gifgrep' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty() version: string;
  @ApiPropertyOptional() downloads?: number;
  @ApiPropertyOptional() stars?: number;
  @ApiPropertyOptional({ description: 'epoch milliseconds' }) updatedAt?: number;
  @ApiProperty({ description: 'the listing on ClawHub' }) url: string;
}

export class ClawHubSyncDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: [ClawHubSkillDto] }) skills: ClawHubSkillDto[];
  @ApiProperty({ enum: ['remote'], description: 'fetched just now' }) source: 'remote';
  @ApiProperty({ description: 'ISO time of the sync' }) syncedAt: string;
}

export class ClawHubUnavailableDto {
  @ApiProperty({ example: false }) ok: false;
  @ApiProperty({ example: 'ClawHub is unreachable (https://clawhub.ai): connect ECONNREFUSED' }) error: string;
  @ApiProperty({ type: [ClawHubSkillDto], description: 'the cached list (empty when there is none)' }) skills: ClawHubSkillDto[];
  @ApiProperty({ enum: ['cache', 'none'] }) source: 'cache' | 'none';
  @ApiPropertyOptional({ description: 'ISO time of the cached sync' }) syncedAt?: string;
}

// ---- cron --------------------------------------------------------------------------------------

export class CronJobsDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({
    type: 'array',
    items: FREE_OBJECT,
    description: 'OpenClaw cron jobs ({id, name, enabled, schedule: {kind: at|every|cron…}, sessionTarget, wakeMode, payload: {kind: systemEvent|agentTurn|command|script…}, state, createdAtMs…})',
  })
  jobs: Record<string, unknown>[];
}

export class PutCronJobsDto {
  @ApiProperty({ type: 'array', items: FREE_OBJECT, description: 'the whole list; replaces the stored one' })
  @IsDefined({ message: 'jobs is required (an array)' })
  @IsArray()
  @ArrayMaxSize(1000)
  jobs: unknown[];
}

// ---- docs --------------------------------------------------------------------------------------

export class DocDto {
  @ApiProperty({ example: 'agents/main/notes.md' }) name: string;
  @ApiProperty({ description: 'relative to its folder; send it back to save', example: 'agents/main/notes.md' }) path: string;
  @ApiProperty({ description: 'empty for a missing file' }) content: string;
  @ApiProperty() size: number;
  @ApiPropertyOptional({ description: 'ISO time of the last change' }) modified?: string;
  @ApiProperty() exists: boolean;
  @ApiPropertyOptional({ description: 'the file is larger than 512 KiB (or than what is left of the 4 MiB a listing carries); content is left out' }) tooLarge?: boolean;
  @ApiPropertyOptional({ description: 'why the file cannot be read (e.g. a symbolic link leading outside)' }) error?: string;
}

export class DocsDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: [DocDto] }) docs: DocDto[];
}

export class IdentityDocsDto extends DocsDto {
  @ApiProperty({ description: 'the workspace folder the identity files live in' }) workDir: string;
}

export class SaveDocDto {
  @ApiProperty({ description: 'relative .md path (as listed)', example: 'SOUL.md' })
  @IsDefined({ message: 'path is required' })
  @IsString()
  path: string;

  @ApiProperty({ description: 'the whole new content (at most 512 KiB)' })
  @IsDefined({ message: 'content is required' })
  @IsString()
  content: string;
}

export class DocSavedDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty() path: string;
  @ApiProperty({ description: 'bytes written' }) size: number;
  @ApiProperty({ description: 'false when the file was created by this save' }) existed: boolean;
}

// ---- secrets -----------------------------------------------------------------------------------

export class AdminTokenDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ description: 'the ADMIN_TOKEN (the only read route that returns a secret)' }) token: string;
}

export class SudoPasswordStatusDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ description: 'a sudo password is stored (it is never returned)' }) configured: boolean;
}

export class SetSudoPasswordDto {
  @ApiProperty({ description: 'stored encrypted; an empty string forgets it', maxLength: 256 })
  @IsDefined({ message: 'password is required (an empty string forgets it)' })
  @IsString()
  @MaxLength(256)
  @Matches(/^[^\0\r\n]*$/, { message: 'password must not contain line breaks or NUL bytes' })
  password: string;
}
