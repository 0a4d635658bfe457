import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsString, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { Omittable } from '../../../core/http/validation';
import { ACTION_TYPE, ACTION_TYPE_MESSAGE } from '../../approvals/dto/approval.dto';
import { TASK_PRIORITIES, TaskPriority } from '../../tasks/entities/task.entity';
import { StageType } from '../definition';

const UUID_OR_VARIABLE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\{\{[^{}]+\}\})$/i;
export const MAX_DELAY_SECONDS = 30 * 24 * 3600;
export const AI_TASK_START_STATUSES = ['inbox', 'todo', 'in_progress'] as const;
export const WEBHOOK_METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'] as const;
const VARIABLES_HELP = 'may hold {{variables}}: input.<path>, stages.<key>.output.<path>, run.id, pipeline.name; {{path | fallback}}';

/** `ai_task`: a task on the pipeline's board for an agent; the stage waits until the task is done. */
export class AiTaskStageConfig {
  @ApiProperty({ maxLength: 500, example: 'Implement: {{input.title}}', description: `the task's title; ${VARIABLES_HELP}` })
  @IsString() @IsNotEmpty() @MaxLength(500)
  title: string;

  @ApiPropertyOptional({ maxLength: 20000, description: `the task's description; ${VARIABLES_HELP}` })
  @Omittable() @IsString() @MaxLength(20000)
  description?: string;

  @ApiPropertyOptional({
    example: '{{input.agent_id}}',
    description: 'the agent the task is assigned to: a UUID, or a variable read when the stage runs; none (or an empty variable): unassigned',
  })
  @Omittable() @IsString() @Matches(UUID_OR_VARIABLE, { message: 'agent_id must be a UUID or a {{variable}}' })
  agent_id?: string;

  @ApiPropertyOptional({ enum: TASK_PRIORITIES, default: 'medium' }) @Omittable() @IsIn(TASK_PRIORITIES)
  priority?: TaskPriority;

  @ApiPropertyOptional({ enum: AI_TASK_START_STATUSES, default: 'todo', description: 'the status the task starts in' })
  @Omittable() @IsIn(AI_TASK_START_STATUSES)
  status?: (typeof AI_TASK_START_STATUSES)[number];

  @ApiPropertyOptional({
    default: false,
    description: "also send the task to the agent through its gateway (session `mc-pipeline-<run id>`); skipped when the agent has no gateway",
  })
  @Omittable() @IsBoolean()
  send_to_agent?: boolean;
}

/** `approval`: a real approval on a task; waits for the decision. */
export class ApprovalStageConfig {
  @ApiProperty({ example: 'code.merge', description: 'what is to be approved: letters, digits, . _ : -' })
  @IsString() @Matches(ACTION_TYPE, { message: ACTION_TYPE_MESSAGE })
  action_type: string;

  @ApiPropertyOptional({
    example: 'implement',
    description: 'the task the approval is on: the key of an earlier ai_task stage, or "input" (input.task_id, else input.task.id); default: the nearest earlier ai_task stage, else "input"',
  })
  @Omittable() @IsString() @MaxLength(63)
  task?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: `shown with the approval; ${VARIABLES_HELP}` })
  @Omittable() @IsObject()
  payload?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'the stage to go on with when approved (default: the next; "$end" ends the run)' })
  @Omittable() @IsString() @MaxLength(63)
  on_approved?: string;

  @ApiPropertyOptional({ default: 'fail', description: '"fail": a rejection fails the run; or the stage to go on with ("$end" ends the run)' })
  @Omittable() @IsString() @MaxLength(63)
  on_rejected?: string;
}

/** `manual`: waits for `POST /pipeline-runs/{id}/advance`. */
export class ManualStageConfig {
  @ApiPropertyOptional({ maxLength: 5000, description: 'what the person who advances the run should have done' })
  @Omittable() @IsString() @MaxLength(5000)
  instructions?: string;
}

/** `webhook`: an HTTP request to an allowed host, retried with back-off; its output is `{status, body}`. */
export class WebhookStageConfig {
  @ApiProperty({ example: 'https://hooks.example.com/deploy', description: `http(s) URL of a host in OUTBOUND_ALLOWED_HOSTS; ${VARIABLES_HELP} (then it is checked when the stage runs)` })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  url: string;

  @ApiPropertyOptional({ enum: WEBHOOK_METHODS, default: 'POST' }) @Omittable() @IsIn(WEBHOOK_METHODS)
  method?: (typeof WEBHOOK_METHODS)[number];

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { 'X-Team': 'release' } })
  @Omittable() @IsObject()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ description: `the JSON body; ${VARIABLES_HELP}; default {run_id, pipeline_id, stage, input, stages}` })
  @Allow()
  body?: unknown;

  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 10 }) @Omittable() @IsInt() @Min(1) @Max(20)
  timeout_seconds?: number;
}

/** `condition`: branches on the run so far with the safe expression evaluator. */
export class ConditionStageConfig {
  @ApiProperty({
    example: 'input.severity in ["sev1", "sev2"] && stages.triage.status == "succeeded"',
    description: 'over {input, stages: {<key>: {status, output}}}: field paths, literals, == != > >= < <= in contains, && || !',
  })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  expression: string;

  @ApiPropertyOptional({ description: 'the stage to go on with when true (default: the next; "$end" ends the run)' })
  @Omittable() @IsString() @MaxLength(63)
  on_true?: string;

  @ApiPropertyOptional({ description: 'the stage to go on with when false (default: the next; "$end" ends the run)' })
  @Omittable() @IsString() @MaxLength(63)
  on_false?: string;
}

/** `delay`: waits durably (a job due at the end), whatever restarts happen meanwhile. */
export class DelayStageConfig {
  @ApiProperty({
    oneOf: [{ type: 'integer', minimum: 1, maximum: MAX_DELAY_SECONDS }, { type: 'string', example: '{{input.wait_seconds | 3600}}' }],
    description: 'how long, in seconds; or a variable read when the stage runs',
  })
  @ValidateBy({
    name: 'delaySeconds',
    validator: {
      validate: (value: unknown) =>
        (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_DELAY_SECONDS) || (typeof value === 'string' && /^\{\{[^{}]+\}\}$/.test(value)),
      defaultMessage: () => `seconds must be a whole number from 1 to ${MAX_DELAY_SECONDS}, or a {{variable}}`,
    },
  })
  seconds: number | string;
}

export const STAGE_CONFIG_CLASSES: Record<StageType, new () => object> = {
  ai_task: AiTaskStageConfig,
  approval: ApprovalStageConfig,
  manual: ManualStageConfig,
  webhook: WebhookStageConfig,
  condition: ConditionStageConfig,
  delay: DelayStageConfig,
};
