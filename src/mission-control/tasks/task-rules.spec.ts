import { createsCycle, MoveContext, moveRefusal } from './task-rules';

const base: MoveContext = {
  from: 'todo',
  to: 'in_progress',
  board: { requireApprovalForDone: false, requireReviewBeforeDone: false, wipLimit: null },
  unfinishedDependencies: [],
  othersInProgress: 0,
  hasApprovedApproval: false,
};

describe('moveRefusal', () => {
  it('lets a task move freely on a board without rules', () => {
    expect(moveRefusal(base)).toBeNull();
    expect(moveRefusal({ ...base, from: 'inbox', to: 'done' })).toBeNull();
    expect(moveRefusal({ ...base, from: 'done', to: 'todo' })).toBeNull();
  });

  it('holds in_progress and done until every dependency is done, naming them', () => {
    const waiting = { ...base, unfinishedDependencies: ['Design API', 'Write spec'] };
    expect(moveRefusal(waiting)).toBe('Cannot move to in_progress: waiting for "Design API", "Write spec" to be done');
    expect(moveRefusal({ ...waiting, to: 'done' })).toMatch(/^Cannot move to done: waiting for/);
    expect(moveRefusal({ ...waiting, to: 'review' })).toBeNull();
    expect(moveRefusal({ ...waiting, from: 'in_progress', to: 'in_progress' })).toBeNull();
  });

  it('enforces the WIP limit on entering in_progress only', () => {
    const limited = { ...base, board: { ...base.board, wipLimit: 2 } };
    expect(moveRefusal({ ...limited, othersInProgress: 1 })).toBeNull();
    expect(moveRefusal({ ...limited, othersInProgress: 2 })).toMatch(/WIP limit of 2/);
    expect(moveRefusal({ ...limited, othersInProgress: 5, to: 'review' })).toBeNull();
  });

  it('requires review before done, and an approved approval, when the board says so', () => {
    const reviewed = { ...base, board: { ...base.board, requireReviewBeforeDone: true }, to: 'done' as const };
    expect(moveRefusal({ ...reviewed, from: 'in_progress' })).toMatch(/in review first/);
    expect(moveRefusal({ ...reviewed, from: 'review' })).toBeNull();
    expect(moveRefusal({ ...reviewed, from: null })).toMatch(/in review first/);

    const approved = { ...base, board: { ...base.board, requireApprovalForDone: true }, to: 'done' as const };
    expect(moveRefusal(approved)).toMatch(/approved approval/);
    expect(moveRefusal({ ...approved, hasApprovedApproval: true })).toBeNull();
  });
});

describe('createsCycle', () => {
  const edges = new Map([
    ['b', ['a']],
    ['c', ['b']],
  ]);

  it('finds direct, indirect and self loops', () => {
    expect(createsCycle('a', ['c'], edges)).toBe(true);
    expect(createsCycle('a', ['b'], edges)).toBe(true);
    expect(createsCycle('a', ['a'], edges)).toBe(true);
  });

  it('allows chains and diamonds', () => {
    expect(createsCycle('d', ['c', 'b'], edges)).toBe(false);
    expect(createsCycle('a', ['x'], edges)).toBe(false);
  });
});
