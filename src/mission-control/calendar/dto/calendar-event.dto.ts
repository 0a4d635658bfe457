import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { Omittable } from '../../../core/http/validation';
import { CALENDAR_EVENT_TYPES, CalendarEventEntity, CalendarEventType } from '../entities/calendar-event.entity';
import { ISO_TIMESTAMP as ISO, TIME_ZONE_MESSAGE } from './calendar-fields';

export const MAX_EVENT_AGENTS = 50;
export const MAX_EXCEPTIONS = 500;

const RECURRENCE_DOC =
  'RFC 5545 RRULE value, e.g. `FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10` (an `RRULE:` prefix is accepted). It repeats from `starts_at` in `timezone`, ' +
  'so 09:00 America/New_York stays 09:00 local across DST. FREQ is YEARLY, MONTHLY, WEEKLY, DAILY or HOURLY.';

/** One occurrence of a series moved to another time. */
export class OccurrenceOverrideDto {
  @ApiProperty({ format: 'date-time', description: 'the original start of the occurrence being moved (as the series produces it)' })
  @IsISO8601(ISO)
  occurrence_start: string;

  @ApiProperty({ format: 'date-time' }) @IsISO8601(ISO)
  starts_at: string;

  @ApiProperty({ format: 'date-time' }) @IsISO8601(ISO)
  ends_at: string;
}

export class CalendarEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_id: string | null;
  @ApiProperty({ example: '发布评审' }) title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: CALENDAR_EVENT_TYPES }) event_type: CalendarEventType;
  @ApiProperty({ format: 'date-time', description: 'the first occurrence (of a series: DTSTART)' }) starts_at: string;
  @ApiProperty({ format: 'date-time' }) ends_at: string;
  @ApiProperty() all_day: boolean;
  @ApiProperty({ example: 'America/New_York' }) timezone: string;
  @ApiProperty({ nullable: true, type: String, description: RECURRENCE_DOC }) recurrence_rule: string | null;
  @ApiProperty({ type: [String], format: 'date-time', description: 'original starts of cancelled occurrences (EXDATE)' }) exdates: string[];
  @ApiProperty({ type: [OccurrenceOverrideDto], description: 'moved occurrences' }) overrides: OccurrenceOverrideDto[];
  @ApiProperty({ type: [String], format: 'uuid' }) agent_ids: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(entity: CalendarEventEntity, agentIds: string[]): CalendarEventDto {
    return {
      id: entity.id,
      organization_id: entity.organizationId,
      board_id: entity.boardId,
      title: entity.title,
      description: entity.description,
      event_type: entity.eventType,
      starts_at: entity.startsAt.toISOString(),
      ends_at: entity.endsAt.toISOString(),
      all_day: entity.allDay,
      timezone: entity.timezone,
      recurrence_rule: entity.recurrenceRule,
      exdates: entity.exdates,
      overrides: entity.overrides,
      agent_ids: agentIds,
      metadata: entity.metadata,
      created_at: entity.createdAt.toISOString(),
      updated_at: entity.updatedAt.toISOString(),
    };
  }
}

/** One occurrence in a window: a single event once, a series once per occurrence. */
export class CalendarOccurrenceDto {
  @ApiProperty({ format: 'uuid' }) event_id: string;
  @ApiProperty({ format: 'date-time', description: 'the original start of this occurrence: what `exdates` and `overrides` name it by' })
  occurrence_start: string;
  @ApiProperty({ format: 'date-time' }) starts_at: string;
  @ApiProperty({ format: 'date-time' }) ends_at: string;
  @ApiProperty({ description: 'part of a recurring series' }) recurring: boolean;
  @ApiProperty({ description: 'moved by an override' }) moved: boolean;
  @ApiProperty({ format: 'uuid' }) organization_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_id: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: CALENDAR_EVENT_TYPES }) event_type: CalendarEventType;
  @ApiProperty() all_day: boolean;
  @ApiProperty() timezone: string;
  @ApiProperty({ nullable: true, type: String }) recurrence_rule: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) agent_ids: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
}

