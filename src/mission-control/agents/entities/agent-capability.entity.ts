import { Column, Entity, Index, JoinColumn, ManyToOne, Unique, type Relation } from 'typeorm';
import { BaseEntity } from '../../../core/database/base.entity';
import { AgentEntity } from './agent.entity';

@Entity('agent_capabilities')
@Unique(['agentId', 'capability'])
export class AgentCapabilityEntity extends BaseEntity {
  @Column('uuid')
  agentId: string;

  @ManyToOne(() => AgentEntity, (agent) => agent.capabilities, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agent_id' })
  agent?: Relation<AgentEntity>;

  @Index()
  @Column('varchar', { length: 64 })
  capability: string;

  /** 1 (novice) to 5 (expert). */
  @Column('smallint', { default: 3 })
  proficiency: number;
}
