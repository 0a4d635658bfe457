import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PanelEventsModule } from '../events/panel-events.module';
import { AdminConfigController } from './admin-config.controller';
import { AdminConfigService } from './admin-config.service';
import { PanelSettingEntity } from './entities/panel-setting.entity';
import { PanelSettingsService } from './panel-settings.service';

/** The panel's own settings (`/api/admin/config*`) and the settings store other panel sections read. */
@Module({
  imports: [TypeOrmModule.forFeature([PanelSettingEntity]), PanelEventsModule],
  controllers: [AdminConfigController],
  providers: [PanelSettingsService, AdminConfigService],
  exports: [PanelSettingsService],
})
export class AdminConfigModule {}
