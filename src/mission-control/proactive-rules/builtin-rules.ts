import type { Condition } from '../../core/expressions/expression';
import type { ActionSpec } from '../suggestions/actions/action-types';
import type { RuleTrigger } from './entities/proactive-rule.entity';

export const BUILTIN_KEYS = ['overdue_task', 'stale_review', 'wip_limit_exceeded', 'unblocking_opportunity', 'idle_agent', 'follow_up_after_done'] as const;
export type BuiltinKey = (typeof BUILTIN_KEYS)[number];

export interface BuiltinRule {
  key: BuiltinKey;
  name: string;
  description: string;
  trigger: RuleTrigger;
  conditions: Condition[];
  /** A `create_suggestion` whose title and description are filled from the situation (template fields as in any rule). */
  action: ActionSpec;
}

const movedTo = (status: string): Condition[] => [{ field: 'to', op: 'eq', value: status }];

/**
 * The rules every organisation has from the start (enabled; each organisation toggles or tunes its own copy).
 * Each reacts to a domain event; the scans that record `task.overdue`, `task.review_stale` and `agent.idle` run
 * every minute with the thresholds STALE_REVIEW_MINUTES and AGENT_IDLE_MINUTES. What each one checks before it
 * suggests, and the action its suggestion offers, is in `BuiltinSituations`.
 */
export const BUILTIN_RULES: readonly BuiltinRule[] = [
  {
    key: 'overdue_task',
    name: 'Overdue task',
    description: 'A task is past its due time and not done. Accepting reminds its assignee (when it has one).',
    trigger: { type: 'event', event: 'task.overdue' },
    conditions: [],
    action: { type: 'create_suggestion', params: { title: 'Overdue: "{{task.title}}"', description: 'Due {{task.due_at}}, {{overdue_by_minutes}} minutes ago, still {{task.status}}.', priority: 'high' } },
  },
  {
    key: 'stale_review',
    name: 'Stale review',
    description: 'A task has waited in review with no change for STALE_REVIEW_MINUTES.',
    trigger: { type: 'event', event: 'task.review_stale' },
    conditions: [],
    action: { type: 'create_suggestion', params: { title: 'Waiting for review: "{{task.title}}"', description: 'In review with no change for {{in_review_minutes}} minutes.', priority: 'medium' } },
  },
  {
    key: 'wip_limit_exceeded',
    name: 'WIP limit exceeded',
    description: "A task started and its board is at (or, after the limit was lowered, over) its WIP limit: finish work before starting more.",
    trigger: { type: 'event', event: 'task.status_changed' },
    conditions: movedTo('in_progress'),
    action: { type: 'create_suggestion', params: { title: 'WIP limit reached on "{{board.name}}"', description: '{{board.in_progress}} tasks in progress, limit {{board.wip_limit}}.', priority: 'high' } },
  },
  {
    key: 'unblocking_opportunity',
    name: 'Unblocking opportunity',
    description: 'A task finished and was the last open dependency of another, not yet started: accepting starts that one.',
    trigger: { type: 'event', event: 'task.status_changed' },
    conditions: movedTo('done'),
    action: { type: 'create_suggestion', params: { title: 'Ready to start: "{{unblocked_task.title}}"', description: 'Its last open dependency, "{{task.title}}", is done.', priority: 'medium' } },
  },
  {
    key: 'idle_agent',
    name: 'Idle agent',
    description: 'An online agent has had nothing in progress and no activity for AGENT_IDLE_MINUTES: accepting gives it the oldest unassigned task of its board (when there is one).',
    trigger: { type: 'event', event: 'agent.idle' },
    conditions: [],
    action: { type: 'create_suggestion', params: { title: 'Idle: {{agent.name}}', description: 'No work in progress and no activity for {{idle_minutes}} minutes.', priority: 'low' } },
  },
  {
    key: 'follow_up_after_done',
    name: 'Auto follow-up after done',
    description: 'A task is done: accepting creates a follow-up task on its board for the same assignee.',
    trigger: { type: 'event', event: 'task.status_changed' },
    conditions: movedTo('done'),
    action: { type: 'create_suggestion', params: { title: 'Follow up on "{{task.title}}"?', description: 'Done just now; a follow-up task keeps the thread.', priority: 'low' } },
  },
];

export const builtinRule = (key: string): BuiltinRule | undefined => BUILTIN_RULES.find((rule) => rule.key === key);
