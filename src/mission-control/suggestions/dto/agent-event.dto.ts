import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, IsUUID, Matches, ValidateNested } from 'class-validator';
import { UsageReportDto } from '../../usage/dto/usage.dto';
import { AgentEventEntity } from '../entities/agent-event.entity';

export class ReportAgentEventDto {
  @ApiProperty({ example: 'task.blocked', description: 'letters, digits, . _ : - (1-100)' })
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, { message: 'event_type must be 1-100 letters, digits, . _ : or -' })
  event_type: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { reason: 'waiting for API key' } })
  @IsOptional() @IsObject()
  payload?: Record<string, unknown>;

  @ApiPropertyOptional({ format: 'uuid', description: "defaults to the agent's board; another board is refused (403)" })
  @IsOptional() @IsUUID()
  board_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "a task of the agent's organization; usage is counted against it" }) @IsOptional() @IsUUID()
  task_id?: string;

  @ApiPropertyOptional({
    type: UsageReportDto,
    description: 'tokens and cost of model calls, added to the agent\'s usage of the day (and of `task_id`); shown in the command center and `GET /api/v1/metrics`',
  })
  @IsOptional() @ValidateNested() @Type(() => UsageReportDto)
  usage?: UsageReportDto;
}

export class AgentEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ format: 'uuid' }) agent_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_id: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) task_id: string | null;
  @ApiProperty() event_type: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) created_at: string;

  static from(entity: AgentEventEntity): AgentEventDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      agent_id: entity.agentId,
      board_id: entity.boardId,
      task_id: entity.taskId,
      event_type: entity.eventType,
      payload: entity.payload,
      created_at: entity.createdAt.toISOString(),
    };
  }
}
