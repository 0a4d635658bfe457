import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { AgentEntity } from '../../agents/entities/agent.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';
import { TaskEntity } from '../../tasks/entities/task.entity';

/** When a task is planned to run, and (following its status) when it actually started and finished. */
@Entity('task_schedules')
@Index(['agentId', 'plannedStart'])
export class TaskScheduleEntity extends OrganizationScopedEntity {
  @Index({ unique: true })
  @Column('uuid')
  taskId: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: Relation<TaskEntity>;

  @Column('uuid', { nullable: true })
  agentId: string | null;

  @ManyToOne(() => AgentEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'agent_id' })
  agent?: Relation<AgentEntity>;

  @Column('timestamptz')
  plannedStart: Date;

  @Column('timestamptz')
  plannedEnd: Date;

  @Column('real', { nullable: true })
  estimatedHours: number | null;

  @Column('timestamptz', { nullable: true })
  actualStart: Date | null;

  @Column('timestamptz', { nullable: true })
  actualEnd: Date | null;
}
