/**
 * Wall-clock arithmetic in an IANA time zone with Intl only: the calendar lays days out in the viewer's zone
 * while each event keeps its own.
 */

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall time of an instant in `timeZone`. */
export function wallTime(instant: Date | string | number, timeZone: string): WallTime {
  const parts = formatter(timeZone).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute') };
}

function offsetMinutes(instant: number, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/** The instant a wall time names in `timeZone` (a time skipped by DST moves forward, as clocks do). */
export function zonedInstant(w: WallTime, timeZone: string): Date {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  let guess = naive - offsetMinutes(naive, timeZone) * 60_000;
  guess = naive - offsetMinutes(guess, timeZone) * 60_000;
  return new Date(guess);
}

/** A local day as YYYY-MM-DD. */
export type DayKey = string;

export function dayKey(instant: Date | string | number, timeZone: string): DayKey {
  const w = wallTime(instant, timeZone);
  return keyOf(w.year, w.month, w.day);
}

function keyOf(year: number, month: number, day: number): DayKey {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function parseDay(key: DayKey): { year: number; month: number; day: number } {
  const [year, month, day] = key.split('-').map(Number);
  return { year, month, day };
}

export function addDays(key: DayKey, days: number): DayKey {
  const { year, month, day } = parseDay(key);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return keyOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addMonths(key: DayKey, months: number): DayKey {
  const { year, month } = parseDay(key);
  const d = new Date(Date.UTC(year, month - 1 + months, 1));
  return keyOf(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(key: DayKey): number {
  const { year, month, day } = parseDay(key);
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

export function startOfWeek(key: DayKey): DayKey {
  return addDays(key, -weekday(key));
}

/** The 42 days (six Monday-first weeks) a month view shows around the month of `key`. */
export function monthGrid(key: DayKey): DayKey[] {
  const { year, month } = parseDay(key);
  const first = startOfWeek(keyOf(year, month, 1));
  return Array.from({ length: 42 }, (_, i) => addDays(first, i));
}

/** Midnight starting `key` in `timeZone`. */
export function dayStart(key: DayKey, timeZone: string): Date {
  return zonedInstant({ ...parseDay(key), hour: 0, minute: 0 }, timeZone);
}

/** The value of a datetime-local input for an instant seen in `timeZone`. */
export function toLocalInput(instant: Date | string, timeZone: string): string {
  const w = wallTime(instant, timeZone);
  return `${keyOf(w.year, w.month, w.day)}T${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}

/** The instant a datetime-local value names in `timeZone` (null when it is not one). */
export function fromLocalInput(value: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  return zonedInstant({ year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5] }, timeZone);
}

/** The viewer's zone as the browser reports it. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}
