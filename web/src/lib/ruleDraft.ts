import type { Schemas } from '../api/client';
import type { FieldError } from '../api/errors';
import type { MessageKey } from './messages';

export type Rule = Schemas['ProactiveRuleDto'];
export type RuleEvent = NonNullable<Schemas['RuleTriggerDto']['event']>;
export type ActionType = Schemas['ActionDto']['type'];
export type ConditionOp = Schemas['RuleConditionDto']['op'];
type TaskStatus = Schemas['TaskDto']['status'];
type TaskPriority = Schemas['TaskDto']['priority'];
type SuggestionPriority = Schemas['SuggestionDto']['priority'];

// Records keyed by the schema's enums: a value the API adds or drops breaks the typecheck here.
const EVENTS: Record<RuleEvent, true> = {
  'task.created': true, 'task.updated': true, 'task.status_changed': true, 'task.assigned': true, 'task.deleted': true, 'task.overdue': true, 'task.review_stale': true,
  'approval.created': true, 'approval.decided': true,
  'agent.event': true, 'agent.online': true, 'agent.offline': true, 'agent.idle': true,
  'gateway.online': true, 'gateway.offline': true, 'chat.message': true, 'pipeline.run_finished': true,
  'calendar.event_created': true, 'calendar.event_updated': true, 'calendar.event_deleted': true, 'calendar.schedule_created': true, 'calendar.schedule_updated': true, 'calendar.schedule_deleted': true,
  'team.created': true, 'team.updated': true, 'team.deleted': true, 'team.member_added': true, 'team.member_removed': true,
  'knowledge.created': true, 'knowledge.updated': true, 'knowledge.deleted': true,
};
const OPS: Record<ConditionOp, true> = { eq: true, ne: true, gt: true, gte: true, lt: true, lte: true, in: true, contains: true };
const ACTIONS: Record<ActionType, true> = { create_suggestion: true, reassign_task: true, move_task: true, create_task: true, request_approval: true, notify_agent: true, webhook: true };
const TASK_STATUSES: Record<TaskStatus, true> = { inbox: true, todo: true, in_progress: true, review: true, done: true };
const TASK_PRIORITIES: Record<TaskPriority, true> = { low: true, medium: true, high: true, urgent: true };
const SUGGESTION_PRIORITIES: Record<SuggestionPriority, true> = { low: true, medium: true, high: true, critical: true };

export const RULE_EVENTS = Object.keys(EVENTS) as RuleEvent[];
export const CONDITION_OPS = Object.keys(OPS) as ConditionOp[];
export const ACTION_TYPES = Object.keys(ACTIONS) as ActionType[];

export type ParamKind = 'text' | 'long' | 'number' | 'json' | 'id' | 'select';
/** `options` name the values of a select and the message prefix of their labels. */
export interface ParamSpec {
  name: string;
  kind: ParamKind;
  required?: boolean;
  options?: { values: string[]; labels?: string };
  /** Empty means null (the API's "unassign"), not "leave it out". */
  emptyIsNull?: boolean;
  hint?: MessageKey;
}

/** Each action type's params as the API documents them (ACTION_PARAMS_DOCUMENTATION in the service). */
export const ACTION_PARAMS: Record<ActionType, ParamSpec[]> = {
  create_suggestion: [
    { name: 'title', kind: 'text', required: true },
    { name: 'description', kind: 'long' },
    { name: 'priority', kind: 'select', options: { values: Object.keys(SUGGESTION_PRIORITIES), labels: 'suggestion.priority' } },
    { name: 'confidence', kind: 'number' },
    { name: 'expires_in_minutes', kind: 'number' },
    { name: 'action', kind: 'json', hint: 'rules.hint.suggestionAction' },
  ],
  reassign_task: [
    { name: 'task_id', kind: 'id', hint: 'rules.hint.eventTask' },
    { name: 'agent_id', kind: 'id', required: true, emptyIsNull: true, hint: 'rules.hint.unassign' },
  ],
  move_task: [
    { name: 'task_id', kind: 'id', hint: 'rules.hint.eventTask' },
    { name: 'status', kind: 'select', required: true, options: { values: Object.keys(TASK_STATUSES), labels: 'status' } },
  ],
  create_task: [
    { name: 'title', kind: 'text', required: true },
    { name: 'description', kind: 'long' },
    { name: 'board_id', kind: 'id', hint: 'rules.hint.ruleBoard' },
    { name: 'priority', kind: 'select', options: { values: Object.keys(TASK_PRIORITIES), labels: 'priority' } },
    { name: 'status', kind: 'select', options: { values: Object.keys(TASK_STATUSES), labels: 'status' } },
    { name: 'assignee_id', kind: 'id' },
    { name: 'due_in_minutes', kind: 'number' },
  ],
  request_approval: [
    { name: 'action_type', kind: 'text', required: true },
    { name: 'task_id', kind: 'id', hint: 'rules.hint.eventTask' },
    { name: 'payload', kind: 'json' },
    { name: 'confidence', kind: 'number' },
  ],
  notify_agent: [
    { name: 'message', kind: 'long', required: true },
    { name: 'agent_id', kind: 'id', hint: 'rules.hint.eventAgent' },
  ],
  webhook: [
    { name: 'url', kind: 'text', required: true, hint: 'rules.hint.webhookUrl' },
    { name: 'method', kind: 'select', options: { values: ['POST', 'PUT', 'PATCH'] } },
    { name: 'headers', kind: 'json' },
    { name: 'body', kind: 'json', hint: 'rules.hint.webhookBody' },
  ],
};

