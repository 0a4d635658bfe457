import { Module } from '@nestjs/common';
import { AdminConfigModule } from './admin-config/admin-config.module';
import { PanelAuthModule } from './auth/panel-auth.module';
import { BotModule } from './bot/bot.module';
import { PanelEventsModule } from './events/panel-events.module';
import { NapcatModule } from './napcat/napcat.module';
import { OpenClawModule } from './openclaw/openclaw.module';
import { PanelRealtimeModule } from './realtime/panel-realtime.module';
import { RequestsModule } from './requests/requests.module';
import { StatusModule } from './status/status.module';
import { SystemModule } from './system/system.module';
import { WechatModule } from './wechat/wechat.module';
import { WorkspaceModule } from './workspace/workspace.module';

/** The ClawPanel API (`/api/**` outside `/api/v1`, and `/ws`). */
@Module({
  imports: [PanelAuthModule, PanelRealtimeModule, PanelEventsModule, AdminConfigModule, WechatModule, WorkspaceModule, SystemModule, NapcatModule, BotModule, RequestsModule, OpenClawModule, StatusModule],
})
export class PanelModule {}
