import { isUUID } from 'class-validator';
import type { FieldError } from '../../../core/http/api-errors';
import { TASK_PRIORITIES, TASK_STATUSES } from '../../tasks/entities/task.entity';

/** What a rule does when it fires, and what accepting a suggestion does (DESIGN §10). */
export const ACTION_TYPES = ['create_suggestion', 'reassign_task', 'move_task', 'create_task', 'request_approval', 'notify_agent', 'webhook'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export interface ActionSpec {
  type: ActionType;
  params: Record<string, unknown>;
}

const SUGGESTION_PRIORITY_VALUES = ['low', 'medium', 'high', 'critical'];
const WEBHOOK_METHODS = ['POST', 'PUT', 'PATCH'];
const ACTION_TYPE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
const MAX_MINUTES = 525_600;

type Check = (value: unknown) => string | undefined;

const text = (max: number): Check => (value) =>
  typeof value !== 'string' || value.trim() === '' ? 'must be a non-empty string' : value.length > max ? `must be at most ${max} characters` : undefined;
const oneOf = (values: readonly string[]): Check => (value) => (typeof value === 'string' && values.includes(value) ? undefined : `must be one of ${values.join(', ')}`);
const uuid: Check = (value) => (typeof value === 'string' && isUUID(value) ? undefined : 'must be a UUID');
const uuidOrNull: Check = (value) => (value === null ? undefined : uuid(value));
const fraction: Check = (value) => (typeof value === 'number' && value >= 0 && value <= 1 ? undefined : 'must be a number from 0 to 1');
const minutes: Check = (value) => (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_MINUTES ? undefined : `must be a whole number of minutes from 1 to ${MAX_MINUTES}`);
const object: Check = (value) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : 'must be a JSON object');
const headers: Check = (value) => {
  const problem = object(value);
  if (problem) return problem;
  for (const [name, item] of Object.entries(value as object)) {
    if (!HEADER_NAME.test(name)) return `has an invalid header name: ${name.slice(0, 100)}`;
    if (typeof item !== 'string' || item.length > 2000 || /[\r\n]/.test(item)) return `${name} must be a single-line string of at most 2000 characters`;
  }
  return undefined;
};

interface ParamRule {
  check: Check;
  required?: boolean;
}

/** Each action type's params: required ones, optional ones, and nothing else. Text params may hold `{{path}}` template fields. */
const PARAMS: Record<ActionType, Record<string, ParamRule>> = {
  create_suggestion: {
    title: { check: text(200), required: true },
    description: { check: text(2000) },
    priority: { check: oneOf(SUGGESTION_PRIORITY_VALUES) },
    confidence: { check: fraction },
    expires_in_minutes: { check: minutes },
    action: { check: object },
  },
  reassign_task: { task_id: { check: uuid }, agent_id: { check: uuidOrNull, required: true } },
  move_task: { task_id: { check: uuid }, status: { check: oneOf(TASK_STATUSES), required: true } },
  create_task: {
    board_id: { check: uuid },
    title: { check: text(500), required: true },
    description: { check: text(20_000) },
    priority: { check: oneOf(TASK_PRIORITIES) },
    status: { check: oneOf(TASK_STATUSES) },
    assignee_id: { check: uuid },
    due_in_minutes: { check: minutes },
  },
  request_approval: {
    task_id: { check: uuid },
    action_type: { check: (value) => (typeof value === 'string' && ACTION_TYPE_PATTERN.test(value) ? undefined : 'must be 1-100 letters, digits, . _ : or -'), required: true },
    payload: { check: object },
    confidence: { check: fraction },
  },
  notify_agent: { agent_id: { check: uuid }, message: { check: text(4000), required: true } },
  webhook: { url: { check: text(2000), required: true }, method: { check: oneOf(WEBHOOK_METHODS) }, headers: { check: headers }, body: { check: object } },
};

/** The params each action type takes, for /docs. */
export const ACTION_PARAMS_DOCUMENTATION: Record<ActionType, string> = {
  create_suggestion: '{title, description?, priority? (low|medium|high|critical), confidence? (0-1), expires_in_minutes?, action? (what accepting it runs: any other action)}',
  reassign_task: "{task_id? (default: the event's task), agent_id (null: unassign)}",
  move_task: "{task_id? (default: the event's task), status}",
  create_task: "{board_id? (default: the rule's or the event's board), title, description?, priority?, status?, assignee_id?, due_in_minutes?}",
  request_approval: "{task_id? (default: the event's task), action_type, payload?, confidence?}",
  notify_agent: "{agent_id? (default: the event's agent, else the task's assignee), message}",
  webhook: '{url (a host in OUTBOUND_ALLOWED_HOSTS), method? (POST|PUT|PATCH, default POST), headers?, body? (default: the rule, the event and the firing time)}',
};

/**
 * What is wrong with an action (`{type, params}`), as 422 field errors under `path` (`action`, `action.params.action`…).
 * A suggestion's own action may be any type but `create_suggestion`.
 */
export function actionProblems(action: unknown, path: string, allowSuggestion = true): FieldError[] {
  if (typeof action !== 'object' || action === null || Array.isArray(action)) return [{ field: path, message: `${path} must be an object {type, params}` }];
  const { type, params, ...rest } = action as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) return [{ field: `${path}.${extra[0]}`, message: `${path}.${extra[0]} is not an allowed field` }];
  const allowed = ACTION_TYPES.filter((name) => allowSuggestion || name !== 'create_suggestion');
  if (typeof type !== 'string' || !(allowed as readonly string[]).includes(type)) {
    return [{ field: `${path}.type`, message: `${path}.type must be one of ${allowed.join(', ')}` }];
  }
  const paramsPath = `${path}.params`;
  if (params === undefined && Object.values(PARAMS[type as ActionType]).every((rule) => !rule.required)) return [];
  if (object(params)) return [{ field: paramsPath, message: `${paramsPath} must be a JSON object` }];
  const given = params as Record<string, unknown>;
  const rules = PARAMS[type as ActionType];
  const problems: FieldError[] = [];
  for (const name of Object.keys(given)) {
    if (!rules[name]) problems.push({ field: `${paramsPath}.${name}`, message: `${paramsPath}.${name} is not a parameter of ${type}` });
  }
  for (const [name, rule] of Object.entries(rules)) {
    const value = given[name];
    if (value === undefined) {
      if (rule.required) problems.push({ field: `${paramsPath}.${name}`, message: `${paramsPath}.${name} is required for ${type}` });
      continue;
    }
    const problem = rule.check(value);
    if (problem) problems.push({ field: `${paramsPath}.${name}`, message: `${paramsPath}.${name} ${problem}` });
  }
  if (type === 'create_suggestion' && given.action !== undefined && problems.length === 0) {
    problems.push(...actionProblems(given.action, `${paramsPath}.action`, false));
  }
  return problems;
}

/** The action of a suggestion a `create_suggestion` action proposes, if any. */
export function proposedAction(params: Record<string, unknown>): ActionSpec | null {
  const action = params.action as ActionSpec | undefined;
  return action ? { type: action.type, params: action.params ?? {} } : null;
}
