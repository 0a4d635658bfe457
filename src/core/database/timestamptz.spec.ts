import { types } from 'pg';
import { databaseTypeParsers, parseTimestamptz } from './timestamptz';

const pgParser = types.getTypeParser(1184, 'text') as (text: string) => unknown;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function same(text: string): void {
  const expected = pgParser(text);
  const actual = parseTimestamptz(text);
  if (expected instanceof Date) {
    expect(actual).toBeInstanceOf(Date);
    expect({ text, time: (actual as Date).getTime() }).toEqual({ text, time: expected.getTime() });
  } else {
    expect(actual).toEqual(expected);
  }
}

describe('parseTimestamptz', () => {
  it("gives pg's own Date for PostgreSQL's ISO output: fractions of 0-6 digits, offsets in hours, minutes, seconds", () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 5_000; i++) {
      const digits = random(7);
      const fraction = digits ? `.${pad(random(10 ** digits), digits)}` : '';
      const offsetKind = random(4);
      const offset =
        `${random(2) ? '+' : '-'}${pad(random(15))}` +
        (offsetKind >= 2 ? `:${pad(random(60))}` : '') +
        (offsetKind === 3 ? `:${pad(random(60))}` : '');
      same(
        `${pad(100 + random(9900), 4)}-${pad(1 + random(12))}-${pad(1 + random(28))} ` +
          `${pad(random(24))}:${pad(random(60))}:${pad(random(60))}${fraction}${offset}`,
      );
    }
  });

  it('keeps the milliseconds pg computes for fractions of every length', () => {
    for (const fraction of ['.57', '.29', '.999999', '.000001', '.5', '.123456', '.1']) same(`2026-12-06 21:00:22${fraction}+00`);
  });

  it("leaves what it does not recognise to pg's parser: infinity, BC, years before 100 or past 9999, odd text", () => {
    for (const text of [
      'infinity',
      '-infinity',
      '0044-03-15 12:00:00+00 BC',
      '0099-01-01 00:00:00+00',
      '12026-01-01 00:00:00+00',
      '2026-12-06 21:00:22.1234567+00',
      '2026-12-06 21:00:22.+00',
      '2026-12-06T21:00:22+00',
      '2026-12-06 21:00:22',
      '2026-12-06 21:00:22Z',
      '2026-1a-06 21:00:22+00',
      '2026-12-06 21:00:22+0x',
    ]) {
      same(text);
    }
  });

  it('is what the pool gets for timestamptz in text format, and pg’s own parser for everything else', () => {
    expect(databaseTypeParsers.getTypeParser(1184, 'text')).toBe(parseTimestamptz);
    expect(databaseTypeParsers.getTypeParser(1184)).toBe(parseTimestamptz);
    expect(databaseTypeParsers.getTypeParser(1184, 'binary')).toBe(types.getTypeParser(1184, 'binary'));
    expect(databaseTypeParsers.getTypeParser(3802, 'text')).toBe(types.getTypeParser(3802, 'text'));
  });
});
