import { Column, Entity, Index, JoinColumn, ManyToOne, Unique, type Relation } from 'typeorm';
import type { Condition } from '../../../core/expressions/expression';
import { BoardEntity } from '../../boards/entities/board.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';
import type { ActionSpec } from '../../suggestions/actions/action-types';

export type RuleTrigger = { type: 'event'; event: string } | { type: 'schedule'; cron: string; timezone?: string };

/**
 * A proactive rule of one organisation (optionally one board): when its trigger happens and its conditions
 * hold, its action runs, at most once per cooldown for the same target. Built-in rules are rows too, one
 * per organisation and key, so each organisation toggles its own.
 */
@Entity('proactive_rules')
@Index(['organizationId', 'triggerEvent'])
@Unique(['organizationId', 'builtinKey'])
export class ProactiveRuleEntity extends OrganizationScopedEntity {
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

  @Column('jsonb')
  trigger: RuleTrigger;

  /** The trigger's event, for the one indexed lookup an event makes; null for schedules. */
  @Column('varchar', { length: 100, nullable: true })
  triggerEvent: string | null;

  @Column('jsonb', { default: [] })
  conditions: Condition[];

  @Column('jsonb')
  action: ActionSpec;

  @Column('integer', { default: 60 })
  cooldownMinutes: number;

  @Column('boolean', { default: true })
  enabled: boolean;

  /** Which built-in rule this row is, or null for a rule an admin wrote. */
  @Column('varchar', { length: 50, nullable: true })
  builtinKey: string | null;
}
