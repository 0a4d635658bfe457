import { dayStart, addDays, type DayKey } from './zonedTime';

export type Frequency = 'DAILY' | 'WEEKLY' | 'MONTHLY';
export const FREQUENCIES: Frequency[] = ['DAILY', 'WEEKLY', 'MONTHLY'];
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** What the event form's recurrence fields say. */
export interface Recurrence {
  freq: Frequency;
  interval: number;
  /** weekly only; empty: the start's weekday */
  byDay: Weekday[];
  end: { kind: 'never' } | { kind: 'count'; count: number } | { kind: 'until'; until: DayKey };
}

function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The RFC 5545 RRULE value the API takes; UNTIL is the end of that local day in the event's zone, in UTC. */
export function buildRrule(r: Recurrence, timeZone: string): string {
  const parts = [`FREQ=${r.freq}`];
  if (r.interval > 1) parts.push(`INTERVAL=${Math.floor(r.interval)}`);
  if (r.freq === 'WEEKLY' && r.byDay.length > 0) parts.push(`BYDAY=${WEEKDAYS.filter((d) => r.byDay.includes(d)).join(',')}`);
  if (r.end.kind === 'count') parts.push(`COUNT=${Math.max(1, Math.floor(r.end.count))}`);
  if (r.end.kind === 'until') parts.push(`UNTIL=${utcStamp(new Date(dayStart(addDays(r.end.until, 1), timeZone).getTime() - 1000))}`);
  return parts.join(';');
}

/** The form's reading of a stored RRULE; null when the rule says more than the form can edit. */
export function parseRrule(rule: string, timeZone: string): Recurrence | null {
  const parts = new Map(
    rule
      .replace(/^RRULE:/i, '')
      .toUpperCase()
      .split(';')
      .filter(Boolean)
      .map((part) => part.split('=') as [string, string]),
  );
  const freq = parts.get('FREQ') as Frequency;
  if (!FREQUENCIES.includes(freq)) return null;
  for (const key of parts.keys()) if (!['FREQ', 'INTERVAL', 'BYDAY', 'COUNT', 'UNTIL'].includes(key)) return null;
  const byDay = (parts.get('BYDAY')?.split(',') ?? []) as Weekday[];
  if (byDay.some((d) => !WEEKDAYS.includes(d)) || (byDay.length > 0 && freq !== 'WEEKLY')) return null;
  const interval = Number(parts.get('INTERVAL') ?? 1);
  let end: Recurrence['end'] = { kind: 'never' };
  if (parts.has('COUNT')) end = { kind: 'count', count: Number(parts.get('COUNT')) };
  const until = parts.get('UNTIL');
  if (until) {
    const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(until);
    if (!m) return null;
    const instant = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)));
    end = { kind: 'until', until: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant) };
  }
  return { freq, interval: Number.isFinite(interval) && interval >= 1 ? interval : 1, byDay, end };
}
