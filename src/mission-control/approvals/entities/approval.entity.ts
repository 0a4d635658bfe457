import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import type { Actor } from '../../../core/auth/principal';
import type { JsonObject } from '../../../core/database/base.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';
import { TaskEntity } from '../../tasks/entities/task.entity';

/** `cancelled`: withdrawn by whoever opened it (a cancelled pipeline run) before anyone decided. */
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** A request to let a task's action go ahead; at most one is pending per task. */
@Entity('approvals')
@Index('idx_approvals_one_pending_per_task', ['taskId'], { unique: true, where: "status = 'pending'" })
@Index(['boardId', 'status'])
export class ApprovalEntity extends OrganizationScopedEntity {
  @Column('uuid')
  taskId: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: Relation<TaskEntity>;

  /** The task's board at request time (kept for filtering; the task cascades it away). */
  @Column('uuid')
  boardId: string;

  @Column('varchar', { length: 100 })
  actionType: string;

  @Column('jsonb', { default: {} })
  payload: JsonObject;

  /** How sure the requester is, 0 to 1. */
  @Column('real', { nullable: true })
  confidence: number | null;

  @Column('varchar', { length: 10, default: 'pending' })
  status: ApprovalStatus;

  @Column('varchar', { length: 16 })
  requestedByType: Actor['type'];

  @Column('uuid', { nullable: true })
  requestedById: string | null;

  @Column('varchar', { length: 16, nullable: true })
  decidedByType: Actor['type'] | null;

  @Column('uuid', { nullable: true })
  decidedById: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @Column('text', { nullable: true })
  decisionNote: string | null;
}
