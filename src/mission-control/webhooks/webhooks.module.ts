import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity/activity.module';
import { BoardsModule } from '../boards/boards.module';
import { BoardWebhookEntity } from './entities/board-webhook.entity';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
import { BoardWebhooksController, InboundWebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Inbound board webhooks: signed deliveries from external systems, stored and recorded as activity. */
@Module({
  imports: [TypeOrmModule.forFeature([BoardWebhookEntity, WebhookDeliveryEntity]), BoardsModule, ActivityModule],
  controllers: [BoardWebhooksController, InboundWebhooksController],
  providers: [WebhooksService],
})
export class WebhooksModule {}
