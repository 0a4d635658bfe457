import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, Unique, type Relation } from 'typeorm';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';
import { AgentCapabilityEntity } from './agent-capability.entity';
import { BoardEntity } from '../../boards/entities/board.entity';
import { GatewayEntity } from '../../gateways/entities/gateway.entity';

export const AGENT_STATUSES = ['offline', 'online', 'busy', 'error', 'disabled'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

@Entity('agents')
@Unique(['organizationId', 'name'])
export class AgentEntity extends OrganizationScopedEntity {
  @Column('varchar', { length: 200 })
  name: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Index()
  @Column('uuid', { nullable: true })
  boardId: string | null;

  @ManyToOne(() => BoardEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'board_id' })
  board?: Relation<BoardEntity>;

  @Index()
  @Column('uuid', { nullable: true })
  gatewayId: string | null;

  @ManyToOne(() => GatewayEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'gateway_id' })
  gateway?: Relation<GatewayEntity>;

  /** The agent's id inside its OpenClaw gateway. */
  @Column('varchar', { length: 100, default: 'main' })
  openclawAgentId: string;

  @Column('varchar', { length: 20, default: 'offline' })
  status: AgentStatus;

  /** SHA-256 of the agent token: the token itself is shown once and never stored. */
  @Index({ unique: true })
  @Column('char', { length: 64, select: false })
  tokenHash: string;

  /** The first characters of the token, so an admin can tell tokens apart. */
  @Column('varchar', { length: 16 })
  tokenHint: string;

  @Column('timestamptz')
  tokenRotatedAt: Date;

  @Column('timestamptz', { nullable: true })
  lastSeenAt: Date | null;

  @Column('jsonb', { default: {} })
  metadata: Record<string, unknown>;

  @OneToMany(() => AgentCapabilityEntity, (capability) => capability.agent)
  capabilities?: Relation<AgentCapabilityEntity[]>;
}
