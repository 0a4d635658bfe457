import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BoardEntity } from '../../boards/entities/board.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';

export const KNOWLEDGE_SOURCES = ['manual', 'agent', 'document'] as const;
export type KnowledgeSource = (typeof KNOWLEDGE_SOURCES)[number];

/**
 * A knowledge entry. `search_vector` (jieba words of title, content and documents, plus English stems) is
 * written with the entry and read only by SQL; its GIN index is made by the migration (TypeORM cannot
 * declare one). The entry's vector lives in `knowledge_embeddings`, whose column type depends on pgvector.
 */
@Entity('knowledge_entries')
@Index('idx_knowledge_entries_search_vector', { synchronize: false })
@Index(['organizationId', 'updatedAt'])
export class KnowledgeEntryEntity extends OrganizationScopedEntity {
  @Index()
  @Column('uuid', { nullable: true })
  boardId: string | null;

  @ManyToOne(() => BoardEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'board_id' })
  board?: Relation<BoardEntity>;

  @Column('varchar', { length: 300 })
  title: string;

  @Column('text')
  content: string;

  @Column('varchar', { length: 100, nullable: true })
  category: string | null;

  @Column('jsonb', { default: [] })
  tags: string[];

  @Column('varchar', { length: 20, default: 'manual' })
  source: KnowledgeSource;

  @Column('boolean', { default: false })
  pinned: boolean;

  @Column('tsvector', { nullable: true, select: false })
  searchVector?: string | null;
}
