import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { OptionalQueryBoolean, Omittable } from '../../../core/http/validation';
import { MemoryEntryEntity } from '../entities/memory-entry.entity';

const TAG = /^[^\s,][^,]{0,63}$/;

export class CreateMemoryDto {
  @ApiProperty({ example: '部署窗口是每周二 22:00', maxLength: 20000 }) @IsString() @IsNotEmpty() @MaxLength(20000)
  content: string;

  @ApiPropertyOptional({ type: [String], example: ['deploy'], maxItems: 20 })
  @Omittable() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Matches(TAG, { each: true, message: 'each tag is 1-64 characters without commas' })
  tags?: string[];

  @ApiPropertyOptional({ example: 'manual', default: 'manual', description: 'where the note came from' })
  @Omittable() @IsString() @Matches(/^[a-z0-9_.:-]{1,100}$/, { message: 'source must be 1-100 lowercase letters, digits, _ . : or -' })
  source?: string;

  @ApiPropertyOptional({ default: false, description: 'part of a chat transcript rather than a curated note' })
  @Omittable() @IsBoolean()
  is_chat?: boolean;
}

export class UpdateMemoryDto {
  @ApiPropertyOptional({ maxLength: 20000 }) @Omittable() @IsString() @IsNotEmpty() @MaxLength(20000)
  content?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @Omittable() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Matches(TAG, { each: true, message: 'each tag is 1-64 characters without commas' })
  tags?: string[];
}

export class MemoryListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'entries carrying this tag' }) @IsOptional() @IsString() @MaxLength(64)
  tag?: string;

  @ApiPropertyOptional({ description: 'true: chat entries only; false: curated notes only' })
  @OptionalQueryBoolean()
  is_chat?: boolean;

  @ApiPropertyOptional({ description: 'words in the content, case-insensitive' }) @IsOptional() @IsString() @MaxLength(200)
  q?: string;
}

export class MemoryEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_id: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_group_id: string | null;
  @ApiProperty() content: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty() source: string;
  @ApiProperty() is_chat: boolean;
  @ApiProperty({ description: '{type, id} of who wrote it', type: 'object', properties: { type: { type: 'string' }, id: { type: 'string', nullable: true } } })
  created_by: { type: string; id: string | null };
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: MemoryEntryEntity): MemoryEntryDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      board_id: entity.boardId,
      board_group_id: entity.boardGroupId,
      content: entity.content,
      tags: entity.tags,
      source: entity.source,
      is_chat: entity.isChat,
      created_by: { type: entity.createdByType, id: entity.createdById },
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}
