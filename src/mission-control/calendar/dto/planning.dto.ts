import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Omittable } from '../../../core/http/validation';
import { ISO_TIMESTAMP as ISO, TIME_ZONE_MESSAGE } from './calendar-fields';

const HH_MM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const HH_MM_MESSAGE = '$property must be a time of day as HH:MM (00:00 to 23:59)';
export const MAX_SLOT_AGENTS = 20;

export class WorkingHoursDto {
  @ApiProperty({ example: '09:00', description: 'local time, HH:MM' }) @IsString() @Matches(HH_MM, { message: HH_MM_MESSAGE })
  start: string;

  @ApiProperty({ example: '18:00', description: 'local time, HH:MM, after start' }) @IsString() @Matches(HH_MM, { message: HH_MM_MESSAGE })
  end: string;
}

export class SuggestSlotDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: MAX_SLOT_AGENTS, description: 'agents of one organization who must all be free' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_SLOT_AGENTS) @ArrayUnique() @IsUUID('all', { each: true })
  agent_ids: string[];

  @ApiProperty({ minimum: 5, maximum: 1440, example: 60 }) @IsInt() @Min(5) @Max(1440)
  duration_minutes: number;

  @ApiProperty({ format: 'date-time' }) @IsISO8601(ISO)
  window_start: string;

  @ApiProperty({ format: 'date-time', description: 'after window_start, at most 62 days later' }) @IsISO8601(ISO)
  window_end: string;

  @ApiPropertyOptional({ type: WorkingHoursDto, description: 'default 09:00-18:00 in `timezone`' })
  @Omittable() @IsObject() @ValidateNested() @Type(() => WorkingHoursDto)
  working_hours?: WorkingHoursDto;

  @ApiPropertyOptional({ default: 'UTC', example: 'Asia/Shanghai' }) @Omittable() @IsString() @IsTimeZone({ message: TIME_ZONE_MESSAGE })
  timezone?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 5, description: 'how many slots at most' }) @Omittable() @IsInt() @Min(1) @Max(20)
  count?: number;

  @ApiPropertyOptional({ default: false, description: 'offer Saturdays and Sundays too' }) @Omittable() @IsBoolean()
  include_weekends?: boolean;
}

export class SlotDto {
  @ApiProperty({ format: 'date-time' }) starts_at: string;
  @ApiProperty({ format: 'date-time' }) ends_at: string;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'higher is better: a less loaded day and an earlier time' }) score: number;
}

export class SuggestSlotResponseDto {
  @ApiProperty({ type: [SlotDto], description: 'best first; empty when no slot fits' }) slots: SlotDto[];
}

export class WorkloadQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'default: today (in `timezone`)' }) @IsOptional() @IsISO8601(ISO)
  start_date?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'default: 7 days after start_date; at most 92 days after it' }) @IsOptional() @IsISO8601(ISO)
  end_date?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only this agent' }) @IsOptional() @IsUUID()
  agent_id?: string;

  @ApiPropertyOptional({ default: 'UTC', description: 'the zone whose days are counted' }) @IsOptional() @IsString() @IsTimeZone({ message: TIME_ZONE_MESSAGE })
  timezone?: string;

  @ApiPropertyOptional({ default: '09:00', description: 'working day start, HH:MM' }) @IsOptional() @IsString() @Matches(HH_MM, { message: HH_MM_MESSAGE })
  working_start?: string;

  @ApiPropertyOptional({ default: '18:00', description: 'working day end, HH:MM' }) @IsOptional() @IsString() @Matches(HH_MM, { message: HH_MM_MESSAGE })
  working_end?: string;
}

export class WorkloadDayDto {
  @ApiProperty({ example: '2026-03-09' }) date: string;
  @ApiProperty({ description: "hours of the agent's task schedules on that day" }) scheduled_hours: number;
  @ApiProperty({ description: "hours of the agent's events on that day" }) event_hours: number;
  @ApiProperty({ description: 'working hours of that day (0 on Saturday and Sunday)' }) capacity_hours: number;
  @ApiProperty({ nullable: true, type: Number, description: '(scheduled + event) / capacity, 2 decimals; null without capacity' }) utilization: number | null;
}

export class AgentWorkloadDto {
  @ApiProperty({ format: 'uuid' }) agent_id: string;
  @ApiProperty() agent_name: string;
  @ApiProperty() total_hours: number;
  @ApiProperty({ nullable: true, type: Number, description: 'over the whole window' }) utilization: number | null;
  @ApiProperty({ type: [WorkloadDayDto] }) days: WorkloadDayDto[];
}

export class WorkloadDto {
  @ApiProperty({ type: [AgentWorkloadDto] }) items: AgentWorkloadDto[];
}
