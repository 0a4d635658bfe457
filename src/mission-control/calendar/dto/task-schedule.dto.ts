import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { TaskScheduleEntity } from '../entities/task-schedule.entity';
import { WindowQueryDto } from './calendar-event.dto';
import { ISO_TIMESTAMP as ISO } from './calendar-fields';

export const SCHEDULE_SORT = { planned_start: 'plannedStart', created_at: 'createdAt' };

export class TaskScheduleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ format: 'uuid' }) task_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) agent_id: string | null;
  @ApiProperty({ format: 'date-time' }) planned_start: string;
  @ApiProperty({ format: 'date-time' }) planned_end: string;
  @ApiProperty({ nullable: true, type: Number }) estimated_hours: number | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'set when the task went in_progress' }) actual_start: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'set when the task was done' }) actual_end: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: TaskScheduleEntity): TaskScheduleDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      task_id: entity.taskId,
      agent_id: entity.agentId,
      planned_start: entity.plannedStart.toISOString(),
      planned_end: entity.plannedEnd.toISOString(),
      estimated_hours: entity.estimatedHours,
      actual_start: entity.actualStart?.toISOString() ?? null,
      actual_end: entity.actualEnd?.toISOString() ?? null,
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}

export class CreateTaskScheduleDto {
  @ApiProperty({ format: 'uuid', description: 'one schedule per task' }) @IsUUID()
  task_id: string;

  @ApiPropertyOptional({ format: 'uuid', description: "an agent of the task's organization; default: the task's assignee" }) @IsOptional() @IsUUID()
  agent_id?: string;

  @ApiProperty({ format: 'date-time' }) @IsISO8601(ISO)
  planned_start: string;

  @ApiProperty({ format: 'date-time', description: 'after planned_start' }) @IsISO8601(ISO)
  planned_end: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 10000, example: 6 }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(10000)
  estimated_hours?: number;
}

export class TaskScheduleListQueryDto extends WindowQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(SCHEDULE_SORT), default: 'planned_start' })
  @IsOptional() @IsIn(Object.keys(SCHEDULE_SORT))
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  task_id?: string;
}
