import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PANEL_EVENT_SOURCES, PanelEventSource } from '../entities/panel-event.entity';

/** A row of panel_events as the service reads it (raw SQL, snake_case). */
export interface PanelEventRow {
  id: string;
  created_at: Date;
  source: PanelEventSource;
  type: string;
  summary: string;
  detail: string | null;
}

export const MAX_EVENTS_PAGE = 1000;

export class PanelLogEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'epoch milliseconds', example: 1795335663970 }) time: number;
  @ApiProperty({ enum: PANEL_EVENT_SOURCES }) source: PanelEventSource;
  @ApiProperty({ example: 'qq.message' }) type: string;
  @ApiProperty() summary: string;
  @ApiPropertyOptional() detail?: string;

  static from(row: PanelEventRow): PanelLogEntryDto {
    return {
      id: row.id,
      time: row.created_at.getTime(),
      source: row.source,
      type: row.type,
      summary: row.summary,
      ...(row.detail !== null ? { detail: row.detail } : {}),
    };
  }
}

export class PanelEventsQueryDto {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: MAX_EVENTS_PAGE }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_EVENTS_PAGE)
  limit: number = 100;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  offset: number = 0;

  @ApiPropertyOptional({ enum: PANEL_EVENT_SOURCES }) @IsOptional() @IsIn(PANEL_EVENT_SOURCES)
  source?: PanelEventSource;

  @ApiPropertyOptional({ description: 'keyword, matched case-insensitively in summary and detail', maxLength: 200 })
  @IsOptional() @IsString() @MaxLength(200)
  search?: string;
}

export class PanelEventsPageDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: [PanelLogEntryDto], description: 'newest first' }) events: PanelLogEntryDto[];
  @ApiProperty({ type: [PanelLogEntryDto], description: 'the same list under the name older panel clients read' }) entries: PanelLogEntryDto[];
  @ApiProperty() total: number;
}

export class PushPanelEventDto {
  @ApiProperty({ enum: PANEL_EVENT_SOURCES, example: 'openclaw' }) @IsIn(PANEL_EVENT_SOURCES)
  source: PanelEventSource;

  @ApiProperty({ example: 'openclaw.action', maxLength: 64 }) @IsString() @IsNotEmpty() @MaxLength(64)
  type: string;

  @ApiProperty({ maxLength: 2000 }) @IsString() @IsNotEmpty() @MaxLength(2000)
  summary: string;

  @ApiPropertyOptional({ maxLength: 20000 }) @IsOptional() @IsString() @MaxLength(20000)
  detail?: string;
}

export class PanelOkDto {
  @ApiProperty({ example: true }) ok: true;
}

export class PanelEntryAnswerDto {
  @ApiProperty({ example: true }) ok: true;
  @ApiProperty({ type: PanelLogEntryDto }) entry: PanelLogEntryDto;
}
