import { api, unwrap, type Schemas } from '../../api/client';

export type Occurrence = Schemas['CalendarOccurrenceDto'];
export type CalendarEvent = Schemas['CalendarEventDto'];
export type TaskSchedule = Schemas['TaskScheduleDto'];
export type EventType = Occurrence['event_type'];
export const EVENT_TYPES: EventType[] = ['meeting', 'milestone', 'deadline', 'release', 'holiday', 'focus', 'other'];

export const TYPE_COLORS: Record<EventType, string> = {
  meeting: 'blue',
  milestone: 'violet',
  deadline: 'red',
  release: 'green',
  holiday: 'gray',
  focus: 'orange',
  other: 'teal',
};

/** The most occurrences one view asks for (10 pages of 100): a month of a busy organisation fits easily. */
const MAX_PAGES = 10;

/** Every page of a window's list, since a calendar view shows the whole window at once. */
async function allPages<T>(load: (offset: number) => Promise<{ items: T[]; total: number }>): Promise<{ items: T[]; total: number }> {
  const items: T[] = [];
  let total = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await load(page * 100);
    items.push(...answer.items);
    total = answer.total;
    if (items.length >= total || answer.items.length === 0) break;
  }
  return { items, total };
}

export function loadOccurrences(organizationId: string, start: Date, end: Date) {
  return allPages(async (offset) =>
    unwrap(
      await api.GET('/api/v1/calendar/events', {
        params: { query: { organization_id: organizationId, start_date: start.toISOString(), end_date: end.toISOString(), limit: 100, offset } },
      }),
    ),
  );
}

export function loadSchedules(organizationId: string, start: Date, end: Date) {
  return allPages(async (offset) =>
    unwrap(
      await api.GET('/api/v1/calendar/schedules', {
        params: { query: { organization_id: organizationId, start_date: start.toISOString(), end_date: end.toISOString(), limit: 100, offset } },
      }),
    ),
  );
}

/** The whole series behind an occurrence, with its exceptions. */
export async function loadSeries(eventId: string): Promise<CalendarEvent> {
  return unwrap(await api.GET('/api/v1/calendar/events/{id}', { params: { path: { id: eventId } } }));
}

/** Something drawn in a day of the calendar: an event occurrence or a task's planned time. */
export type CalendarItem =
  | { kind: 'event'; key: string; start: Date; end: Date; allDay: boolean; title: string; color: string; occurrence: Occurrence }
  | { kind: 'schedule'; key: string; start: Date; end: Date; allDay: false; title: string; color: string; schedule: TaskSchedule };

export function itemsOf(occurrences: Occurrence[], schedules: TaskSchedule[]): CalendarItem[] {
  return [
    ...occurrences.map((o): CalendarItem => ({
      kind: 'event',
      key: `e-${o.event_id}-${o.occurrence_start}`,
      start: new Date(o.starts_at),
      end: new Date(o.ends_at),
      allDay: o.all_day,
      title: o.title,
      color: TYPE_COLORS[o.event_type],
      occurrence: o,
    })),
    ...schedules.map((s): CalendarItem => ({
      kind: 'schedule',
      key: `s-${s.id}`,
      start: new Date(s.planned_start),
      end: new Date(s.planned_end),
      allDay: false,
      title: '',
      color: 'yellow',
      schedule: s,
    })),
  ].sort((a, b) => a.start.getTime() - b.start.getTime());
}
