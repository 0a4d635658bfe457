import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { JsonObject } from '../../../core/database/base.entity';
import { AgentEntity } from '../../agents/entities/agent.entity';
import { BoardEntity } from '../../boards/entities/board.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';
import type { OccurrenceOverride } from '../recurrence';

export const CALENDAR_EVENT_TYPES = ['meeting', 'milestone', 'deadline', 'release', 'holiday', 'focus', 'other'] as const;
export type CalendarEventType = (typeof CALENDAR_EVENT_TYPES)[number];

/** A calendar event; with a recurrence rule, a series whose occurrences are expanded when a window is listed. */
@Entity('calendar_events')
@Index(['organizationId', 'startsAt'])
export class CalendarEventEntity extends OrganizationScopedEntity {
  @Index()
  @Column('uuid', { nullable: true })
  boardId: string | null;

  @ManyToOne(() => BoardEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'board_id' })
  board?: Relation<BoardEntity>;

  @Column('varchar', { length: 200 })
  title: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('varchar', { length: 20 })
  eventType: CalendarEventType;

  /** The first occurrence's start (of a series: DTSTART). */
  @Column('timestamptz')
  startsAt: Date;

  @Column('timestamptz')
  endsAt: Date;

  @Column('boolean', { default: false })
  allDay: boolean;

  /** The IANA zone the recurrence runs in. */
  @Column('varchar', { length: 64, default: 'UTC' })
  timezone: string;

  /** RFC 5545 RRULE value (`FREQ=WEEKLY;BYDAY=MO`), null for a single event. */
  @Column('varchar', { length: 500, nullable: true })
  recurrenceRule: string | null;

  /** Original starts (ISO) of cancelled occurrences. */
  @Column('jsonb', { default: [] })
  exdates: string[];

  /** Moved occurrences. */
  @Column('jsonb', { default: [] })
  overrides: OccurrenceOverride[];

  @Column('jsonb', { default: {} })
  metadata: JsonObject;
}

/** An agent taking part in an event: its occurrences count as that agent's busy time. */
@Entity('calendar_event_agents')
export class CalendarEventAgentEntity {
  @PrimaryColumn('uuid')
  eventId: string;

  @ManyToOne(() => CalendarEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<CalendarEventEntity>;

  @Index()
  @PrimaryColumn('uuid')
  agentId: string;

  @ManyToOne(() => AgentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agent_id' })
  agent?: Relation<AgentEntity>;
}
