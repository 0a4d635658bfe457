import { Column, Entity, Index, JoinColumn, ManyToOne, Unique, type Relation } from 'typeorm';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';
import { BoardGroupEntity } from './board-group.entity';

@Entity('boards')
@Unique(['organizationId', 'name'])
export class BoardEntity extends OrganizationScopedEntity {
  @Column('varchar', { length: 200 })
  name: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Index()
  @Column('uuid', { nullable: true })
  boardGroupId: string | null;

  @ManyToOne(() => BoardGroupEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'board_group_id' })
  boardGroup?: Relation<BoardGroupEntity>;

  /** A task reaches `done` only with an approved approval. */
  @Column('boolean', { default: false })
  requireApprovalForDone: boolean;

  /** A task reaches `done` only from `review`. */
  @Column('boolean', { default: false })
  requireReviewBeforeDone: boolean;

  /** At most this many tasks `in_progress` at once; null for no limit. */
  @Column('integer', { nullable: true })
  wipLimit: number | null;
}
