import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { ActivityEntryEntity } from '../entities/activity-entry.entity';

export const ACTOR_TYPES = ['admin', 'agent', 'h5_user', 'gateway', 'system'] as const;

export class ActivityRefDto {
  @ApiProperty({ example: 'agent' }) type: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) id: string | null;
}

export class ActivityEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organization_id: string | null;
  @ApiProperty({ type: ActivityRefDto, description: 'who: admin, agent, h5_user or system' }) actor: ActivityRefDto;
  @ApiProperty({ example: 'agent.token_rotated' }) action: string;
  @ApiProperty({ type: ActivityRefDto, description: 'what the write was about' }) target: ActivityRefDto;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_id: string | null;
  @ApiProperty({ example: 'Agent "reviewer" token rotated' }) summary: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'changed fields as {field: {from, to}}, secrets redacted' })
  changes: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) created_at: string;

  static from(entity: ActivityEntryEntity): ActivityEntryDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      actor: { type: entity.actorType, id: entity.actorId },
      action: entity.action,
      target: { type: entity.targetType, id: entity.targetId },
      board_id: entity.boardId,
      summary: entity.summary,
      changes: entity.changes,
      created_at: entity.createdAt.toISOString(),
    };
  }
}

export class ActivityListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  board_id?: string;

  @ApiPropertyOptional({ enum: ACTOR_TYPES }) @IsOptional() @IsIn(ACTOR_TYPES)
  actor_type?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  actor_id?: string;

  @ApiPropertyOptional({ example: 'agent.', description: 'an action, or a prefix ending in "." (e.g. "agent.")' })
  @IsOptional() @IsString() @Matches(/^[a-z0-9_.]{1,100}$/, { message: 'action must be lowercase letters, digits, _ and .' })
  action?: string;

  @ApiPropertyOptional({ example: 'agent' }) @IsOptional() @IsString() @Matches(/^[a-z0-9_]{1,50}$/, { message: 'target_type must be lowercase letters, digits and _' })
  target_type?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  target_id?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'entries at or after this time' }) @IsOptional() @IsDateString()
  since?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'entries before this time' }) @IsOptional() @IsDateString()
  until?: string;

  @ApiPropertyOptional({ description: 'words in the summary, case-insensitive' }) @IsOptional() @IsString() @MaxLength(200)
  q?: string;
}
