import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import type { DomainEvent } from '../../core/jobs/job.decorators';
import { AgentEntity } from '../agents/entities/agent.entity';
import { BoardEntity } from '../boards/entities/board.entity';
import type { AgentRef } from '../domain-events';
import type { TaskDto } from '../tasks/dto/task.dto';
import { TaskEntity } from '../tasks/entities/task.entity';
import type { BuiltinKey } from './builtin-rules';
import { Proposal, proposalForEvent } from './proposal';

const NOT_STARTED = ['inbox', 'todo'] as const;

/**
 * What each built-in rule checks before it suggests anything, looked up when its event is handled (the event
 * may be older than the state: a task that is done by now is not reported overdue), and the action its
 * suggestion offers.
 */
@Injectable()
export class BuiltinSituations {
  constructor(private readonly dataSource: DataSource) {}

  propose(key: BuiltinKey, event: DomainEvent): Promise<Proposal[]> {
    switch (key) {
      case 'overdue_task':
        return this.overdue(event);
      case 'stale_review':
        return this.staleReview(event);
      case 'wip_limit_exceeded':
        return this.wipLimit(event);
      case 'unblocking_opportunity':
        return this.unblocked(event);
      case 'idle_agent':
        return this.idle(event);
      case 'follow_up_after_done':
        return this.followUp(event);
    }
  }

  private async overdue(event: DomainEvent): Promise<Proposal[]> {
    const reported = taskOf(event);
    const task = await this.task(reported.id);
    if (!task || task.status === 'done' || task.dueAt?.toISOString() !== reported.due_at) return [];
    const offer = task.assigneeId
      ? { type: 'notify_agent' as const, params: { agent_id: task.assigneeId, message: `Task "${task.title}" was due at ${reported.due_at}: please finish it or say when it will be done.` } }
      : null;
    return [{ ...proposalForEvent(event), offer }];
  }

  private async staleReview(event: DomainEvent): Promise<Proposal[]> {
    const task = await this.task(taskOf(event).id);
    return task?.status === 'review' ? [{ ...proposalForEvent(event), offer: null }] : [];
  }

  private async wipLimit(event: DomainEvent): Promise<Proposal[]> {
    const reported = taskOf(event);
    const board = await this.dataSource.manager.findOneBy(BoardEntity, { id: reported.board_id });
    if (board?.wipLimit === null || board?.wipLimit === undefined) return [];
    const inProgress = await this.dataSource.manager.countBy(TaskEntity, { boardId: board.id, status: 'in_progress' });
    if (inProgress < board.wipLimit) return [];
    const base = proposalForEvent(event);
    return [
      {
        ...base,
        target: `board:${board.id}`,
        data: { ...base.data, board: { id: board.id, name: board.name, wip_limit: board.wipLimit, in_progress: inProgress } },
        offer: null,
      },
    ];
  }

  /** Tasks not yet started whose last open dependency was this one. */
  private async unblocked(event: DomainEvent): Promise<Proposal[]> {
    const finished = taskOf(event);
    const ready: Array<Pick<TaskEntity, 'id' | 'title' | 'status' | 'boardId' | 'assigneeId'>> = await this.dataSource.manager
      .createQueryBuilder(TaskEntity, 't')
      .innerJoin('task_dependencies', 'd', 'd.task_id = t.id AND d.depends_on_id = :finished', { finished: finished.id })
      .where('t.status IN (:...notStarted)', { notStarted: NOT_STARTED })
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM task_dependencies open_dep JOIN tasks dep ON dep.id = open_dep.depends_on_id
                      WHERE open_dep.task_id = t.id AND dep.status <> 'done')`,
      )
      .orderBy('t.createdAt', 'ASC')
      .getMany();
    const base = proposalForEvent(event);
    return ready.map((task) => ({
      target: `task:${task.id}`,
      boardId: task.boardId,
      taskId: task.id,
      agentId: task.assigneeId,
      data: { ...base.data, unblocked_task: { id: task.id, title: task.title, status: task.status, assignee_id: task.assigneeId } },
      offer: { type: 'move_task', params: { task_id: task.id, status: 'in_progress' } },
    }));
  }

  private async idle(event: DomainEvent): Promise<Proposal[]> {
    const reported = (event.payload as { agent: AgentRef }).agent;
    const manager = this.dataSource.manager;
    const agent = await manager.findOneBy(AgentEntity, { id: reported.id });
    if (!agent || agent.status !== 'online') return [];
    if (await manager.existsBy(TaskEntity, { assigneeId: agent.id, status: 'in_progress' })) return [];
    const next = agent.boardId
      ? await manager.findOne(TaskEntity, { where: { boardId: agent.boardId, assigneeId: IsNull(), status: In([...NOT_STARTED]) }, order: { status: 'DESC', createdAt: 'ASC' } })
      : null;
    const base = proposalForEvent(event);
    return [
      {
        ...base,
        boardId: agent.boardId,
        taskId: next?.id ?? null,
        data: { ...base.data, next_task: next ? { id: next.id, title: next.title } : null },
        offer: next ? { type: 'reassign_task', params: { task_id: next.id, agent_id: agent.id } } : null,
      },
    ];
  }

  private async followUp(event: DomainEvent): Promise<Proposal[]> {
    const done = taskOf(event);
    const task = await this.task(done.id);
    if (task?.status !== 'done') return [];
    const params: Record<string, unknown> = { board_id: task.boardId, title: `Follow up: ${task.title}`.slice(0, 500) };
    if (task.assigneeId) params.assignee_id = task.assigneeId;
    return [{ ...proposalForEvent(event), offer: { type: 'create_task', params } }];
  }

  private task(id: string): Promise<TaskEntity | null> {
    return this.dataSource.manager.findOneBy(TaskEntity, { id });
  }
}

function taskOf(event: DomainEvent): TaskDto {
  return (event.payload as { task: TaskDto }).task;
}
