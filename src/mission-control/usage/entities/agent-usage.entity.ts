import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { AgentEntity } from '../../agents/entities/agent.entity';
import { OrganizationEntity } from '../../organizations/entities/organization.entity';

/** The nil UUID stands for "no task" in the key, so that usage outside tasks adds up in one row per agent, day and model. */
export const NO_TASK = '00000000-0000-0000-0000-000000000000';

/** Tokens and cost an agent used, summed per agent, UTC day, task and model (reports add to their row). */
@Entity('agent_usage_daily')
@Index(['organizationId', 'usageDate'])
export class AgentUsageEntity {
  @PrimaryColumn('uuid')
  agentId: string;

  @ManyToOne(() => AgentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agent_id' })
  agent?: Relation<AgentEntity>;

  @PrimaryColumn('date')
  usageDate: string;

  // no foreign key: what was spent on a task stays counted after the task is gone
  @PrimaryColumn('uuid')
  taskId: string;

  /** The model as the reporter named it; '' when it did not. */
  @PrimaryColumn('varchar', { length: 100 })
  model: string;

  @Column('uuid')
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Relation<OrganizationEntity>;

  @Column('bigint', { default: 0 })
  inputTokens: string;

  @Column('bigint', { default: 0 })
  outputTokens: string;

  @Column('numeric', { precision: 18, scale: 6, default: 0 })
  costUsd: string;

  /** How many reports were added up. */
  @Column('int', { default: 0 })
  reports: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
