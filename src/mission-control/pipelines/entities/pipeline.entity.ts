import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BoardEntity } from '../../boards/entities/board.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';
import type { PipelineTrigger, StageDefinition, TriggerType } from '../definition';

/** A workflow: stages run in order (or as they branch), started by hand, by a domain event or on a schedule. */
@Entity('pipelines')
@Index(['triggerType', 'enabled'])
export class PipelineEntity extends OrganizationScopedEntity {
  @Index()
  @Column('uuid', { nullable: true })
  boardId: string | null;

  @ManyToOne(() => BoardEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'board_id' })
  board?: Relation<BoardEntity>;

  @Column('varchar', { length: 200 })
  name: string;

  @Column('text', { nullable: true })
  description: string | null;

  /** `trigger.type`, kept apart for the trigger lookups. */
  @Column('varchar', { length: 16 })
  triggerType: TriggerType;

  @Column('jsonb')
  trigger: PipelineTrigger;

  @Column('jsonb')
  stages: StageDefinition[];

  @Column('boolean', { default: true })
  enabled: boolean;

  /** The built-in template it was created from. */
  @Column('varchar', { length: 64, nullable: true })
  templateKey: string | null;
}
