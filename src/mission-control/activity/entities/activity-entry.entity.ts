import { JsonObject } from '../../../core/database/base.entity';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Actor } from '../../../core/auth/principal';

/** The audit timeline: one row per write, committed in the same transaction as the write. */
@Entity('activity_entries')
@Index(['organizationId', 'createdAt'])
@Index(['targetType', 'targetId'])
export class ActivityEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  // no foreign key: the trail outlives what it describes
  @Column('uuid', { nullable: true })
  organizationId: string | null;

  @Column('varchar', { length: 16 })
  actorType: Actor['type'];

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('varchar', { length: 100 })
  action: string;

  @Column('varchar', { length: 50 })
  targetType: string;

  @Column('uuid', { nullable: true })
  targetId: string | null;

  @Column('uuid', { nullable: true })
  boardId: string | null;

  @Column('text')
  summary: string;

  @Column('jsonb', { default: {} })
  changes: JsonObject;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
