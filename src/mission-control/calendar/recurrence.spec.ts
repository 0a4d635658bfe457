import { occurrencesIn, occurrenceStarts, ruleProblem } from './recurrence';

const at = (iso: string) => Date.parse(iso);
const start = new Date('2026-10-30T13:00:00Z');

describe('recurrence', () => {
  it('accepts RRULE values with or without the RRULE: prefix and explains what is wrong with others', () => {
    expect(ruleProblem('RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4', start, 'America/New_York')).toBeNull();
    expect(ruleProblem('freq=daily;until=20261201T000000Z', start, 'America/New_York')).toBeNull();
    expect(ruleProblem('FREQ=DAILY;COUNT=2;UNTIL=20261201T000000Z', start, 'UTC')).toBe('COUNT and UNTIL cannot both be set');
    expect(ruleProblem('FREQ=MINUTELY', start, 'UTC')).toMatch(/^FREQ must be one of/);
    expect(ruleProblem('INTERVAL=2', start, 'UTC')).toBe('FREQ is required');
    expect(ruleProblem('FREQ=DAILY;INTERVAL=x', start, 'UTC')).toBe('INTERVAL must be a positive integer');
    expect(ruleProblem('FREQ=DAILY;X-NAME=1', start, 'UTC')).toMatch(/X-NAME is not an RRULE part/);
    expect(ruleProblem('FREQ=DAILY\nRRULE:FREQ=WEEKLY', start, 'UTC')).toMatch(/single RRULE value/);
    expect(ruleProblem('FREQ=WEEKLY;BYDAY=XX', start, 'UTC')).toMatch(/BYDAY/);
  });

  it('repeats at the same local time across the end of DST, leaving out cancelled occurrences and moving overridden ones', () => {
    const series = {
      startsAt: start,
      endsAt: new Date('2026-10-30T14:00:00Z'),
      timezone: 'America/New_York',
      recurrenceRule: 'FREQ=DAILY;COUNT=5',
      exdates: ['2026-10-31T13:00:00.000Z'],
      overrides: [{ occurrence_start: '2026-11-02T14:00:00.000Z', starts_at: '2026-11-05T20:00:00.000Z', ends_at: '2026-11-05T21:00:00.000Z' }],
    };
    const found = occurrencesIn(series, { start: at('2026-10-01T00:00:00Z'), end: at('2026-12-01T00:00:00Z') });
    expect(found.map((occurrence) => [new Date(occurrence.start).toISOString(), occurrence.moved])).toEqual([
      ['2026-10-30T13:00:00.000Z', false],
      ['2026-11-01T14:00:00.000Z', false],
      ['2026-11-03T14:00:00.000Z', false],
      ['2026-11-05T20:00:00.000Z', true],
    ]);
    // an occurrence that began before the window but runs into it is in it
    expect(occurrencesIn(series, { start: at('2026-11-01T14:30:00Z'), end: at('2026-11-01T20:00:00Z') })).toHaveLength(1);
    expect(occurrenceStarts(series, at('2026-10-31T13:00:00Z'), at('2026-11-01T14:00:00Z'))).toEqual(new Set([at('2026-10-31T13:00:00Z'), at('2026-11-01T14:00:00Z')]));
  });

  it('answers a single event once when it touches the window', () => {
    const single = { startsAt: start, endsAt: new Date('2026-10-30T14:00:00Z'), timezone: 'UTC', recurrenceRule: null, exdates: [], overrides: [] };
    expect(occurrencesIn(single, { start: at('2026-10-30T13:30:00Z'), end: at('2026-10-31T00:00:00Z') })).toEqual([{ start: start.getTime(), end: at('2026-10-30T14:00:00Z'), key: start.getTime(), moved: false }]);
    expect(occurrencesIn(single, { start: at('2026-10-30T14:00:00Z'), end: at('2026-10-31T00:00:00Z') })).toEqual([]);
  });
});
