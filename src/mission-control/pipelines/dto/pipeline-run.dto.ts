import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { Omittable } from '../../../core/http/validation';
import { STAGE_TYPES, StageType } from '../definition';
import { PipelineRunEntity } from '../entities/pipeline-run.entity';
import { RUN_STATUSES, RunStatus, STAGE_STATUSES, StageStatus } from '../run-state';

export const RUN_SORT = { created_at: 'createdAt', finished_at: 'finishedAt' };

export class RunPipelineDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { title: 'Fix the login page', agent_id: '…' }, description: 'what stages read as input.<path>' })
  @Omittable() @IsObject()
  input?: Record<string, unknown>;
}

export class AdvanceRunDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: "the manual stage's output (default {})" })
  @Omittable() @IsObject()
  output?: Record<string, unknown>;
}

export class RunListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(RUN_SORT), default: 'created_at' }) @IsOptional() @IsIn(Object.keys(RUN_SORT))
  sort?: string;

  @ApiPropertyOptional({ enum: RUN_STATUSES }) @IsOptional() @IsIn(RUN_STATUSES)
  status?: RunStatus;
}

export class StageStateDto {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: STAGE_TYPES }) type: StageType;
  @ApiProperty({ enum: STAGE_STATUSES }) status: StageStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) started_at: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finished_at: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'ai_task {task_id, agent_id, message, completed_at}; approval {approval_id, task_id, decision, note}; manual: what advance sent; ' +
      'webhook {status, body}; condition {result, next}; delay {seconds, wake_at}',
  })
  output: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String, description: 'why it failed, or the error of its last try while it is retried' }) error: string | null;
  @ApiProperty({ description: 'tries of its effect (webhook retries, a resumption after a restart)' }) attempts: number;
}

class RunTriggerDto {
  @ApiProperty({ enum: ['manual', 'event', 'schedule'] }) type: string;
  @ApiPropertyOptional({ description: 'manual: who started it' }) by?: { type: string; id: string | null };
  @ApiPropertyOptional({ description: 'event: its name' }) event?: string;
  @ApiPropertyOptional({ format: 'uuid' }) event_id?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'schedule: the firing it is for' }) fired_at?: string;
}

export class PipelineRunDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) pipeline_id: string;
  @ApiProperty() pipeline_name: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_id: string | null;
  @ApiProperty({ enum: RUN_STATUSES }) status: RunStatus;
  @ApiProperty({ nullable: true, type: String, description: 'the key of the stage the run is on (of the failed or cancelled stage once it ended that way)' })
  current_stage: string | null;
  @ApiProperty({ type: [StageStateDto] }) stages: StageStateDto[];
  @ApiProperty({ type: 'object', additionalProperties: true }) input: Record<string, unknown>;
  @ApiProperty({ type: RunTriggerDto }) trigger: RunTriggerDto;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finished_at: string | null;

  static from(run: PipelineRunEntity): PipelineRunDto {
    return {
      id: run.id,
      pipeline_id: run.pipelineId,
      pipeline_name: run.pipelineName,
      organization_id: run.organizationId,
      board_id: run.boardId,
      status: run.status,
      current_stage: run.currentStage,
      stages: run.stages.map(({ step: _step, ...stage }) => stage),
      input: run.input,
      trigger: run.trigger,
      error: run.error,
      created_at: run.createdAt.toISOString(),
      updated_at: run.updatedAt.toISOString(),
      finished_at: run.finishedAt?.toISOString() ?? null,
    };
  }
}
