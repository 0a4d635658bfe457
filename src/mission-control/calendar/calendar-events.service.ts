import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { Actor, actorOf, AdminPrincipal } from '../../core/auth/principal';
import { applyPatch } from '../../core/database/query-helpers';
import { FieldError, FieldValidationException, fieldError } from '../../core/http/api-errors';
import { Page } from '../../core/http/pagination';
import { Outbox } from '../../core/jobs/outbox';
import { ActivityService, changedFields } from '../activity/activity.service';
import { AgentEntity } from '../agents/entities/agent.entity';
import { BoardsService } from '../boards/boards.service';
import { MissionControlEvents } from '../domain-events';
import { OrganizationsService } from '../organizations/organizations.service';
import { instantOf, spanOf, windowOf } from './calendar-input';
import {
  CalendarEventDto,
  CalendarEventListQueryDto,
  CalendarOccurrenceDto,
  CreateCalendarEventDto,
  OccurrenceOverrideDto,
  UpdateCalendarEventDto,
} from './dto/calendar-event.dto';
import { CalendarEventAgentEntity, CalendarEventEntity } from './entities/calendar-event.entity';
import { normalizeRule, Occurrence, occurrencesIn, occurrenceStarts, ruleProblem } from './recurrence';
import { Interval } from './time-windows';

export const DEFAULT_WINDOW_DAYS = 31;
export const MAX_WINDOW_DAYS = 366;
// a single event (or one occurrence) longer than this is a data entry mistake, and would make windows unbounded
const MAX_EVENT_DAYS = 366;

/** An event with its agents and the occurrences that touch a window. */
export interface ExpandedEvent {
  event: CalendarEventEntity;
  agentIds: string[];
  occurrences: Occurrence[];
}

/** Which events to expand. */
export interface EventFilter {
  organizationId?: string;
  boardId?: string;
  eventType?: string;
  agentIds?: string[];
}

/** The stored shape of an event as the checks see it, after a create or a patch. */
type EventDraft = Pick<CalendarEventEntity, 'startsAt' | 'endsAt' | 'timezone' | 'recurrenceRule' | 'exdates' | 'overrides'>;

@Injectable()
export class CalendarEventsService {
  constructor(
    @InjectRepository(CalendarEventEntity) private readonly events: Repository<CalendarEventEntity>,
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly boards: BoardsService,
    private readonly activity: ActivityService,
    private readonly outbox: Outbox<MissionControlEvents>,
  ) {}

  /** The occurrences in a window, one page of them, in start order. */
  async list(principal: AdminPrincipal, query: CalendarEventListQueryDto): Promise<Page<CalendarOccurrenceDto>> {
    const window = windowOf(query, DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS);
    const expanded = await this.expand(window, {
      organizationId: scopedOrganizationFilter(principal, query.organization_id),
      boardId: query.board_id,
      eventType: query.event_type,
      agentIds: query.agent_id ? [query.agent_id] : undefined,
    });
    const occurrences = expanded.flatMap(({ event, agentIds, occurrences }) => occurrences.map((occurrence) => occurrenceDto(event, agentIds, occurrence)));
    const direction = query.order === 'desc' ? -1 : 1;
    occurrences.sort((a, b) => direction * (a.starts_at.localeCompare(b.starts_at) || a.event_id.localeCompare(b.event_id)));
    return Page.of(occurrences.slice(query.offset, query.offset + query.limit), occurrences.length, query);
  }

  /** Every event matching `filter` with an occurrence in `window`, expanded. */
  async expand(window: Interval, filter: EventFilter): Promise<ExpandedEvent[]> {
    const builder = this.filtered(filter);
    this.touching(builder, window);
    const events = await builder.getMany();
    const agents = await this.agentsOf(this.dataSource.manager, events.map((event) => event.id));
    return events
      .map((event) => ({ event, agentIds: agents.get(event.id) ?? [], occurrences: occurrencesIn(event, window) }))
      .filter((expanded) => expanded.occurrences.length > 0);
  }

