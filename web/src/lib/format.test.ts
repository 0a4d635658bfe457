import { describe, expect, it } from 'vitest';
import { formatters } from './format';

describe('formatters', () => {
  it('writes money, hours and UTC days per language', () => {
    const en = formatters('en');
    expect(en.usd(0.0315)).toBe('$0.0315');
    expect(en.usd(12)).toBe('$12.00');
    expect(en.hours(null)).toBe('–');
    expect(en.day('2026-11-21')).toBe('Nov 21');
    expect(formatters('zh').day('2026-11-21')).toBe('11月21日');
  });

  it('says how long ago to the coarsest unit, and nothing for the last few seconds', () => {
    const { ago } = formatters('en');
    const now = Date.parse('2026-12-07T12:00:00Z');
    expect(ago('2026-12-07T11:59:55Z', now)).toBeNull();
    expect(ago('2026-12-07T11:59:30Z', now)).toBe('30 seconds ago');
    expect(ago('2026-12-07T11:55:00Z', now)).toBe('5 minutes ago');
    expect(ago('2026-12-07T09:00:00Z', now)).toBe('3 hours ago');
    expect(ago('2026-12-05T12:00:00Z', now)).toBe('2 days ago');
  });
});
