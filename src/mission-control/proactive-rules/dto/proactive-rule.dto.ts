import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { CONDITION_OPS } from '../../../core/expressions/expression';
import { PageQueryDto } from '../../../core/http/pagination';
import { OptionalQueryBoolean, Omittable } from '../../../core/http/validation';
import { ActionDto } from '../../suggestions/dto/suggestion.dto';
import { ProactiveRuleEntity } from '../entities/proactive-rule.entity';
import { MAX_CONDITIONS, RULE_EVENTS, TRIGGER_TYPES } from '../rule-definition';

export const RULE_SORT = { created_at: 'createdAt', name: 'name' };
const MAX_COOLDOWN_MINUTES = 525_600;

export class RuleTriggerDto {
  @ApiProperty({ enum: TRIGGER_TYPES }) type: 'event' | 'schedule';
  @ApiPropertyOptional({ enum: RULE_EVENTS, description: 'type event: the domain event that triggers the rule' }) event?: string;
  @ApiPropertyOptional({ example: '0 9 * * 1-5', description: 'type schedule: a cron expression (5 or 6 fields), checked every minute' }) cron?: string;
  @ApiPropertyOptional({ example: 'Asia/Shanghai', description: 'type schedule: IANA time zone of the cron expression (default UTC)' }) timezone?: string;
}

export class RuleConditionDto {
  @ApiProperty({ example: 'task.priority', description: 'dotted path into the event payload' }) field: string;
  @ApiProperty({ enum: CONDITION_OPS }) op: string;
  @ApiProperty({ example: 'urgent', description: 'any JSON value' }) value: unknown;
}

export class CreateProactiveRuleDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  organization_id: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'only events of this board' }) @IsOptional() @IsUUID()
  board_id?: string | null;

  @ApiProperty({ maxLength: 200, example: 'Escalate urgent tasks' }) @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;

  @ApiProperty({ type: RuleTriggerDto, example: { type: 'event', event: 'task.created' } }) @IsObject()
  trigger: Record<string, unknown>;

  @ApiPropertyOptional({ type: [RuleConditionDto], maxItems: MAX_CONDITIONS, description: 'all must hold; default none' })
  @Omittable() @IsArray() @ArrayMaxSize(MAX_CONDITIONS)
  conditions?: unknown[];

  @ApiProperty({ type: ActionDto, example: { type: 'create_suggestion', params: { title: 'Look at "{{task.title}}"', priority: 'high' } } }) @IsObject()
  action: Record<string, unknown>;

  @ApiPropertyOptional({ default: 60, minimum: 0, maximum: MAX_COOLDOWN_MINUTES, description: 'at most one firing per target (task, agent, board…) this often; 0: no cooldown' })
  @Omittable() @IsInt() @Min(0) @Max(MAX_COOLDOWN_MINUTES)
  cooldown_minutes?: number;

  @ApiPropertyOptional({ default: true }) @Omittable() @IsBoolean()
  enabled?: boolean;
}

export class UpdateProactiveRuleDto extends PartialType(OmitType(CreateProactiveRuleDto, ['organization_id'] as const), { skipNullProperties: false }) {}

export class ProactiveRuleListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(RULE_SORT), default: 'created_at' })
  @IsOptional() @IsIn(Object.keys(RULE_SORT))
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  board_id?: string;

  @ApiPropertyOptional() @OptionalQueryBoolean()
  enabled?: boolean;

  @ApiPropertyOptional() @OptionalQueryBoolean()
  builtin?: boolean;
}

export class ProactiveRuleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_id: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: RuleTriggerDto }) trigger: RuleTriggerDto;
  @ApiProperty({ type: [RuleConditionDto] }) conditions: RuleConditionDto[];
  @ApiProperty({ type: ActionDto }) action: ActionDto;
  @ApiProperty() cooldown_minutes: number;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ description: 'shipped with the service: can be toggled and tuned, not deleted' }) builtin: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'overdue_task', description: 'which built-in rule this is' }) builtin_key: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: ProactiveRuleEntity): ProactiveRuleDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      board_id: entity.boardId,
      name: entity.name,
      description: entity.description,
      trigger: entity.trigger,
      conditions: entity.conditions,
      action: entity.action,
      cooldown_minutes: entity.cooldownMinutes,
      enabled: entity.enabled,
      builtin: entity.builtinKey !== null,
      builtin_key: entity.builtinKey,
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}
