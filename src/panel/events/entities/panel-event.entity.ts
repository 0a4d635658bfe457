import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const PANEL_EVENT_SOURCES = ['qq', 'wechat', 'openclaw', 'system'] as const;
export type PanelEventSource = (typeof PANEL_EVENT_SOURCES)[number];

/**
 * One line of the panel's activity log: QQ and WeChat traffic, admin actions, OpenClaw pushes. `seq` orders the
 * log (newest first = highest seq). Substring search uses a pg_trgm GIN index over summary and detail, which
 * TypeORM cannot describe: the migration owns it.
 */
@Entity('panel_events')
@Index(['source', 'seq'])
@Index('idx_panel_events_search', { synchronize: false })
export class PanelEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Identity, in insertion order; bigint comes back from pg as a string. */
  @Index({ unique: true })
  @Column({ type: 'bigint', generatedIdentity: 'ALWAYS' })
  // @Generated's type omits 'identity', which TypeORM's PostgreSQL driver creates and compares
  @Generated('identity' as 'increment')
  seq: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('varchar', { length: 16 })
  source: PanelEventSource;

  @Column('varchar', { length: 64 })
  type: string;

  @Column('text')
  summary: string;

  @Column('text', { nullable: true })
  detail: string | null;
}

/** Entries per source, kept exact by triggers on panel_events (insert, delete, update of source, truncate). */
@Entity('panel_event_counts')
export class PanelEventCountEntity {
  @PrimaryColumn('varchar', { length: 16 })
  source: string;

  @Column('bigint', { default: 0 })
  entries: string;
}
