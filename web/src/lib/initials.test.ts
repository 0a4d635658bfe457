import { describe, expect, it } from 'vitest';
import { initials } from './initials';

describe('initials', () => {
  it('takes the first letter of the first two words', () => {
    expect(initials('lin wei chen')).toBe('LW');
    expect(initials('  Ops   Desk ')).toBe('OD');
  });

  it('skips words without letters and leading digits or marks', () => {
    expect(initials('Member 01')).toBe('M');
    expect(initials('(ops) 2 night')).toBe('ON');
  });

  it('keeps Chinese names readable', () => {
    expect(initials('林伟')).toBe('林');
    expect(initials('')).toBe('');
  });
});
