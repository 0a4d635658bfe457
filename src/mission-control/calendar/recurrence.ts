import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { icsLocalTime, Interval, overlaps } from './time-windows';

const RULE_PARTS = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYDAY', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYMONTH', 'BYSETPOS', 'WKST']);
const NUMERIC_PARTS = new Set(['INTERVAL', 'COUNT']);
// a calendar event repeats at most hourly: finer rules would expand to millions of occurrences in a year's window
const ALLOWED_FREQUENCIES = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY'];

/** `RRULE:FREQ=…` or `FREQ=…` → `FREQ=…` in upper case. */
export function normalizeRule(rule: string): string {
  return rule.trim().replace(/^RRULE:/i, '').toUpperCase();
}

/** Why `rule` is not an RRULE value this service expands (null: it is fine), with the series start it repeats from. */
export function ruleProblem(rule: string, startsAt: Date, timeZone: string): string | null {
  const value = normalizeRule(rule);
  if (value === '' || /[\r\n]/.test(value)) return 'must be a single RRULE value such as FREQ=WEEKLY;BYDAY=MO,WE';
  const parts = new Map<string, string>();
  for (const part of value.split(';')) {
    const [key, partValue, ...rest] = part.split('=');
    if (!key || partValue === undefined || partValue === '' || rest.length > 0) return `"${part}" is not a NAME=VALUE rule part`;
    if (!RULE_PARTS.has(key)) return `${key} is not an RRULE part (RFC 5545 §3.3.10)`;
    if (parts.has(key)) return `${key} appears twice`;
    if (NUMERIC_PARTS.has(key) && !/^[1-9][0-9]{0,5}$/.test(partValue)) return `${key} must be a positive integer`;
    parts.set(key, partValue);
  }
  const freq = parts.get('FREQ');
  if (!freq) return 'FREQ is required';
  if (!ALLOWED_FREQUENCIES.includes(freq)) return `FREQ must be one of ${ALLOWED_FREQUENCIES.join(', ')}`;
  if (parts.has('COUNT') && parts.has('UNTIL')) return 'COUNT and UNTIL cannot both be set';
  try {
    seriesOf(value, startsAt, timeZone).all((_, index) => index < 1);
  } catch (error) {
    return (error as Error).message;
  }
  return null;
}

function seriesOf(rule: string, startsAt: Date, timeZone: string): RRuleTemporal {
  return new RRuleTemporal({
    rruleString: `DTSTART;TZID=${timeZone}:${icsLocalTime(startsAt.getTime(), timeZone)}\nRRULE:${normalizeRule(rule)}`,
    temporal: Temporal,
  });
}

/** What the expansion needs of an event. */
export interface RecurringSeries {
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  recurrenceRule: string | null;
  exdates: string[];
  overrides: OccurrenceOverride[];
}

/** One occurrence of a series moved elsewhere (`occurrence_start` names it by its original start). */
export interface OccurrenceOverride {
  occurrence_start: string;
  starts_at: string;
  ends_at: string;
}

/** One occurrence: `key` is its original start, which exceptions name it by. */
export interface Occurrence extends Interval {
  key: number;
  moved: boolean;
}

/**
 * The occurrences that touch `window`. The rule runs in the event's own time zone, so 09:00 New York stays
 * 09:00 local across a DST change; cancelled occurrences (exdates) are left out and moved ones (overrides)
 * appear at their new time.
 */
export function occurrencesIn(series: RecurringSeries, window: Interval): Occurrence[] {
  const start = series.startsAt.getTime();
  const duration = series.endsAt.getTime() - start;
  if (!series.recurrenceRule) {
    const single = { start, end: start + duration, key: start, moved: false };
    return overlaps(single, window) ? [single] : [];
  }
  const cancelled = new Set(series.exdates.map((value) => Date.parse(value)));
  const moved = new Map(series.overrides.map((override) => [Date.parse(override.occurrence_start), override]));
  const found: Occurrence[] = [];
  const candidates = seriesOf(series.recurrenceRule, series.startsAt, series.timezone).between(new Date(window.start - duration), new Date(window.end), true);
  for (const candidate of candidates) {
    const key = candidate.epochMilliseconds;
    if (cancelled.has(key) || moved.has(key)) continue;
    const occurrence = { start: key, end: key + duration, key, moved: false };
    if (overlaps(occurrence, window)) found.push(occurrence);
  }
  for (const [key, override] of moved) {
    if (cancelled.has(key)) continue;
    const occurrence = { start: Date.parse(override.starts_at), end: Date.parse(override.ends_at), key, moved: true };
    if (overlaps(occurrence, window)) found.push(occurrence);
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The original starts of the series (without its exceptions) from `from` to `to`, both included. */
export function occurrenceStarts(series: Pick<RecurringSeries, 'startsAt' | 'timezone' | 'recurrenceRule'>, from: number, to: number): Set<number> {
  if (!series.recurrenceRule) return new Set();
  const found = seriesOf(series.recurrenceRule, series.startsAt, series.timezone).between(new Date(from), new Date(to), true);
  return new Set(found.map((candidate) => candidate.epochMilliseconds));
}
