import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PanelSettingEntity } from './entities/panel-setting.entity';
import { PanelSettingsService } from './panel-settings.service';

/** The settings store alone, for sections that read their settings without the `/api/admin/config` routes. */
@Module({
  imports: [TypeOrmModule.forFeature([PanelSettingEntity])],
  providers: [PanelSettingsService],
  exports: [PanelSettingsService],
})
export class PanelSettingsModule {}
