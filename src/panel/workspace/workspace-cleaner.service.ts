import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { lstat, realpath, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CleanAnswerDto, CleanDto } from './dto/workspace.dto';
import { listForSummary, WorkspaceActivity } from './workspace-activity';
import { humanSize } from './workspace-files';
import { WorkspaceNotesService } from './workspace-notes.service';
import { WorkspacePaths } from './workspace-paths';
import { excludeMatcher, WorkspaceSettingsStore } from './workspace-settings';
import { walkWorkspace } from './workspace-walk';
import { WorkspaceService } from './workspace.service';

const DAY_MS = 24 * 3600 * 1000;
/** The first scheduled clean runs this long after start, or after the settings change. */
export const FIRST_CLEAN_DELAY_MS = 3000;

/**
 * The age-based clean: removes files (never folders, never symbolic links) not modified for more than
 * `autoCleanDays`, except those matching `excludePatterns` (a matching folder is kept whole). The walk never
 * follows a link, so nothing outside the root is ever reached. Runs on demand and, when `autoCleanEnabled`,
 * on a schedule that follows the settings (on every instance; a file already gone is simply skipped).
 */
@Injectable()
export class WorkspaceCleaner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WorkspaceCleaner');
  private timer?: NodeJS.Timeout;
  private generation = 0;
  private stopped = false;
  private unsubscribe?: () => void;
  /** Cleans run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly workspace: WorkspaceService,
    private readonly settings: WorkspaceSettingsStore,
    private readonly notes: WorkspaceNotesService,
    private readonly activity: WorkspaceActivity,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.settings.onChange(() => this.schedule(FIRST_CLEAN_DELAY_MS));
    this.schedule(FIRST_CLEAN_DELAY_MS);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.generation += 1;
    clearTimeout(this.timer);
    this.unsubscribe?.();
    await this.queue.catch(() => undefined);
  }

  /** A clean asked for by the operator (logged even when it removed nothing). */
  async cleanNow(dto: CleanDto): Promise<CleanAnswerDto> {
    return this.run({ maxAgeDays: dto.maxAgeDays, dryRun: dto.dryRun ?? false, trigger: 'manual' });
  }

  private run(options: { maxAgeDays?: number; dryRun: boolean; trigger: 'manual' | 'schedule' }): Promise<CleanAnswerDto> {
    const next = this.queue.catch(() => undefined).then(() => this.clean(options));
    this.queue = next;
    return next;
  }

  private async clean(options: { maxAgeDays?: number; dryRun: boolean; trigger: 'manual' | 'schedule' }): Promise<CleanAnswerDto> {
    const settings = await this.settings.read();
    const maxAgeDays = options.maxAgeDays ?? settings.autoCleanDays;
    const cutoff = Date.now() - maxAgeDays * DAY_MS;
    const root = await this.workspace.paths.root();
    const deleted: string[] = [];
    const errors: string[] = [];
    let freedBytes = 0;
    for await (const entry of walkWorkspace(root, excludeMatcher(settings.excludePatterns), { includeUploads: true })) {
      if (entry.excluded || !entry.dirent.isFile()) continue;
      try {
        const stats = await lstat(entry.full);
        if (!stats.isFile() || stats.mtimeMs >= cutoff) continue;
        if (!options.dryRun) {
          // the folder was reached without links; make sure none was swapped in since
          const folder = await realpath(dirname(entry.full));
          if (!WorkspacePaths.inside(root, folder) || folder !== dirname(entry.full)) continue;
          await unlink(entry.full);
        }
        deleted.push(entry.rel);
        freedBytes += stats.size;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException)?.code;
        if (code !== 'ENOENT') errors.push(`${entry.rel}: ${code ?? 'error'}`);
      }
    }
    if (!options.dryRun && deleted.length > 0) await this.notes.removeUnder(deleted);
    if (!options.dryRun && (options.trigger === 'manual' || deleted.length > 0)) {
      const how = options.trigger === 'manual' ? 'Workspace clean' : 'Scheduled workspace clean';
      const what = deleted.length > 0 ? `removed ${listForSummary(deleted)} (${humanSize(freedBytes)})` : 'removed nothing';
      await this.activity.record('workspace.clean', `${how} (older than ${maxAgeDays} days) ${what}`, deleted);
    }
    return { ok: true, deleted, errors, freedBytes, freedHuman: humanSize(freedBytes), maxAgeDays, dryRun: options.dryRun };
  }

  /** (Re)arms the timer from the current settings; a newer call supersedes an older one still reading them. */
  private schedule(delayMs?: number): void {
    const generation = ++this.generation;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped) return;
    void this.settings.read().then(
      (settings) => {
        if (generation !== this.generation || this.stopped || !settings.autoCleanEnabled) return;
        this.timer = setTimeout(() => this.tick(generation), delayMs ?? settings.autoCleanIntervalMinutes * 60_000);
        this.timer.unref();
      },
      (error) => this.logger.warn({ err: error }, 'Could not read the workspace settings; auto-clean not scheduled'),
    );
  }

  private tick(generation: number): void {
    if (generation !== this.generation || this.stopped) return;
    this.run({ dryRun: false, trigger: 'schedule' })
      .catch((error) => this.logger.warn({ err: error }, 'Scheduled workspace clean failed'))
      .finally(() => {
        if (generation === this.generation) this.schedule();
      });
  }
}
