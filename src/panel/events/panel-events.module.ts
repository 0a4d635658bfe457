import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PanelSettingsModule } from '../admin-config/panel-settings.module';
import { PanelAuthModule } from '../auth/panel-auth.module';
import { PanelRealtimeModule } from '../realtime/panel-realtime.module';
import { PanelEventCountEntity, PanelEventEntity } from './entities/panel-event.entity';
import { PanelEventsController } from './panel-events.controller';
import { PanelEventsService } from './panel-events.service';

/** The panel's activity log (`/api/events*`). */
@Module({
  imports: [TypeOrmModule.forFeature([PanelEventEntity, PanelEventCountEntity]), PanelRealtimeModule, PanelAuthModule, PanelSettingsModule],
  controllers: [PanelEventsController],
  providers: [PanelEventsService],
  exports: [PanelEventsService],
})
export class PanelEventsModule {}
