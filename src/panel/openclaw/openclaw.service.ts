import { Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import { normalizeError } from '../../core/http/filters/normalize-error';
import { PanelEventsService } from '../events/panel-events.service';
import { NapcatLoginService } from '../napcat/napcat-login.service';
import { HostSignalsService } from '../system/host-signals/host-signals.service';
import { channelLabel, PANEL_MANAGED_CHANNELS } from './channel-catalog';
import {
  BackupsAnswerDto,
  CreateBackupAnswerDto,
  OpenClawChannelsAnswerDto,
  OpenClawModelsAnswerDto,
  OpenClawWriteAnswerDto,
  PutOpenClawModelsDto,
  RestoreBackupAnswerDto,
  ToggleChannelAnswerDto,
} from './dto/openclaw.dto';
import { currentModelOf, OpenClawConfigStore, OpenClawWriteResult } from './openclaw-config.store';
import { CHANNEL_SECTION_KEYS, OpenClawConfigValidator } from './openclaw-config.validator';
import { isRecord, isSafeId, JsonObject, mergeObject } from './openclaw-json';

/** `parent[key]` as an object, created (or a non-object value replaced) when needed. */
function child(parent: JsonObject, key: string): JsonObject {
  const value = parent[key];
  if (isRecord(value)) return value;
  const created: JsonObject = {};
  parent[key] = created;
  return created;
}

const describe = (error: unknown) => normalizeError(error).detail;

/** `/api/openclaw/*` and the backup routes of `/api/system`: the panel's edits of the host's openclaw.json. */
@Injectable()
export class OpenClawService {
  private readonly logger = new Logger(OpenClawService.name);

  constructor(
    private readonly store: OpenClawConfigStore,
    private readonly validator: OpenClawConfigValidator,
    private readonly events: PanelEventsService,
    private readonly napcat: NapcatLoginService,
    private readonly signals: HostSignalsService,
  ) {}

  async config(): Promise<JsonObject> {
    this.validator.warmUp(); // a client that reads the config is likely to save it soon
    return this.store.read();
  }

  async replaceConfig(config: JsonObject): Promise<OpenClawWriteAnswerDto> {
    const result = await this.store.write(config, 'PUT /api/openclaw/config');
    await this.recordWrite(result, 'openclaw.config.update', 'openclaw.json saved from the panel');
    return { ok: true, ...result };
  }

  async models(): Promise<OpenClawModelsAnswerDto> {
    this.validator.warmUp();
    const config = await this.store.read();
    const models = isRecord(config.models) ? config.models : {};
    return { ok: true, providers: isRecord(models.providers) ? models.providers : {}, currentModel: currentModelOf(config) };
  }

  async updateModels(dto: PutOpenClawModelsDto): Promise<OpenClawWriteAnswerDto> {
    const result = await this.store.update((config) => {
      if (dto.providers !== undefined) child(config, 'models').providers = dto.providers;
      if (dto.currentModel !== undefined) setPrimaryModel(config, dto.currentModel);
    }, 'PUT /api/openclaw/models');
    const what = [dto.providers !== undefined ? 'providers' : '', dto.currentModel !== undefined ? `default model "${dto.currentModel}"` : '']
      .filter(Boolean)
      .join(' and ');
    await this.recordWrite(result, 'openclaw.models.update', `OpenClaw models updated${what ? `: ${what}` : ''}`);
    return { ok: true, ...result };
  }

  async channels(): Promise<OpenClawChannelsAnswerDto> {
    this.validator.warmUp();
    const config = await this.store.read();
    const plugins = isRecord(config.plugins) ? config.plugins : {};
    return {
      ok: true,
      channels: isRecord(config.channels) ? config.channels : {},
      plugins: isRecord(plugins.entries) ? plugins.entries : {},
    };
  }

  /**
   * Merges the body over `channels.<id>` (`null` removes a key). A channel OpenClaw does not bundle needs a plugin
   * behind it, or OpenClaw refuses the whole file: `plugins.entries.<id>` is added (enabled like the channel)
   * when nothing provides it yet.
   */
  async updateChannel(id: string, patch: JsonObject): Promise<OpenClawWriteAnswerDto> {
    this.assertChannelId(id);
    const result = await this.store.update((config) => {
      const channels = child(config, 'channels');
      const merged = mergeObject(channels[id], patch);
      channels[id] = merged;
      if (!this.validator.isBundledChannel(id) && !hasPluginEvidence(config, id)) {
        child(child(config, 'plugins'), 'entries')[id] = { enabled: merged.enabled === true };
      }
    }, `PUT /api/openclaw/channels/${id}`);
    await this.recordWrite(result, 'openclaw.channel.update', `Channel ${channelLabel(id)} configuration saved`);
    return { ok: true, ...result };
  }

  /** Merges the body over `plugins.entries.<id>` (`null` removes a key). */
  async updatePlugin(id: string, patch: JsonObject): Promise<OpenClawWriteAnswerDto> {
    if (!isSafeId(id)) throw new UnprocessableEntityException({ detail: `Invalid plugin id: ${id}` });
    const result = await this.store.update((config) => {
      const entries = child(child(config, 'plugins'), 'entries');
      entries[id] = mergeObject(entries[id], patch);
    }, `PUT /api/openclaw/plugins/${id}`);
    const state = typeof patch.enabled === 'boolean' ? (patch.enabled ? ' (enabled)' : ' (disabled)') : '';
    await this.recordWrite(result, 'openclaw.plugin.update', `Plugin ${id} updated${state}`);
    return { ok: true, ...result };
  }

  /**
   * Everything enabling or disabling a channel takes: `channels.<id>.enabled` and `plugins.entries.<id>.enabled`,
   * an activity log entry, QQ logged out through NapCat when QQ is disabled, and a gateway restart request for
   * the host watcher. Once the config is written the toggle has happened: a failed follow-up step is reported
   * in `warnings` (and the activity log), not as an error.
   */
  async toggleChannel(id: string, enabled: boolean): Promise<ToggleChannelAnswerDto> {
    this.assertChannelId(id);
    const label = channelLabel(id);
    const result = await this.store.update((config) => {
      const channels = child(config, 'channels');
      channels[id] = mergeObject(channels[id], { enabled });
      const entries = child(child(config, 'plugins'), 'entries');
      entries[id] = mergeObject(entries[id], { enabled });
    }, `toggle-channel ${id} ${enabled}`);
    const message = `${label} 通道已${enabled ? '启用' : '禁用'}`;
    await this.events.record({
      source: 'system',
      type: 'openclaw.channel.toggle',
      summary: message,
      detail: `channels.${id}.enabled and plugins.entries.${id}.enabled set to ${enabled}${result.backup ? `; previous file in backups/${result.backup}` : ''}`,
    });

    const warnings: string[] = [];
    const answer: ToggleChannelAnswerDto = { ok: true, message, ...result };
    if (id === 'qq' && !enabled) {
      try {
        await this.napcat.logout();
        answer.qqLoggedOut = true;
      } catch (error) {
        answer.qqLoggedOut = false;
        warnings.push(`QQ logout failed: ${describe(error)}`);
        await this.recordFailure('qq.logout.failed', 'QQ channel disabled, but logging QQ out failed', error);
      }
    }
    try {
      answer.restartRequestId = (await this.signals.requestGatewayRestart(`${label} ${enabled ? 'enabled' : 'disabled'}`)).requestId;
    } catch (error) {
      warnings.push(`Gateway restart request failed: ${describe(error)}`);
      await this.recordFailure('system.gateway-restart.failed', `${message}, but the gateway restart could not be requested`, error);
    }
    if (warnings.length > 0) answer.warnings = warnings;
    return answer;
  }

  async listBackups(): Promise<BackupsAnswerDto> {
    return { ok: true, backups: await this.store.listBackups() };
  }

  async createBackup(): Promise<CreateBackupAnswerDto> {
    const backup = await this.store.createBackup();
    await this.events.record({
      source: 'system',
      type: 'system.backup',
      summary: `Backup ${backup.name} created`,
      detail: backup.files.join(', '),
    });
    return { ok: true, backupId: backup.name, backup };
  }

  async restoreBackup(name: string): Promise<RestoreBackupAnswerDto> {
    const result = await this.store.restoreBackup(name);
    await this.events.record({
      source: 'system',
      type: 'system.restore',
      summary: `Backup ${name} restored`,
      detail: `${result.files.join(', ')}${result.preRestoreBackup ? `; what it replaced is in ${result.preRestoreBackup}` : ''}`,
    });
    return { ok: true, ...result };
  }

  private assertChannelId(id: string): void {
    if (!isSafeId(id) || CHANNEL_SECTION_KEYS.has(id)) throw new UnprocessableEntityException({ detail: `Invalid channel id: ${id}` });
    if (PANEL_MANAGED_CHANNELS.has(id)) {
      throw new UnprocessableEntityException({
        detail: `${id} is not an OpenClaw channel here: the panel bridges WeChat itself (GET/PUT /api/wechat/config), and openclaw.json must not name it`,
      });
    }
  }

  private async recordWrite(result: OpenClawWriteResult, type: string, summary: string): Promise<void> {
    if (!result.changed) return;
    await this.events.record({ source: 'system', type, summary, ...(result.backup ? { detail: `previous file in backups/${result.backup}` } : {}) });
  }

  private async recordFailure(type: string, summary: string, error: unknown): Promise<void> {
    this.logger.warn({ err: error }, summary);
    await this.events.record({ source: 'system', type, summary, detail: describe(error) }).catch(() => undefined);
  }
}

/** `agents.defaults.model` keeps its shape: a string stays a string, an object gets `primary`; "" removes it. */
function setPrimaryModel(config: JsonObject, model: string): void {
  const defaults = child(child(config, 'agents'), 'defaults');
  const current = defaults.model;
  if (model === '') {
    if (typeof current === 'string') delete defaults.model;
    else if (isRecord(current)) {
      delete current.primary;
      if (Object.keys(current).length === 0) delete defaults.model;
    }
    return;
  }
  if (typeof current === 'string') defaults.model = model;
  else defaults.model = { ...(isRecord(current) ? current : {}), primary: model };
}

/** What OpenClaw accepts as a plugin behind a channel id it does not bundle. */
function hasPluginEvidence(config: JsonObject, id: string): boolean {
  const plugins = isRecord(config.plugins) ? config.plugins : {};
  const target = id.trim().toLowerCase();
  const matches = (key: unknown) => typeof key === 'string' && key.trim().toLowerCase() === target;
  return (
    (isRecord(plugins.entries) && Object.keys(plugins.entries).some(matches)) ||
    (isRecord(plugins.installs) && Object.keys(plugins.installs).some(matches)) ||
    (Array.isArray(plugins.allow) && plugins.allow.some(matches))
  );
}
