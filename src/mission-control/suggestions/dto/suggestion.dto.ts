import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { Omittable } from '../../../core/http/validation';
import { ACTION_TYPES, ActionType } from '../actions/action-types';
import {
  SUGGESTION_PRIORITIES,
  SUGGESTION_SOURCES,
  SUGGESTION_STATUSES,
  SuggestionEntity,
  SuggestionPriority,
  SuggestionSource,
  SuggestionStatus,
} from '../entities/suggestion.entity';

export const SUGGESTION_SORT = { created_at: 'createdAt', expires_at: 'expiresAt' };

export class ActionDto {
  @ApiProperty({ enum: ACTION_TYPES }) type: ActionType;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "the action type's parameters (see the Proactive rules section of /docs)" })
  params: Record<string, unknown>;
}

export class SuggestionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_id: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) task_id: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the agent that reported it, or the agent it is about' }) agent_id: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) rule_id: string | null;
  @ApiProperty({ enum: SUGGESTION_SOURCES }) source: SuggestionSource;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: SUGGESTION_PRIORITIES }) priority: SuggestionPriority;
  @ApiProperty({ nullable: true, type: Number, minimum: 0, maximum: 1 }) confidence: number | null;
  @ApiProperty({ enum: SUGGESTION_STATUSES }) status: SuggestionStatus;
  @ApiProperty({ type: ActionDto, nullable: true, description: 'what accepting it runs; null: accepting records the decision only' })
  action: ActionDto | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: '{reason?} of the decision; after an action, `output` (what it produced) or `error` (why it failed)',
  })
  result: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expires_at: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decided_at: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;

  static from(entity: SuggestionEntity): SuggestionDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      board_id: entity.boardId,
      task_id: entity.taskId,
      agent_id: entity.agentId,
      rule_id: entity.ruleId,
      source: entity.source,
      title: entity.title,
      description: entity.description,
      priority: entity.priority,
      confidence: entity.confidence,
      status: entity.status,
      action: entity.action,
      result: entity.result,
      expires_at: entity.expiresAt?.toISOString() ?? null,
      decided_at: entity.decidedAt?.toISOString() ?? null,
      created_at: entity.createdAt.toISOString(),
    };
  }
}

export class SuggestionListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(SUGGESTION_SORT), default: 'created_at' })
  @IsOptional() @IsIn(Object.keys(SUGGESTION_SORT))
  sort?: string;

  @ApiPropertyOptional({ enum: SUGGESTION_STATUSES }) @IsOptional() @IsIn(SUGGESTION_STATUSES)
  status?: SuggestionStatus;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  board_id?: string;

  @ApiPropertyOptional({ enum: SUGGESTION_PRIORITIES }) @IsOptional() @IsIn(SUGGESTION_PRIORITIES)
  priority?: SuggestionPriority;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;
}

export class DecideSuggestionDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'why; kept in the result' }) @IsOptional() @IsString() @MaxLength(2000)
  reason?: string;
}

export class SuggestionStreamQueryDto {
  @ApiPropertyOptional({ description: 'the admin token or JWT, for clients that cannot set headers (EventSource)' })
  @IsOptional() @IsString() @MaxLength(4096)
  token?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only this organization (an organization-bound admin always sees only their own)' })
  @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only suggestions about this board' }) @IsOptional() @IsUUID()
  board_id?: string;
}

export class ReportSuggestionDto {
  @ApiProperty({ maxLength: 200, example: 'Split the release task' }) @IsString() @IsNotEmpty() @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ enum: SUGGESTION_PRIORITIES, default: 'medium' }) @Omittable() @IsIn(SUGGESTION_PRIORITIES)
  priority?: SuggestionPriority;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, example: 0.8 }) @IsOptional() @IsNumber() @Min(0) @Max(1)
  confidence?: number;

  @ApiPropertyOptional({ format: 'uuid', description: "defaults to the agent's board; another board is refused (403)" })
  @IsOptional() @IsUUID()
  board_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'a task of that board' }) @IsOptional() @IsUUID()
  task_id?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'kept with the suggestion (its activity entry shows it)' })
  @Omittable() @IsObject()
  payload?: Record<string, unknown>;
}
