import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Not, Repository, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { assertBoardAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { Actor, actorOf, AdminPrincipal, AgentPrincipal } from '../../core/auth/principal';
import { insertTogether } from '../../core/database/combined-insert';
import { applyPatch, fetchPageRows, likePattern } from '../../core/database/query-helpers';
import { fieldError } from '../../core/http/api-errors';
import { Page } from '../../core/http/pagination';
import { EffectAlreadyRecorded, EffectOptions, JobEffects } from '../../core/jobs/job-effects';
import { Outbox } from '../../core/jobs/outbox';
import { EventBus } from '../../core/realtime/event-bus';
import { ActivityService, changedFields } from '../activity/activity.service';
import { AgentEntity } from '../agents/entities/agent.entity';
import { ApprovalEntity } from '../approvals/entities/approval.entity';
import { BoardEntity } from '../boards/entities/board.entity';
import { BoardsService } from '../boards/boards.service';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { MissionControlEvents } from '../domain-events';
import { TagSummaryDto } from '../tags/dto/tag.dto';
import { TagsService } from '../tags/tags.service';
import { AgentTaskListQueryDto, CreateTaskDto, TASK_SORT, TaskDto, TaskListQueryDto, UpdateTaskDto } from './dto/task.dto';
import { TaskDependencyEntity } from './entities/task-dependency.entity';
import { TaskEntity, TaskStatus } from './entities/task.entity';
import { boardChannel, TaskChangedEvent, TaskCreatedEvent, TaskDeletedEvent } from './task-events';
import { countsBoardTasks, createsCycle, moveRefusal } from './task-rules';

type WorkPrincipal = AdminPrincipal | AgentPrincipal;

@Injectable()
export class TasksService {
  constructor(
    @InjectRepository(TaskEntity) private readonly tasks: Repository<TaskEntity>,
    @InjectRepository(TaskDependencyEntity) private readonly dependencies: Repository<TaskDependencyEntity>,
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    private readonly boards: BoardsService,
    private readonly tags: TagsService,
    private readonly customFields: CustomFieldsService,
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
    private readonly events: EventBus,
    private readonly outbox: Outbox<MissionControlEvents>,
    private readonly effects: JobEffects,
  ) {}

  async list(principal: AdminPrincipal, query: TaskListQueryDto): Promise<Page<TaskDto>> {
    const builder = this.tasks.createQueryBuilder('t');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('t.organizationId = :organizationId', { organizationId });
    if (query.board_id) builder.andWhere('t.boardId = :boardId', { boardId: query.board_id });
    if (query.status) builder.andWhere('t.status = :status', { status: query.status });
    if (query.priority) builder.andWhere('t.priority = :priority', { priority: query.priority });
    if (query.assignee_id) builder.andWhere('t.assigneeId = :assigneeId', { assigneeId: query.assignee_id });
    if (query.q) builder.andWhere('(t.title ILIKE :q OR t.description ILIKE :q)', { q: likePattern(query.q) });
    if (query.tag) {
      builder.andWhere(
        'EXISTS (SELECT 1 FROM task_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.task_id = t.id AND lower(g.name) = lower(:tag))',
        { tag: query.tag },
      );
    }
    return this.pageOf(builder, query);
  }

  /** A page of tasks with their dependencies and tags, selected in the page's own statement. */
  private async pageOf(builder: SelectQueryBuilder<TaskEntity>, query: AgentTaskListQueryDto | TaskListQueryDto): Promise<Page<TaskDto>> {
    const { page, raw } = await fetchPageRows<TaskEntity, TaskRelationsRow>(withRelations(builder), query, TASK_SORT, 'created_at');
    if (raw.length === 0) return page.map(await this.toDtos(page.items));
    const relations = new Map(raw.map((row) => [row.t_id, row]));
    return page.map((task) => {
      const row = relations.get(task.id);
      return TaskDto.from(task, row?.task_depends_on ?? [], [...(row?.task_tags ?? [])].sort(byName));
    });
  }

  async get(principal: WorkPrincipal, id: string): Promise<TaskDto> {
    const task = await this.load(principal, id);
    return (await this.toDtos([task]))(task);
  }

  /** Maps tasks with their dependencies and tags, two queries for any number of tasks (inside `manager`'s transaction when given). */
  private async toDtos(tasks: TaskEntity[], manager?: EntityManager): Promise<(task: TaskEntity) => TaskDto> {
    const ids = tasks.map((task) => task.id);
    const dependsOn = await this.dependenciesOf(ids, manager);
    const tags = await this.tags.tagsOf(ids, manager);
    return (task) => TaskDto.from(task, dependsOn.get(task.id) ?? [], tags.get(task.id) ?? []);
  }

  /** `effectKey`: an engine's effect, done once however often the engine retries (the first task is answered). */
  async create(principal: AdminPrincipal, dto: CreateTaskDto, options: EffectOptions = {}): Promise<TaskDto> {
    const actor = actorOf(principal);
    const task = await this.onceFor(principal, options, (manager) => this.createIn(manager, principal, dto, actor, options));
    if (task.isNew) await this.events.publish<TaskCreatedEvent>(boardChannel(task.dto.board_id), 'task.created', { task: task.dto, by: actor });
    return task.dto;
  }

  private async createIn(manager: EntityManager, principal: AdminPrincipal, dto: CreateTaskDto, actor: Actor, options: EffectOptions): Promise<TaskDto> {
    const dependsOn = dto.depends_on ?? [];
    const status = dto.status ?? 'inbox';
    const { board, resolve } = await this.customFields.lockBoardForNewTask(manager, principal, dto.board_id, countsBoardTasks(status) ? 'exclusive' : 'shared');
    if (dto.assignee_id) await this.assertAssignable(dto.assignee_id, board.organizationId, manager);
    await this.assertDependenciesOnBoard(manager, dependsOn, board.id);
    await this.assertMoveAllowed(manager, board, { id: null, from: null, to: status, dependsOn });
    const customFields = resolve(dto.custom_fields ?? {});
    const now = new Date();
    // insert, not save: a new row needs none of save's change tracking (RETURNING fills the generated columns)
    const task = manager.create(TaskEntity, {
      organizationId: board.organizationId,
      boardId: board.id,
      title: dto.title.trim(),
      description: dto.description ?? null,
      status,
      priority: dto.priority ?? 'medium',
      assigneeId: dto.assignee_id ?? null,
      dueAt: dto.due_at ? new Date(dto.due_at) : null,
      customFields,
      startedAt: status === 'in_progress' ? now : null,
      completedAt: status === 'done' ? now : null,
      createdByType: actor.type,
      createdById: actor.id,
    });
    await manager.insert(TaskEntity, task as QueryDeepPartialEntity<TaskEntity>);
    if (dependsOn.length > 0) {
      await manager.insert(TaskDependencyEntity, dependsOn.map((dependsOnId) => ({ taskId: task.id, dependsOnId })));
    }
    const tags = await this.tags.resolveNames(manager, task.organizationId, dto.tags ?? []);
    if (tags.length > 0) await this.tags.replaceTaskTags(manager, task.id, tags);
    const created = TaskDto.from(task, dependsOn, tags.map(TagSummaryDto.from).sort(byName));
    const records = [
      this.activity.insertOf(manager, [
        {
          actor,
          action: 'task.created',
          organizationId: task.organizationId,
          target: { type: 'task', id: task.id },
          boardId: task.boardId,
          summary: `Task "${task.title}" created in ${task.status}`,
        },
      ]),
      this.outbox.insertOf(manager, 'task.created', { task: created, actor }, created.organization_id),
    ];
    if (created.assignee_id) {
      records.push(this.outbox.insertOf(manager, 'task.assigned', { task: created, from_assignee_id: null, to_assignee_id: created.assignee_id, actor }, created.organization_id));
    }
    await insertTogether(manager, records);
    if (options.effectKey) await this.effects.record(manager, options.effectKey, { task_id: created.id });
    return created;
  }

  /**
   * Runs a write in its own transaction; when it is an engine's effect that already happened, the write is
   * rolled back and the task it produced then is answered instead (`isNew: false`).
   */
  private async onceFor(principal: WorkPrincipal, options: EffectOptions, write: (manager: EntityManager) => Promise<TaskDto>): Promise<{ dto: TaskDto; isNew: boolean }> {
    try {
      return { dto: await this.dataSource.transaction(write), isNew: true };
    } catch (error) {
      if (!(error instanceof EffectAlreadyRecorded) || error.key !== options.effectKey) throw error;
      return { dto: await this.get(principal, String(error.result.task_id)), isNew: false };
    }
  }

  /** `effectKey`: an engine's change, made once however often the engine retries. */
  async update(principal: WorkPrincipal, id: string, dto: UpdateTaskDto, options: EffectOptions = {}): Promise<TaskDto> {
    const existing = await this.load(principal, id);
    if (dto.assignee_id) await this.assertAssignable(dto.assignee_id, existing.organizationId);
    const actor = actorOf(principal);
    let changes: Record<string, unknown> = {};
    const task = await this.onceFor(principal, options, async (manager) => {
      const board = await this.lockBoard(manager, existing.boardId);
      const current = await manager.findOneByOrFail(TaskEntity, { id });
      const before = { ...current };
      const previousDependencies = (await manager.findBy(TaskDependencyEntity, { taskId: id })).map((d) => d.dependsOnId);
      const nextDependencies = dto.depends_on ?? previousDependencies;
      if (dto.depends_on) {
        await this.assertDependenciesOnBoard(manager, nextDependencies, board.id);
        await this.assertNoCycle(manager, id, nextDependencies, board.id);
      }
      const to = dto.status ?? current.status;
      const dependenciesChanged = dto.depends_on !== undefined && !sameSet(previousDependencies, nextDependencies);
      // the rules govern moves; re-planning the dependencies of a task already under way is not a move
      if (to !== current.status) {
        await this.assertMoveAllowed(manager, board, { id, from: current.status, to, dependsOn: nextDependencies });
      }

      const patch: Partial<TaskEntity> = {
        title: dto.title?.trim(),
        description: dto.description,
        priority: dto.priority,
        assigneeId: dto.assignee_id,
        dueAt: dto.due_at === undefined ? undefined : dto.due_at === null ? null : new Date(dto.due_at),
      };
      if (dto.custom_fields !== undefined) {
        patch.customFields = await this.customFields.resolveValues(manager, current, current.customFields, dto.custom_fields);
      }
      applyPatch(current, patch);
      if (to !== current.status) applyStatus(current, to);
      const saved = await manager.save(current);
      if (dependenciesChanged) {
        await manager.delete(TaskDependencyEntity, { taskId: id });
        if (nextDependencies.length > 0) {
          await manager.insert(TaskDependencyEntity, nextDependencies.map((dependsOnId) => ({ taskId: id, dependsOnId })));
        }
      }
      changes = changedFields(before, {
        title: saved.title,
        description: saved.description,
        status: saved.status,
        priority: saved.priority,
        assigneeId: saved.assigneeId,
        dueAt: saved.dueAt,
        customFields: saved.customFields,
      });
      if (dependenciesChanged) changes.depends_on = { from: previousDependencies, to: nextDependencies };
      if (dto.tags !== undefined) {
        const tags = await this.tags.resolveNames(manager, saved.organizationId, dto.tags);
        await this.tags.replaceTaskTags(manager, saved.id, tags);
        changes.tags = tags.map((tag) => tag.name);
      }
      await this.activity.record(manager, {
        actor,
        action: before.status !== saved.status ? 'task.moved' : 'task.updated',
        organizationId: saved.organizationId,
        target: { type: 'task', id: saved.id },
        boardId: saved.boardId,
        summary:
          before.status !== saved.status
            ? `Task "${saved.title}" moved from ${before.status} to ${saved.status}`
            : `Task "${saved.title}" updated`,
        changes,
      });
      const updated = (await this.toDtos([saved], manager))(saved);
      await this.recordChangeEvents(manager, updated, before, changes, actor);
      if (options.effectKey) await this.effects.record(manager, options.effectKey, { task_id: updated.id });
      return updated;
    });
    if (task.isNew) {
      await this.events.publish<TaskChangedEvent>(boardChannel(task.dto.board_id), 'task.updated', { task_id: task.dto.id, task: task.dto, changes, by: actor });
    }
    return task.dto;
  }

  /** `effectKey`: an engine's deletion (the open task of a cancelled pipeline run), made once however often it retries. */
  async remove(principal: AdminPrincipal, id: string, options: EffectOptions = {}): Promise<void> {
    const task = await this.load(principal, id);
    const deleted = await this.dataSource.transaction(async (manager) => {
      const removed = (await this.toDtos([task], manager))(task);
      await manager.delete(TaskEntity, { id: task.id });
      await this.outbox.record(manager, 'task.deleted', { task: removed, actor: actorOf(principal) }, task.organizationId);
      await this.activity.record(manager, {
        actor: actorOf(principal),
        action: 'task.deleted',
        organizationId: task.organizationId,
        target: { type: 'task', id: task.id },
        boardId: task.boardId,
        summary: `Task "${task.title}" deleted`,
      });
      if (options.effectKey) await this.effects.record(manager, options.effectKey, { task_id: task.id });
      return true;
    }).catch((error: unknown) => {
      if (error instanceof EffectAlreadyRecorded && error.key === options.effectKey) return false;
      throw error;
    });
    if (!deleted) return;
    await this.events.publish<TaskDeletedEvent>(boardChannel(task.boardId), 'task.deleted', { task_id: task.id, by: actorOf(principal) });
  }

  /** The domain events of one update: always `task.updated`; a move and a new assignee also as their own events. */
  private async recordChangeEvents(
    manager: EntityManager,
    task: TaskDto,
    before: Pick<TaskEntity, 'status' | 'assigneeId'>,
    changes: Record<string, unknown>,
    actor: Actor,
  ): Promise<void> {
    if (Object.keys(changes).length === 0) return;
    const organizationId = task.organization_id;
    await this.outbox.record(manager, 'task.updated', { task, changes: changes as MissionControlEvents['task.updated']['changes'], actor }, organizationId);
    if (before.status !== task.status) {
      await this.outbox.record(manager, 'task.status_changed', { task, from: before.status, to: task.status, actor }, organizationId);
    }
    if (before.assigneeId !== task.assignee_id) {
      await this.outbox.record(manager, 'task.assigned', { task, from_assignee_id: before.assigneeId, to_assignee_id: task.assignee_id, actor }, organizationId);
    }
  }

  /** Every task of a board, for a live view's first frame. */
  async boardState(principal: WorkPrincipal, boardId: string): Promise<TaskDto[]> {
    const tasks = await this.tasks.find({ where: { boardId }, order: { createdAt: 'ASC' } });
    for (const task of tasks) assertBoardAccess(principal, task);
    const toDto = await this.toDtos(tasks);
    return tasks.map(toDto);
  }

  /** Tasks of the agent's own board; an agent without a board has none to see. */
  async listForAgent(agent: AgentPrincipal, query: AgentTaskListQueryDto): Promise<Page<TaskDto>> {
    if (!agent.boardId) throw new ForbiddenException({ detail: 'This agent works on no board' });
    const builder = this.tasks.createQueryBuilder('t').where('t.boardId = :boardId', { boardId: agent.boardId });
    if (query.status) builder.andWhere('t.status = :status', { status: query.status });
    if (query.mine) builder.andWhere('t.assigneeId = :agentId', { agentId: agent.agentId });
    return this.pageOf(builder, query);
  }

  /** An agent moves the tasks assigned to it, through the same board rules as everyone. */
  async moveAsAgent(agent: AgentPrincipal, id: string, status: TaskStatus): Promise<TaskDto> {
    const task = await this.load(agent, id);
    if (task.assigneeId !== agent.agentId) {
      throw new ForbiddenException({ detail: 'An agent may only move tasks assigned to it' });
    }
    return this.update(agent, id, { status });
  }

  /** 404 for an unknown task; 403 outside the caller's organisation (admins) or board (agents). */
  async load(principal: WorkPrincipal, id: string): Promise<TaskEntity> {
    const task = await this.tasks.findOneBy({ id });
    if (!task) throw new NotFoundException({ detail: 'Task not found' });
    assertBoardAccess(principal, task);
    return task;
  }

  private async dependenciesOf(taskIds: string[], manager?: EntityManager): Promise<Map<string, string[]>> {
    const byTask = new Map<string, string[]>();
    if (taskIds.length === 0) return byTask;
    const repository = manager ? manager.getRepository(TaskDependencyEntity) : this.dependencies;
    const rows = await repository.find({ where: { taskId: In(taskIds) }, order: { createdAt: 'ASC' } });
    for (const row of rows) byTask.set(row.taskId, [...(byTask.get(row.taskId) ?? []), row.dependsOnId]);
    return byTask;
  }

  /** Moves on one board are serialised, so two moves cannot both take the last WIP slot. */
  private lockBoard(manager: EntityManager, boardId: string): Promise<BoardEntity> {
    return manager
      .createQueryBuilder(BoardEntity, 'b')
      .setLock('pessimistic_write')
      .where('b.id = :boardId', { boardId })
      .getOneOrFail();
  }

  private async assertAssignable(agentId: string, organizationId: string, manager?: EntityManager): Promise<void> {
    const agents = manager?.getRepository(AgentEntity) ?? this.agents;
    if (!(await agents.exists({ where: { id: agentId, organizationId } }))) {
      throw fieldError('assignee_id', 'assignee_id does not name an agent of this organization');
    }
  }

  private async assertDependenciesOnBoard(manager: EntityManager, dependsOn: string[], boardId: string): Promise<void> {
    if (dependsOn.length === 0) return;
    const found = await manager.countBy(TaskEntity, { id: In(dependsOn), boardId });
    if (found !== dependsOn.length) throw fieldError('depends_on', 'depends_on may only name tasks of the same board');
  }

  private async assertNoCycle(manager: EntityManager, taskId: string, dependsOn: string[], boardId: string): Promise<void> {
    const edges = new Map<string, string[]>();
    const rows = await manager
      .createQueryBuilder(TaskDependencyEntity, 'd')
      .innerJoin(TaskEntity, 't', 't.id = d.taskId')
      .where('t.boardId = :boardId AND d.taskId <> :taskId', { boardId, taskId })
      .getMany();
    for (const row of rows) edges.set(row.taskId, [...(edges.get(row.taskId) ?? []), row.dependsOnId]);
    if (createsCycle(taskId, dependsOn, edges)) {
      throw new ConflictException({ detail: 'These dependencies would form a cycle' });
    }
  }

  private async assertMoveAllowed(
    manager: EntityManager,
    board: BoardEntity,
    move: { id: string | null; from: TaskStatus | null; to: TaskStatus; dependsOn: string[] },
  ): Promise<void> {
    const unfinished = move.dependsOn.length
      ? await manager.find(TaskEntity, { where: { id: In(move.dependsOn), status: Not('done') }, select: { title: true } })
      : [];
    const othersInProgress =
      move.to === 'in_progress' && board.wipLimit !== null
        ? await manager.countBy(TaskEntity, { boardId: board.id, status: 'in_progress', ...(move.id ? { id: Not(move.id) } : {}) })
        : 0;
    const hasApprovedApproval =
      move.to === 'done' && board.requireApprovalForDone && move.id !== null
        ? await manager.existsBy(ApprovalEntity, { taskId: move.id, status: 'approved' })
        : false;
    const refusal = moveRefusal({
      from: move.from,
      to: move.to,
      board,
      unfinishedDependencies: unfinished.map((task) => task.title),
      othersInProgress,
      hasApprovedApproval,
    });
    if (refusal) throw new ConflictException({ detail: refusal });
  }
}

const byName = (a: TagSummaryDto, b: TagSummaryDto) => a.name.localeCompare(b.name);

/** A page row's dependencies and tags, selected with the page (one statement instead of three). */
interface TaskRelationsRow {
  t_id: string;
  task_depends_on: string[];
  task_tags: TagSummaryDto[];
}

function withRelations(builder: SelectQueryBuilder<TaskEntity>): SelectQueryBuilder<TaskEntity> {
  const task = `"${builder.alias}"."id"`;
  return builder
    .addSelect(
      `(SELECT COALESCE(json_agg(d.depends_on_id ORDER BY d.created_at), '[]'::json) FROM task_dependencies d WHERE d.task_id = ${task})`,
      'task_depends_on',
    )
    .addSelect(
      `(SELECT COALESCE(json_agg(json_build_object('id', g.id, 'name', g.name, 'color', g.color)), '[]'::json) FROM task_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.task_id = ${task})`,
      'task_tags',
    );
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}

function applyStatus(task: TaskEntity, to: TaskStatus): void {
  const now = new Date();
  if (to === 'in_progress' && !task.startedAt) task.startedAt = now;
  task.completedAt = to === 'done' ? now : null;
  task.status = to;
}