export class CreateCalendarEventDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  organization_id: string;

  @ApiProperty({ maxLength: 200, example: '每周站会' }) @IsString() @IsNotEmpty() @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ maxLength: 5000, nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(5000)
  description?: string | null;

  @ApiProperty({ enum: CALENDAR_EVENT_TYPES }) @IsIn(CALENDAR_EVENT_TYPES)
  event_type: CalendarEventType;

  @ApiProperty({ format: 'date-time', example: '2026-03-05T09:00:00-05:00' }) @IsISO8601(ISO)
  starts_at: string;

  @ApiProperty({ format: 'date-time', example: '2026-03-05T09:30:00-05:00', description: 'after starts_at' }) @IsISO8601(ISO)
  ends_at: string;

  @ApiPropertyOptional({ default: false }) @Omittable() @IsBoolean()
  all_day?: boolean;

  @ApiPropertyOptional({ default: 'UTC', example: 'America/New_York' }) @Omittable() @IsString() @IsTimeZone({ message: TIME_ZONE_MESSAGE })
  timezone?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 500, description: RECURRENCE_DOC }) @IsOptional() @IsString() @MaxLength(500)
  recurrence_rule?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'a board of the same organization' }) @IsOptional() @IsUUID()
  board_id?: string | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_EVENT_AGENTS, description: 'agents of the same organization taking part' })
  @Omittable() @IsArray() @ArrayMaxSize(MAX_EVENT_AGENTS) @ArrayUnique() @IsUUID('all', { each: true })
  agent_ids?: string[];

  @ApiPropertyOptional({ type: [String], format: 'date-time', maxItems: MAX_EXCEPTIONS, description: 'cancel occurrences of a series: their original starts (EXDATE)' })
  @Omittable() @IsArray() @ArrayMaxSize(MAX_EXCEPTIONS) @IsISO8601(ISO, { each: true })
  exdates?: string[];

  @ApiPropertyOptional({ type: [OccurrenceOverrideDto], maxItems: MAX_EXCEPTIONS, description: 'move occurrences of a series' })
  @Omittable() @IsArray() @ArrayMaxSize(MAX_EXCEPTIONS) @ValidateNested({ each: true }) @Type(() => OccurrenceOverrideDto)
  overrides?: OccurrenceOverrideDto[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @Omittable() @IsObject()
  metadata?: Record<string, unknown>;
}

/** Every field may change but the organization; `exdates` and `overrides` replace the lists. */
export class UpdateCalendarEventDto {
  @ApiPropertyOptional({ maxLength: 200 }) @Omittable() @IsString() @IsNotEmpty() @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 5000, nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(5000)
  description?: string | null;

  @ApiPropertyOptional({ enum: CALENDAR_EVENT_TYPES }) @Omittable() @IsIn(CALENDAR_EVENT_TYPES)
  event_type?: CalendarEventType;

  @ApiPropertyOptional({ format: 'date-time' }) @Omittable() @IsISO8601(ISO)
  starts_at?: string;

  @ApiPropertyOptional({ format: 'date-time' }) @Omittable() @IsISO8601(ISO)
  ends_at?: string;

  @ApiPropertyOptional() @Omittable() @IsBoolean()
  all_day?: boolean;

  @ApiPropertyOptional({ example: 'Asia/Shanghai' }) @Omittable() @IsString() @IsTimeZone({ message: TIME_ZONE_MESSAGE })
  timezone?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 500, description: `${RECURRENCE_DOC} null: a single event again` })
  @IsOptional() @IsString() @MaxLength(500)
  recurrence_rule?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) @IsOptional() @IsUUID()
  board_id?: string | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_EVENT_AGENTS, description: 'replaces the list' })
  @Omittable() @IsArray() @ArrayMaxSize(MAX_EVENT_AGENTS) @ArrayUnique() @IsUUID('all', { each: true })
  agent_ids?: string[];

  @ApiPropertyOptional({ type: [String], format: 'date-time', maxItems: MAX_EXCEPTIONS, description: 'replaces the cancelled occurrences' })
  @Omittable() @IsArray() @ArrayMaxSize(MAX_EXCEPTIONS) @IsISO8601(ISO, { each: true })
  exdates?: string[];

  @ApiPropertyOptional({ type: [OccurrenceOverrideDto], maxItems: MAX_EXCEPTIONS, description: 'replaces the moved occurrences' })
  @Omittable() @IsArray() @ArrayMaxSize(MAX_EXCEPTIONS) @ValidateNested({ each: true }) @Type(() => OccurrenceOverrideDto)
  overrides?: OccurrenceOverrideDto[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @Omittable() @IsObject()
  metadata?: Record<string, unknown>;
}

/** A window of time in a query: `start_date` / `end_date` as the document names them. */
export class WindowQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'window start (ISO 8601; a date alone is midnight UTC); events default to now, schedules to no window' })
  @IsOptional() @IsISO8601(ISO)
  start_date?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'window end, after start_date (default: 31 days after it); a window spans at most 366 days' })
  @IsOptional() @IsISO8601(ISO)
  end_date?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  agent_id?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc', description: 'by start time' })
  @IsOptional() @IsIn(['asc', 'desc'])
  override order: 'asc' | 'desc' = 'asc';
}

export class CalendarEventListQueryDto extends WindowQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  board_id?: string;

  @ApiPropertyOptional({ enum: CALENDAR_EVENT_TYPES }) @IsOptional() @IsIn(CALENDAR_EVENT_TYPES)
  event_type?: CalendarEventType;
}
