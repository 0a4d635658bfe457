import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { Actor, actorOf, AdminPrincipal } from '../../core/auth/principal';
import { fetchPage } from '../../core/database/query-helpers';
import { fieldError } from '../../core/http/api-errors';
import { Page } from '../../core/http/pagination';
import { EventOf } from '../../core/jobs/job.decorators';
import { JobEffects } from '../../core/jobs/job-effects';
import { Outbox } from '../../core/jobs/outbox';
import { ActivityService, changedFields } from '../activity/activity.service';
import { AgentEntity } from '../agents/entities/agent.entity';
import { MissionControlEvents, OnMissionControlEvent } from '../domain-events';
import { TaskEntity } from '../tasks/entities/task.entity';
import { spanOf, windowOf } from './calendar-input';
import { MAX_WINDOW_DAYS } from './calendar-events.service';
import { CreateTaskScheduleDto, SCHEDULE_SORT, TaskScheduleDto, TaskScheduleListQueryDto } from './dto/task-schedule.dto';
import { TaskScheduleEntity } from './entities/task-schedule.entity';
import { Interval } from './time-windows';

const MAX_SCHEDULE_DAYS = 366;
const SYSTEM: Actor = { type: 'system', id: null };

@Injectable()
export class TaskSchedulesService {
  constructor(
    @InjectRepository(TaskScheduleEntity) private readonly schedules: Repository<TaskScheduleEntity>,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
    private readonly outbox: Outbox<MissionControlEvents>,
    private readonly effects: JobEffects,
  ) {}

  async list(principal: AdminPrincipal, query: TaskScheduleListQueryDto): Promise<Page<TaskScheduleDto>> {
    const builder = this.schedules.createQueryBuilder('s');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('s.organizationId = :organizationId', { organizationId });
    if (query.agent_id) builder.andWhere('s.agentId = :agentId', { agentId: query.agent_id });
    if (query.task_id) builder.andWhere('s.taskId = :taskId', { taskId: query.task_id });
    if (query.start_date || query.end_date) {
      const window = windowOf(query, MAX_WINDOW_DAYS, MAX_WINDOW_DAYS);
      builder.andWhere('s.plannedStart < :windowEnd AND s.plannedEnd > :windowStart', { windowStart: new Date(window.start), windowEnd: new Date(window.end) });
    }
    return (await fetchPage(builder, query, SCHEDULE_SORT, 'planned_start')).map(TaskScheduleDto.from);
  }

  /** The schedules of these agents whose planned time touches the window. */
  overlapping(agentIds: string[], window: Interval): Promise<TaskScheduleEntity[]> {
    if (agentIds.length === 0) return Promise.resolve([]);
    return this.schedules
      .createQueryBuilder('s')
      .where('s.agentId IN (:...agentIds)', { agentIds })
      .andWhere('s.plannedStart < :windowEnd AND s.plannedEnd > :windowStart', { windowStart: new Date(window.start), windowEnd: new Date(window.end) })
      .getMany();
  }

  /** Schedules planned to end after `since` (of one agent, or of the organization), with their task's title; oldest first. */
  async activeSince(organizationId: string, agentId: string | null, since: Date, limit: number): Promise<Array<{ schedule: TaskScheduleEntity; title: string }>> {
    const builder = this.schedules
      .createQueryBuilder('s')
      .innerJoin(TaskEntity, 't', 't.id = s.taskId')
      .addSelect('t.title', 'task_title')
      .where('s.organizationId = :organizationId AND s.plannedEnd > :since', { organizationId, since });
    if (agentId) builder.andWhere('s.agentId = :agentId', { agentId });
    const { entities, raw } = await builder.orderBy('s.plannedStart', 'ASC').addOrderBy('s.id', 'ASC').limit(limit).getRawAndEntities<{ task_title: string }>();
    return entities.map((schedule, index) => ({ schedule, title: raw[index].task_title }));
  }

