import type { Actor } from '../../core/auth/principal';
import type { TaskDto } from './dto/task.dto';

/** Everything that happens to a board's tasks is published on its channel, after the write commits. */
export const boardChannel = (boardId: string) => `board:${boardId}`;

export interface TaskCreatedEvent {
  task: TaskDto;
  by: Actor;
}

export interface TaskChangedEvent {
  task_id: string;
  /** The task as it now is, when the publisher has it at hand. */
  task?: TaskDto;
  /** `{field: {from, to}}` with the entity's property names, as in the activity trail. */
  changes: Record<string, unknown>;
  by: Actor;
}

export interface TaskDeletedEvent {
  task_id: string;
  by: Actor;
}
