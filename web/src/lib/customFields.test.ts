import { describe, expect, it } from 'vitest';
import { fromDraft, toDraft } from './customFields';

describe('custom field drafts', () => {
  it('edits each type in the input it needs', () => {
    expect(toDraft({ type: 'boolean' }, undefined)).toBe(false);
    expect(toDraft({ type: 'text' }, null)).toBe('');
    expect(toDraft({ type: 'number' }, 5)).toBe(5);
    expect(toDraft({ type: 'date' }, '2026-12-24T00:00:00.000Z')).toBe('2026-12-24');
    expect(toDraft({ type: 'json' }, { a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
  });

  it('sends what the API takes: null for an emptied input, numbers as numbers, parsed JSON', () => {
    expect(fromDraft({ type: 'text' }, '')).toEqual({ value: null });
    expect(fromDraft({ type: 'number' }, '8')).toEqual({ value: 8 });
    expect(fromDraft({ type: 'boolean' }, false)).toEqual({ value: false });
    expect(fromDraft({ type: 'enum' }, '2.1')).toEqual({ value: '2.1' });
    expect(fromDraft({ type: 'json' }, '{"a":1}')).toEqual({ value: { a: 1 } });
    expect(fromDraft({ type: 'json' }, '{a:1}')).toEqual({ invalid: true });
  });
});
