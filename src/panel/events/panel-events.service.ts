import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { likePattern } from '../../core/database/query-helpers';
import { PanelSettingsService } from '../admin-config/panel-settings.service';
import { PanelRealtime } from '../realtime/panel-realtime';
import { PanelEventRow, PanelEventsQueryDto, PanelLogEntryDto } from './dto/panel-event.dto';
import { EVENT_LOG_SECTION, readEventLogSettings } from './event-log-settings';
import { PanelEventEntity, PanelEventSource } from './entities/panel-event.entity';
import { INSERT_SQL, PAGE_SQL, searchSql, SOURCE_PAGE_SQL, TOTAL_SQL, TRIM_AGED_SQL, TRIM_OLDEST_SQL } from './panel-events.sql';

export interface PanelEventInput {
  source: PanelEventSource;
  type: string;
  summary: string;
  detail?: string;
}

const MAX_SUMMARY = 2000;
const MAX_DETAIL = 20000;
const MAX_BATCH = 500;
/** Rows removed per retention statement: short locks, and writes go on between chunks. */
const TRIM_CHUNK = 5000;
/** A trim runs this long after the writes that may have filled the log (one run covers a whole burst). */
const TRIM_DELAY_MS = 250;
/** The age limit also needs a clock, not only writes. */
const TRIM_INTERVAL_MS = 60_000;

interface Waiting {
  input: PanelEventInput;
  resolve: (entry: PanelLogEntryDto) => void;
  reject: (error: unknown) => void;
}

type EventRow = PanelEventRow & { seq: string };

/** The panel's activity log, in PostgreSQL; every new entry is pushed on `/ws` as `log-entry`. */
@Injectable()
export class PanelEventsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('PanelEvents');
  private readonly queue: Waiting[] = [];
  private writing = false;
  private trimTimer?: NodeJS.Timeout;
  private interval?: NodeJS.Timeout;
  private trimming: Promise<void> = Promise.resolve();
  private stopped = false;
  private unsubscribe?: () => void;

  constructor(
    @InjectRepository(PanelEventEntity) private readonly events: Repository<PanelEventEntity>,
    private readonly realtime: PanelRealtime,
    private readonly settings: PanelSettingsService,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.settings.onChange(EVENT_LOG_SECTION, () => this.scheduleTrim());
    this.interval = setInterval(() => this.scheduleTrim(), TRIM_INTERVAL_MS);
    this.interval.unref();
    this.scheduleTrim();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.trimTimer);
    clearInterval(this.interval);
    this.unsubscribe?.();
    await this.trimming;
  }

  /**
   * Stores the entry and pushes it. Entries that arrive while a write is under way are written together in the
   * next one (one INSERT for many), so a burst of pushes costs a few statements; each caller is answered once its
   * own entry is stored.
   */
  record(input: PanelEventInput): Promise<PanelLogEntryDto> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.writing) void this.writeQueued();
    });
  }

  private async writeQueued(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const rows = batch.map(({ input }) => ({
            source: input.source,
            type: input.type.slice(0, 64),
            summary: input.summary.slice(0, MAX_SUMMARY),
            detail: input.detail?.slice(0, MAX_DETAIL) ?? null,
          }));
          const stored: Array<Pick<EventRow, 'id' | 'seq' | 'created_at'>> = await this.events.query(INSERT_SQL, [
            rows.map((row) => row.source),
            rows.map((row) => row.type),
            rows.map((row) => row.summary),
            rows.map((row) => row.detail),
          ]);
          // rows are inserted in the order of the arrays, so in seq order; RETURNING's own order is not promised
          stored.sort((a, b) => compareSeq(a.seq, b.seq));
          batch.forEach((waiting, index) => {
            const entry = PanelLogEntryDto.from({ ...rows[index], ...stored[index] });
            this.realtime.broadcast('log-entry', entry);
            waiting.resolve(entry);
          });
          this.scheduleTrim();
        } catch (error) {
          batch.forEach((waiting) => waiting.reject(error));
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** Newest first. */
  async list(query: PanelEventsQueryDto): Promise<{ events: PanelLogEntryDto[]; total: number }> {
    const search = query.search?.trim();
    const { offset, limit, source } = query;
    const rows: Array<EventRow & { total: string }> = search
      ? await this.events.query(searchSql(source !== undefined), [likePattern(search), ...(source ? [source] : []), offset, limit])
      : await this.events.query(source ? SOURCE_PAGE_SQL : PAGE_SQL, [offset, limit, ...(source ? [source] : [])]);
    // every statement answers at least one row, carrying the total (and no entry past the end)
    return { events: rows.filter((row) => row.id !== null).map(PanelLogEntryDto.from), total: Number(rows[0]?.total ?? 0) };
  }

  /** Removes every entry (TRUNCATE: one short exclusive lock instead of a million row deletions); answers how many. */
  async clear(): Promise<number> {
    return this.events.manager.transaction(async (manager) => {
      await manager.query('LOCK TABLE panel_events IN ACCESS EXCLUSIVE MODE');
      const [{ total }] = await manager.query(TOTAL_SQL);
      await manager.query('TRUNCATE panel_events');
      return Number(total);
    });
  }

  private scheduleTrim(): void {
    if (this.stopped || this.trimTimer) return;
    this.trimTimer = setTimeout(() => {
      this.trimTimer = undefined;
      this.trimming = this.trimming.then(() => this.trim()).catch((error: unknown) => this.logger.warn(`Retention trim failed: ${String(error)}`));
    }, TRIM_DELAY_MS);
    this.trimTimer.unref();
  }

  /**
   * Retention: removes the oldest entries beyond `maxEntries`, then those older than `maxAgeDays`, each in
   * statements of at most TRIM_CHUNK rows, oldest first by seq. Each statement is its own short transaction, so
   * writes go on in between.
   */
  private async trim(): Promise<void> {
    const settings = readEventLogSettings(await this.settings.get<Record<string, unknown>>(EVENT_LOG_SECTION, {}));
    const chunks = async (sql: string, limit: number) => {
      while (!this.stopped) {
        const [, removed]: [unknown, number] = await this.events.query(sql, [TRIM_CHUNK, limit]);
        if (removed < TRIM_CHUNK) return;
      }
    };
    await chunks(TRIM_OLDEST_SQL, settings.maxEntries);
    if (settings.maxAgeDays > 0) await chunks(TRIM_AGED_SQL, settings.maxAgeDays);
  }
}

function compareSeq(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
