import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import type { Actor } from '../../../core/auth/principal';
import { BoardGroupEntity } from '../../boards/entities/board-group.entity';
import { BoardEntity } from '../../boards/entities/board.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';

/** A persistent note kept for a board or for a board group (exactly one of the two). */
@Entity('memory_entries')
@Check('chk_memory_entries_one_scope', 'num_nonnulls(board_id, board_group_id) = 1')
@Index(['boardId', 'createdAt'])
@Index(['boardGroupId', 'createdAt'])
export class MemoryEntryEntity extends OrganizationScopedEntity {
  @Column('uuid', { nullable: true })
  boardId: string | null;

  @ManyToOne(() => BoardEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'board_id' })
  board?: Relation<BoardEntity>;

  @Column('uuid', { nullable: true })
  boardGroupId: string | null;

  @ManyToOne(() => BoardGroupEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'board_group_id' })
  boardGroup?: Relation<BoardGroupEntity>;

  @Column('text')
  content: string;

  @Column('text', { array: true, default: '{}' })
  tags: string[];

  /** Where the note came from, e.g. `manual`, `agent`, `chat`, `import`. */
  @Column('varchar', { length: 100, default: 'manual' })
  source: string;

  /** Part of a chat transcript rather than a curated note. */
  @Column('boolean', { default: false })
  isChat: boolean;

  @Column('varchar', { length: 16 })
  createdByType: Actor['type'];

  @Column('uuid', { nullable: true })
  createdById: string | null;
}
