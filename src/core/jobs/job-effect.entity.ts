import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { JsonObject } from '../database/base.entity';

/** The effects a job has already had: a handler claims its key in the transaction that has the effect. */
@Entity('job_effects')
export class JobEffectEntity {
  @PrimaryColumn('varchar', { length: 300 })
  key: string;

  /** What the effect produced (the id of a created task, say), for a second run to answer with. */
  @Column('jsonb', { default: {} })
  result: JsonObject;

  @Index()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
