import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../../core/http/pagination';
import { AgentEntity } from '../../agents/entities/agent.entity';
import { H5AssignmentEntity } from '../../h5/entities/h5-assignment.entity';
import { CHAT_MESSAGE_STATES, CHAT_ROLES, ChatMessageEntity } from '../entities/chat-message.entity';
import { ChatSessionEntity } from '../entities/chat-session.entity';

/** One agent in the `auth_ok` frame of the chat socket. */
export class AssignmentSummaryDto {
  @ApiProperty({ format: 'uuid' }) agent_id: string;
  @ApiProperty() agent_name: string;
  @ApiProperty({ example: 'online' }) agent_status: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) gateway_id: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) board_id: string | null;
  @ApiProperty({ example: 'member' }) role: string;

  static from(assignment: H5AssignmentEntity, agent: AgentEntity): AssignmentSummaryDto {
    return {
      agent_id: agent.id,
      agent_name: agent.name,
      agent_status: agent.status,
      gateway_id: agent.gatewayId,
      board_id: assignment.boardId,
      role: assignment.role,
    };
  }
}

export class ChatSessionDto {
  @ApiProperty({ format: 'uuid', description: 'the session_id of the chat frame that started it, or one the service picked for a frame without one' })
  id: string;
  @ApiProperty({ format: 'uuid' }) agent_id: string;
  @ApiProperty({ format: 'date-time' }) last_message_at: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;

  static from(entity: ChatSessionEntity): ChatSessionDto {
    return { id: entity.id, agent_id: entity.agentId, last_message_at: entity.lastMessageAt.toISOString(), created_at: entity.createdAt.toISOString() };
  }
}

export class ChatMessageDto {
  @ApiProperty({ format: 'uuid', description: 'for user messages, the id the client gave the chat frame' }) id: string;
  @ApiProperty({ format: 'uuid' }) session_id: string;
  @ApiProperty({ format: 'uuid' }) agent_id: string;
  @ApiProperty({ enum: CHAT_ROLES }) role: string;
  @ApiProperty({ description: 'system messages carry the event name, e.g. agent_offline' }) content: string;
  @ApiProperty({ enum: CHAT_MESSAGE_STATES, description: 'streaming: the agent is still answering; failed: see error_code' }) state: string;
  @ApiProperty({ nullable: true, type: String, example: 'GATEWAY_OFFLINE' }) error_code: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'agent messages: the client id of the message answered' }) reply_to: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;

  static from(entity: ChatMessageEntity, session: ChatSessionEntity, replyTo: string | null = null): ChatMessageDto {
    return {
      id: entity.role === 'user' && entity.clientId ? entity.clientId : entity.id,
      session_id: entity.sessionId,
      agent_id: session.agentId,
      role: entity.role,
      content: entity.content,
      state: entity.state,
      error_code: entity.errorCode,
      reply_to: replyTo,
      created_at: entity.createdAt.toISOString(),
    };
  }
}

export class ChatSessionListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  agent_id?: string;

  @ApiPropertyOptional({ enum: ['last_message_at', 'created_at'], default: 'last_message_at' }) @IsOptional() @IsIn(['last_message_at', 'created_at'])
  sort?: string;
}

export class ChatMessageListQueryDto extends PageQueryDto {}
