import { compileExpression, conditionsPredicate, ExpressionError, readPath } from './expression';

const context = {
  task: { status: 'review', priority: 'high', tags: ['infra', 'urgent'], points: 5, assignee: null },
  stages: { review: { output: { approved: true, score: 0.8 } } },
  input: { items: [{ name: 'a' }, { name: 'b' }] },
};

describe('expressions over JSON', () => {
  it.each([
    ['task.status == "review"', true],
    ["task.status != 'done'", true],
    ['task.points >= 5 && task.points < 6', true],
    ['task.priority in ["high", "urgent"]', true],
    ['task.tags contains "infra"', true],
    ['task.tags contains "nope"', false],
    ['!(task.status == "done")', true],
    ['not (task.status == "review")', false],
    ['task.status == "done" or stages.review.output.approved', true],
    ['task.status == "done" and stages.review.output.approved', false],
    ['stages.review.output.score > 0.5', true],
    ['input.items[1].name == "b"', true],
    ['task["status"] == "review"', true],
    ['task.missing.deeper == null', false],
    ['task.assignee == null', true],
    ['task.points > "4"', false],
    ['-task.points < 0', true],
  ])('%s → %s', (text, expected) => {
    expect(compileExpression(text)(context)).toBe(expected);
  });

  it.each([
    ['process.exit()', /call is not allowed/],
    ['this.constructor', /only field paths/],
    ['a ? b : c', /conditional is not allowed/],
    ['task.status = "x"', /does not parse|not supported/],
    ['/abc/', /does not parse/],
    ['', /empty/],
    ['task[task.status]', /index must be a number or a quoted name/],
    [`${'!'.repeat(40)}a`, /nested too deeply/],
  ])('refuses %s', (text, message) => {
    expect(() => compileExpression(text)).toThrow(ExpressionError);
    expect(() => compileExpression(text)).toThrow(message);
  });

  it('reads own properties only, never the prototype', () => {
    expect(readPath({}, 'constructor')).toBeUndefined();
    expect(readPath({ a: 'text' }, 'a.length')).toBeUndefined();
    expect(compileExpression('__proto__ == null')({})).toBe(false);
  });

  it('evaluates rule conditions: every one must hold, with the document ops', () => {
    const holds = conditionsPredicate([
      { field: 'task.status', op: 'eq', value: 'review' },
      { field: 'task.points', op: 'gt', value: 3 },
      { field: 'task.tags', op: 'contains', value: 'urgent' },
      { field: 'task.priority', op: 'in', value: ['high', 'urgent'] },
    ]);
    expect(holds(context)).toBe(true);
    expect(conditionsPredicate([{ field: 'task.points', op: 'lte', value: 4 }])(context)).toBe(false);
    expect(conditionsPredicate([])(context)).toBe(true);
    expect(() => conditionsPredicate([{ field: 'task..status', op: 'eq', value: 1 }])).toThrow('conditions[0].field');
    expect(() => conditionsPredicate([{ field: 'a', op: 'like' as never, value: 1 }])).toThrow('conditions[0].op');
  });
});
