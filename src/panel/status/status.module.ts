import { Module } from '@nestjs/common';
import { BotModule } from '../bot/bot.module';
import { OpenClawConfigModule } from '../openclaw/openclaw-config.module';
import { WechatModule } from '../wechat/wechat.module';
import { StatusController } from './status.controller';
import { StatusService } from './status.service';

/** `GET /api/status`. */
@Module({
  imports: [BotModule, WechatModule, OpenClawConfigModule],
  controllers: [StatusController],
  providers: [StatusService],
})
export class StatusModule {}
