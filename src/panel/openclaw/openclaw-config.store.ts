import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '../../core/config/app-config';
import { pathExists, readFileIfExists, writeFileAtomic } from '../files/atomic-file';
import { EnabledChannel, enabledChannels } from './channel-catalog';
import { BackupEntry, BackupFile, BackupFolder, parseBackupName } from './openclaw-backups';
import { OpenClawConfigValidator } from './openclaw-config.validator';
import { cloneJson, isRecord, JsonObject, OpenClawConfigSyntaxError, parseOpenClawJson, serializeOpenClawJson, usesInclude } from './openclaw-json';

/** Backups kept of each kind the panel makes (copies before writes, snapshots, pre-restore snapshots). */
export const BACKUP_RETENTION = 50;

export interface OpenClawSummary {
  configured: boolean;
  qqPluginEnabled: boolean;
  qqChannelEnabled: boolean;
  currentModel: string;
  enabledChannels: EnabledChannel[];
}

export interface OpenClawWriteResult {
  /** False when the file already held exactly these bytes (nothing written, no backup taken). */
  changed: boolean;
  /** The backup of the previous file taken before this write, when there was one. */
  backup?: string;
}

export interface OpenClawRestoreResult {
  restored: string;
  files: BackupFile[];
  /** Snapshot of what the restore replaced, when there was anything. */
  preRestoreBackup?: string;
}

/** The model OpenClaw uses by default: `agents.defaults.model` is `"provider/model"` or `{primary: ...}`. */
export function currentModelOf(config: JsonObject): string {
  const agents = isRecord(config.agents) ? config.agents : {};
  const defaults = isRecord(agents.defaults) ? agents.defaults : {};
  const model = defaults.model;
  if (typeof model === 'string') return model;
  return isRecord(model) && typeof model.primary === 'string' ? model.primary : '';
}

/**
 * The host's `openclaw.json` (and, for backups, `cron/jobs.json`): read JSON5-tolerantly, written atomically after
 * the previous bytes are copied to `<OPENCLAW_HOME>/backups`, and never with anything the pinned OpenClaw would
 * refuse. Writes, backups and restores run one at a time (in this process).
 */
