import { renderText, renderValue, variablesProblem } from './variables';

describe('stage variables', () => {
  const context = { input: { title: 'Fix login', count: 3, tags: ['a'], empty: '' }, stages: { draft: { output: { task_id: 't-1' } } } };

  it('renders paths into text, with fallbacks for what is missing', () => {
    expect(renderText('Review: {{ input.title }} ({{stages.draft.output.task_id}})', context)).toBe('Review: Fix login (t-1)');
    expect(renderText('{{input.missing | Untitled}} / {{input.empty|none}} / {{input.missing}}!', context)).toBe('Untitled / none / !');
    expect(renderText('{{input.tags}}', context)).toBe('["a"]');
  });

  it('keeps the type of a value that is one variable, and renders objects member by member', () => {
    expect(renderValue('{{input.count}}', context)).toBe(3);
    expect(renderValue('{{input.missing | 60}}', context)).toBe('60');
    expect(renderValue('{{input.missing}}', context)).toBeNull();
    expect(renderValue({ n: '{{input.count}}', text: 'x {{input.title}}', list: ['{{input.tags}}'] }, context)).toEqual({ n: 3, text: 'x Fix login', list: [['a']] });
  });

  it('says what is wrong with a variable', () => {
    expect(variablesProblem('Hello {{input.name}}')).toBeUndefined();
    expect(variablesProblem('{{input.name | friend}}')).toBeUndefined();
    expect(variablesProblem('{{ process.exit() }}')).toContain('not a dotted path');
    expect(variablesProblem('{{input.name')).toContain('unclosed');
  });
});
