import { FieldDefinition, mergeCustomFields, valueProblem } from './custom-field-values';

const field = (type: FieldDefinition['type'], extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  key: 'f',
  type,
  required: false,
  options: [],
  ...extra,
});

describe('valueProblem', () => {
  it.each([
    ['text', 'hello', true],
    ['text', 5, false],
    ['text', 'x'.repeat(10_001), false],
    ['number', 3.5, true],
    ['number', '3', false],
    ['number', Number.NaN, false],
    ['boolean', false, true],
    ['boolean', 'false', false],
    ['date', '2026-11-22', true],
    ['date', '2026-11-22T10:00:00+08:00', true],
    ['date', '2026-02-30', false],
    ['date', 'tomorrow', false],
    ['url', 'https://example.com/a', true],
    ['url', 'javascript:alert(1)', false],
    ['json', { nested: [1, 2] }, true],
    ['json', { big: 'x'.repeat(17_000) }, false],
  ] as const)('%s accepts %j: %s', (type, value, ok) => {
    expect(valueProblem(field(type), value) === null).toBe(ok);
  });

  it('accepts only the options of an enum', () => {
    const severity = field('enum', { options: ['low', 'high'] });
    expect(valueProblem(severity, 'high')).toBeNull();
    expect(valueProblem(severity, 'medium')).toBe('custom_fields.f must be one of: low, high');
  });
});

describe('mergeCustomFields', () => {
  const definitions: FieldDefinition[] = [
    { key: 'points', type: 'number', required: true, options: [] },
    { key: 'link', type: 'url', required: false, options: [] },
  ];

  it('merges a patch, removes values set to null, and keeps the rest', () => {
    const { values, problems } = mergeCustomFields(definitions, { points: 3, link: 'https://a.example' }, { points: 5, link: null });
    expect(problems).toEqual([]);
    expect(values).toEqual({ points: 5 });
  });

  it('names unknown keys, wrong values and missing required fields', () => {
    const { problems } = mergeCustomFields(definitions, {}, { colour: 'red', link: 'nope' });
    expect(problems.map((p) => p.field)).toEqual(['custom_fields.colour', 'custom_fields.link', 'custom_fields.points']);
    expect(mergeCustomFields(definitions, { points: 1 }, { points: null }).problems).toEqual([
      { field: 'custom_fields.points', message: 'custom_fields.points is required' },
    ]);
  });
});
