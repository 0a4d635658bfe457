import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Omittable } from '../../../core/http/validation';
import { TASK_PRIORITIES, TASK_STATUSES, TaskPriority, TaskStatus } from '../entities/task.entity';

/** `{type: "task.move", task_id, status}` from a board sync client. */
export class TaskMoveFrame {
  @IsIn(['task.move']) type: 'task.move';
  @IsUUID() task_id: string;
  @IsIn(TASK_STATUSES) status: TaskStatus;
}

/** `{type: "task.create", title, status?, assignee_id?, description?, priority?}` from a board sync client. */
export class TaskCreateFrame {
  @IsIn(['task.create']) type: 'task.create';
  @IsString() @IsNotEmpty() @MaxLength(500) title: string;
  @Omittable() @IsIn(TASK_STATUSES) status?: TaskStatus;
  @IsOptional() @IsUUID() assignee_id?: string;
  @IsOptional() @IsString() @MaxLength(20000) description?: string;
  @Omittable() @IsIn(TASK_PRIORITIES) priority?: TaskPriority;
}
