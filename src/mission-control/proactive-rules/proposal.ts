import type { DomainEvent } from '../../core/jobs/job.decorators';
import type { ActionSpec } from '../suggestions/actions/action-types';

/** One thing a firing rule acts on: the target its cooldown counts for, the defaults of its action, what template fields read. */
export interface Proposal {
  /** `task:<id>`, `agent:<id>`, `board:<id>`…: a rule acts on the same target at most once per cooldown. */
  target: string;
  boardId: string | null;
  taskId: string | null;
  agentId: string | null;
  data: Record<string, unknown>;
  /** What a built-in's suggestion offers to do when accepted (a rule of one's own says it in its params). */
  offer?: ActionSpec | null;
}

interface Ref {
  id?: string;
  board_id?: string | null;
  task_id?: string | null;
  assignee_id?: string | null;
}

/** The event as a rule of one's own sees it: the payload's task, approval, agent or gateway is the target. */
export function proposalForEvent(event: DomainEvent): Proposal {
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  const task = payload.task as Ref | undefined;
  const approval = payload.approval as Ref | undefined;
  const agent = payload.agent as Ref | undefined;
  const gateway = payload.gateway as Ref | undefined;
  const target = task?.id
    ? `task:${task.id}`
    : approval?.id
      ? `approval:${approval.id}`
      : agent?.id
        ? `agent:${agent.id}`
        : gateway?.id
          ? `gateway:${gateway.id}`
          : typeof payload.pipeline_id === 'string'
            ? `pipeline:${payload.pipeline_id}`
            : `event:${event.name}`;
  return {
    target,
    taskId: task?.id ?? approval?.task_id ?? (payload.task_id as string | null | undefined) ?? null,
    boardId: task?.board_id ?? approval?.board_id ?? (payload.board_id as string | null | undefined) ?? agent?.board_id ?? null,
    agentId: agent?.id ?? task?.assignee_id ?? null,
    data: { ...payload, event: { id: event.id, name: event.name, occurred_at: event.occurredAt } },
  };
}
