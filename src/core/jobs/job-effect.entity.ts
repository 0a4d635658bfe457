import { CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** The effects a job has already had: a handler claims its key in the transaction that has the effect. */
@Entity('job_effects')
export class JobEffectEntity {
  @PrimaryColumn('varchar', { length: 300 })
  key: string;

  @Index()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
