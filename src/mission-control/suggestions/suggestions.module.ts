import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { ApprovalsModule } from '../approvals/approvals.module';
import { BoardsModule } from '../boards/boards.module';
import { GatewaysModule } from '../gateways/gateways.module';
import { TasksModule } from '../tasks/tasks.module';
import { UsageModule } from '../usage/usage.module';
import { ActionExecutor } from './actions/action-executor.service';
import { AgentEventsController } from './agent-events.controller';
import { AgentEventsService } from './agent-events.service';
import { AgentSuggestionsController } from './agent-suggestions.controller';
import { AgentEventEntity } from './entities/agent-event.entity';
import { SuggestionEntity } from './entities/suggestion.entity';
import { QueryTokenAsBearer } from './query-token.middleware';
import { SuggestionStreamService } from './suggestion-stream.service';
import { SuggestionsController } from './suggestions.controller';
import { SuggestionsService } from './suggestions.service';

/** M8: what agents report, suggestions and their decisions, the SSE stream, and the actions both suggestions and rules run. */
@Module({
  imports: [TypeOrmModule.forFeature([AgentEventEntity, SuggestionEntity]), BoardsModule, ActivityModule, TasksModule, ApprovalsModule, GatewaysModule, UsageModule],
  controllers: [AgentEventsController, AgentSuggestionsController, SuggestionsController],
  providers: [AgentEventsService, SuggestionsService, SuggestionStreamService, ActionExecutor],
  exports: [SuggestionsService, ActionExecutor],
})
export class SuggestionsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(QueryTokenAsBearer).forRoutes({ path: 'api/v1/suggestions/stream', method: RequestMethod.GET });
  }
}
