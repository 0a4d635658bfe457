import { Column, Entity, Index, JoinColumn, ManyToOne, Unique, type Relation } from 'typeorm';
import { AgentEntity } from '../../agents/entities/agent.entity';
import { GatewayEntity } from '../../gateways/entities/gateway.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';
import { MarketplaceSkillEntity } from './marketplace-skill.entity';

export const INSTALLATION_STATUSES = ['installed', 'uninstalled', 'failed'] as const;
export type InstallationStatus = (typeof INSTALLATION_STATUSES)[number];

/** What we installed where: one row per (gateway, OpenClaw agent, catalogue skill), updated on every (re)install. */
@Entity('skill_installations')
@Unique(['gatewayId', 'openclawAgentId', 'skillId'])
export class SkillInstallationEntity extends OrganizationScopedEntity {
  @Column('uuid')
  gatewayId: string;

  @ManyToOne(() => GatewayEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'gateway_id' })
  gateway?: Relation<GatewayEntity>;

  /** The agent's id inside the gateway. */
  @Column('varchar', { length: 100 })
  openclawAgentId: string;

  /** The Mission Control agent the last install or uninstall went through. */
  @Index()
  @Column('uuid', { nullable: true })
  agentId: string | null;

  @ManyToOne(() => AgentEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'agent_id' })
  agent?: Relation<AgentEntity>;

  @Index()
  @Column('uuid')
  skillId: string;

  @ManyToOne(() => MarketplaceSkillEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'skill_id' })
  skill?: Relation<MarketplaceSkillEntity>;

  /** The skill key on the gateway when it was installed. */
  @Column('varchar', { length: 64 })
  slug: string;

  /** The catalogue version that was installed. */
  @Column('varchar', { length: 50 })
  version: string;

  /** SHA-256 of what was sent (bundle files, or the ClawHub slug and version): a repeat install of the same is a no-op. */
  @Column('char', { length: 64, nullable: true })
  contentHash: string | null;

  @Column('varchar', { length: 16 })
  status: InstallationStatus;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('timestamptz', { nullable: true })
  installedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  uninstalledAt: Date | null;
}
