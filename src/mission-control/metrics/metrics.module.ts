import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** Board and organisation work metrics. */
@Module({ imports: [BoardsModule, OrganizationsModule], controllers: [MetricsController], providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
