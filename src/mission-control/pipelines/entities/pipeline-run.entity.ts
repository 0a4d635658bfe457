import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import type { JsonObject } from '../../../core/database/base.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';
import type { RunTrigger, StageDefinition } from '../definition';
import type { RunState, RunStatus, StageState } from '../run-state';
import { PipelineEntity } from './pipeline.entity';

/**
 * One run of a pipeline, its whole state: a restarted process reads it here and goes on from the stage it was on.
 * The run keeps the stages it was started with, so editing the pipeline does not change a run under way.
 */
@Entity('pipeline_runs')
@Index(['pipelineId', 'createdAt'])
@Index(['organizationId', 'status'])
export class PipelineRunEntity extends OrganizationScopedEntity implements RunState {
  @Column('uuid')
  pipelineId: string;

  @ManyToOne(() => PipelineEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pipeline_id' })
  pipeline?: Relation<PipelineEntity>;

  @Column('varchar', { length: 200 })
  pipelineName: string;

  @Index()
  @Column('uuid', { nullable: true })
  boardId: string | null;

  @Column('varchar', { length: 16, default: 'queued' })
  status: RunStatus;

  @Column('varchar', { length: 63, nullable: true })
  currentStage: string | null;

  /** Grows each time the run is handed to a new step job; a job acts only while its step is current. */
  @Column('integer', { default: 0 })
  step: number;

  @Column('jsonb', { default: {} })
  input: JsonObject;

  @Column('jsonb')
  trigger: RunTrigger;

  @Column('jsonb')
  definition: StageDefinition[];

  @Column('jsonb')
  stages: StageState[];

  @Column('text', { nullable: true })
  error: string | null;

  /** The task the current stage waits for (an ai_task), for the `task.*` event handlers to find the run. */
  @Index()
  @Column('uuid', { nullable: true })
  waitingTaskId: string | null;

  /** The approval the current stage waits for, for the `approval.decided` handler. */
  @Index()
  @Column('uuid', { nullable: true })
  waitingApprovalId: string | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
