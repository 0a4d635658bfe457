import { Module } from '@nestjs/common';
import { PanelEventsModule } from '../events/panel-events.module';
import { AdminConfigController } from './admin-config.controller';
import { AdminConfigService } from './admin-config.service';
import { PanelSettingsModule } from './panel-settings.module';

/** The panel's own settings (`/api/admin/config*`) and the settings store other panel sections read. */
@Module({
  imports: [PanelSettingsModule, PanelEventsModule],
  controllers: [AdminConfigController],
  providers: [AdminConfigService],
  exports: [PanelSettingsModule],
})
export class AdminConfigModule {}
