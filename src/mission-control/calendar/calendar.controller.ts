import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ErrorResponseDto } from '../../core/http/dto/error-response.dto';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { CalendarEventsService } from './calendar-events.service';
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
}
