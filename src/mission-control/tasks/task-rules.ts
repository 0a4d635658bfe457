import type { TaskStatus } from './entities/task.entity';

export interface BoardRules {
  requireApprovalForDone: boolean;
  requireReviewBeforeDone: boolean;
  wipLimit: number | null;
}

export interface MoveContext {
  from: TaskStatus | null;
  to: TaskStatus;
  board: BoardRules;
  /** Titles of the tasks this one depends on that are not done. */
  unfinishedDependencies: string[];
  /** Tasks in progress on the board, not counting this one. */
  othersInProgress: number;
  hasApprovedApproval: boolean;
}

const NEEDS_DEPENDENCIES_DONE: ReadonlySet<TaskStatus> = new Set(['in_progress', 'done']);

/** Why a task may not move (or be created) into `to`, or null when it may. The board's rules, in one place. */
/** Whether the rules of a move to `status` count the board's other tasks (so such moves must not run side by side). */
export function countsBoardTasks(status: string): boolean {
  return status === 'in_progress';
}

export function moveRefusal(move: MoveContext): string | null {
  if (move.from === move.to) return null;
  if (NEEDS_DEPENDENCIES_DONE.has(move.to) && move.unfinishedDependencies.length > 0) {
    return `Cannot move to ${move.to}: waiting for ${move.unfinishedDependencies.map((t) => `"${t}"`).join(', ')} to be done`;
  }
  if (countsBoardTasks(move.to) && move.board.wipLimit !== null && move.othersInProgress >= move.board.wipLimit) {
    return `Cannot move to in_progress: the board's WIP limit of ${move.board.wipLimit} is reached`;
  }
  if (move.to === 'done' && move.board.requireReviewBeforeDone && move.from !== 'review') {
    return 'Cannot move to done: this board requires the task to be in review first';
  }
  if (move.to === 'done' && move.board.requireApprovalForDone && !move.hasApprovedApproval) {
    return 'Cannot move to done: this board requires an approved approval for the task';
  }
  return null;
}

/** Would making `taskId` depend on `dependsOn` close a loop, given the existing edges (task → its dependencies)? */
export function createsCycle(taskId: string, dependsOn: string[], edges: Map<string, string[]>): boolean {
  const seen = new Set<string>();
  const stack = [...dependsOn];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current === taskId) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    stack.push(...(edges.get(current) ?? []));
  }
  return false;
}
