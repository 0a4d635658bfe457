import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { QueryTokenAsBearer } from '../suggestions/query-token.middleware';
import { CommandCenterController } from './command-center.controller';
import { CommandCenterService } from './command-center.service';
import { LiveActivityStreamService } from './live-activity-stream.service';

/** M13: the command center's dashboards over agents, tasks, usage, interactions and the activity trail, and its live stream. */
@Module({ imports: [MetricsModule], controllers: [CommandCenterController], providers: [CommandCenterService, LiveActivityStreamService] })
export class CommandCenterModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(QueryTokenAsBearer).forRoutes({ path: 'api/v1/command-center/live-activity/stream', method: RequestMethod.GET });
  }
}
