import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { Omittable } from '../../../core/http/validation';
import { BoardGroupEntity } from '../entities/board-group.entity';
import { BoardEntity } from '../entities/board.entity';

export const BOARD_SORT = { created_at: 'createdAt', updated_at: 'updatedAt', name: 'name' };

export class CreateBoardGroupDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  organization_id: string;

  @ApiProperty({ example: 'Platform team', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;
}

export class UpdateBoardGroupDto extends PartialType(OmitType(CreateBoardGroupDto, ['organization_id'] as const), {
  skipNullProperties: false,
}) {}

export class BoardGroupDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: BoardGroupEntity): BoardGroupDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      name: entity.name,
      description: entity.description,
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}

export class CreateBoardDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  organization_id: string;

  @ApiProperty({ example: 'Release 2.0', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'a board group of the same organization' })
  @IsOptional() @IsUUID()
  board_group_id?: string | null;

  @ApiPropertyOptional({ default: false, description: 'a task reaches done only with an approved approval' })
  @Omittable() @IsBoolean()
  require_approval_for_done?: boolean;

  @ApiPropertyOptional({ default: false, description: 'a task reaches done only from review' })
  @Omittable() @IsBoolean()
  require_review_before_done?: boolean;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, maximum: 1000, description: 'most tasks in_progress at once; null: no limit' })
  @IsOptional() @IsInt() @Min(1) @Max(1000)
  wip_limit?: number | null;
}

export class UpdateBoardDto extends PartialType(OmitType(CreateBoardDto, ['organization_id'] as const), {
  skipNullProperties: false,
}) {}

export class BoardListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(BOARD_SORT), default: 'created_at' })
  @IsOptional() @IsIn(Object.keys(BOARD_SORT))
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  board_group_id?: string;

  @ApiPropertyOptional({ description: 'matches the name, case-insensitive' }) @IsOptional() @IsString() @MaxLength(200)
  q?: string;
}

export class BoardDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_group_id: string | null;
  @ApiProperty() require_approval_for_done: boolean;
  @ApiProperty() require_review_before_done: boolean;
  @ApiProperty({ nullable: true, type: Number }) wip_limit: number | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: BoardEntity): BoardDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      name: entity.name,
      description: entity.description,
      board_group_id: entity.boardGroupId,
      require_approval_for_done: entity.requireApprovalForDone,
      require_review_before_done: entity.requireReviewBeforeDone,
      wip_limit: entity.wipLimit,
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}
