import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import type { FailedJob } from '../../../core/jobs/job-engine';

export class JobQueueCountDto {
  @ApiProperty({ example: 'on-RulesService_onEvent' }) queue: string;
  @ApiProperty({ enum: ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] }) state: string;
  @ApiProperty({ example: 3 }) count: number;
}

export class JobQueuesDto {
  @ApiProperty({ example: 'ok', description: 'the job engine: ok, starting, stopped or failed: <why>' }) engine: string;
  @ApiProperty({ type: [JobQueueCountDto], description: 'jobs not yet archived, per queue and state' }) items: JobQueueCountDto[];
}

export class FailedJobsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'only this queue' }) @IsOptional() @IsString() @MaxLength(120)
  queue?: string;
}

export class FailedJobDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() queue: string;
  @ApiProperty({ description: 'tries made, the first included' }) attempts: number;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'the error of the last try' }) error: unknown;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) failed_at: string | null;

  static from(job: FailedJob): FailedJobDto {
    return { ...job, created_at: job.created_at.toISOString(), failed_at: job.failed_at?.toISOString() ?? null };
  }
}
