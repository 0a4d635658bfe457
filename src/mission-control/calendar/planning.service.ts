import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { AdminPrincipal } from '../../core/auth/principal';
import { fieldError } from '../../core/http/api-errors';
import { AgentEntity } from '../agents/entities/agent.entity';
import { spanOf, windowOf } from './calendar-input';
import { CalendarEventsService } from './calendar-events.service';
import { AgentWorkloadDto, SlotDto, SuggestSlotDto, SuggestSlotResponseDto, WorkloadDayDto, WorkloadDto, WorkloadQueryDto } from './dto/planning.dto';
import { TaskScheduleEntity } from './entities/task-schedule.entity';
import { TaskSchedulesService } from './task-schedules.service';
import {
  DEFAULT_WORKING_HOURS,
  freeWithin,
  hours,
  Interval,
  LocalDay,
  localDays,
  mergeIntervals,
  overlapMs,
  overlaps,
  startOfToday,
  WorkingHours,
} from './time-windows';

const MAX_WORKLOAD_DAYS = 92;
const MAX_SLOT_WINDOW_DAYS = 62;
const MAX_WORKLOAD_AGENTS = 500;
// slots start on a quarter-hour grid
const SLOT_STEP_MS = 15 * 60_000;
// how much a light day outweighs an early one in a slot's score
const LOAD_WEIGHT = 0.6;

/** What keeps each agent busy in a window: event occurrences and the schedules of its tasks. */
interface AgentBusy {
  events: Interval[];
  /** All-day events (holidays, milestones) mark days: they block slots but are not hours of work. */
  allDay: Interval[];
  schedules: TaskScheduleEntity[];
}

const round2 = (value: number) => Math.round(value * 100) / 100;