  async create(principal: AdminPrincipal, dto: CreateTaskScheduleDto): Promise<TaskScheduleDto> {
    const task = await this.dataSource.manager.findOneBy(TaskEntity, { id: dto.task_id });
    if (!task) throw new NotFoundException({ detail: 'Task not found' });
    assertOrganizationAccess(principal, task.organizationId);
    const planned = spanOf(dto.planned_start, dto.planned_end, ['planned_start', 'planned_end'], MAX_SCHEDULE_DAYS);
    const agentId = dto.agent_id ?? task.assigneeId;
    const actor = actorOf(principal);
    return this.dataSource.transaction(async (manager) => {
      if (agentId) await this.lockAgent(manager, agentId, task.organizationId, dto.agent_id !== undefined);
      if (await manager.existsBy(TaskScheduleEntity, { taskId: task.id })) {
        throw new ConflictException({ detail: 'This task already has a schedule; delete it to plan the task again' });
      }
      if (agentId) await this.assertFree(manager, agentId, planned);
      const saved = await manager.save(
        manager.create(TaskScheduleEntity, {
          organizationId: task.organizationId,
          taskId: task.id,
          agentId,
          plannedStart: new Date(planned.start),
          plannedEnd: new Date(planned.end),
          estimatedHours: dto.estimated_hours ?? null,
          actualStart: null,
          actualEnd: null,
        }),
      );
      const schedule = TaskScheduleDto.from(saved);
      await this.audit(manager, saved, task.boardId, actor, 'calendar.schedule_created', `Task "${task.title}" scheduled`, {
        planned_start: schedule.planned_start,
        planned_end: schedule.planned_end,
        agent_id: agentId,
      });
      await this.outbox.record(manager, 'calendar.schedule_created', { schedule, actor }, saved.organizationId);
      return schedule;
    });
  }

  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    const existing = await this.schedules.findOneBy({ id });
    if (!existing) throw new NotFoundException({ detail: 'Schedule not found' });
    assertOrganizationAccess(principal, existing.organizationId);
    const actor = actorOf(principal);
    await this.dataSource.transaction(async (manager) => {
      const task = await manager.findOneBy(TaskEntity, { id: existing.taskId });
      await manager.delete(TaskScheduleEntity, { id });
      await this.audit(manager, existing, task?.boardId ?? null, actor, 'calendar.schedule_deleted', `Schedule of task "${task?.title ?? existing.taskId}" deleted`);
      await this.outbox.record(manager, 'calendar.schedule_deleted', { schedule: TaskScheduleDto.from(existing), actor }, existing.organizationId);
    });
  }

  /**
   * A schedule follows its task: going in_progress sets the actual start (once), done sets the actual end, and
   * reopening a done task clears it. Times are the event's, so a retry or a late event writes the same answer.
   */
  @OnMissionControlEvent('task.updated', { retryLimit: 5, retryDelaySeconds: 2 })
  async followTaskStatus(event: EventOf<MissionControlEvents, 'task.updated'>): Promise<void> {
    const status = event.payload.changes.status?.to;
    if (status === undefined) return;
    const at = new Date(event.occurredAt);
    await this.dataSource.transaction(async (manager) => {
      const schedule = await manager
        .createQueryBuilder(TaskScheduleEntity, 's')
        .setLock('pessimistic_write')
        .where('s.taskId = :taskId', { taskId: event.payload.task.id })
        .getOne();
      if (!schedule || !(await this.effects.claim(manager, `calendar.follow:${event.id}`))) return;
      const patch: Partial<TaskScheduleEntity> = {};
      if (status === 'in_progress') {
        if (!schedule.actualStart) patch.actualStart = at;
        if (schedule.actualEnd && schedule.actualEnd < at) patch.actualEnd = null;
      } else if (status === 'done' && (!schedule.actualEnd || schedule.actualEnd < at)) {
        patch.actualEnd = at;
      }
      const changes = changedFields(schedule, patch);
      if (Object.keys(changes).length === 0) return;
      const saved = await manager.save(Object.assign(schedule, patch));
      await this.audit(manager, saved, event.payload.task.board_id, SYSTEM, 'calendar.schedule_updated', `Schedule of task "${event.payload.task.title}" followed its move to ${status}`, changes);
      await this.outbox.record(manager, 'calendar.schedule_updated', { schedule: TaskScheduleDto.from(saved), changes, actor: SYSTEM }, saved.organizationId);
    });
  }

  /** Schedules of one agent are written one at a time, so two overlapping ones cannot both pass the check. */
  private async lockAgent(manager: EntityManager, agentId: string, organizationId: string, named: boolean): Promise<void> {
    const agent = await manager.createQueryBuilder(AgentEntity, 'a').setLock('pessimistic_write').where('a.id = :agentId', { agentId }).getOne();
    if (!agent || agent.organizationId !== organizationId) {
      throw fieldError(named ? 'agent_id' : 'task_id', named ? "agent_id does not name an agent of the task's organization" : "the task's assignee no longer exists");
    }
  }

  private async assertFree(manager: EntityManager, agentId: string, planned: Interval): Promise<void> {
    const clash = await manager
      .createQueryBuilder(TaskScheduleEntity, 's')
      .where('s.agentId = :agentId', { agentId })
      .andWhere('s.plannedStart < :end AND s.plannedEnd > :start', { start: new Date(planned.start), end: new Date(planned.end) })
      .orderBy('s.plannedStart', 'ASC')
      .getOne();
    if (!clash) return;
    const task = await manager.findOne(TaskEntity, { where: { id: clash.taskId }, select: { id: true, title: true } });
    throw new ConflictException({
      detail:
        `The agent is already scheduled from ${clash.plannedStart.toISOString()} to ${clash.plannedEnd.toISOString()} ` +
        `for task "${task?.title ?? clash.taskId}" (schedule ${clash.id}); schedules of one agent cannot overlap`,
    });
  }

  private audit(manager: EntityManager, schedule: TaskScheduleEntity, boardId: string | null, actor: Actor, action: string, summary: string, changes: Record<string, unknown> = {}): Promise<void> {
    return this.activity.record(manager, {
      actor,
      action,
      organizationId: schedule.organizationId,
      target: { type: 'task_schedule', id: schedule.id },
      boardId,
      summary,
      changes: { task_id: schedule.taskId, ...changes },
    });
  }
}
