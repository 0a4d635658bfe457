import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class MetricsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 365, default: 30, description: 'the window of the per-day series and the cycle time' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(365)
  days: number = 30;
}

export class DayCountDto {
  @ApiProperty({ example: '2026-11-21', description: 'UTC day' }) date: string;
  @ApiProperty() count: number;
}

export class CycleTimeDto {
  @ApiProperty({ description: 'tasks done in the window that had been started' }) count: number;
  @ApiProperty({ nullable: true, type: Number, description: 'hours from first in_progress to done' }) average_hours: number | null;
  @ApiProperty({ nullable: true, type: Number }) median_hours: number | null;
  @ApiProperty({ nullable: true, type: Number }) p90_hours: number | null;
}

export class AgentLoadDto {
  @ApiProperty({ format: 'uuid' }) agent_id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'assigned tasks not done' }) open_tasks: number;
  @ApiProperty() in_progress: number;
}

export class MetricsDto {
  @ApiProperty({ enum: ['board', 'organization'] }) scope: 'board' | 'organization';
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() window_days: number;
  @ApiProperty({ example: { inbox: 2, todo: 5, in_progress: 3, review: 1, done: 12 } }) tasks_by_status: Record<string, number>;
  @ApiProperty({ type: [DayCountDto] }) created_per_day: DayCountDto[];
  @ApiProperty({ type: [DayCountDto] }) done_per_day: DayCountDto[];
  @ApiProperty({ type: CycleTimeDto }) cycle_time: CycleTimeDto;
  @ApiProperty() pending_approvals: number;
  @ApiProperty({ type: [AgentLoadDto] }) agent_load: AgentLoadDto[];
}
