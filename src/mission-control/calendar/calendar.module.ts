import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { BoardsModule } from '../boards/boards.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { CalendarController, CalendarFeedController } from './calendar.controller';
import { CalendarFeedsService } from './calendar-feeds.service';
import { CalendarEventsService } from './calendar-events.service';
import { CalendarEventAgentEntity, CalendarEventEntity } from './entities/calendar-event.entity';
import { CalendarFeedEntity } from './entities/calendar-feed.entity';
import { TaskScheduleEntity } from './entities/task-schedule.entity';
import { PlanningService } from './planning.service';
import { TaskSchedulesService } from './task-schedules.service';

/** M11: the shared calendar: events and recurring series, task schedules that follow their tasks, workload and free slots, iCalendar feeds. */
@Module({
  imports: [TypeOrmModule.forFeature([CalendarEventEntity, CalendarEventAgentEntity, TaskScheduleEntity, CalendarFeedEntity]), OrganizationsModule, BoardsModule, ActivityModule],
  controllers: [CalendarController, CalendarFeedController],
  providers: [CalendarEventsService, TaskSchedulesService, PlanningService, CalendarFeedsService],
})
export class CalendarModule {}
