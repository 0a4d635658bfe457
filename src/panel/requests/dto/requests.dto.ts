import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { QQ_REQUEST_STATUSES, QqRequestEntity, QqRequestStatus } from '../entities/qq-request.entity';

export class QqRequestDto {
  @ApiProperty({ description: 'OneBot flag: the id to approve or reject' }) flag: string;
  @ApiProperty({ enum: ['friend', 'group'] }) type: 'friend' | 'group';
  @ApiPropertyOptional({ description: 'group requests: `add` (asks to join) or `invite` (the bot is invited)' }) subType?: string;
  @ApiProperty({ description: 'who asked (or invited)', example: 10001 }) userId: number;
  @ApiPropertyOptional({ example: 20001 }) groupId?: number;
  @ApiProperty({ description: 'the message sent with the request' }) comment: string;
  @ApiProperty({ description: 'when QQ sent it, epoch milliseconds' }) time: number;
  @ApiProperty({ enum: QQ_REQUEST_STATUSES }) status: QqRequestStatus;

  static from(row: QqRequestEntity): QqRequestDto {
    return {
      flag: row.flag,
      type: row.type,
      ...(row.subType ? { subType: row.subType } : {}),
      userId: Number(row.userId),
      ...(row.groupId !== null ? { groupId: Number(row.groupId) } : {}),
      comment: row.comment,
      time: row.requestedAt.getTime(),
      status: row.status,
    };
  }
}

export class QqRequestsListDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: [QqRequestDto], description: 'requests waiting for an answer, oldest first' }) requests: QqRequestDto[];
}

export class RejectRequestDto {
  @ApiPropertyOptional({ description: 'sent to the asker (group requests; QQ has no reason for friend requests)', maxLength: 200 })
  @IsOptional() @IsString() @MaxLength(200)
  reason?: string;
}

export class RequestDecisionDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ enum: ['approved', 'rejected'] }) status: 'approved' | 'rejected';
}
