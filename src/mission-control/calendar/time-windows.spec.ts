import { freeWithin, localDays, mergeIntervals } from './time-windows';

const at = (iso: string) => Date.parse(iso);

describe('time windows', () => {
  it('joins overlapping and touching intervals', () => {
    expect(mergeIntervals([{ start: 5, end: 8 }, { start: 1, end: 3 }, { start: 3, end: 4 }, { start: 7, end: 9 }])).toEqual([
      { start: 1, end: 4 },
      { start: 5, end: 9 },
    ]);
  });

  it('answers the free gaps of a span around busy blocks, including blocks that stick out of it', () => {
    expect(freeWithin({ start: 0, end: 100 }, [{ start: -10, end: 10 }, { start: 40, end: 50 }, { start: 45, end: 60 }, { start: 95, end: 120 }])).toEqual([
      { start: 10, end: 40 },
      { start: 60, end: 95 },
    ]);
    expect(freeWithin({ start: 0, end: 10 }, [{ start: 0, end: 10 }])).toEqual([]);
  });

  it('counts local days with their DST length and a working window that stays at local time', () => {
    const days = localDays({ start: at('2026-03-07T05:00:00Z'), end: at('2026-03-10T04:00:00Z') }, 'America/New_York');
    expect(days.map((day) => day.date)).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
    expect(days.map((day) => (day.bounds.end - day.bounds.start) / 3_600_000)).toEqual([24, 23, 24]);
    expect(days.map((day) => day.weekend)).toEqual([true, true, false]);
    expect(new Date(days[0].working.start).toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(new Date(days[2].working.start).toISOString()).toBe('2026-03-09T13:00:00.000Z');
  });
});
