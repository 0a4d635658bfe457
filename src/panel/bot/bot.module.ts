import { Module } from '@nestjs/common';
import { PanelEventsModule } from '../events/panel-events.module';
import { PanelRealtimeModule } from '../realtime/panel-realtime.module';
import { BotController } from './bot.controller';
import { BotService } from './bot.service';
import { OneBotProxy } from './onebot-proxy';
import { QqBridgeStatus } from './qq-bridge-status';
import { QqBridgeService } from './qq-bridge.service';

/**
 * The QQ bot (`/api/bot/*`): the panel's OneBot 11 connection to NapCat, its status (`QqBridgeStatus.snapshot()`
 * for `/api/status`), and the `/onebot` proxy for an OpenClaw on the host.
 */
@Module({
  imports: [PanelEventsModule, PanelRealtimeModule],
  controllers: [BotController],
  providers: [QqBridgeStatus, QqBridgeService, BotService, OneBotProxy],
  exports: [QqBridgeStatus, QqBridgeService],
})
export class BotModule {}
