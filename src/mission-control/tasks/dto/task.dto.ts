import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsDateString, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { OptionalQueryBoolean, Omittable } from '../../../core/http/validation';
import { TAG_NAME, TAG_NAME_MESSAGE, TagSummaryDto } from '../../tags/dto/tag.dto';
import { TASK_PRIORITIES, TASK_STATUSES, TaskEntity, TaskPriority, TaskStatus } from '../entities/task.entity';

export const TASK_SORT = { created_at: 'createdAt', updated_at: 'updatedAt', due_at: 'dueAt', title: 'title', status: 'status' };
const MAX_DEPENDENCIES = 50;
const MAX_TAGS = 20;

export class CreateTaskDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  board_id: string;

  @ApiProperty({ example: 'Write the release notes', maxLength: 500 }) @IsString() @IsNotEmpty() @MaxLength(500)
  title: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 20000 }) @IsOptional() @IsString() @MaxLength(20000)
  description?: string | null;

  @ApiPropertyOptional({ enum: TASK_STATUSES, default: 'inbox' }) @Omittable() @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ enum: TASK_PRIORITIES, default: 'medium' }) @Omittable() @IsIn(TASK_PRIORITIES)
  priority?: TaskPriority;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'an agent of the same organization' })
  @IsOptional() @IsUUID()
  assignee_id?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) @IsOptional() @IsDateString()
  due_at?: string | null;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_DEPENDENCIES,
    description: 'tasks of the same board that must be done before this one can start or finish; replaces the set on update',
  })
  @Omittable() @IsArray() @ArrayMaxSize(MAX_DEPENDENCIES) @ArrayUnique() @IsUUID('all', { each: true })
  depends_on?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['backend', 'release'],
    maxItems: MAX_TAGS,
    description: "tag names; ones missing from the organization's catalogue are added to it; replaces the set on update",
  })
  @Omittable() @IsArray() @ArrayMaxSize(MAX_TAGS) @IsString({ each: true }) @Matches(TAG_NAME, { each: true, message: TAG_NAME_MESSAGE })
  tags?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { story_points: 5 },
    description: 'values by custom field key, checked against their definitions; on update they merge, and null removes one',
  })
  @Omittable() @IsObject()
  custom_fields?: Record<string, unknown>;
}

export class UpdateTaskDto extends PartialType(OmitType(CreateTaskDto, ['board_id'] as const), { skipNullProperties: false }) {}

export class TaskListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(TASK_SORT), default: 'created_at' })
  @IsOptional() @IsIn(Object.keys(TASK_SORT))
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  board_id?: string;

  @ApiPropertyOptional({ enum: TASK_STATUSES }) @IsOptional() @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ enum: TASK_PRIORITIES }) @IsOptional() @IsIn(TASK_PRIORITIES)
  priority?: TaskPriority;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  assignee_id?: string;

  @ApiPropertyOptional({ description: 'words in the title or description, case-insensitive' }) @IsOptional() @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ example: 'backend', description: 'tasks carrying this tag (by name, case-insensitive)' })
  @IsOptional() @IsString() @MaxLength(64)
  tag?: string;
}

export class AgentTaskListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(TASK_SORT), default: 'created_at' })
  @IsOptional() @IsIn(Object.keys(TASK_SORT))
  sort?: string;

  @ApiPropertyOptional({ enum: TASK_STATUSES }) @IsOptional() @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ description: 'true: only the tasks assigned to the calling agent' })
  @OptionalQueryBoolean()
  mine?: boolean;
}

export class MoveTaskDto {
  @ApiProperty({ enum: TASK_STATUSES }) @IsIn(TASK_STATUSES)
  status: TaskStatus;
}

export class TaskActorDto {
  @ApiProperty({ enum: ['admin', 'agent', 'h5_user', 'system'] }) type: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) id: string | null;
}

export class TaskDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ format: 'uuid' }) board_id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskStatus;
  @ApiProperty({ enum: TASK_PRIORITIES }) priority: TaskPriority;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assignee_id: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) due_at: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) depends_on: string[];
  @ApiProperty({ type: [TagSummaryDto] }) tags: TagSummaryDto[];
  @ApiProperty({ type: 'object', additionalProperties: true }) custom_fields: Record<string, unknown>;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'first entered in_progress' }) started_at: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'reached done' }) completed_at: string | null;
  @ApiProperty({ type: TaskActorDto }) created_by: TaskActorDto;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: TaskEntity, dependsOn: string[], tags: TagSummaryDto[]): TaskDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      board_id: entity.boardId,
      title: entity.title,
      description: entity.description,
      status: entity.status,
      priority: entity.priority,
      assignee_id: entity.assigneeId,
      due_at: entity.dueAt?.toISOString() ?? null,
      depends_on: dependsOn,
      tags,
      custom_fields: entity.customFields,
      started_at: entity.startedAt?.toISOString() ?? null,
      completed_at: entity.completedAt?.toISOString() ?? null,
      created_by: { type: entity.createdByType, id: entity.createdById },
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}
