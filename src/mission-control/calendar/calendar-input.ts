import { fieldError } from '../../core/http/api-errors';
import { HOUR_MS, Interval } from './time-windows';

const DAY_MS = 24 * HOUR_MS;
// years PostgreSQL and the time-zone rules both handle without surprises
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(9000, 0, 1);

/** A validated ISO 8601 timestamp (the DTO checked its form) as epoch milliseconds, or a 422 naming the field. */
export function instantOf(value: string, field: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ms < EARLIEST || ms >= LATEST) throw fieldError(field, `${field} must be a time between the years 1900 and 9000`);
  return ms;
}

/** `start < end`, at most `maxDays` apart, each a valid instant; the fields are named in the 422. */
export function spanOf(start: string, end: string, fields: [string, string], maxDays?: number): Interval {
  const span = { start: instantOf(start, fields[0]), end: instantOf(end, fields[1]) };
  if (span.end <= span.start) throw fieldError(fields[1], `${fields[1]} must be after ${fields[0]}`);
  if (maxDays !== undefined && span.end - span.start > maxDays * DAY_MS) {
    throw fieldError(fields[1], `${fields[1]} must be at most ${maxDays} days after ${fields[0]}`);
  }
  return span;
}

/** A query's window: given bounds, or `defaultDays` from the start (which defaults to `now`). */
export function windowOf(query: { start_date?: string; end_date?: string }, defaultDays: number, maxDays: number, now = Date.now()): Interval {
  const start = query.start_date ?? new Date(now).toISOString();
  const end = query.end_date ?? new Date(instantOf(start, 'start_date') + defaultDays * DAY_MS).toISOString();
  return spanOf(start, end, ['start_date', 'end_date'], maxDays);
}
