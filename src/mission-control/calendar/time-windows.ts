import { Temporal } from 'temporal-polyfill';

/** A half-open span of time in epoch milliseconds: [start, end). */
export interface Interval {
  start: number;
  end: number;
}

export const HOUR_MS = 3_600_000;

export function overlapMs(a: Interval, b: Interval): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Sorted, with touching and overlapping spans joined. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else merged.push({ ...next });
  }
  return merged;
}

/** What is left of `span` once every busy interval is taken out. */
export function freeWithin(span: Interval, busy: Interval[]): Interval[] {
  const free: Interval[] = [];
  let cursor = span.start;
  for (const block of mergeIntervals(busy)) {
    if (block.end <= cursor) continue;
    if (block.start >= span.end) break;
    if (block.start > cursor) free.push({ start: cursor, end: block.start });
    cursor = Math.max(cursor, block.end);
  }
  if (cursor < span.end) free.push({ start: cursor, end: span.end });
  return free;
}

export const hours = (ms: number): number => Math.round((ms / HOUR_MS) * 100) / 100;

/** Working hours of a day as local wall-clock times, `HH:MM`. */
export interface WorkingHours {
  start: string;
  end: string;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { start: '09:00', end: '18:00' };

/** One local calendar day of a time zone, with its bounds and its working window (which follows DST). */
export interface LocalDay {
  date: string;
  weekend: boolean;
  bounds: Interval;
  working: Interval;
}

function instantAt(date: Temporal.PlainDate, time: string, timeZone: string): number {
  // a wall time that does not exist (the spring-forward gap) moves forward, as RFC 5545 says
  return date.toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from(time) }).epochMilliseconds;
}

/** Every local day of `timeZone` that the span touches. */
export function localDays(span: Interval, timeZone: string, workingHours: WorkingHours = DEFAULT_WORKING_HOURS): LocalDay[] {
  const first = Temporal.Instant.fromEpochMilliseconds(span.start).toZonedDateTimeISO(timeZone).toPlainDate();
  const last = Temporal.Instant.fromEpochMilliseconds(span.end - 1).toZonedDateTimeISO(timeZone).toPlainDate();
  const days: LocalDay[] = [];
  for (let date = first; Temporal.PlainDate.compare(date, last) <= 0; date = date.add({ days: 1 })) {
    const next = date.add({ days: 1 });
    days.push({
      date: date.toString(),
      weekend: date.dayOfWeek >= 6,
      bounds: { start: date.toZonedDateTime({ timeZone }).epochMilliseconds, end: next.toZonedDateTime({ timeZone }).epochMilliseconds },
      working: { start: instantAt(date, workingHours.start, timeZone), end: instantAt(date, workingHours.end, timeZone) },
    });
  }
  return days;
}

/** `20260305T090000`: a wall-clock time of `timeZone` as iCalendar writes it beside TZID. */
export function icsLocalTime(epochMs: number, timeZone: string): string {
  const local = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).toPlainDateTime();
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(local.year, 4)}${pad(local.month)}${pad(local.day)}T${pad(local.hour)}${pad(local.minute)}${pad(local.second)}`;
}

/** Midnight of today in `timeZone`. */
export function startOfToday(timeZone: string, now = Date.now()): number {
  return Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(timeZone).startOfDay().epochMilliseconds;
}
