import { MAX_BODY_DEPTH, unstorableInput, unstorableTextProblem } from './storable-input';

const request = (originalUrl: string, body?: unknown, params: Record<string, string> = {}) => ({ originalUrl, body, params });
const fields = (...args: Parameters<typeof request>) => unstorableInput(request(...args)).map((problem) => problem.field);

describe('unstorableTextProblem', () => {
  it.each([
    ['plain text', undefined],
    ['中文 and emoji 😀', undefined],
    ['a\u0000b', 'must not contain NUL characters'],
    ['lone high \uD83D!', 'must be valid Unicode text (it holds a lone UTF-16 surrogate)'],
    ['lone low \uDE00', 'must be valid Unicode text (it holds a lone UTF-16 surrogate)'],
    ['reversed \uDE00\uD83D', 'must be valid Unicode text (it holds a lone UTF-16 surrogate)'],
  ])('%j → %s', (text, expected) => expect(unstorableTextProblem(text)).toBe(expected));
});

describe('unstorableInput', () => {
  it('passes ordinary requests', () => {
    expect(fields('/api/v1/tasks?q=caf%C3%A9&limit=5&pct=100%', { title: 'ok', tags: ['a', '😀'], nested: { deeper: [{ x: 1 }] } })).toEqual([]);
  });

  it('names query parameters whose escapes decode to NUL or bytes that are not UTF-8', () => {
    expect(unstorableInput(request('/api/v1/skills-marketplace?search=%00%ff'))).toEqual([
      { field: 'query.search', message: 'query.search must not contain NUL characters' },
    ]);
    expect(fields('/x?a=%ff&b=%ed%a0%80&c=%E4%B8%AD&d=%C3')).toEqual(['query.a', 'query.b', 'query.d']);
    expect(fields('/x?%ff=1')).toEqual(['query.\uFFFD']);
    expect(fields('/x?na%00me=1')).toEqual(['query.na\\u0000me']);
  });

  it('names path parameters, body fields and body keys, at any depth', () => {
    expect(fields('/x', { title: 'a\u0000', list: ['ok', '\uD800'], deep: { 'k\u0000': 1 } }, { id: '\u0000' })).toEqual([
      'path.id',
      'body.title',
      'body.deep.k\\u0000',
      'body.list.1',
    ]);
  });

  it('refuses bodies nested deeper than the limit without recursing', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 100_000; level++) deep = [deep];
    const [problem] = unstorableInput(request('/x', { deep }));
    expect(problem.message).toMatch(new RegExp(`^body\\.deep(\\.0)+ is nested more than ${MAX_BODY_DEPTH} levels deep$`));
    let allowed: unknown = 'leaf';
    for (let level = 1; level < MAX_BODY_DEPTH; level++) allowed = [allowed];
    expect(fields('/x', allowed)).toEqual([]);
  });

  it('reports at most ten problems', () => {
    expect(fields('/x', Array.from({ length: 50 }, () => '\u0000'))).toHaveLength(10);
  });
});
