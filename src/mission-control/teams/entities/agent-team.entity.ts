import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, type Relation } from 'typeorm';
import { AgentEntity } from '../../agents/entities/agent.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';

export const TEAM_TYPES = ['custom', 'task_force', 'review_committee', 'specialist_pool'] as const;
export type TeamType = (typeof TEAM_TYPES)[number];
export const TEAM_ROLES = ['leader', 'specialist', 'member', 'reviewer'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** A group of agents of one organisation with a lead. */
@Entity('agent_teams')
@Unique(['organizationId', 'name'])
export class AgentTeamEntity extends OrganizationScopedEntity {
  @Column('varchar', { length: 200 })
  name: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('varchar', { length: 20, default: 'custom' })
  teamType: TeamType;

  @Index()
  @Column('uuid', { nullable: true })
  leadAgentId: string | null;

  @ManyToOne(() => AgentEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'lead_agent_id' })
  leadAgent?: Relation<AgentEntity>;
}

/** An agent's place in a team; one row per team and agent. */
@Entity('agent_team_members')
export class AgentTeamMemberEntity {
  @PrimaryColumn('uuid')
  teamId: string;

  @ManyToOne(() => AgentTeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id' })
  team?: Relation<AgentTeamEntity>;

  @Index()
  @PrimaryColumn('uuid')
  agentId: string;

  @ManyToOne(() => AgentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agent_id' })
  agent?: Relation<AgentEntity>;

  @Column('varchar', { length: 20, default: 'member' })
  roleInTeam: TeamRole;

  @CreateDateColumn({ type: 'timestamptz' })
  joinedAt: Date;
}
