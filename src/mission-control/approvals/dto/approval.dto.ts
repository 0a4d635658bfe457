import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { Omittable } from '../../../core/http/validation';
import { APPROVAL_STATUSES, ApprovalEntity, ApprovalStatus } from '../entities/approval.entity';

/** What an approval is for: letters, digits, . _ : - */
export const ACTION_TYPE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
export const ACTION_TYPE_MESSAGE = 'action_type must be 1-100 letters, digits, . _ : or -';

export class CreateApprovalDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  task_id: string;

  @ApiProperty({ example: 'deploy.production', description: 'what is to be approved: letters, digits, . _ : -' })
  @IsString() @Matches(ACTION_TYPE, { message: ACTION_TYPE_MESSAGE })
  action_type: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @Omittable() @IsObject()
  payload?: Record<string, unknown>;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 1, example: 0.85 }) @IsOptional() @IsNumber() @Min(0) @Max(1)
  confidence?: number | null;
}

export class DecideApprovalDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'why' }) @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}

export class ApprovalListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  board_id?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  task_id?: string;

  @ApiPropertyOptional({ enum: APPROVAL_STATUSES }) @IsOptional() @IsIn(APPROVAL_STATUSES)
  status?: ApprovalStatus;
}

class ApprovalActorDto {
  @ApiProperty({ enum: ['admin', 'agent', 'h5_user', 'system'] }) type: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) id: string | null;
}

export class ApprovalDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ format: 'uuid' }) board_id: string;
  @ApiProperty({ format: 'uuid' }) task_id: string;
  @ApiProperty() action_type: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: Number }) confidence: number | null;
  @ApiProperty({ enum: APPROVAL_STATUSES }) status: ApprovalStatus;
  @ApiProperty({ type: ApprovalActorDto }) requested_by: ApprovalActorDto;
  @ApiProperty({ type: ApprovalActorDto, nullable: true }) decided_by: ApprovalActorDto | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decided_at: string | null;
  @ApiProperty({ nullable: true, type: String }) decision_note: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: ApprovalEntity): ApprovalDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      board_id: entity.boardId,
      task_id: entity.taskId,
      action_type: entity.actionType,
      payload: entity.payload,
      confidence: entity.confidence,
      status: entity.status,
      requested_by: { type: entity.requestedByType, id: entity.requestedById },
      decided_by: entity.decidedByType ? { type: entity.decidedByType, id: entity.decidedById } : null,
      decided_at: entity.decidedAt?.toISOString() ?? null,
      decision_note: entity.decisionNote,
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}
