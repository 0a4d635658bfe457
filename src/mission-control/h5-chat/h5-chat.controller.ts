import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, H5Auth } from '../../core/auth/auth.decorators';
import type { H5Principal } from '../../core/auth/principal';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { ChatMessageDto, ChatMessageListQueryDto, ChatSessionDto, ChatSessionListQueryDto } from './dto/chat.dto';
import { H5ChatService } from './h5-chat.service';

/** Chat history for a reconnecting H5 client; live messages travel on `/ws/h5/chat`. */
@ApiTags('H5 chat')
@H5Auth()
@Controller('api/v1/h5/chat')
export class H5ChatController {
  constructor(private readonly chat: H5ChatService) {}

  @Get('sessions')
  @ApiOperation({ summary: "The caller's chat sessions, most recent first" })
  @ApiPageResponse(ChatSessionDto)
  sessions(@CurrentPrincipal() principal: H5Principal, @Query() query: ChatSessionListQueryDto) {
    return this.chat.listSessions(principal, query);
  }

  @Get('sessions/:id/messages')
  @ApiOperation({ summary: 'Messages of one of the caller\'s sessions (newest first by default; order=asc for oldest first)' })
  @ApiPageResponse(ChatMessageDto)
  messages(@CurrentPrincipal() principal: H5Principal, @UuidParam() id: string, @Query() query: ChatMessageListQueryDto) {
    return this.chat.listMessages(principal, id, query);
  }
}
