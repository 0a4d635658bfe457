import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { TZDate } from '@date-fns/tz';
import ical, { ICalCalendar } from 'ical-generator';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { Actor, actorOf, AdminPrincipal } from '../../core/auth/principal';
import { generateToken, hashToken } from '../../core/auth/tokens';
import { fetchPage } from '../../core/database/query-helpers';
import { fieldError } from '../../core/http/api-errors';
import { Page } from '../../core/http/pagination';
import { ActivityService } from '../activity/activity.service';
import { AgentEntity } from '../agents/entities/agent.entity';
import { OrganizationEntity } from '../organizations/entities/organization.entity';
import { CalendarEventsService } from './calendar-events.service';
import { CalendarFeedCreatedDto, CalendarFeedDto, CalendarFeedListQueryDto, CreateCalendarFeedDto } from './dto/calendar-feed.dto';
import { CalendarEventEntity } from './entities/calendar-event.entity';
import { CalendarFeedEntity } from './entities/calendar-feed.entity';
import { TaskSchedulesService } from './task-schedules.service';
import { icsLocalTime } from './time-windows';

const FEED_PATH = '/api/v1/calendar/ical/';
const TOKEN_PREFIX = 'mccal_';
const TOKEN_SHAPE = /^mccal_[A-Za-z0-9_-]{20,100}$/;
// a feed carries what is current: series, and what ended in the last 90 days
const FEED_HISTORY_MS = 90 * 24 * 3_600_000;
const MAX_FEED_ITEMS = 2000;
const UID_DOMAIN = 'mission-control.openclaw';

@Injectable()
export class CalendarFeedsService {
  constructor(
    @InjectRepository(CalendarFeedEntity) private readonly feeds: Repository<CalendarFeedEntity>,
    private readonly dataSource: DataSource,
    private readonly events: CalendarEventsService,
    private readonly schedules: TaskSchedulesService,
    private readonly activity: ActivityService,
  ) {}

  async list(principal: AdminPrincipal, query: CalendarFeedListQueryDto): Promise<Page<CalendarFeedDto>> {
    const builder = this.feeds.createQueryBuilder('f');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('f.organizationId = :organizationId', { organizationId });
    if (query.agent_id) builder.andWhere('f.agentId = :agentId', { agentId: query.agent_id });
    return (await fetchPage(builder, query, { created_at: 'createdAt' }, 'created_at')).map(CalendarFeedDto.from);
  }

  async create(principal: AdminPrincipal, dto: CreateCalendarFeedDto): Promise<CalendarFeedCreatedDto> {
    assertOrganizationAccess(principal, dto.organization_id);
    const organization = await this.dataSource.manager.findOneBy(OrganizationEntity, { id: dto.organization_id });
    if (!organization) throw fieldError('organization_id', 'organization_id does not name an existing organization');
    const agent = dto.agent_id ? await this.dataSource.manager.findOneBy(AgentEntity, { id: dto.agent_id, organizationId: organization.id }) : null;
    if (dto.agent_id && !agent) throw fieldError('agent_id', 'agent_id does not name an agent of this organization');
    const token = generateToken(TOKEN_PREFIX);
    const actor = actorOf(principal);
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(CalendarFeedEntity, {
          organizationId: organization.id,
          agentId: agent?.id ?? null,
          name: dto.name?.trim() ?? agent?.name ?? organization.name,
          tokenHash: hashToken(token),
        }),
      );
      await this.audit(manager, saved, actor, 'calendar.feed_created', `Calendar feed "${saved.name}" created`);
      return { ...CalendarFeedDto.from(saved), token, url: `${FEED_PATH}${token}` };
    });
  }

  async revoke(principal: AdminPrincipal, id: string): Promise<void> {
    const feed = await this.feeds.findOneBy({ id });
    if (!feed) throw new NotFoundException({ detail: 'Calendar feed not found' });
    assertOrganizationAccess(principal, feed.organizationId);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(CalendarFeedEntity, { id });
      await this.audit(manager, feed, actorOf(principal), 'calendar.feed_revoked', `Calendar feed "${feed.name}" revoked`);
    });
  }

  /** The feed as iCalendar: each series once with its RRULE, EXDATE and moved occurrences (RECURRENCE-ID), and the task schedules. */
  async render(token: string): Promise<string> {
    const feed = TOKEN_SHAPE.test(token) ? await this.feeds.findOneBy({ tokenHash: hashToken(token) }) : null;
    if (!feed) throw new NotFoundException({ detail: 'Calendar feed not found (or revoked)' });
    const since = new Date(Date.now() - FEED_HISTORY_MS);
    const calendar = ical({ name: feed.name, prodId: { company: 'OpenClaw', product: 'Mission Control', language: 'EN' } });
    const events = await this.events.activeSince({ organizationId: feed.organizationId, agentIds: feed.agentId ? [feed.agentId] : undefined }, since, MAX_FEED_ITEMS);
    for (const event of events) this.addEvent(calendar, event);
    for (const { schedule, title } of await this.schedules.activeSince(feed.organizationId, feed.agentId, since, MAX_FEED_ITEMS)) {
      calendar.createEvent({
        id: `schedule-${schedule.id}@${UID_DOMAIN}`,
        start: schedule.plannedStart,
        end: schedule.plannedEnd,
        summary: `Task: ${title}`,
        stamp: schedule.updatedAt,
      });
    }
    return calendar.toString();
  }

  private addEvent(calendar: ICalCalendar, event: CalendarEventEntity): void {
    // dates in the event's own zone, so a client repeats the series in local time across DST, as the API does
    const local = (at: Date | string) => new TZDate(new Date(at).getTime(), event.timezone);
    const base = { id: `${event.id}@${UID_DOMAIN}`, timezone: event.timezone, summary: event.title, description: event.description, allDay: event.allDay, stamp: event.updatedAt };
    const series = calendar.createEvent({ ...base, start: local(event.startsAt), end: local(event.endsAt) });
    if (!event.recurrenceRule) return;
    const exdates = event.exdates.map((at) => icsLocalTime(Date.parse(at), event.timezone));
    series.repeating(`RRULE:${event.recurrenceRule}${exdates.length > 0 ? `\nEXDATE;TZID=${event.timezone}:${exdates.join(',')}` : ''}`);
    for (const override of event.overrides) {
      calendar.createEvent({ ...base, start: local(override.starts_at), end: local(override.ends_at), recurrenceId: local(override.occurrence_start) });
    }
  }

  private audit(manager: EntityManager, feed: CalendarFeedEntity, actor: Actor, action: string, summary: string): Promise<void> {
    return this.activity.record(manager, {
      actor,
      action,
      organizationId: feed.organizationId,
      target: { type: 'calendar_feed', id: feed.id },
      summary,
      changes: { agent_id: feed.agentId },
    });
  }
}
