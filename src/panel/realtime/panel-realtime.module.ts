import { Module } from '@nestjs/common';
import { PanelAuthModule } from '../auth/panel-auth.module';
import { PanelRealtime } from './panel-realtime';

/** The panel's `/ws` push channel. */
@Module({
  imports: [PanelAuthModule],
  providers: [PanelRealtime],
  exports: [PanelRealtime],
})
export class PanelRealtimeModule {}
