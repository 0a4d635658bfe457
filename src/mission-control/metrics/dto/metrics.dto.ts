import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { UsageTotalsDto } from '../../usage/dto/usage.dto';

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

export class SummaryQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "one organization (an organization's admin always gets theirs); default: every organization the caller sees" })
  @IsOptional() @IsUUID()
  organization_id?: string;
}

export class AgentCountsDto {
  @ApiProperty() total: number;
  @ApiProperty({ description: 'online or busy' }) active: number;
  @ApiProperty() online: number;
  @ApiProperty() busy: number;
  @ApiProperty() offline: number;
  @ApiProperty() error: number;
  @ApiProperty() disabled: number;
}

export class TaskCountsDto {
  @ApiProperty() total: number;
  @ApiProperty({ description: 'not done' }) open: number;
  @ApiProperty() in_progress: number;
  @ApiProperty() review: number;
  @ApiProperty({ description: 'created since 00:00 UTC' }) created_today: number;
  @ApiProperty({ description: 'done since 00:00 UTC' }) done_today: number;
  @ApiProperty({ description: 'past due_at and not done' }) overdue: number;
}

export class GatewayCountsDto {
  @ApiProperty() online: number;
  @ApiProperty() total: number;
}

export class ThroughputDayDto {
  @ApiProperty({ example: '2026-11-21', description: 'UTC day' }) date: string;
  @ApiProperty() created: number;
  @ApiProperty() done: number;
  @ApiProperty({ description: 'tokens reported that day (input + output)' }) tokens: number;
  @ApiProperty() cost_usd: number;
}

/** The operational summary: `GET /api/v1/metrics` and the command center's overview. */
export class OperationalSummaryDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: every organization the caller sees' }) organization_id: string | null;
  @ApiProperty({ format: 'date-time' }) generated_at: string;
  @ApiProperty({ type: AgentCountsDto }) agents: AgentCountsDto;
  @ApiProperty({ type: TaskCountsDto }) tasks: TaskCountsDto;
  @ApiProperty() pending_approvals: number;
  @ApiProperty() pending_suggestions: number;
  @ApiProperty({ type: GatewayCountsDto }) gateways: GatewayCountsDto;
  @ApiProperty({ description: 'pipeline runs queued, running or waiting' }) running_pipelines: number;
  @ApiProperty({ type: UsageTotalsDto, description: 'tokens and cost reported today (UTC)' }) usage_today: UsageTotalsDto;
  @ApiProperty({ type: [ThroughputDayDto], description: 'the last 7 UTC days, today last' }) throughput: ThroughputDayDto[];
}
