import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDirectory, readFileIfExists, writeFileAtomic } from '../files/atomic-file';

/** The two files a backup can hold, by their path inside a snapshot folder (and inside OPENCLAW_HOME). */
export type BackupFile = 'openclaw.json' | 'cron/jobs.json';
export const BACKUP_FILES: readonly BackupFile[] = ['openclaw.json', 'cron/jobs.json'];

export type BackupKind = 'config' | 'cron' | 'full';

export interface BackupEntry {
  /** What `POST /api/system/restore {backupName}` takes. */
  name: string;
  /** `config`: a copy of openclaw.json; `cron`: of cron/jobs.json; `full`: a folder with both (whichever existed). */
  kind: BackupKind;
  /** ISO 8601, when the backup was taken. */
  time: string;
  /** Bytes, all files together. */
  size: number;
  files: BackupFile[];
}

/** `toISOString()` with `:` and `.` made file-name safe (the old panel's format too), plus a counter on a clash. */
const STAMP = String.raw`(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z(?:-(\d{1,4}))?`;
/**
 * Every name the folder can hold: single-file copies (`openclaw-*.json` before each write; `cron-jobs-*.json` and
 * `pre-restore-*.json` as the old panel left them) and snapshot folders (`backup-*` made on request,
 * `pre-restore-*` made before a restore). Nothing else is listed or restorable: no separators, no dots to climb.
 */
const NAME = new RegExp(`^(openclaw|cron-jobs|pre-restore|backup)-${STAMP}(\\.json)?$`);

export function parseBackupName(name: string): { prefix: string; time: string; folder: boolean; order: number } | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const [, prefix, day, hh, mm, ss, ms, counter, json] = match;
  const folder = json === undefined;
  // folders are `backup-*` / `pre-restore-*`; files are `openclaw-*` / `cron-jobs-*` / `pre-restore-*` with .json
  if (folder && prefix !== 'backup' && prefix !== 'pre-restore') return undefined;
  if (!folder && prefix === 'backup') return undefined;
  const time = `${day}T${hh}:${mm}:${ss}.${ms}Z`;
  if (Number.isNaN(Date.parse(time))) return undefined;
  return { prefix, time, folder, order: Number(counter ?? 0) };
}

function kindOf(prefix: string, folder: boolean): BackupKind {
  if (folder) return 'full';
  return prefix === 'cron-jobs' ? 'cron' : 'config';
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

export interface BackupContents {
  entry: BackupEntry;
  files: Map<BackupFile, Buffer>;
}

/**
 * `<OPENCLAW_HOME>/backups`: named backups, newest first, at most `retention` of each kind the panel makes.
 * Not synchronised on its own: the config store calls it under its write lock.
 */
export class BackupFolder {
  constructor(
    readonly dir: string,
    private readonly retention: number,
  ) {}

  async list(): Promise<BackupEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: Array<BackupEntry & { order: number }> = [];
    for (const name of names) {
      const parsed = parseBackupName(name);
      if (!parsed) continue;
      const entry = await this.describe(name, parsed);
      if (entry) entries.push({ ...entry, order: parsed.order });
    }
    entries.sort((a, b) => b.time.localeCompare(a.time) || b.order - a.order || b.name.localeCompare(a.name));
    return entries.map(({ order: _order, ...entry }) => entry);
  }

  /** The entry and the bytes of each file it holds; undefined when no such backup exists. */
  async read(name: string): Promise<BackupContents | undefined> {
    const parsed = parseBackupName(name);
    if (!parsed) return undefined;
    const entry = await this.describe(name, parsed);
    if (!entry) return undefined;
    const files = new Map<BackupFile, Buffer>();
    for (const file of entry.files) {
      const bytes = await readFileIfExists(entry.kind === 'full' ? join(this.dir, name, file) : join(this.dir, name));
      if (bytes) files.set(file, bytes);
    }
    return { entry, files };
  }

  /** A copy of one file's current bytes (`openclaw-<time>.json`), taken before the panel rewrites it. */
  async saveConfigCopy(bytes: Buffer, now = new Date()): Promise<BackupEntry> {
    await this.ensureDir();
    const name = await this.freeName('openclaw', now, '.json');
    await writeFileAtomic(join(this.dir, name), bytes, { mode: 0o600, mkdirParents: true, followSymlink: true });
    await this.prune('openclaw', false);
    return { name, kind: 'config', time: now.toISOString(), size: bytes.length, files: ['openclaw.json'] };
  }

  /** A folder holding the given files (`backup-<time>` or `pre-restore-<time>`), made complete before it is named. */
  async saveSnapshot(prefix: 'backup' | 'pre-restore', files: Map<BackupFile, Buffer>, now = new Date()): Promise<BackupEntry> {
    await this.ensureDir();
    const temp = join(this.dir, `.partial-${randomBytes(6).toString('hex')}`);
    await mkdir(temp, { mode: 0o700 });
    try {
      for (const [file, bytes] of files) await writeFileAtomic(join(temp, file), bytes, { mode: 0o600, mkdirParents: true, followSymlink: true });
      const name = await this.freeName(prefix, now, '');
      await rename(temp, join(this.dir, name));
      await fsyncDirectory(this.dir);
      await this.prune(prefix, true);
      let size = 0;
      for (const bytes of files.values()) size += bytes.length;
      return { name, kind: 'full', time: now.toISOString(), size, files: BACKUP_FILES.filter((file) => files.has(file)) };
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      throw error;
    }
  }

  private async ensureDir(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  private async freeName(prefix: string, now: Date, suffix: string): Promise<string> {
    const base = `${prefix}-${stamp(now)}`;
    for (let counter = 0; counter < 10_000; counter++) {
      const name = counter === 0 ? `${base}${suffix}` : `${base}-${counter}${suffix}`;
      try {
        await lstat(join(this.dir, name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return name;
        throw error;
      }
    }
    throw new Error(`no free backup name for ${base}`);
  }

  /** Keeps the newest `retention` backups of one prefix and shape; older ones are deleted. */
  private async prune(prefix: string, folder: boolean): Promise<void> {
    const same = (await this.list()).filter((entry) => entry.name.startsWith(`${prefix}-`) && entry.name.endsWith('.json') !== folder);
    for (const old of same.slice(this.retention)) await rm(join(this.dir, old.name), { recursive: true, force: true });
  }

  /** Only real files and folders count: a symlink planted in the folder is never followed. */
  private async describe(name: string, parsed: { prefix: string; time: string; folder: boolean }): Promise<BackupEntry | undefined> {
    const path = join(this.dir, name);
    let info;
    try {
      info = await lstat(path);
    } catch {
      return undefined;
    }
    const kind = kindOf(parsed.prefix, parsed.folder);
    if (!parsed.folder) {
      if (!info.isFile()) return undefined;
      return { name, kind, time: parsed.time, size: info.size, files: [kind === 'cron' ? 'cron/jobs.json' : 'openclaw.json'] };
    }
    if (!info.isDirectory()) return undefined;
    const files: BackupFile[] = [];
    let size = 0;
    for (const file of BACKUP_FILES) {
      try {
        if (file.includes('/') && !(await lstat(join(path, file.split('/')[0]))).isDirectory()) continue;
        const fileInfo = await lstat(join(path, file));
        if (!fileInfo.isFile()) continue;
        files.push(file);
        size += fileInfo.size;
      } catch {
        // this snapshot does not hold that file
      }
    }
    return files.length > 0 ? { name, kind, time: parsed.time, size, files } : undefined;
  }
}
