import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { CalendarFeedEntity } from '../entities/calendar-feed.entity';

export class CalendarFeedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: "null: the organization's whole calendar" }) agent_id: string | null;
  @ApiProperty({ example: '研发团队日历' }) name: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;

  static from(entity: CalendarFeedEntity): CalendarFeedDto {
    return { id: entity.id, organization_id: entity.organizationId, agent_id: entity.agentId, name: entity.name, created_at: entity.createdAt.toISOString() };
  }
}

export class CalendarFeedCreatedDto extends CalendarFeedDto {
  @ApiProperty({ description: 'the feed token, shown only in this answer' }) token: string;
  @ApiProperty({ example: '/api/v1/calendar/ical/mccal_…', description: 'the subscription path (text/calendar); the token is the only credential' }) url: string;
}

export class CreateCalendarFeedDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  organization_id: string;

  @ApiPropertyOptional({ format: 'uuid', description: "only this agent's events and schedules" }) @IsOptional() @IsUUID()
  agent_id?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'the calendar name clients show; default: the organization or agent name' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200)
  name?: string;
}

export class CalendarFeedListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  agent_id?: string;
}
