import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { AgentEntity } from '../../agents/entities/agent.entity';
import { H5UserEntity } from '../../h5/entities/h5-user.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';

/** One conversation of an H5 user with an agent; `session_key` names it inside the OpenClaw gateway. */
@Entity('chat_sessions')
@Index(['h5UserId', 'agentId', 'lastMessageAt'])
export class ChatSessionEntity extends OrganizationScopedEntity {
  @Column('uuid')
  h5UserId: string;

  @ManyToOne(() => H5UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'h5_user_id' })
  h5User?: Relation<H5UserEntity>;

  @Index()
  @Column('uuid')
  agentId: string;

  @ManyToOne(() => AgentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agent_id' })
  agent?: Relation<AgentEntity>;

  @Index({ unique: true })
  @Column('varchar', { length: 200 })
  sessionKey: string;

  @Column('timestamptz')
  lastMessageAt: Date;
}
