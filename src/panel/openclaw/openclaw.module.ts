import { Module } from '@nestjs/common';
import { PanelEventsModule } from '../events/panel-events.module';
import { NapcatModule } from '../napcat/napcat.module';
import { SystemModule } from '../system/system.module';
import { OpenClawBackupsController } from './openclaw-backups.controller';
import { OpenClawConfigModule } from './openclaw-config.module';
import { OpenClawController } from './openclaw.controller';
import { OpenClawService } from './openclaw.service';

/**
 * `/api/openclaw/*` and `/api/system/backup|backups|restore`. The store itself lives in OpenClawConfigModule,
 * which status and system import without pulling in these routes' dependencies (NapCat, host signals).
 */
@Module({
  imports: [OpenClawConfigModule, PanelEventsModule, NapcatModule, SystemModule],
  controllers: [OpenClawController, OpenClawBackupsController],
  providers: [OpenClawService],
})
export class OpenClawModule {}
