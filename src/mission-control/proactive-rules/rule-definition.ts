import { CONDITION_OPS, Condition, conditionsPredicate, ExpressionError } from '../../core/expressions/expression';
import type { FieldError } from '../../core/http/api-errors';
import { cronExpressionProblem, isTimeZone } from '../../core/jobs/cron';
import { MISSION_CONTROL_EVENT_CATALOGUE, MissionControlEventName } from '../domain-events';
import type { RuleTrigger } from './entities/proactive-rule.entity';

/** The events a rule may be triggered by: every domain event of the catalogue. */
export const RULE_EVENTS = Object.keys(MISSION_CONTROL_EVENT_CATALOGUE) as MissionControlEventName[];
export const TRIGGER_TYPES = ['event', 'schedule'] as const;
export const MAX_CONDITIONS = 20;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function extraKeys(value: Record<string, unknown>, allowed: string[], path: string): FieldError[] {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({ field: `${path}.${key}`, message: `${path}.${key} is not an allowed field` }));
}

/** What is wrong with `{type: "event", event} | {type: "schedule", cron, timezone?}`, as 422 field errors. */
export function triggerProblems(trigger: unknown): FieldError[] {
  if (!isObject(trigger)) return [{ field: 'trigger', message: 'trigger must be an object {type, …}' }];
  if (trigger.type === 'event') {
    const problems = extraKeys(trigger, ['type', 'event'], 'trigger');
    if (typeof trigger.event !== 'string' || !(RULE_EVENTS as string[]).includes(trigger.event)) {
      problems.push({ field: 'trigger.event', message: `trigger.event must be one of ${RULE_EVENTS.join(', ')}` });
    }
    return problems;
  }
  if (trigger.type === 'schedule') {
    const problems = extraKeys(trigger, ['type', 'cron', 'timezone'], 'trigger');
    if (trigger.timezone !== undefined && (typeof trigger.timezone !== 'string' || !isTimeZone(trigger.timezone))) {
      problems.push({ field: 'trigger.timezone', message: 'trigger.timezone must be an IANA time zone such as Asia/Shanghai' });
    }
    const cronProblem = typeof trigger.cron !== 'string' || trigger.cron.length > 100 ? 'must be a cron expression' : cronExpressionProblem(trigger.cron);
    if (cronProblem) problems.push({ field: 'trigger.cron', message: `trigger.cron ${cronProblem}` });
    return problems;
  }
  return [{ field: 'trigger.type', message: `trigger.type must be one of ${TRIGGER_TYPES.join(', ')}` }];
}

/** What is wrong with `[{field, op, value}]`: a dotted path, a known operator, a JSON value. */
export function conditionProblems(conditions: unknown[]): FieldError[] {
  const problems: FieldError[] = [];
  conditions.forEach((condition, index) => {
    const path = `conditions.${index}`;
    if (!isObject(condition)) {
      problems.push({ field: path, message: `${path} must be an object {field, op, value}` });
      return;
    }
    problems.push(...extraKeys(condition, ['field', 'op', 'value'], path));
    if (typeof condition.op !== 'string' || !(CONDITION_OPS as readonly string[]).includes(condition.op)) {
      problems.push({ field: `${path}.op`, message: `${path}.op must be one of ${CONDITION_OPS.join(', ')}` });
    }
    if (typeof condition.field !== 'string' || condition.field.length > 200) {
      problems.push({ field: `${path}.field`, message: `${path}.field must be a dotted path such as task.status` });
    } else {
      try {
        conditionsPredicate([{ field: condition.field, op: 'eq', value: null }]);
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        problems.push({ field: `${path}.field`, message: `${path}.field must be a dotted path such as task.status` });
      }
    }
    if (!('value' in condition)) problems.push({ field: `${path}.value`, message: `${path}.value is required (any JSON value)` });
  });
  return problems;
}

export function asTrigger(trigger: Record<string, unknown>): RuleTrigger {
  return trigger.type === 'event'
    ? { type: 'event', event: String(trigger.event) }
    : { type: 'schedule', cron: String(trigger.cron).trim(), ...(trigger.timezone ? { timezone: String(trigger.timezone) } : {}) };
}

export function asConditions(conditions: unknown[]): Condition[] {
  return conditions.map((condition) => {
    const { field, op, value } = condition as Condition;
    return { field, op, value };
  });
}
