import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';
import { KnowledgeEntryEntity } from './knowledge-entry.entity';

/** A file attached to an entry; only its text is kept (it feeds the entry's search index and embedding). */
@Entity('knowledge_documents')
export class KnowledgeDocumentEntity extends OrganizationScopedEntity {
  @Index()
  @Column('uuid')
  knowledgeId: string;

  @ManyToOne(() => KnowledgeEntryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'knowledge_id' })
  entry?: Relation<KnowledgeEntryEntity>;

  @Column('varchar', { length: 255 })
  filename: string;

  @Column('varchar', { length: 100 })
  contentType: string;

  @Column('integer')
  size: number;

  @Column('text', { select: false })
  extractedText?: string;

  @Column('integer')
  extractedChars: number;
}
