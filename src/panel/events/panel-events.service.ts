import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { likePattern } from '../../core/database/query-helpers';
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
const MAX_DETAIL = 20000;

/** The panel's activity log, in PostgreSQL; every new entry is pushed on `/ws` as `log-entry`. */
@Injectable()
export class PanelEventsService {
  constructor(
    @InjectRepository(PanelEventEntity) private readonly events: Repository<PanelEventEntity>,
    private readonly realtime: PanelRealtime,
  ) {}

  async record(input: PanelEventInput): Promise<PanelLogEntryDto> {
    const saved = await this.events.save(
      this.events.create({
        source: input.source,
        type: input.type.slice(0, 64),
        summary: input.summary.slice(0, MAX_SUMMARY),
        detail: input.detail?.slice(0, MAX_DETAIL) ?? null,
      }),
    );
    const entry = PanelLogEntryDto.from(saved);
    this.realtime.broadcast('log-entry', entry);
    return entry;
  }

  /** Newest first. */
  async list(query: PanelEventsQueryDto): Promise<{ events: PanelLogEntryDto[]; total: number }> {
    const builder = this.events.createQueryBuilder('e');
    if (query.source) builder.andWhere('e.source = :source', { source: query.source });
    if (query.search?.trim()) {
      builder.andWhere('(e.summary ILIKE :search OR e.detail ILIKE :search)', { search: likePattern(query.search.trim()) });
    }
    const [rows, total] = await builder.orderBy('e.createdAt', 'DESC').addOrderBy('e.id', 'DESC').take(query.limit).skip(query.offset).getManyAndCount();
    return { events: rows.map(PanelLogEntryDto.from), total };
  }

  async clear(): Promise<number> {
    const result = await this.events.createQueryBuilder().delete().execute();
    return result.affected ?? 0;
  }
}
