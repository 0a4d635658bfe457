// The board's state as the kanban shows it: tasks by id, changed by the live sync frames and by the user's moves.
// A move shows at once (optimistic); a refusal puts the task back where it was and keeps the reason to show.

export const STATUSES = ['inbox', 'todo', 'in_progress', 'review', 'done'] as const;
export type Status = (typeof STATUSES)[number];

export interface KanbanTask {
  id: string;
  title: string;
  status: Status;
  updated_at?: string;
  [field: string]: unknown;
}

export interface KanbanState<T extends KanbanTask = KanbanTask> {
  tasks: Record<string, T>;
  /** moves sent and not answered yet: where each task was before */
  pending: Record<string, Status>;
  /** the last refused move, to show */
  refusal?: { taskId: string; title: string; reason: string };
  loaded: boolean;
  /** a live snapshot (board.state) has arrived: from then on the socket's frames keep the board complete */
  synced: boolean;
}

export type SyncFrame =
  | { type: 'board.state'; tasks: KanbanTask[] }
  | { type: 'task.created'; task: KanbanTask }
  | { type: 'task.updated'; task_id: string; changes: Record<string, { from: unknown; to: unknown }>; task?: KanbanTask }
  | { type: 'task.deleted'; task_id: string };

export type KanbanAction =
  | SyncFrame
  | { type: 'move.requested'; taskId: string; to: Status }
  | { type: 'move.accepted'; task: KanbanTask }
  | { type: 'move.refused'; taskId: string; reason: string }
  | { type: 'refusal.dismissed' }
  | { type: 'tasks.page'; tasks: KanbanTask[]; last: boolean };

export const emptyBoard = (): KanbanState => ({ tasks: {}, pending: {}, loaded: false, synced: false });

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

export function kanbanReducer(state: KanbanState, action: KanbanAction): KanbanState {
  switch (action.type) {
    case 'board.state': {
      const tasks: Record<string, KanbanTask> = {};
      for (const task of action.tasks) tasks[task.id] = state.pending[task.id] !== undefined && state.tasks[task.id] ? state.tasks[task.id] : task;
      return { ...state, tasks, loaded: true, synced: true };
    }
    case 'tasks.page': {
      // A page of the paged task list. Once the live snapshot is in, a page may be older than it: it then only
      // refreshes tasks the board still has (a task missing from the snapshot was deleted, a newer one arrives as a frame).
      const tasks = { ...state.tasks };
      for (const task of action.tasks) {
        const current = tasks[task.id];
        if (state.pending[task.id] !== undefined) continue;
        if (current ? String(task.updated_at ?? '') > String(current.updated_at ?? '') : !state.synced) tasks[task.id] = task;
      }
      return { ...state, tasks, loaded: state.loaded || action.last };
    }
    case 'task.created':
      return { ...state, tasks: { ...state.tasks, [action.task.id]: action.task } };
    case 'task.updated': {
      const current = state.tasks[action.task_id];
      if (!current && !action.task) return state;
      let next: KanbanTask = action.task ? { ...current, ...action.task } : { ...current };
      if (!action.task) for (const [field, change] of Object.entries(action.changes)) next = { ...next, [field]: change.to };
      // while our own move is in flight, the column the user dropped it in wins
      if (state.pending[action.task_id] !== undefined && current) next = { ...next, status: current.status };
      return { ...state, tasks: { ...state.tasks, [action.task_id]: next } };
    }
    case 'task.deleted': {
      if (!state.tasks[action.task_id]) return state;
      const tasks = { ...state.tasks };
      delete tasks[action.task_id];
      const pending = { ...state.pending };
      delete pending[action.task_id];
      return { ...state, tasks, pending };
    }
    case 'move.requested': {
      const task = state.tasks[action.taskId];
      if (!task || task.status === action.to) return state;
      const from = state.pending[action.taskId] ?? task.status;
      return { ...state, tasks: { ...state.tasks, [task.id]: { ...task, status: action.to } }, pending: { ...state.pending, [task.id]: from } };
    }
    case 'move.accepted': {
      const pending = { ...state.pending };
      delete pending[action.task.id];
      return { ...state, tasks: { ...state.tasks, [action.task.id]: { ...state.tasks[action.task.id], ...action.task } }, pending };
    }
    case 'move.refused': {
      const task = state.tasks[action.taskId];
      const from = state.pending[action.taskId];
      const pending = { ...state.pending };
      delete pending[action.taskId];
      if (!task || from === undefined) return { ...state, pending };
      return {
        ...state,
        tasks: { ...state.tasks, [task.id]: { ...task, status: from } },
        pending,
        refusal: { taskId: task.id, title: task.title, reason: action.reason },
      };
    }
    case 'refusal.dismissed':
      return { ...state, refusal: undefined };
  }
}

/** The tasks of each column, oldest change first. */
export function columns(state: KanbanState): Record<Status, KanbanTask[]> {
  const byStatus = Object.fromEntries(STATUSES.map((status) => [status, [] as KanbanTask[]])) as Record<Status, KanbanTask[]>;
  for (const task of Object.values(state.tasks)) (byStatus[task.status] ?? byStatus.inbox).push(task);
  for (const status of STATUSES) byStatus[status].sort((a, b) => String(a.updated_at ?? '').localeCompare(String(b.updated_at ?? '')) || a.id.localeCompare(b.id));
  return byStatus;
}
