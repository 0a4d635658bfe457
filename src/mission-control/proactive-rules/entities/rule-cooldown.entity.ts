import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ProactiveRuleEntity } from './proactive-rule.entity';

/** When a rule last acted on a target (a task, an agent, a board…): its cooldown runs from here. */
@Entity('rule_cooldowns')
export class RuleCooldownEntity {
  @PrimaryColumn('uuid')
  ruleId: string;

  @ManyToOne(() => ProactiveRuleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rule_id' })
  rule?: Relation<ProactiveRuleEntity>;

  @PrimaryColumn('varchar', { length: 200 })
  target: string;

  @Column('timestamptz')
  firedAt: Date;
}
