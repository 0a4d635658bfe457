import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath, OmitType, PartialType } from '@nestjs/swagger';
import { Expose, plainToInstance, Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { Omittable, OptionalQueryBoolean } from '../../../core/http/validation';
import { MISSION_CONTROL_EVENT_CATALOGUE } from '../../domain-events';
import { PipelineTrigger, STAGE_KEY, STAGE_KEY_MESSAGE, STAGE_TYPES, StageDefinition, StageType, TRIGGER_TYPES, TriggerType } from '../definition';
import { PipelineEntity } from '../entities/pipeline.entity';
import { STAGE_CONFIG_CLASSES } from './stage-configs.dto';

export const MAX_STAGES = 50;
export const PIPELINE_SORT = { created_at: 'createdAt', updated_at: 'updatedAt', name: 'name' };
export const EVENT_NAMES = Object.keys(MISSION_CONTROL_EVENT_CATALOGUE);

const isPlainObject = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value);

export class TriggerDto {
  @ApiProperty({ enum: TRIGGER_TYPES }) @IsIn(TRIGGER_TYPES)
  type: TriggerType;

  @ApiPropertyOptional({ enum: EVENT_NAMES, description: 'type event: the domain event that starts a run; the run\'s input is its payload' })
  @ValidateIf((trigger: TriggerDto) => trigger.type === 'event' || trigger.event !== undefined) @IsIn(EVENT_NAMES)
  event?: string;

  @ApiPropertyOptional({ example: '0 9 * * 1-5', description: 'type schedule: a cron expression (5 fields, or 6 with seconds first)' })
  @ValidateIf((trigger: TriggerDto) => trigger.type === 'schedule' || trigger.cron !== undefined) @IsString() @IsNotEmpty() @MaxLength(100)
  cron?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', default: 'UTC', description: 'type schedule: the IANA time zone the cron expression is read in' })
  @Omittable() @IsString() @MaxLength(64)
  timezone?: string;
}

@ApiExtraModels(...Object.values(STAGE_CONFIG_CLASSES))
export class StageDto {
  @ApiProperty({ example: 'review', pattern: STAGE_KEY.source, description: 'unique in the pipeline; branches and variables name the stage by it' })
  @IsString() @Matches(STAGE_KEY, { message: `key ${STAGE_KEY_MESSAGE}` })
  key: string;

  @ApiProperty({ example: 'Code review', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiProperty({ enum: STAGE_TYPES }) @IsIn(STAGE_TYPES)
  type: StageType;

  @ApiProperty({
    oneOf: Object.values(STAGE_CONFIG_CLASSES).map((config) => ({ $ref: getSchemaPath(config) })),
    description: 'by type: AiTaskStageConfig, ApprovalStageConfig, ManualStageConfig, WebhookStageConfig, ConditionStageConfig, DelayStageConfig',
  })
  @Expose()
  @Transform(({ value, obj }: { value: unknown; obj: { type?: StageType } }) => {
    const config = typeof obj.type === 'string' && Object.hasOwn(STAGE_CONFIG_CLASSES, obj.type) ? STAGE_CONFIG_CLASSES[obj.type] : undefined;
    if (!config) return value;
    return value === undefined ? plainToInstance(config, {}) : isPlainObject(value) ? plainToInstance(config, value) : value;
  })
  @ValidateIf((stage: StageDto) => STAGE_TYPES.includes(stage.type)) @IsObject() @ValidateNested()
  config: object;
}

export class CreatePipelineDto {
  @ApiPropertyOptional({ example: 'code_review', description: 'the key of a built-in template (GET /api/v1/pipeline-templates) to create the pipeline from; the other fields override it' })
  @Omittable() @IsString() @MaxLength(64)
  template?: string;

  @ApiProperty({ format: 'uuid' }) @IsUUID()
  organization_id: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'the board its tasks and approvals go to (needed by ai_task and approval stages)' })
  @IsOptional() @IsUUID()
  board_id?: string | null;

  @ApiPropertyOptional({ maxLength: 200, description: "required unless a template gives it" })
  @ValidateIf((dto: CreatePipelineDto) => dto.template === undefined || dto.name !== undefined) @IsString() @IsNotEmpty() @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 5000 }) @IsOptional() @IsString() @MaxLength(5000)
  description?: string | null;

  @ApiPropertyOptional({ type: TriggerDto, description: 'default {"type": "manual"}' })
  @Omittable() @IsObject() @ValidateNested() @Type(() => TriggerDto)
  trigger?: TriggerDto;

  @ApiPropertyOptional({ type: [StageDto], minItems: 1, maxItems: MAX_STAGES, description: 'run in order unless a stage branches; required unless a template gives them' })
  @ValidateIf((dto: CreatePipelineDto) => dto.template === undefined || dto.stages !== undefined)
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_STAGES) @ValidateNested({ each: true }) @Type(() => StageDto)
  stages?: StageDto[];

  @ApiPropertyOptional({ default: true, description: 'a disabled pipeline is not started by its trigger, nor by POST …/run' }) @Omittable() @IsBoolean()
  enabled?: boolean;
}

export class UpdatePipelineDto extends PartialType(OmitType(CreatePipelineDto, ['template', 'organization_id'] as const), { skipNullProperties: false }) {}

export class PipelineListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(PIPELINE_SORT), default: 'created_at' }) @IsOptional() @IsIn(Object.keys(PIPELINE_SORT))
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  board_id?: string;

  @ApiPropertyOptional({ type: Boolean }) @OptionalQueryBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ enum: TRIGGER_TYPES }) @IsOptional() @IsIn(TRIGGER_TYPES)
  trigger_type?: TriggerType;
}

export class PipelineDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_id: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: TriggerDto }) trigger: PipelineTrigger;
  @ApiProperty({ type: [StageDto] }) stages: StageDefinition[];
  @ApiProperty() enabled: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'the template it was created from' }) template: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: PipelineEntity): PipelineDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      board_id: entity.boardId,
      name: entity.name,
      description: entity.description,
      trigger: entity.trigger,
      stages: entity.stages,
      enabled: entity.enabled,
      template: entity.templateKey,
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}

export class PipelineTemplateDto {
  @ApiProperty({ example: 'code_review' }) key: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: TriggerDto }) trigger: PipelineTrigger;
  @ApiProperty({ type: [StageDto] }) stages: StageDefinition[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'an input a run of it can start with' }) input_example: Record<string, unknown>;
}
