import { Column, Entity, Generated, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import type { JsonObject } from '../../../core/database/base.entity';
import { AgentEntity } from '../../agents/entities/agent.entity';
import { BoardEntity } from '../../boards/entities/board.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';
import { TaskEntity } from '../../tasks/entities/task.entity';
import type { ActionSpec } from '../actions/action-types';

export const SUGGESTION_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type SuggestionPriority = (typeof SUGGESTION_PRIORITIES)[number];
export const SUGGESTION_STATUSES = ['pending', 'accepted', 'dismissed', 'expired', 'executed', 'failed'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];
export const SUGGESTION_SOURCES = ['agent', 'rule'] as const;
export type SuggestionSource = (typeof SUGGESTION_SOURCES)[number];

/** Something an agent or a proactive rule proposes; an admin accepts (its action runs) or dismisses it. */
@Entity('suggestions')
@Index(['organizationId', 'status', 'createdAt'])
@Index(['status', 'expiresAt'])
export class SuggestionEntity extends OrganizationScopedEntity {
  /** The order of the SSE stream (`id:`), the same on every instance: replay after Last-Event-ID reads by it. */
  @Index({ unique: true })
  @Column('bigint')
  @Generated('increment')
  streamSeq: string;

  @Index()
  @Column('uuid', { nullable: true })
  boardId: string | null;

  @ManyToOne(() => BoardEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'board_id' })
  board?: Relation<BoardEntity>;

  @Index()
  @Column('uuid', { nullable: true })
  taskId: string | null;

  @ManyToOne(() => TaskEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'task_id' })
  task?: Relation<TaskEntity>;

  @Index()
  @Column('uuid', { nullable: true })
  agentId: string | null;

  @ManyToOne(() => AgentEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'agent_id' })
  agent?: Relation<AgentEntity>;

  /** The proactive rule that made it (no foreign key: a deleted rule's suggestions keep its id). */
  @Index()
  @Column('uuid', { nullable: true })
  ruleId: string | null;

  @Column('varchar', { length: 10 })
  source: SuggestionSource;

  @Column('varchar', { length: 200 })
  title: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('varchar', { length: 10, default: 'medium' })
  priority: SuggestionPriority;

  @Column('real', { nullable: true })
  confidence: number | null;

  @Column('varchar', { length: 10, default: 'pending' })
  status: SuggestionStatus;

  /** What accepting it does, with the executors of rule actions; null: accepting only records the decision. */
  @Column('jsonb', { nullable: true })
  action: ActionSpec | null;

  /** The decision's reason and what the action produced (or why it failed). */
  @Column('jsonb', { nullable: true })
  result: JsonObject | null;

  /** What the reporting agent attached (kept with the suggestion; its activity entry shows it). */
  @Column('jsonb', { default: {} })
  payload: JsonObject;

  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;
}
