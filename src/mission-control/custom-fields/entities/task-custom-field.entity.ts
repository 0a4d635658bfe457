import { Column, Entity, Index, JoinColumn, ManyToOne, Unique, type Relation } from 'typeorm';
import { BoardEntity } from '../../boards/entities/board.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'boolean', 'date', 'url', 'enum', 'json'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** A typed field that tasks of an organisation (or of one board) carry in `custom_fields`. */
@Entity('task_custom_fields')
@Unique(['organizationId', 'key'])
export class TaskCustomFieldEntity extends OrganizationScopedEntity {
  /** The property name in a task's `custom_fields`. */
  @Column('varchar', { length: 64 })
  key: string;

  @Column('varchar', { length: 200 })
  label: string;

  @Column('varchar', { length: 10 })
  type: CustomFieldType;

  @Column('boolean', { default: false })
  required: boolean;

  /** The allowed values of an `enum` field. */
  @Column('jsonb', { default: [] })
  options: string[];

  @Column('text', { nullable: true })
  description: string | null;

  /** Set: the field applies to this board's tasks only; null: to every board of the organisation. */
  @Index()
  @Column('uuid', { nullable: true })
  boardId: string | null;

  @ManyToOne(() => BoardEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'board_id' })
  board?: Relation<BoardEntity>;
}
