import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const PANEL_EVENT_SOURCES = ['qq', 'wechat', 'openclaw', 'system'] as const;
export type PanelEventSource = (typeof PANEL_EVENT_SOURCES)[number];

/** One line of the panel's activity log: QQ and WeChat traffic, admin actions, OpenClaw pushes. */
@Entity('panel_events')
@Index(['source', 'createdAt'])
export class PanelEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
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
