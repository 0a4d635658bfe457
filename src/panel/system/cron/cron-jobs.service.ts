import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { ConflictException, Injectable } from '@nestjs/common';
import { AppConfig } from '../../../core/config/app-config';
import { FieldValidationException } from '../../../core/http/api-errors';
import { PanelEventsService } from '../../events/panel-events.service';
import { CronJobsDto } from '../dto/system.dto';
import { readJsonFile, writeFileAtomic } from '../../files/atomic-file';
import { cronJobProblems, normalizeCronJob } from './cron-validation';

type Json = Record<string, unknown>;

interface CronStore {
  /** Top-level fields other than jobs, kept on write. */
  rest: Json;
  jobs: Json[];
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** OpenClaw's cron job store, `<openclawHome>/cron/jobs.json` (`{version: 1, jobs: [...]}`). */
@Injectable()
export class CronJobsService {
  readonly path: string;

  constructor(
    config: AppConfig,
    private readonly events: PanelEventsService,
  ) {
    this.path = join(config.panel.openclawHome, 'cron', 'jobs.json');
  }

  async list(): Promise<CronJobsDto> {
    const store = await this.read();
    return { ok: true, jobs: store.jobs.map(forClient) };
  }

  /** Replaces the whole list after checking every job; other top-level fields of the file are kept. */
  async replace(jobs: unknown[]): Promise<CronJobsDto> {
    const problems = cronJobProblems(jobs);
    if (problems.length > 0) throw new FieldValidationException(problems, problems.length === 1 ? problems[0].message : `${problems[0].message} (and ${problems.length - 1} more)`);
    const before = await this.read().catch(() => ({ rest: {}, jobs: [] }) as CronStore);
    const now = Date.now();
    const next = (jobs as Json[]).map((job) => normalizeCronJob(job, now));
    await writeFileAtomic(this.path, `${JSON.stringify({ ...before.rest, version: 1, jobs: next }, null, 2)}\n`, { mkdirParents: true, mode: 0o600 });
    await this.events.record({ source: 'system', type: 'system.cron.update', ...describeChange(before.jobs, next) });
    return { ok: true, jobs: next.map(forClient) };
  }

  private async read(): Promise<CronStore> {
    let data: unknown;
    try {
      data = await readJsonFile(this.path);
    } catch (error) {
      throw new ConflictException({ detail: `cron/jobs.json cannot be read (${(error as Error).message}); saving the job list replaces it` });
    }
    if (data === undefined) return { rest: {}, jobs: [] };
    if (Array.isArray(data)) return { rest: {}, jobs: data.filter(isObject) };
    if (!isObject(data)) throw new ConflictException({ detail: 'cron/jobs.json does not hold a job list; saving the job list replaces it' });
    const { jobs, ...rest } = data;
    return { rest, jobs: Array.isArray(jobs) ? jobs.filter(isObject) : [] };
  }
}

/** The web client reads job.state.*, job.payload.* and job.schedule.* without checking: make sure they exist. */
function forClient(job: Json): Json {
  return {
    ...job,
    schedule: isObject(job.schedule) ? job.schedule : typeof job.schedule === 'string' ? { kind: 'cron', expr: job.schedule } : {},
    payload: isObject(job.payload) ? job.payload : {},
    state: isObject(job.state) ? job.state : {},
  };
}

function describeChange(before: Json[], after: Json[]): { summary: string; detail?: string } {
  const key = (job: Json) => String(job.id ?? '');
  const old = new Map(before.map((job) => [key(job), job]));
  const added = after.filter((job) => !old.has(key(job)));
  const kept = new Set(after.map(key));
  const removed = before.filter((job) => !kept.has(key(job)));
  const changed = after.filter((job) => old.has(key(job)) && !isDeepStrictEqual(old.get(key(job)), job));
  const name = (job: Json) => `${String(job.name ?? job.id)} (${key(job)})`;
  const lines = [
    ...added.map((job) => `added ${name(job)}`),
    ...removed.map((job) => `removed ${name(job)}`),
    ...changed.map((job) => `changed ${name(job)}${old.get(key(job))?.enabled !== job.enabled ? (job.enabled ? ': enabled' : ': paused') : ''}`),
  ];
  return {
    summary: `Cron jobs saved: ${after.length} job${after.length === 1 ? '' : 's'} (${added.length} added, ${removed.length} removed, ${changed.length} changed)`,
    ...(lines.length ? { detail: lines.join('\n') } : {}),
  };
}
