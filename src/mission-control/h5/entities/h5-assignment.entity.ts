import { Column, Entity, Index, JoinColumn, ManyToOne, Unique, type Relation } from 'typeorm';
import { AgentEntity } from '../../agents/entities/agent.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';
import { H5UserEntity } from './h5-user.entity';
import { BoardEntity } from '../../boards/entities/board.entity';

/** Which agents an H5 user may chat with; user and agent are always in the same organisation. */
@Entity('h5_assignments')
@Unique(['h5UserId', 'agentId'])
export class H5AssignmentEntity extends OrganizationScopedEntity {
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

  @Column('uuid', { nullable: true })
  boardId: string | null;

  @ManyToOne(() => BoardEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'board_id' })
  board?: Relation<BoardEntity>;

  @Column('varchar', { length: 32, default: 'member' })
  role: string;
}
