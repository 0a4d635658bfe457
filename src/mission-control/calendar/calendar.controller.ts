import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal, Public } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ErrorResponseDto } from '../../core/http/dto/error-response.dto';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { CalendarEventsService } from './calendar-events.service';
import { CalendarFeedsService } from './calendar-feeds.service';
import { CalendarFeedCreatedDto, CalendarFeedDto, CalendarFeedListQueryDto, CreateCalendarFeedDto } from './dto/calendar-feed.dto';
import { CalendarEventDto, CalendarEventListQueryDto, CalendarOccurrenceDto, CreateCalendarEventDto, UpdateCalendarEventDto } from './dto/calendar-event.dto';
import { SuggestSlotDto, SuggestSlotResponseDto, WorkloadDto, WorkloadQueryDto } from './dto/planning.dto';
import { CreateTaskScheduleDto, TaskScheduleDto, TaskScheduleListQueryDto } from './dto/task-schedule.dto';
import { PlanningService } from './planning.service';
import { TaskSchedulesService } from './task-schedules.service';

@ApiTags('Calendar')
@AdminAuth()
@Controller('api/v1/calendar')
export class CalendarController {
  constructor(
    private readonly events: CalendarEventsService,
    private readonly schedules: TaskSchedulesService,
    private readonly planning: PlanningService,
    private readonly feeds: CalendarFeedsService,
  ) {}

  @Get('events')
  @ApiOperation({
    summary: 'List the occurrences in a window (start_date, end_date; filters board_id, agent_id, event_type, organization_id)',
    description:
      'A single event appears once, a recurring one once per occurrence, each with its own `starts_at`/`ends_at`, the `event_id` of its ' +
      'series and `occurrence_start` (its original start, which `exdates` and `overrides` name it by). Cancelled occurrences are left ' +
      'out; moved ones appear at their new time with `moved: true`. Paged like every list, in start order.',
  })
  @ApiPageResponse(CalendarOccurrenceDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: CalendarEventListQueryDto) {
    return this.events.list(principal, query);
  }

  @Post('events')
  @ApiOperation({
    summary: 'Create an event, or a recurring series (recurrence_rule, with exdates to cancel and overrides to move occurrences)',
  })
  @ApiCreatedResponse({ type: CalendarEventDto })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateCalendarEventDto) {
    return this.events.create(principal, dto);
  }

  @Get('events/:id')
  @ApiOperation({ summary: 'One event (a whole series) with its recurrence rule and exceptions (exdates, overrides)' })
  @ApiOkResponse({ type: CalendarEventDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.events.get(principal, id);
  }

  @Patch('events/:id')
  @ApiOperation({ summary: 'Update an event (a whole series); exdates and overrides replace the exceptions' })
  @ApiOkResponse({ type: CalendarEventDto })
  update(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: UpdateCalendarEventDto) {
    return this.events.update(principal, id, dto);
  }

  @Delete('events/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an event (a whole series); to drop one occurrence, add it to exdates' })
  @ApiNoContentResponse({ description: 'deleted' })
  async remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string): Promise<void> {
    await this.events.remove(principal, id);
  }

  @Get('schedules')
  @ApiOperation({ summary: 'List task schedules (filters agent_id, task_id, organization_id; start_date/end_date: planned time overlapping the window)' })
  @ApiPageResponse(TaskScheduleDto)
  listSchedules(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: TaskScheduleListQueryDto) {
    return this.schedules.list(principal, query);
  }

  @Post('schedules')
  @ApiOperation({
    summary: "Schedule a task for an agent (default: the task's assignee)",
    description:
      "One schedule per task. `actual_start` is set when the task goes in_progress and `actual_end` when it is done (through the job engine, " +
      'shortly after the move).',
  })
  @ApiCreatedResponse({ type: TaskScheduleDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: "overlaps another schedule of the same agent, or the task already has one" })
  createSchedule(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateTaskScheduleDto) {
    return this.schedules.create(principal, dto);
  }

  @Delete('schedules/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a task schedule' })
  @ApiNoContentResponse({ description: 'deleted' })
  async removeSchedule(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string): Promise<void> {
    await this.schedules.remove(principal, id);
  }

  @Get('workload')
  @ApiOperation({
    summary: 'Hours per agent per day (schedules and events) against working hours',
    description:
      'Days are local days of `timezone`; capacity is the working hours on Monday to Friday, 0 at weekends. A schedule counts on the working ' +
      'time its plan covers, its `estimated_hours` spread over it in proportion; timed events count where they fall; all-day events count no hours. ' +
      '`utilization` = (scheduled + event) / capacity.',
  })
  @ApiOkResponse({ type: WorkloadDto })
  workload(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: WorkloadQueryDto) {
    return this.planning.workload(principal, query);
  }

  @Post('suggest-slot')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The best free slots for one or more agents, best first',
    description:
      'Slots of `duration_minutes` on a quarter-hour grid inside working hours (local to `timezone`, Monday to Friday unless `include_weekends`) ' +
      'and the window, free of every event and schedule of all the agents. `score` weighs a lighter day (0.6, by the busiest agent) and an ' +
      'earlier time (0.4). When nothing fits, `slots` is empty.',
  })
  @ApiOkResponse({ type: SuggestSlotResponseDto })
  suggestSlot(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: SuggestSlotDto) {
    return this.planning.suggestSlots(principal, dto);
  }

  @Get('feeds')
  @ApiOperation({ summary: 'List iCalendar feeds (filters organization_id, agent_id); tokens are never shown again' })
  @ApiPageResponse(CalendarFeedDto)
  listFeeds(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: CalendarFeedListQueryDto) {
    return this.feeds.list(principal, query);
  }

  @Post('feeds')
  @ApiOperation({
    summary: "Create an iCalendar subscription URL for an organization's calendar or one agent's",
    description: 'The answer carries the token and the URL once. Anyone with the URL can read the feed: delete the feed to revoke it.',
  })
  @ApiCreatedResponse({ type: CalendarFeedCreatedDto })
  createFeed(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateCalendarFeedDto) {
    return this.feeds.create(principal, dto);
  }

  @Delete('feeds/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an iCalendar feed: its URL answers 404 from now on' })
  @ApiNoContentResponse({ description: 'revoked' })
  async revokeFeed(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string): Promise<void> {
    await this.feeds.revoke(principal, id);
  }
}

const ICS_EXAMPLE = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…\r\nBEGIN:VEVENT\r\nDTSTART;TZID=America/New_York:20260305T090000\r\nRRULE:FREQ=DAILY\r\n…\r\nEND:VCALENDAR\r\n';

@ApiTags('Calendar')
@Controller('api/v1/calendar/ical')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeedsService) {}

  @Get(':token')
  @Public()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, no-cache')
  @ApiOperation({
    summary: 'An iCalendar feed (no credentials: the token in the URL is the proof)',
    description:
      'Series carry their RRULE (in their TZID), cancelled occurrences as EXDATE and moved ones as their own VEVENT with RECURRENCE-ID; ' +
      'task schedules are events named "Task: <title>". Current items only: series, and what ended in the last 90 days. Unknown or revoked: 404.',
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'the calendar', content: { 'text/calendar': { schema: { type: 'string', example: ICS_EXAMPLE } } } })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  feed(@Param('token') token: string): Promise<string> {
    return this.feeds.render(token);
  }
}
