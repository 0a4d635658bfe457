import { Module } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { WechatWebhookClient } from '../../integrations/wechat-webhook';
import { AdminConfigModule } from '../admin-config/admin-config.module';
import { PanelEventsModule } from '../events/panel-events.module';
import { PanelRealtimeModule } from '../realtime/panel-realtime.module';
import { WechatBridgeStatus } from './wechat-bridge-status';
import { WechatCallbackSecretGuard } from './wechat-callback.guard';
import { WechatController } from './wechat.controller';
import { WechatService } from './wechat.service';
import { WechatSettingsStore } from './wechat-settings';

/** WeChat through wechatbot-webhook (`/api/wechat/*`); exports {@link WechatBridgeStatus} for `/api/status`. */
@Module({
  imports: [PanelEventsModule, PanelRealtimeModule, AdminConfigModule],
  controllers: [WechatController],
  providers: [
    {
      provide: WechatWebhookClient,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new WechatWebhookClient({ url: config.panel.wechat.url, token: config.panel.wechat.token }),
    },
    WechatSettingsStore,
    WechatBridgeStatus,
    WechatService,
    WechatCallbackSecretGuard,
  ],
  exports: [WechatBridgeStatus],
})
export class WechatModule {}
