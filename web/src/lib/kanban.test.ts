import { describe, expect, it } from 'vitest';
import { columns, emptyBoard, kanbanReducer, KanbanState, KanbanTask } from './kanban';

const task = (id: string, status: KanbanTask['status'], title = id): KanbanTask => ({ id, title, status });
const loaded = (...tasks: KanbanTask[]): KanbanState => kanbanReducer(emptyBoard(), { type: 'board.state', tasks });

describe('kanban reducer', () => {
  it('loads the board state into columns', () => {
    const state = loaded(task('a', 'todo'), task('b', 'done'));
    expect(state.loaded).toBe(true);
    expect(columns(state).todo.map((t) => t.id)).toEqual(['a']);
    expect(columns(state).done.map((t) => t.id)).toEqual(['b']);
  });

  it('moves a task at once and keeps it there when the server accepts', () => {
    let state = kanbanReducer(loaded(task('a', 'todo')), { type: 'move.requested', taskId: 'a', to: 'in_progress' });
    expect(state.tasks.a.status).toBe('in_progress');
    expect(state.pending).toEqual({ a: 'todo' });
    state = kanbanReducer(state, { type: 'move.accepted', task: task('a', 'in_progress') });
    expect(state.tasks.a.status).toBe('in_progress');
    expect(state.pending).toEqual({});
  });

  it('snaps a refused move back to its column and keeps the reason', () => {
    let state = kanbanReducer(loaded(task('a', 'todo', 'Write docs')), { type: 'move.requested', taskId: 'a', to: 'in_progress' });
    state = kanbanReducer(state, { type: 'move.refused', taskId: 'a', reason: 'WIP limit reached' });
    expect(state.tasks.a.status).toBe('todo');
    expect(state.pending).toEqual({});
    expect(state.refusal).toEqual({ taskId: 'a', title: 'Write docs', reason: 'WIP limit reached' });
    expect(kanbanReducer(state, { type: 'refusal.dismissed' }).refusal).toBeUndefined();
  });

  it('returns to the first column when two moves are refused in a row', () => {
    let state = kanbanReducer(loaded(task('a', 'todo')), { type: 'move.requested', taskId: 'a', to: 'review' });
    state = kanbanReducer(state, { type: 'move.requested', taskId: 'a', to: 'done' });
    state = kanbanReducer(state, { type: 'move.refused', taskId: 'a', reason: 'no' });
    expect(state.tasks.a.status).toBe('todo');
  });

  it("applies another client's changes from task.updated frames", () => {
    const state = kanbanReducer(loaded(task('a', 'todo')), {
      type: 'task.updated',
      task_id: 'a',
      changes: { status: { from: 'todo', to: 'review' }, title: { from: 'a', to: 'renamed' } },
    });
    expect(state.tasks.a).toMatchObject({ status: 'review', title: 'renamed' });
  });

  it('keeps the dropped column while its own move is in flight', () => {
    let state = kanbanReducer(loaded(task('a', 'todo')), { type: 'move.requested', taskId: 'a', to: 'review' });
    state = kanbanReducer(state, { type: 'task.updated', task_id: 'a', changes: { title: { from: 'a', to: 'b' } } });
    expect(state.tasks.a).toMatchObject({ status: 'review', title: 'b' });
  });

  it('adds created tasks and drops deleted ones', () => {
    let state = kanbanReducer(loaded(), { type: 'task.created', task: task('n', 'inbox') });
    expect(columns(state).inbox.map((t) => t.id)).toEqual(['n']);
    state = kanbanReducer(state, { type: 'task.deleted', task_id: 'n' });
    expect(state.tasks).toEqual({});
  });

  it('ignores a move to the same column and frames about unknown tasks', () => {
    const state = loaded(task('a', 'todo'));
    expect(kanbanReducer(state, { type: 'move.requested', taskId: 'a', to: 'todo' })).toBe(state);
    expect(kanbanReducer(state, { type: 'task.updated', task_id: 'x', changes: {} })).toBe(state);
  });

  it('fills the board page by page and is loaded after the last page', () => {
    let state = kanbanReducer(emptyBoard(), { type: 'tasks.page', tasks: [task('a', 'todo'), task('b', 'done')], last: false });
    expect(state.loaded).toBe(false);
    expect(Object.keys(state.tasks)).toEqual(['a', 'b']);
    state = kanbanReducer(state, { type: 'tasks.page', tasks: [task('c', 'inbox')], last: true });
    expect(state.loaded).toBe(true);
    expect(columns(state).inbox.map((t) => t.id)).toEqual(['c']);
  });

  it('after the live snapshot, a late page only refreshes tasks the board still has, with newer versions', () => {
    const at = (t: KanbanTask, updated_at: string): KanbanTask => ({ ...t, updated_at });
    let state = kanbanReducer(emptyBoard(), { type: 'board.state', tasks: [at(task('a', 'review'), '2026-01-02')] });
    state = kanbanReducer(state, { type: 'tasks.page', tasks: [at(task('a', 'todo'), '2026-01-01'), at(task('gone', 'todo'), '2026-01-01')], last: true });
    expect(state.tasks.a.status).toBe('review');
    expect(state.tasks.gone).toBeUndefined();
    state = kanbanReducer(state, { type: 'tasks.page', tasks: [at(task('a', 'done'), '2026-01-03')], last: true });
    expect(state.tasks.a.status).toBe('done');
  });

  it('keeps the dropped column of a move in flight when a page arrives', () => {
    let state = kanbanReducer(emptyBoard(), { type: 'tasks.page', tasks: [task('a', 'todo')], last: false });
    state = kanbanReducer(state, { type: 'move.requested', taskId: 'a', to: 'review' });
    state = kanbanReducer(state, { type: 'tasks.page', tasks: [{ ...task('a', 'todo'), updated_at: '2027-01-01' }], last: true });
    expect(state.tasks.a.status).toBe('review');
  });
});
