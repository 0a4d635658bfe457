import type { FieldError } from '../../core/http/api-errors';
import { compileExpression } from '../../core/expressions/expression';
import { cronExpressionProblem, isTimeZone } from '../../core/jobs/cron';
import { MissionControlEventName } from '../domain-events';
import { END_OF_RUN, PipelineTrigger, StageDefinition, TriggerType } from './definition';
import { hasVariables, variablesProblem } from './variables';

/** A trigger as a request states it (before it is checked). */
export interface TriggerInput {
  type: TriggerType;
  event?: string;
  cron?: string;
  timezone?: string;
}

export interface DefinitionInput {
  boardId: string | null;
  trigger: TriggerInput;
  stages: StageDefinition[];
  /** Why an outbound URL may not be called, or undefined (OUTBOUND_ALLOWED_HOSTS). */
  urlRefusal: (url: string) => string | undefined;
}

const FIELDS_OF_TRIGGER: Record<TriggerType, ReadonlyArray<keyof TriggerInput>> = { manual: [], event: ['event'], schedule: ['cron', 'timezone'] };
const NEEDS_BOARD = new Set(['ai_task', 'approval']);

export function normalizeTrigger(trigger: TriggerInput): PipelineTrigger {
  if (trigger.type === 'event') return { type: 'event', event: trigger.event as MissionControlEventName };
  if (trigger.type === 'schedule') return { type: 'schedule', cron: (trigger.cron ?? '').trim(), timezone: trigger.timezone ?? 'UTC' };
  return { type: 'manual' };
}

function triggerProblems(trigger: TriggerInput): FieldError[] {
  const problems: FieldError[] = [];
  for (const field of ['event', 'cron', 'timezone'] as const) {
    if (trigger[field] !== undefined && !FIELDS_OF_TRIGGER[trigger.type].includes(field)) {
      problems.push({ field: `trigger.${field}`, message: `trigger.${field} does not belong to a ${trigger.type} trigger` });
    }
  }
  if (trigger.type === 'schedule' && trigger.cron !== undefined) {
    if (trigger.timezone !== undefined && !isTimeZone(trigger.timezone)) {
      problems.push({ field: 'trigger.timezone', message: `trigger.timezone ${trigger.timezone} is not an IANA time zone` });
    } else {
      const problem = cronExpressionProblem(trigger.cron, trigger.timezone);
      if (problem) problems.push({ field: 'trigger.cron', message: `trigger.cron ${problem}` });
    }
  }
  return problems;
}

/**
 * What is wrong with a pipeline beyond the shape of its fields: its trigger, the stage keys its stages name,
 * expressions, variables, URLs, and the board its tasks need. Each problem names its field.
 */
export function definitionProblems(input: DefinitionInput): FieldError[] {
  const problems = triggerProblems(input.trigger);
  const keys = input.stages.map((stage) => stage.key);
  input.stages.forEach((stage, index) => {
    const at = (field: string, message: string) => problems.push({ field: `stages.${index}.${field}`, message: `stages.${index}.${field} ${message}` });
    if (keys.indexOf(stage.key) !== index) at('key', `repeats the key "${stage.key}"`);
    const target = (field: string, value: unknown, extra: string[] = []) => {
      if (value === undefined || value === END_OF_RUN || extra.includes(value as string)) return;
      if (!keys.includes(value as string)) at(`config.${field}`, `names no stage of this pipeline ("${String(value)}"); use a stage key or "${END_OF_RUN}"`);
      else if (stage.type === 'condition' && value === stage.key) at(`config.${field}`, 'may not go back to the condition itself');
    };
    const text = (field: string, value: unknown) => {
      const problem = typeof value === 'string' ? variablesProblem(value) : undefined;
      if (problem) at(`config.${field}`, problem);
    };
    const config = stage.config;
    if (NEEDS_BOARD.has(stage.type) && !input.boardId) {
      problems.push({ field: 'board_id', message: `board_id is required: the ${stage.type} stage "${stage.key}" puts its work on the pipeline's board` });
    }
    switch (stage.type) {
      case 'ai_task':
        for (const field of ['title', 'description', 'agent_id']) text(field, config[field]);
        break;
      case 'approval': {
        const earlierTasks = input.stages.slice(0, index).filter((earlier) => earlier.type === 'ai_task').map((earlier) => earlier.key);
        if (config.task !== undefined && config.task !== 'input' && !earlierTasks.includes(config.task)) {
          at('config.task', `must be "input" or the key of an earlier ai_task stage${earlierTasks.length ? ` (${earlierTasks.join(', ')})` : ''}`);
        }
        target('on_approved', config.on_approved);
        target('on_rejected', config.on_rejected, ['fail']);
        break;
      }
      case 'webhook': {
        const url = config.url as string;
        const problem = hasVariables(url) ? variablesProblem(url) : input.urlRefusal(url);
        if (problem) at('config.url', hasVariables(url) ? problem : `${url} ${problem}`);
        if (config.headers && Object.values(config.headers).some((value) => typeof value !== 'string')) at('config.headers', 'must map header names to strings');
        break;
      }
      case 'condition':
        try {
          compileExpression(config.expression);
        } catch (error) {
          at('config.expression', (error as Error).message.replace(/^the expression /, ''));
        }
        target('on_true', config.on_true);
        target('on_false', config.on_false);
        break;
      case 'delay':
        text('seconds', config.seconds);
        break;
    }
  });
  return dedupe(problems);
}

function dedupe(problems: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return problems.filter((problem) => !seen.has(problem.field) && seen.add(problem.field));
}