  /** Events still worth publishing (a subscription feed): series, and single events that ended after `since`; oldest first. */
  activeSince(filter: EventFilter, since: Date, limit: number): Promise<CalendarEventEntity[]> {
    return this.filtered(filter)
      .andWhere('(e.recurrenceRule IS NOT NULL OR e.endsAt > :since)', { since })
      .orderBy('e.startsAt', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .take(limit)
      .getMany();
  }

  async create(principal: AdminPrincipal, dto: CreateCalendarEventDto): Promise<CalendarEventDto> {
    assertOrganizationAccess(principal, dto.organization_id);
    await this.organizations.assertExists(dto.organization_id);
    if (dto.board_id) await this.boards.assertInOrganization(dto.board_id, dto.organization_id);
    const agentIds = dto.agent_ids ?? [];
    await this.assertAgents(agentIds, dto.organization_id);
    const draft = this.draftOf({
      startsAt: new Date(instantOf(dto.starts_at, 'starts_at')),
      endsAt: new Date(instantOf(dto.ends_at, 'ends_at')),
      timezone: dto.timezone ?? 'UTC',
      recurrenceRule: dto.recurrence_rule == null ? null : normalizeRule(dto.recurrence_rule),
      exdates: dto.exdates ?? [],
      overrides: dto.overrides ?? [],
    });
    const actor = actorOf(principal);
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(CalendarEventEntity, {
          ...draft,
          organizationId: dto.organization_id,
          boardId: dto.board_id ?? null,
          title: dto.title.trim(),
          description: dto.description ?? null,
          eventType: dto.event_type,
          allDay: dto.all_day ?? false,
          metadata: dto.metadata ?? {},
        }),
      );
      await this.replaceAgents(manager, saved.id, agentIds);
      const event = CalendarEventDto.from(saved, agentIds);
      await this.audit(manager, saved, actor, 'calendar.event_created', `Calendar event "${saved.title}" (${saved.eventType}) created`, { starts_at: event.starts_at, recurrence_rule: saved.recurrenceRule });
      await this.outbox.record(manager, 'calendar.event_created', { event, actor }, saved.organizationId);
      return event;
    });
  }

  async get(principal: AdminPrincipal, id: string): Promise<CalendarEventDto> {
    const event = await this.load(principal, id);
    return CalendarEventDto.from(event, (await this.agentsOf(this.dataSource.manager, [id])).get(id) ?? []);
  }

  async update(principal: AdminPrincipal, id: string, dto: UpdateCalendarEventDto): Promise<CalendarEventDto> {
    const existing = await this.load(principal, id);
    if (dto.board_id) await this.boards.assertInOrganization(dto.board_id, existing.organizationId);
    if (dto.agent_ids) await this.assertAgents(dto.agent_ids, existing.organizationId);
    const draft = this.draftOf({
      startsAt: dto.starts_at ? new Date(instantOf(dto.starts_at, 'starts_at')) : existing.startsAt,
      endsAt: dto.ends_at ? new Date(instantOf(dto.ends_at, 'ends_at')) : existing.endsAt,
      timezone: dto.timezone ?? existing.timezone,
      recurrenceRule: dto.recurrence_rule === undefined ? existing.recurrenceRule : dto.recurrence_rule === null ? null : normalizeRule(dto.recurrence_rule),
      // a series turned back into a single event keeps no exceptions
      exdates: dto.exdates ?? (dto.recurrence_rule === null ? [] : existing.exdates),
      overrides: dto.overrides ?? (dto.recurrence_rule === null ? [] : existing.overrides),
    });
    const patch: Partial<CalendarEventEntity> = {
      ...draft,
      title: dto.title?.trim(),
      description: dto.description,
      eventType: dto.event_type,
      allDay: dto.all_day,
      boardId: dto.board_id,
      metadata: dto.metadata,
    };
    const actor = actorOf(principal);
    return this.dataSource.transaction(async (manager) => {
      const before = (await this.agentsOf(manager, [id])).get(id) ?? [];
      const changes = changedFields(existing, patch);
      if (dto.agent_ids && JSON.stringify([...before].sort()) !== JSON.stringify([...dto.agent_ids].sort())) {
        changes.agent_ids = { from: before, to: dto.agent_ids };
        await this.replaceAgents(manager, id, dto.agent_ids);
      }
      const saved = await manager.save(applyPatch(existing, patch));
      const event = CalendarEventDto.from(saved, dto.agent_ids ?? before);
      if (Object.keys(changes).length > 0) {
        await this.audit(manager, saved, actor, 'calendar.event_updated', `Calendar event "${saved.title}" updated`, changes);
        await this.outbox.record(manager, 'calendar.event_updated', { event, changes, actor }, saved.organizationId);
      }
      return event;
    });
  }

  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    const existing = await this.load(principal, id);
    const actor = actorOf(principal);
    await this.dataSource.transaction(async (manager) => {
      const event = CalendarEventDto.from(existing, (await this.agentsOf(manager, [id])).get(id) ?? []);
      await manager.delete(CalendarEventEntity, { id });
      await this.audit(manager, existing, actor, 'calendar.event_deleted', `Calendar event "${existing.title}" deleted`);
      await this.outbox.record(manager, 'calendar.event_deleted', { event, actor }, existing.organizationId);
    });
  }

  private filtered(filter: EventFilter): SelectQueryBuilder<CalendarEventEntity> {
    const builder = this.events.createQueryBuilder('e');
    if (filter.organizationId) builder.andWhere('e.organizationId = :organizationId', { organizationId: filter.organizationId });
    if (filter.boardId) builder.andWhere('e.boardId = :boardId', { boardId: filter.boardId });
    if (filter.eventType) builder.andWhere('e.eventType = :eventType', { eventType: filter.eventType });
    if (filter.agentIds) {
      builder.andWhere('e.id IN (SELECT a.event_id FROM calendar_event_agents a WHERE a.agent_id IN (:...agentIds))', { agentIds: filter.agentIds });
    }
    return builder;
  }

  /** Events that may have an occurrence in the window: singles that overlap it, series that began before its end. */
  private touching(builder: SelectQueryBuilder<CalendarEventEntity>, window: Interval): void {
    const bounds = { windowStart: new Date(window.start), windowEnd: new Date(window.end) };
    builder.andWhere(
      new Brackets((where) =>
        where
          .where('e.recurrenceRule IS NULL AND e.startsAt < :windowEnd AND e.endsAt > :windowStart', bounds)
          .orWhere("e.recurrenceRule IS NOT NULL AND (e.startsAt < :windowEnd OR jsonb_array_length(e.overrides) > 0)", bounds),
      ),
    );
  }

  /** Checks times, the rule and its exceptions together (422 naming the field); answers them with exceptions in canonical form. */
  private draftOf(draft: EventDraft): EventDraft {
    const span = spanOf(draft.startsAt.toISOString(), draft.endsAt.toISOString(), ['starts_at', 'ends_at'], MAX_EVENT_DAYS);
    if (draft.recurrenceRule !== null) {
      const problem = ruleProblem(draft.recurrenceRule, draft.startsAt, draft.timezone);
      if (problem) throw fieldError('recurrence_rule', `recurrence_rule is not a valid RFC 5545 RRULE: ${problem}`);
    } else if (draft.exdates.length > 0 || draft.overrides.length > 0) {
      throw fieldError(draft.exdates.length > 0 ? 'exdates' : 'overrides', 'exdates and overrides need a recurrence_rule');
    }
    const problems: FieldError[] = [];
    // every exception must name an occurrence: expand the series once over the span they name
    const named = [...draft.exdates, ...draft.overrides.map((override) => override.occurrence_start)].map((value) => Date.parse(value)).filter((at) => !Number.isNaN(at));
    const starts = named.length > 0 ? occurrenceStarts(draft, Math.min(...named), Math.max(...named)) : new Set<number>();
    const keyOf = (value: string, field: string): string => {
      const at = Date.parse(value);
      if (starts.has(at)) return new Date(at).toISOString();
      problems.push({ field, message: `${field} is not the start of an occurrence of this event (${value})` });
      return value;
    };
    const exdates = draft.exdates.map((value, index) => keyOf(value, `exdates[${index}]`));
    const overrides = draft.overrides.map((override: OccurrenceOverrideDto, index) => {
      const field = `overrides[${index}]`;
      const key = keyOf(override.occurrence_start, `${field}.occurrence_start`);
      try {
        const moved = spanOf(override.starts_at, override.ends_at, [`${field}.starts_at`, `${field}.ends_at`], MAX_EVENT_DAYS);
        return { occurrence_start: key, starts_at: new Date(moved.start).toISOString(), ends_at: new Date(moved.end).toISOString() };
      } catch (error) {
        if (!(error instanceof FieldValidationException)) throw error;
        problems.push(...error.fieldErrors);
        return override;
      }
    });
    if (new Set(overrides.map((override) => override.occurrence_start)).size !== overrides.length) {
      problems.push({ field: 'overrides', message: 'overrides must name each occurrence at most once' });
    }
    if (problems.length > 0) throw new FieldValidationException(problems, problems[0].message);
    return { ...draft, startsAt: new Date(span.start), endsAt: new Date(span.end), exdates: [...new Set(exdates)], overrides };
  }

  private async assertAgents(agentIds: string[], organizationId: string): Promise<void> {
    if (agentIds.length === 0) return;
    const found = await this.dataSource.manager.countBy(AgentEntity, { id: In(agentIds), organizationId });
    if (found !== agentIds.length) throw fieldError('agent_ids', 'agent_ids must name agents of this organization');
  }

  private async agentsOf(manager: EntityManager, eventIds: string[]): Promise<Map<string, string[]>> {
    const byEvent = new Map<string, string[]>();
    if (eventIds.length === 0) return byEvent;
    const rows = await manager.find(CalendarEventAgentEntity, { where: { eventId: In(eventIds) }, order: { agentId: 'ASC' } });
    for (const row of rows) byEvent.set(row.eventId, [...(byEvent.get(row.eventId) ?? []), row.agentId]);
    return byEvent;
  }

  private async replaceAgents(manager: EntityManager, eventId: string, agentIds: string[]): Promise<void> {
    await manager.delete(CalendarEventAgentEntity, { eventId });
    if (agentIds.length > 0) await manager.insert(CalendarEventAgentEntity, agentIds.map((agentId) => ({ eventId, agentId })));
  }

  private async load(principal: AdminPrincipal, id: string): Promise<CalendarEventEntity> {
    const event = await this.events.findOneBy({ id });
    if (!event) throw new NotFoundException({ detail: 'Calendar event not found' });
    assertOrganizationAccess(principal, event.organizationId);
    return event;
  }

  private audit(manager: EntityManager, event: CalendarEventEntity, actor: Actor, action: string, summary: string, changes: Record<string, unknown> = {}): Promise<void> {
    return this.activity.record(manager, {
      actor,
      action,
      organizationId: event.organizationId,
      target: { type: 'calendar_event', id: event.id },
      boardId: event.boardId,
      summary,
      changes,
    });
  }
}

function occurrenceDto(event: CalendarEventEntity, agentIds: string[], occurrence: Occurrence): CalendarOccurrenceDto {
  return {
    event_id: event.id,
    occurrence_start: new Date(occurrence.key).toISOString(),
    starts_at: new Date(occurrence.start).toISOString(),
    ends_at: new Date(occurrence.end).toISOString(),
    recurring: event.recurrenceRule !== null,
    moved: occurrence.moved,
    organization_id: event.organizationId,
    board_id: event.boardId,
    title: event.title,
    description: event.description,
    event_type: event.eventType,
    all_day: event.allDay,
    timezone: event.timezone,
    recurrence_rule: event.recurrenceRule,
    agent_ids: agentIds,
    metadata: event.metadata,
  };
}