@Injectable()
export class PlanningService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: CalendarEventsService,
    private readonly schedules: TaskSchedulesService,
  ) {}

  /** Hours per agent per local day against working hours (Monday to Friday). */
  async workload(principal: AdminPrincipal, query: WorkloadQueryDto): Promise<WorkloadDto> {
    const timezone = query.timezone ?? 'UTC';
    const workingHours = this.workingHours({ start: query.working_start ?? DEFAULT_WORKING_HOURS.start, end: query.working_end ?? DEFAULT_WORKING_HOURS.end }, 'working_end');
    const window = windowOf({ start_date: query.start_date ?? new Date(startOfToday(timezone)).toISOString(), end_date: query.end_date }, 7, MAX_WORKLOAD_DAYS);
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    const agents = await this.dataSource.manager.find(AgentEntity, {
      where: { ...(organizationId ? { organizationId } : {}), ...(query.agent_id ? { id: query.agent_id } : {}) },
      order: { name: 'ASC' },
      take: MAX_WORKLOAD_AGENTS,
    });
    const busy = await this.busyOf(agents.map((agent) => agent.id), window);
    const days = localDays(window, timezone, workingHours);
    return {
      items: agents.map((agent): AgentWorkloadDto => {
        const agentBusy = busy.get(agent.id)!;
        const perDay = days.map((day) => this.dayLoad(day, agentBusy, timezone, workingHours));
        const total = perDay.reduce((sum, day) => sum + day.scheduled_hours + day.event_hours, 0);
        const capacity = perDay.reduce((sum, day) => sum + day.capacity_hours, 0);
        return { agent_id: agent.id, agent_name: agent.name, total_hours: round2(total), utilization: capacity > 0 ? round2(total / capacity) : null, days: perDay };
      }),
    };
  }

  /**
   * Free slots of `duration_minutes` inside working hours where every named agent is free of events and
   * schedules, best first: a lighter day and an earlier time score higher. None fitting is an empty list.
   */
  async suggestSlots(principal: AdminPrincipal, dto: SuggestSlotDto): Promise<SuggestSlotResponseDto> {
    const agents = await this.dataSource.manager.findBy(AgentEntity, { id: In(dto.agent_ids) });
    const missing = dto.agent_ids.find((id) => !agents.some((agent) => agent.id === id));
    if (missing) throw new NotFoundException({ detail: `Agent ${missing} not found` });
    if (new Set(agents.map((agent) => agent.organizationId)).size > 1) throw fieldError('agent_ids', 'agent_ids must all belong to one organization');
    assertOrganizationAccess(principal, agents[0].organizationId);
    const window = spanOf(dto.window_start, dto.window_end, ['window_start', 'window_end'], MAX_SLOT_WINDOW_DAYS);
    const workingHours = this.workingHours(dto.working_hours ?? DEFAULT_WORKING_HOURS, 'working_hours.end');
    const timezone = dto.timezone ?? 'UTC';
    const duration = dto.duration_minutes * 60_000;
    const busy = await this.busyOf(dto.agent_ids, window);
    const blocked = [...busy.values()].flatMap((agentBusy) => [...agentBusy.events, ...agentBusy.allDay, ...agentBusy.schedules.map(plannedOf)]);

    const candidates: SlotDto[] = [];
    for (const day of localDays(window, timezone, workingHours)) {
      if (day.weekend && !dto.include_weekends) continue;
      const span = { start: Math.max(day.working.start, window.start), end: Math.min(day.working.end, window.end) };
      if (span.end - span.start < duration) continue;
      // the busiest of the agents decides how loaded the day is
      const load = Math.max(...[...busy.values()].map((agentBusy) => this.busyMs(agentBusy, day.working))) / (day.working.end - day.working.start);
      for (const gap of freeWithin(span, blocked)) {
        for (let start = Math.ceil(gap.start / SLOT_STEP_MS) * SLOT_STEP_MS; start + duration <= gap.end; start += SLOT_STEP_MS) {
          const earliness = 1 - (start - window.start) / (window.end - window.start);
          const score = LOAD_WEIGHT * (1 - Math.min(1, load)) + (1 - LOAD_WEIGHT) * earliness;
          candidates.push({ starts_at: new Date(start).toISOString(), ends_at: new Date(start + duration).toISOString(), score: Math.round(score * 1000) / 1000 });
        }
      }
    }
    candidates.sort((a, b) => b.score - a.score || a.starts_at.localeCompare(b.starts_at));
    const slots: SlotDto[] = [];
    const taken: Interval[] = [];
    for (const candidate of candidates) {
      if (slots.length >= (dto.count ?? 5)) break;
      const interval = { start: Date.parse(candidate.starts_at), end: Date.parse(candidate.ends_at) };
      if (taken.some((other) => overlaps(other, interval))) continue;
      taken.push(interval);
      slots.push(candidate);
    }
    return { slots };
  }

  private workingHours(workingHours: WorkingHours, endField: string): WorkingHours {
    if (workingHours.end <= workingHours.start) throw fieldError(endField, `${endField} must be later in the day than the start of working hours`);
    return workingHours;
  }

  private async busyOf(agentIds: string[], window: Interval): Promise<Map<string, AgentBusy>> {
    const busy = new Map<string, AgentBusy>(agentIds.map((id) => [id, { events: [], allDay: [], schedules: [] }]));
    if (agentIds.length === 0) return busy;
    for (const { event, agentIds: attendees, occurrences } of await this.events.expand(window, { agentIds })) {
      for (const agentId of attendees) busy.get(agentId)?.[event.allDay ? 'allDay' : 'events'].push(...occurrences);
    }
    for (const schedule of await this.schedules.overlapping(agentIds, window)) busy.get(schedule.agentId!)?.schedules.push(schedule);
    return busy;
  }

  private busyMs(agentBusy: AgentBusy, span: Interval): number {
    return mergeIntervals([...agentBusy.events, ...agentBusy.schedules.map(plannedOf)]).reduce((sum, interval) => sum + overlapMs(interval, span), 0);
  }

  private dayLoad(day: LocalDay, agentBusy: AgentBusy, timezone: string, workingHours: WorkingHours): WorkloadDayDto {
    const eventMs = mergeIntervals(agentBusy.events).reduce((sum, interval) => sum + overlapMs(interval, day.bounds), 0);
    const scheduled = agentBusy.schedules.reduce((sum, schedule) => sum + this.scheduleHoursOn(schedule, day, timezone, workingHours), 0);
    const capacity = day.weekend ? 0 : hours(day.working.end - day.working.start);
    const busyHours = scheduled + hours(eventMs);
    return {
      date: day.date,
      scheduled_hours: round2(scheduled),
      event_hours: hours(eventMs),
      capacity_hours: capacity,
      utilization: capacity > 0 ? round2(busyHours / capacity) : null,
    };
  }

  /**
   * A schedule's hours fall on the working time its plan covers; with an estimate, the estimate is spread
   * over that time in proportion (a 6-hour task planned over two full days counts 3 hours a day).
   */
  private scheduleHoursOn(schedule: TaskScheduleEntity, day: LocalDay, timezone: string, workingHours: WorkingHours): number {
    const planned = plannedOf(schedule);
    const weight = (of: LocalDay) => (of.weekend ? 0 : overlapMs(planned, of.working));
    let share = weight(day);
    let whole = localDays(planned, timezone, workingHours).reduce((sum, of) => sum + weight(of), 0);
    if (whole === 0) {
      // planned entirely outside working time: its own hours count where they fall
      share = overlapMs(planned, day.bounds);
      whole = planned.end - planned.start;
    }
    if (share === 0) return 0;
    return schedule.estimatedHours === null ? share / 3_600_000 : (schedule.estimatedHours * share) / whole;
  }
}

function plannedOf(schedule: TaskScheduleEntity): Interval {
  return { start: schedule.plannedStart.getTime(), end: schedule.plannedEnd.getTime() };
}
