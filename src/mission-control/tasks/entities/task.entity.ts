import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import type { Actor } from '../../../core/auth/principal';
import type { JsonObject } from '../../../core/database/base.entity';
import { AgentEntity } from '../../agents/entities/agent.entity';
import { BoardEntity } from '../../boards/entities/board.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';

export const TASK_STATUSES = ['inbox', 'todo', 'in_progress', 'review', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

@Entity('tasks')
@Index(['boardId', 'status'])
export class TaskEntity extends OrganizationScopedEntity {
  @Column('uuid')
  boardId: string;

  @ManyToOne(() => BoardEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'board_id' })
  board?: Relation<BoardEntity>;

  @Column('varchar', { length: 500 })
  title: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('varchar', { length: 20, default: 'inbox' })
  status: TaskStatus;

  @Column('varchar', { length: 10, default: 'medium' })
  priority: TaskPriority;

  @Index()
  @Column('uuid', { nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => AgentEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: Relation<AgentEntity>;

  @Column('timestamptz', { nullable: true })
  dueAt: Date | null;

  /** Values of the organisation's task custom fields, by key. */
  @Column('jsonb', { default: {} })
  customFields: JsonObject;

  /** When the task first entered in_progress, and when it last reached done: the cycle time. */
  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @Column('varchar', { length: 16 })
  createdByType: Actor['type'];

  @Column('uuid', { nullable: true })
  createdById: string | null;
}
