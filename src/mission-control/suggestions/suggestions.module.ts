import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BoardsModule } from '../boards/boards.module';
import { AgentEventsController } from './agent-events.controller';
import { AgentEventsService } from './agent-events.service';
import { AgentEventEntity } from './entities/agent-event.entity';

/** M8: what agents report (events now; suggestions and proactive rules build on them). */
@Module({
  imports: [TypeOrmModule.forFeature([AgentEventEntity]), BoardsModule],
  controllers: [AgentEventsController],
  providers: [AgentEventsService],
})
export class SuggestionsModule {}
