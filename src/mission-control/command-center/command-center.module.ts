import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { CommandCenterController } from './command-center.controller';
import { CommandCenterService } from './command-center.service';

/** M13: the command center's dashboards over agents, tasks, usage, interactions and the activity trail. */
@Module({ imports: [MetricsModule], controllers: [CommandCenterController], providers: [CommandCenterService] })
export class CommandCenterModule {}
