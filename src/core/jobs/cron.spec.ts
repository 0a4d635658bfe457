import { cronExpressionProblem, cronFiresBetween } from './cron';

describe('cron schedules kept in the database', () => {
  it('fires at 09:00 New York time on both sides of the DST change', () => {
    const at = (iso: string) => new Date(iso);
    expect(cronFiresBetween('0 9 * * *', 'America/New_York', at('2026-03-07T00:00:00Z'), at('2026-03-07T23:59:00Z'))?.toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(cronFiresBetween('0 9 * * *', 'America/New_York', at('2026-03-09T00:00:00Z'), at('2026-03-09T23:59:00Z'))?.toISOString()).toBe('2026-03-09T13:00:00.000Z');
  });

  it('answers null when the window holds no firing, and counts the end of the window in', () => {
    const after = new Date('2026-12-07T10:00:00Z');
    expect(cronFiresBetween('30 10 * * *', 'UTC', after, new Date('2026-12-07T10:29:59Z'))).toBeNull();
    expect(cronFiresBetween('30 10 * * *', 'UTC', after, new Date('2026-12-07T10:30:00Z'))?.toISOString()).toBe('2026-12-07T10:30:00.000Z');
    expect(cronFiresBetween('30 10 * * *', undefined, new Date('2026-12-07T10:30:00Z'), new Date('2026-12-07T10:31:00Z'))).toBeNull();
  });

  it('explains what is wrong with an expression or a time zone', () => {
    expect(cronExpressionProblem('*/5 * * * *', 'Asia/Shanghai')).toBeUndefined();
    expect(cronExpressionProblem('* * *')).toBe('must have 5 or 6 fields, not 3');
    expect(cronExpressionProblem('0 9 * * *', 'Mars/Olympus')).toContain('IANA');
    expect(cronExpressionProblem('99 9 * * *')).toEqual(expect.any(String));
  });
});
