import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminConfigModule } from '../admin-config/admin-config.module';
import { BotModule } from '../bot/bot.module';
import { PanelEventsModule } from '../events/panel-events.module';
import { QqRequestEntity } from './entities/qq-request.entity';
import { RequestsController } from './requests.controller';
import { QqRequestsService } from './requests.service';

/** QQ friend / group requests (`/api/requests*`), stored as they arrive over the bot's OneBot connection. */
@Module({
  imports: [TypeOrmModule.forFeature([QqRequestEntity]), BotModule, AdminConfigModule, PanelEventsModule],
  controllers: [RequestsController],
  providers: [QqRequestsService],
})
export class RequestsModule {}
