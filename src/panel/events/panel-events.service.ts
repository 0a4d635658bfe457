import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { fetchPage, likePattern } from '../../core/database/query-helpers';
import { PanelRealtime } from '../realtime/panel-realtime';
import { PanelEventsQueryDto, PanelLogEntryDto } from './dto/panel-event.dto';
import { PanelEventEntity, PanelEventSource } from './entities/panel-event.entity';

export interface PanelEventInput {
  source: PanelEventSource;
  type: string;
  summary: string;
  detail?: string;
}

const MAX_SUMMARY = 2000;
const NEWEST_FIRST = { created_at: 'createdAt' };
const MAX_BATCH = 500;

interface Waiting {
  input: PanelEventInput;
  resolve: (entry: PanelLogEntryDto) => void;
  reject: (error: unknown) => void;
}
const MAX_DETAIL = 20000;

/** The panel's activity log, in PostgreSQL; every new entry is pushed on `/ws` as `log-entry`. */
@Injectable()
export class PanelEventsService {
  private readonly queue: Waiting[] = [];
  private writing = false;

  constructor(
    @InjectRepository(PanelEventEntity) private readonly events: Repository<PanelEventEntity>,
    private readonly realtime: PanelRealtime,
  ) {}

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
          // clock_timestamp(), not now(): rows of one statement keep the order they arrived in
          const values = rows.map((row) => ({ ...row, createdAt: () => 'clock_timestamp()' }));
          const result = await this.events.createQueryBuilder().insert().values(values).returning(['id', 'createdAt']).execute();
          batch.forEach((waiting, index) => {
            const stored = result.generatedMaps[index] as Pick<PanelEventEntity, 'id' | 'createdAt'>;
            const entry = PanelLogEntryDto.from(Object.assign(new PanelEventEntity(), rows[index], stored));
            this.realtime.broadcast('log-entry', entry);
            waiting.resolve(entry);
          });
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
    const builder = this.events.createQueryBuilder('e');
    if (query.source) builder.andWhere('e.source = :source', { source: query.source });
    const search = query.search?.trim();
    if (search) {
      // a keyword scans the table: one pass that also counts (a window) beats a page query plus a count
      builder.andWhere('(e.summary ILIKE :search OR e.detail ILIKE :search)', { search: likePattern(search) });
      const page = await fetchPage(builder, { limit: query.limit, offset: query.offset, order: 'desc' }, NEWEST_FIRST, 'created_at');
      return { events: page.items.map(PanelLogEntryDto.from), total: page.total };
    }
    // without one, the page is an index walk and the count a separate cheap query
    const [rows, total] = await builder.orderBy('e.createdAt', 'DESC').addOrderBy('e.id', 'DESC').take(query.limit).skip(query.offset).getManyAndCount();
    return { events: rows.map(PanelLogEntryDto.from), total };
  }

  async clear(): Promise<number> {
    const result = await this.events.createQueryBuilder().delete().execute();
    return result.affected ?? 0;
  }
}
