import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JsonObject } from '../database/base.entity';

/**
 * A domain event, written in the same transaction as the change it describes (the transactional outbox).
 * The dispatcher turns each row into one job per handler and marks it dispatched in one transaction.
 */
@Entity('outbox_events')
@Index('idx_outbox_events_pending', ['createdAt'], { where: '"dispatched_at" IS NULL' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 100 })
  name: string;

  @Column('jsonb')
  payload: JsonObject;

  @Index()
  @Column('uuid', { nullable: true })
  organizationId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Index()
  @Column('timestamptz', { nullable: true })
  dispatchedAt: Date | null;
}
