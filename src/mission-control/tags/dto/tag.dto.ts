import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { Omittable } from '../../../core/http/validation';
import { TagEntity } from '../entities/tag.entity';

export const TAG_SORT = { name: 'name', created_at: 'createdAt' };
export const TAG_NAME = /^[^\s,][^,]{0,63}$/;
export const TAG_NAME_MESSAGE = 'a tag name is 1-64 characters, without commas, not starting with a space';

export class CreateTagDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  organization_id: string;

  @ApiProperty({ example: 'backend', maxLength: 64, description: 'unique in the organization, case-insensitive' })
  @IsString() @IsNotEmpty() @Matches(TAG_NAME, { message: TAG_NAME_MESSAGE })
  name: string;

  @ApiPropertyOptional({ example: '#2563eb', default: '#6b7280' })
  @Omittable() @IsString() @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'color must look like #2563eb' })
  color?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500)
  description?: string | null;
}

export class UpdateTagDto extends PartialType(OmitType(CreateTagDto, ['organization_id'] as const), { skipNullProperties: false }) {}

export class TagListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(TAG_SORT), default: 'name' }) @IsOptional() @IsIn(Object.keys(TAG_SORT))
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ description: 'part of the name' }) @IsOptional() @IsString() @MaxLength(64)
  q?: string;
}

export class TagTaskDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  task_id: string;
}

export class TagSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '#2563eb' }) color: string;

  static from(entity: TagEntity): TagSummaryDto {
    return { id: entity.id, name: entity.name, color: entity.color };
  }
}

export class TagDto extends TagSummaryDto {
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static override from(entity: TagEntity): TagDto {
    return {
      ...TagSummaryDto.from(entity),
      organization_id: entity.organizationId,
      description: entity.description,
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}

export class TaskTagLinkDto {
  @ApiProperty({ format: 'uuid' }) tag_id: string;
  @ApiProperty({ format: 'uuid' }) task_id: string;
}
