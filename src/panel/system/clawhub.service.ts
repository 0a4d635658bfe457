import { join } from 'node:path';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { PanelEventsService } from '../events/panel-events.service';
import { ClawHubSkillDto, ClawHubSyncDto, ClawHubUnavailableDto } from './dto/system.dto';
import { readJsonFile, writeFileAtomic } from '../files/atomic-file';
import { networkReason } from './system-info.service';

const PAGE_SIZE = 200;
const MAX_PAGES = 5;
const REQUEST_TIMEOUT_MS = 15_000;

interface ClawHubItem {
  slug?: unknown;
  displayName?: unknown;
  summary?: unknown;
  tags?: { latest?: unknown };
  stats?: { downloads?: unknown; stars?: unknown };
  updatedAt?: unknown;
  latestVersion?: { version?: unknown } | null;
}

interface CachedCatalogue {
  syncedAt: string;
  registry: string;
  skills: ClawHubSkillDto[];
}

/** Why a sync failed, with what can still be shown. */
export class ClawHubUnavailable extends Error {
  constructor(
    readonly status: HttpStatus.SERVICE_UNAVAILABLE | HttpStatus.BAD_GATEWAY,
    readonly body: ClawHubUnavailableDto,
  ) {
    super(body.error);
  }
}

/**
 * The ClawHub skill catalogue (its public read API, `GET /api/v1/skills?sort=downloads`), cached in
 * the data directory with the time of the sync, so that the store still lists skills offline.
 */
@Injectable()
export class ClawHubService {
  private readonly logger = new Logger(ClawHubService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly events: PanelEventsService,
  ) {}

  private get cachePath(): string {
    return join(this.config.dataDir, 'panel', 'clawhub-skills.json');
  }

  async sync(): Promise<ClawHubSyncDto> {
    const base = this.config.panel.clawhubUrl;
    let skills: ClawHubSkillDto[];
    try {
      skills = await this.fetchCatalogue(base);
    } catch (error) {
      const cached = await this.cached();
      const unavailable = error instanceof ClawHubFetchError ? error : new ClawHubFetchError(HttpStatus.SERVICE_UNAVAILABLE, `ClawHub is unreachable (${base}): ${networkReason(error)}`);
      await this.events.record({ source: 'system', type: 'system.clawhub.sync-failed', summary: unavailable.message, detail: cached ? `serving the cached list of ${cached.skills.length} skills from ${cached.syncedAt}` : 'no cached list' });
      throw new ClawHubUnavailable(unavailable.status, {
        ok: false,
        error: unavailable.message,
        skills: cached?.skills ?? [],
        source: cached ? 'cache' : 'none',
        ...(cached ? { syncedAt: cached.syncedAt } : {}),
      });
    }
    const catalogue: CachedCatalogue = { syncedAt: new Date().toISOString(), registry: base, skills };
    await writeFileAtomic(this.cachePath, `${JSON.stringify(catalogue)}\n`, { mkdirParents: true }).catch((error: Error) =>
      this.logger.warn(`could not cache the ClawHub catalogue: ${error.message}`),
    );
    await this.events.record({ source: 'system', type: 'system.clawhub.sync', summary: `ClawHub catalogue synced: ${skills.length} skills` });
    return { ok: true, skills, source: 'remote', syncedAt: catalogue.syncedAt };
  }

  private async fetchCatalogue(base: string): Promise<ClawHubSkillDto[]> {
    const skills: ClawHubSkillDto[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    const deadline = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = new URL(`${base}/api/v1/skills`);
      url.searchParams.set('sort', 'downloads');
      url.searchParams.set('limit', String(PAGE_SIZE));
      if (cursor) url.searchParams.set('cursor', cursor);
      const response = await fetch(url, { headers: { accept: 'application/json' }, signal: deadline });
      if (!response.ok) {
        const hint = response.status === 429 ? ` (rate limited; retry after ${response.headers.get('retry-after') ?? 'a while'} s)` : '';
        throw new ClawHubFetchError(HttpStatus.BAD_GATEWAY, `ClawHub (${base}) answered HTTP ${response.status}${hint}`);
      }
      const body = (await response.json().catch(() => undefined)) as { items?: unknown; nextCursor?: unknown } | undefined;
      if (!body || !Array.isArray(body.items)) throw new ClawHubFetchError(HttpStatus.BAD_GATEWAY, `ClawHub (${base}) answered without a skill list`);
      for (const item of body.items as ClawHubItem[]) {
        const skill = toSkill(item, base);
        if (skill && !seen.has(skill.id)) {
          seen.add(skill.id);
          skills.push(skill);
        }
      }
      cursor = typeof body.nextCursor === 'string' && body.nextCursor ? body.nextCursor : undefined;
      if (!cursor) break;
    }
    return skills;
  }

  private async cached(): Promise<CachedCatalogue | undefined> {
    try {
      const stored = await readJsonFile<CachedCatalogue>(this.cachePath);
      return stored && Array.isArray(stored.skills) && typeof stored.syncedAt === 'string' ? stored : undefined;
    } catch {
      return undefined;
    }
  }
}

class ClawHubFetchError extends Error {
  constructor(
    readonly status: HttpStatus.SERVICE_UNAVAILABLE | HttpStatus.BAD_GATEWAY,
    message: string,
  ) {
    super(message);
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function toSkill(item: ClawHubItem, base: string): ClawHubSkillDto | undefined {
  const slug = text(item?.slug);
  if (!slug) return undefined;
  const downloads = count(item.stats?.downloads);
  const stars = count(item.stats?.stars);
  const updatedAt = count(item.updatedAt);
  return {
    id: slug,
    name: text(item.displayName) || slug,
    description: text(item.summary),
    version: text(item.latestVersion?.version) || text(item.tags?.latest),
    ...(downloads !== undefined ? { downloads } : {}),
    ...(stars !== undefined ? { stars } : {}),
    ...(updatedAt !== undefined ? { updatedAt } : {}),
    url: `${base}/skills/${encodeURIComponent(slug)}`,
  };
}
