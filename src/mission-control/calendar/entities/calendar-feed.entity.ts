import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { AgentEntity } from '../../agents/entities/agent.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';

/** An iCalendar subscription URL of an organization's calendar, or of one agent's; deleting it revokes the URL. */
@Entity('calendar_feeds')
export class CalendarFeedEntity extends OrganizationScopedEntity {
  /** Null: the whole organization. */
  @Index()
  @Column('uuid', { nullable: true })
  agentId: string | null;

  @ManyToOne(() => AgentEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'agent_id' })
  agent?: Relation<AgentEntity>;

  @Column('varchar', { length: 200 })
  name: string;

  /** SHA-256 of the feed token, which is shown once. */
  @Index({ unique: true })
  @Column('varchar', { length: 64 })
  tokenHash: string;
}