@Injectable()
export class OpenClawConfigStore {
  private readonly logger = new Logger(OpenClawConfigStore.name);
  private readonly backups: BackupFolder;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: AppConfig,
    private readonly validator: OpenClawConfigValidator,
  ) {
    this.backups = new BackupFolder(join(config.panel.openclawHome, 'backups'), BACKUP_RETENTION);
  }

  get configPath(): string {
    return this.config.panel.openclawConfigPath;
  }

  get cronJobsPath(): string {
    return join(this.config.panel.openclawHome, 'cron', 'jobs.json');
  }

  get backupsDir(): string {
    return this.backups.dir;
  }

  async exists(): Promise<boolean> {
    return pathExists(this.configPath);
  }

  /** The parsed config; `{}` when the file does not exist; 409 when it cannot be parsed. */
  async read(): Promise<JsonObject> {
    const bytes = await readFileIfExists(this.configPath);
    return bytes ? this.parse(bytes) : {};
  }

  /** What `/api/status` shows; never throws for a missing or broken file. */
  async summary(): Promise<OpenClawSummary> {
    let config: JsonObject = {};
    let configured = false;
    try {
      const bytes = await readFileIfExists(this.configPath);
      configured = bytes !== undefined;
      if (bytes) config = parseOpenClawJson(bytes.toString('utf8'));
    } catch (error) {
      this.logger.warn({ err: error }, 'openclaw.json could not be read for the status summary');
    }
    const plugins = isRecord(config.plugins) && isRecord(config.plugins.entries) ? config.plugins.entries : {};
    const channels = isRecord(config.channels) ? config.channels : {};
    return {
      configured,
      qqPluginEnabled: isRecord(plugins.qq) && plugins.qq.enabled === true,
      qqChannelEnabled: isRecord(channels.qq) && channels.qq.enabled === true,
      currentModel: currentModelOf(config),
      enabledChannels: enabledChannels(config),
    };
  }

  /** Replaces the whole file with `config` (validated; the previous file backed up first). */
  async write(config: JsonObject, reason: string): Promise<OpenClawWriteResult> {
    return this.withWriteLock(async () => this.commit(config, await readFileIfExists(this.configPath), reason));
  }

  /** Read-modify-write under the write lock: `mutate` gets a private copy of the current config. */
  async update(mutate: (config: JsonObject) => JsonObject | void, reason: string): Promise<OpenClawWriteResult> {
    return this.withWriteLock(async () => {
      const bytes = await readFileIfExists(this.configPath);
      const current = bytes ? this.parse(bytes) : {};
      if (usesInclude(current)) {
        throw new ConflictException({
          detail: 'openclaw.json is split with $include: the panel does not rewrite split configs; edit those files directly',
        });
      }
      const draft = cloneJson(current);
      return this.commit(mutate(draft) ?? draft, bytes, reason);
    });
  }

  /** 400 naming the first key OpenClaw would refuse; nothing is written. */
  async assertValid(config: unknown): Promise<void> {
    const result = await this.validator.validate(config);
    if (!result.ok) {
      const { path, message } = result.issue;
      throw new UnprocessableEntityException({
        detail: `OpenClaw ${this.validator.openclawVersion} would refuse this config: ${path} ${message}`,
      });
    }
  }

  listBackups(): Promise<BackupEntry[]> {
    return this.backups.list();
  }

  /** A snapshot of `openclaw.json` and `cron/jobs.json` (those that exist) as one named backup. */
  async createBackup(): Promise<BackupEntry> {
    return this.withWriteLock(async () => {
      const files = await this.currentFiles();
      if (files.size === 0) throw new NotFoundException({ detail: 'Nothing to back up: neither openclaw.json nor cron/jobs.json exists' });
      const entry = await this.backups.saveSnapshot('backup', files);
      this.logger.log({ backup: entry.name }, 'OpenClaw backup created');
      return entry;
    });
  }

  /**
   * Puts back, byte for byte, the files a listed backup holds. What they replace is snapshotted first
   * (`pre-restore-*`); a backed-up openclaw.json that OpenClaw would refuse is not restored (400).
   */
  async restoreBackup(name: string): Promise<OpenClawRestoreResult> {
    if (typeof name !== 'string' || !parseBackupName(name)) {
      throw new BadRequestException({ detail: 'Invalid backup name: use a name from GET /api/system/backups' });
    }
    return this.withWriteLock(async () => {
      const backup = await this.backups.read(name);
      if (!backup) throw new NotFoundException({ detail: `Backup not found: ${name}` });
      const config = backup.files.get('openclaw.json');
      if (config) await this.assertValid(this.parse(config, `backup ${name}`, UnprocessableEntityException));
      const cron = backup.files.get('cron/jobs.json');
      if (cron) {
        try {
          JSON.parse(cron.toString('utf8'));
        } catch {
          throw new UnprocessableEntityException({ detail: `backup ${name}: cron/jobs.json is not valid JSON` });
        }
      }
      const current = await this.currentFiles();
      const replaced = new Map([...current].filter(([file]) => backup.files.has(file)));
      const preRestore = replaced.size > 0 ? await this.backups.saveSnapshot('pre-restore', replaced) : undefined;
      if (config) await writeFileAtomic(this.configPath, config, { mode: 0o600, mkdirParents: true, followSymlink: true });
      if (cron) await writeFileAtomic(this.cronJobsPath, cron, { mode: 0o600, mkdirParents: true, followSymlink: true });
      this.logger.log({ backup: name, preRestore: preRestore?.name }, 'OpenClaw backup restored');
      return { restored: name, files: [...backup.files.keys()], ...(preRestore ? { preRestoreBackup: preRestore.name } : {}) };
    });
  }

  private async commit(next: JsonObject, previous: Buffer | undefined, reason: string): Promise<OpenClawWriteResult> {
    await this.assertValid(next);
    const text = serializeOpenClawJson(next);
    if (previous?.equals(Buffer.from(text, 'utf8'))) return { changed: false };
    const backup = previous ? await this.backups.saveConfigCopy(previous) : undefined;
    await writeFileAtomic(this.configPath, text, { mode: 0o600, mkdirParents: true, followSymlink: true });
    this.logger.log({ reason, backup: backup?.name }, 'openclaw.json written');
    return { changed: true, ...(backup ? { backup: backup.name } : {}) };
  }

  private async currentFiles(): Promise<Map<BackupFile, Buffer>> {
    const files = new Map<BackupFile, Buffer>();
    const config = await readFileIfExists(this.configPath);
    if (config) files.set('openclaw.json', config);
    const cron = await readFileIfExists(this.cronJobsPath);
    if (cron) files.set('cron/jobs.json', cron);
    return files;
  }

  private parse(
    bytes: Buffer,
    label = 'openclaw.json',
    failure: new (body: object) => Error = ConflictException,
  ): JsonObject {
    try {
      return parseOpenClawJson(bytes.toString('utf8'), label);
    } catch (error) {
      if (error instanceof OpenClawConfigSyntaxError) throw new failure({ detail: error.message });
      throw error;
    }
  }

  /**
   * Runs `task` after every earlier write, backup and restore has finished (failed ones included), and before
   * any later one starts. Other writers of files a backup covers (cron/jobs.json) can use it to stay out of a
   * restore's way.
   */
  withWriteLock<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
