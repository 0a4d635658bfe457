import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatewaysModule } from '../gateways/gateways.module';
import { H5AssignmentEntity } from '../h5/entities/h5-assignment.entity';
import { H5Module } from '../h5/h5.module';
import { UsageModule } from '../usage/usage.module';
import { ChatMessageEntity } from './entities/chat-message.entity';
import { ChatSessionEntity } from './entities/chat-session.entity';
import { H5ChatController } from './h5-chat.controller';
import { H5ChatGateway } from './h5-chat.gateway';
import { H5ChatService } from './h5-chat.service';

/** H5 chat: `/ws/h5/chat`, its stored sessions and messages, and the history routes. */
@Module({
  imports: [TypeOrmModule.forFeature([ChatSessionEntity, ChatMessageEntity, H5AssignmentEntity]), GatewaysModule, H5Module, UsageModule],
  controllers: [H5ChatController],
  providers: [H5ChatService, H5ChatGateway],
})
export class H5ChatModule {}
