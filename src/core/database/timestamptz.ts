import { types } from 'pg';

const TIMESTAMPTZ_OID = 1184;
const defaultParser = types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date | number | null;
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

const isDigit = (code: number) => code >= 48 && code <= 57;

/** The value of `count` digits at `start`, or -1 when one of them is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + code - 48;
  }
  return value;
}

/**
 * A `timestamptz` as PostgreSQL writes it with DateStyle ISO (`2026-12-06 21:00:22.123456+00`, offsets
 * `+05:30` or `+05:30:15`), read without pg's three regular expressions: list pages read two per row. The
 * milliseconds are computed exactly as pg's parser (postgres-date) computes them, so both give the same
 * Date; anything else (infinity, BC, years before 100 or after 9999) goes to pg's parser.
 */
export function parseTimestamptz(text: string): Date | number | null {
  const year = text.length >= 22 ? digitsAt(text, 0, 4) : -1;
  if (
    year < 100 ||
    text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32 ||
    text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58
  ) {
    return defaultParser(text);
  }
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  let at = 19;
  let fraction = 0;
  let fractionDigits = 0;
  if (text.charCodeAt(at) === 46) {
    at++;
    while (fractionDigits < 7 && isDigit(text.charCodeAt(at + fractionDigits))) fractionDigits++;
    if (fractionDigits === 0 || fractionDigits > 6) return defaultParser(text);
    fraction = digitsAt(text, at, fractionDigits);
    at += fractionDigits;
  }
  const sign = text.charCodeAt(at) === 43 ? 1 : text.charCodeAt(at) === 45 ? -1 : 0;
  const offsetHours = digitsAt(text, at + 1, 2);
  at += 3;
  let offsetMinutes = 0;
  let offsetSeconds = 0;
  if (text.charCodeAt(at) === 58) {
    offsetMinutes = digitsAt(text, at + 1, 2);
    at += 3;
    if (text.charCodeAt(at) === 58) {
      offsetSeconds = digitsAt(text, at + 1, 2);
      at += 3;
    }
  }
  // digitsAt answers -1 for a non-digit, which makes the bitwise OR negative
  const anyInvalid = (month | day | hour | minute | second | offsetHours | offsetMinutes | offsetSeconds) < 0;
  if (sign === 0 || at !== text.length || anyInvalid) return defaultParser(text);
  // 1000 * (n / 10^k) is the double that 1000 * parseFloat('.ddd') gives: both are correctly rounded
  const milliseconds = fractionDigits ? 1000 * (fraction / POW10[fractionDigits]) : 0;
  const offset = sign * (offsetHours * 3600 + offsetMinutes * 60 + offsetSeconds) * 1000;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - offset);
}

/** pg's type parsers with the fast `timestamptz` reader: for the pool's `types` option. */
export const databaseTypeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ_OID && format !== 'binary') return parseTimestamptz;
    return types.getTypeParser(oid, format ?? 'text');
  },
};
