import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { JsonObject } from '../../database/base.entity';

/** The first answer to a POST sent with an Idempotency-Key, kept for a day so a retry gets the same answer. */
@Entity('idempotency_records')
@Unique(['scope', 'key'])
export class IdempotencyRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Whose key it is (`admin:<user id>`, `agent:<agent id>`, …): keys of different callers never meet. */
  @Column('varchar', { length: 120 })
  scope: string;

  @Column('varchar', { length: 200 })
  key: string;

  /** SHA-256 of method, path and body: the same key with another request is refused. */
  @Column('char', { length: 64 })
  requestHash: string;

  /** null while the first request is still being answered. */
  @Column('smallint', { nullable: true })
  statusCode: number | null;

  @Column('jsonb', { nullable: true })
  responseBody: JsonObject | null;

  @Index()
  @Column('timestamptz')
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
