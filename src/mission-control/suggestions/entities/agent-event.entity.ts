import { JsonObject } from '../../../core/database/base.entity';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { AgentEntity } from '../../agents/entities/agent.entity';
import { OrganizationEntity } from '../../organizations/entities/organization.entity';
import { BoardEntity } from '../../boards/entities/board.entity';

/** What an agent reports about itself and its work; read by the suggestions engine's rules. */
@Entity('agent_events')
@Index(['organizationId', 'createdAt'])
@Index(['agentId', 'createdAt'])
export class AgentEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Relation<OrganizationEntity>;

  @Column('uuid')
  agentId: string;

  @ManyToOne(() => AgentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agent_id' })
  agent?: Relation<AgentEntity>;

  @Index()
  @Column('uuid', { nullable: true })
  boardId: string | null;

  @ManyToOne(() => BoardEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'board_id' })
  board?: Relation<BoardEntity>;

  @Column('uuid', { nullable: true })
  taskId: string | null;

  @Column('varchar', { length: 100 })
  eventType: string;

  @Column('jsonb', { default: {} })
  payload: JsonObject;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
