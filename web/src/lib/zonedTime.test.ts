import { describe, expect, it } from 'vitest';
import { buildRrule, parseRrule } from './rrule';
import { addDays, dayKey, fromLocalInput, monthGrid, startOfWeek, toLocalInput, wallTime, weekday } from './zonedTime';

describe('zoned time', () => {
  it('reads an instant as wall time in a zone, across DST', () => {
    expect(wallTime('2026-03-05T14:00:00Z', 'America/New_York')).toMatchObject({ day: 5, hour: 9, minute: 0 });
    expect(wallTime('2026-07-05T13:00:00Z', 'America/New_York')).toMatchObject({ hour: 9 });
    expect(dayKey('2026-03-05T17:30:00Z', 'Asia/Shanghai')).toBe('2026-03-06');
  });
  it('turns a datetime-local value in a zone into the instant and back', () => {
    expect(fromLocalInput('2026-03-05T09:00', 'America/New_York')!.toISOString()).toBe('2026-03-05T14:00:00.000Z');
    expect(fromLocalInput('2026-07-05T09:00', 'America/New_York')!.toISOString()).toBe('2026-07-05T13:00:00.000Z');
    expect(toLocalInput('2026-03-05T01:30:00Z', 'Asia/Shanghai')).toBe('2026-03-05T09:30');
  });
  it('lays out Monday-first weeks and six-week months', () => {
    expect(weekday('2026-12-07')).toBe(0);
    expect(startOfWeek('2026-12-10')).toBe('2026-12-07');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    const grid = monthGrid('2026-12-15');
    expect(grid).toHaveLength(42);
    expect(grid[0]).toBe('2026-11-30');
  });
});

describe('RRULE', () => {
  it('builds the rule the form describes', () => {
    expect(buildRrule({ freq: 'WEEKLY', interval: 1, byDay: ['WE', 'MO'], end: { kind: 'count', count: 10 } }, 'UTC')).toBe('FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10');
    expect(buildRrule({ freq: 'DAILY', interval: 2, byDay: [], end: { kind: 'never' } }, 'UTC')).toBe('FREQ=DAILY;INTERVAL=2');
    expect(buildRrule({ freq: 'MONTHLY', interval: 1, byDay: [], end: { kind: 'until', until: '2026-12-31' } }, 'Asia/Shanghai')).toBe('FREQ=MONTHLY;UNTIL=20261231T155959Z');
  });
  it('reads a rule back, and refuses what the form cannot edit', () => {
    expect(parseRrule('RRULE:FREQ=MONTHLY;UNTIL=20261231T155959Z', 'Asia/Shanghai')).toEqual({ freq: 'MONTHLY', interval: 1, byDay: [], end: { kind: 'until', until: '2026-12-31' } });
    expect(parseRrule('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', 'UTC')).toEqual({ freq: 'WEEKLY', interval: 2, byDay: ['TU'], end: { kind: 'never' } });
    expect(parseRrule('FREQ=MONTHLY;BYSETPOS=-1;BYDAY=FR', 'UTC')).toBeNull();
    expect(parseRrule('FREQ=YEARLY', 'UTC')).toBeNull();
  });
});