export interface ConditionDraft {
  field: string;
  op: ConditionOp;
  value: string;
}

/** The editor's form: every input as the user typed it. */
export interface RuleDraft {
  name: string;
  description: string;
  boardId: string | null;
  triggerType: 'event' | 'schedule';
  event: RuleEvent | null;
  cron: string;
  timezone: string;
  conditions: ConditionDraft[];
  actionType: ActionType;
  params: Record<string, string>;
  cooldown: number | string;
  enabled: boolean;
}

export const emptyDraft = (): RuleDraft => ({
  name: '',
  description: '',
  boardId: null,
  triggerType: 'event',
  event: 'task.created',
  cron: '',
  timezone: '',
  conditions: [],
  actionType: 'create_suggestion',
  params: {},
  cooldown: 60,
  enabled: true,
});

const show = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));

export function draftOf(rule: Rule): RuleDraft {
  return {
    name: rule.name,
    description: rule.description ?? '',
    boardId: rule.board_id,
    triggerType: rule.trigger.type,
    event: rule.trigger.event ?? null,
    cron: rule.trigger.cron ?? '',
    timezone: rule.trigger.timezone ?? '',
    conditions: rule.conditions.map((c) => ({ field: c.field, op: c.op, value: show(c.value) })),
    actionType: rule.action.type,
    params: Object.fromEntries(Object.entries(rule.action.params).map(([name, value]) => [name, show(value)])),
    cooldown: rule.cooldown_minutes,
    enabled: rule.enabled,
  };
}

/** A condition's value: JSON when it reads as JSON (3, true, "x", [..]), otherwise the text itself. */
export function conditionValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export type RuleBody = Omit<Schemas['CreateProactiveRuleDto'], 'organization_id'>;

/** The API body of a draft, or the inputs that are not valid JSON (by the API's field names). */
export function bodyOf(draft: RuleDraft): { body: RuleBody; invalidJson: string[] } {
  const invalidJson: string[] = [];
  const params: Record<string, unknown> = {};
  for (const spec of ACTION_PARAMS[draft.actionType]) {
    const raw = (draft.params[spec.name] ?? '').trim();
    if (raw === '') {
      if (spec.emptyIsNull) params[spec.name] = null;
      continue;
    }
    if (spec.kind === 'number') params[spec.name] = Number(raw);
    else if (spec.kind === 'json') {
      try {
        params[spec.name] = JSON.parse(raw);
      } catch {
        invalidJson.push(`action.params.${spec.name}`);
      }
    } else params[spec.name] = spec.kind === 'long' || spec.kind === 'text' ? (draft.params[spec.name] ?? '') : raw;
  }
  const trigger: RuleBody['trigger'] =
    draft.triggerType === 'event'
      ? { type: 'event', ...(draft.event ? { event: draft.event } : {}) }
      : { type: 'schedule', cron: draft.cron.trim(), ...(draft.timezone.trim() ? { timezone: draft.timezone.trim() } : {}) };
  return {
    body: {
      name: draft.name.trim(),
      description: draft.description.trim() || null,
      board_id: draft.boardId,
      trigger,
      // the schema types `value` (any JSON) as an object: the API takes any JSON value there
      conditions: draft.conditions.map((c) => ({ field: c.field.trim(), op: c.op, value: conditionValue(c.value.trim()) as Schemas['RuleConditionDto']['value'] })),
      action: { type: draft.actionType, params },
      cooldown_minutes: Number(draft.cooldown) || 0,
      enabled: draft.enabled,
    },
    invalidJson,
  };
}

/** The API's field errors by the editor input they belong to (`body.` dropped; a nested action param is its param). */
export function errorsByInput(errors: FieldError[]): { byInput: Record<string, string>; unplaced: string[] } {
  const byInput: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const { field, message } of errors) {
    const path = field.replace(/^body\./, '');
    const input =
      /^action\.params\.[^.]+/.exec(path)?.[0] ??
      /^conditions\.\d+\.(field|op|value)/.exec(path)?.[0] ??
      (/^conditions\.\d+$/.test(path) ? `${path}.field` : undefined) ??
      (path.startsWith('trigger') ? (path === 'trigger.cron' || path === 'trigger.timezone' ? path : 'trigger.event') : undefined) ??
      (['name', 'description', 'board_id', 'action.type', 'cooldown_minutes'].includes(path) ? path : path === 'action' || path === 'action.params' ? 'action.type' : undefined);
    if (input) byInput[input] = byInput[input] ? `${byInput[input]}; ${message}` : message;
    else unplaced.push(message);
  }
  return { byInput, unplaced };
}
