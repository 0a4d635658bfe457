import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '../../../core/database/base.entity';
import { ChatSessionEntity } from './chat-session.entity';

export const CHAT_ROLES = ['user', 'agent', 'system'] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];
export const CHAT_MESSAGE_STATES = ['pending', 'streaming', 'complete', 'failed'] as const;
export type ChatMessageState = (typeof CHAT_MESSAGE_STATES)[number];

/**
 * A message of a chat session. A user message keeps the client's frame id (`client_id`), unique per session's
 * user, so a retried frame is recognised and never reaches the gateway twice; the agent's answer points back at
 * the user message it replies to.
 */
@Entity('chat_messages')
@Index(['sessionId', 'createdAt'])
@Index(['h5UserId', 'clientId'], { unique: true, where: 'client_id IS NOT NULL' })
export class ChatMessageEntity extends BaseEntity {
  @Column('uuid')
  sessionId: string;

  @ManyToOne(() => ChatSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: Relation<ChatSessionEntity>;

  @Column('uuid')
  h5UserId: string;

  @Column('varchar', { length: 10 })
  role: ChatRole;

  @Column('text')
  content: string;

  @Column('uuid', { nullable: true })
  clientId: string | null;

  @Index()
  @Column('uuid', { nullable: true })
  replyToId: string | null;

  @Column('varchar', { length: 10, default: 'complete' })
  state: ChatMessageState;

  @Column('varchar', { length: 40, nullable: true })
  errorCode: string | null;
}
