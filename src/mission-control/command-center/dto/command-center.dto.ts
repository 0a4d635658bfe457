import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { AGENT_STATUSES } from '../../agents/entities/agent.entity';
import { UsageTotalsDto } from '../../usage/dto/usage.dto';

const ISO = { strict: true, strictSeparator: true };

export class CommandCenterQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "one organization (an organization's admin always gets theirs)" }) @IsOptional() @IsUUID()
  organization_id?: string;
}

/** A time window: `until` defaults to now, `since` to 7 days before it; at most 92 days. */
export class WindowQueryDto extends CommandCenterQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'default: 7 days before until' }) @IsOptional() @IsISO8601(ISO)
  since?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'default: now' }) @IsOptional() @IsISO8601(ISO)
  until?: string;
}

export class AgentStatusQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ enum: AGENT_STATUSES }) @IsOptional() @IsIn(AGENT_STATUSES)
  status?: string;
}

export class ResourceAllocationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'usage window start; default: 7 days before until' }) @IsOptional() @IsISO8601(ISO)
  since?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'usage window end; default: now' }) @IsOptional() @IsISO8601(ISO)
  until?: string;
}

export class TaskRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
}

export class AgentStatusDto {
  @ApiProperty({ format: 'uuid' }) agent_id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ enum: AGENT_STATUSES }) status: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_id: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) gateway_id: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['unknown', 'online', 'offline'], description: "the agent's gateway; null without one" }) gateway_status: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_seen_at: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'the newest activity the agent did' }) last_activity_at: string | null;
  @ApiProperty({ type: TaskRefDto, nullable: true, description: 'the in-progress task it started last' }) current_task: TaskRefDto | null;
  @ApiProperty() open_tasks: number;
  @ApiProperty() in_progress: number;
  @ApiProperty({ type: UsageTotalsDto }) usage_today: UsageTotalsDto;
}

export class GraphNodeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['agent', 'user'], description: 'user: an H5 chat user' }) type: 'agent' | 'user';
}

export const GRAPH_KINDS = ['chat', 'handoff', 'approval', 'agent_event'] as const;
export type GraphKind = (typeof GRAPH_KINDS)[number];

export class GraphEdgeDto {
  @ApiProperty({ format: 'uuid' }) source: string;
  @ApiProperty({ format: 'uuid' }) target: string;
  @ApiProperty({ description: 'interactions in the window, all kinds' }) weight: number;
  @ApiProperty({ enum: GRAPH_KINDS, isArray: true }) kinds: GraphKind[];
  @ApiProperty({ example: { chat: 3, handoff: 1 }, description: 'interactions per kind' }) counts: Partial<Record<GraphKind, number>>;
}

export class CommunicationGraphDto {
  @ApiProperty({ format: 'date-time' }) since: string;
  @ApiProperty({ format: 'date-time' }) until: string;
  @ApiProperty({ type: [GraphNodeDto] }) nodes: GraphNodeDto[];
  @ApiProperty({ type: [GraphEdgeDto], description: 'heaviest first' }) edges: GraphEdgeDto[];
}

export class ResourceAllocationDto {
  @ApiProperty({ format: 'uuid' }) agent_id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: AGENT_STATUSES }) status: string;
  @ApiProperty({ description: 'assigned, not done' }) open_tasks: number;
  @ApiProperty() in_progress: number;
  @ApiProperty({ example: { low: 0, medium: 2, high: 1, urgent: 0 }, description: 'open tasks by priority' }) open_by_priority: Record<string, number>;
  @ApiProperty({ description: 'open tasks whose due time has passed' }) overdue: number;
  @ApiProperty({ description: 'estimated_hours of the calendar schedules of its open tasks' }) estimated_hours: number;
  @ApiProperty({ description: 'open tasks with a calendar schedule' }) scheduled_tasks: number;
  @ApiProperty({ type: UsageTotalsDto, description: 'tokens and cost reported in the window' }) usage: UsageTotalsDto;
  @ApiProperty({ type: UsageTotalsDto }) usage_today: UsageTotalsDto;
}

export class LiveActivityQueryDto extends CommandCenterQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'the `cursor` of the previous page: entries older than its last one' })
  @IsOptional() @IsString() @MaxLength(200) @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a cursor this route answered' })
  cursor?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  board_id?: string;
}

export class LiveActivityStreamQueryDto extends CommandCenterQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'only entries of this board' }) @IsOptional() @IsUUID()
  board_id?: string;

  @ApiPropertyOptional({ description: 'the admin token, for EventSource, which cannot set headers' }) @IsOptional() @IsString()
  token?: string;
}

export class LiveActivityItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'task.moved', description: "the activity's action" }) type: string;
  @ApiProperty() summary: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organization_id: string | null;
  @ApiProperty({ example: { type: 'agent', id: '…' } }) actor: { type: string; id: string | null };
  @ApiProperty({ example: { type: 'task', id: '…' } }) target: { type: string; id: string | null };
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_id: string | null;
}

export class LiveActivityDto {
  @ApiProperty({ type: [LiveActivityItemDto], description: 'newest first' }) items: LiveActivityItemDto[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `cursor` for the next (older) page; null at the end' }) cursor: string | null;
}
