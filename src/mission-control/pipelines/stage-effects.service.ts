import { HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, Repository } from 'typeorm';
import { engineActingFor } from '../../core/auth/principal';
import type { JsonObject } from '../../core/database/base.entity';
import { normalizeError } from '../../core/http/filters/normalize-error';
import { OutboundFailed, OutboundHttp, OutboundRefused } from '../../core/http/outbound-http';
import type { JobContext } from '../../core/jobs/job.decorators';
import { JobEffects } from '../../core/jobs/job-effects';
import { AgentEntity } from '../agents/entities/agent.entity';
import { ApprovalsService } from '../approvals/approvals.service';
import { AgentMessenger } from '../gateways/agent-messenger.service';
import { TaskDto } from '../tasks/dto/task.dto';
import { TaskEntity } from '../tasks/entities/task.entity';
import { TasksService } from '../tasks/tasks.service';
import { StageDefinition } from './definition';
import type { AiTaskStageConfig, ApprovalStageConfig, WebhookStageConfig } from './dto/stage-configs.dto';
import { PipelineRunEntity } from './entities/pipeline-run.entity';
import { renderText, renderValue } from './variables';
import { StageState } from './run-state';

/** A stage that cannot succeed however often it is tried (a refused host, a 4xx answer, a missing task). */
export class StageFailure extends Error {}

/** A failure worth another try later: the step job is retried with back-off. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof StageFailure || error instanceof OutboundRefused) return false;
  if (error instanceof HttpException) return error.getStatus() >= 500;
  return true;
}

export function failureMessage(error: unknown): string {
  return error instanceof HttpException ? normalizeError(error).detail : error instanceof Error ? error.message : String(error);
}

/** What a stage's effect came to: the stage succeeded with an output, or it now waits (its output says for what). */
export type StageOutcome = { done: JsonObject } | { wait: JsonObject };

/** What variables and condition expressions read: `input`, `stages.<key>.{status, output}`, `run.id`, `pipeline.name`. */
export function runContext(run: PipelineRunEntity): JsonObject {
  return {
    input: run.input,
    stages: Object.fromEntries(run.stages.map((stage) => [stage.key, { status: stage.status, output: stage.output }])),
    run: { id: run.id, pipeline_id: run.pipelineId },
    pipeline: { id: run.pipelineId, name: run.pipelineName },
  };
}

const RETRYABLE_STATUS = (status: number) => status === 408 || status === 425 || status === 429 || status >= 500;
const DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 10;

/**
 * The effects of the stages that reach outside the run (a task, an approval, a message to an agent, an HTTP
 * call), made outside any transaction, as the system acting for the run (the run's id is the actor's). Each is keyed by the run, the step the stage's visit began at and the stage,
 * so a retry or a resumption after a crash finds the effect it already had instead of having it twice.
 */
@Injectable()
export class StageEffects {
  constructor(
    private readonly tasks: TasksService,
    private readonly approvals: ApprovalsService,
    private readonly messenger: AgentMessenger,
    private readonly outbound: OutboundHttp,
    private readonly effects: JobEffects,
    private readonly dataSource: DataSource,
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    @InjectRepository(TaskEntity) private readonly taskRows: Repository<TaskEntity>,
  ) {}

  perform(run: PipelineRunEntity, definition: StageDefinition, stage: StageState, context: JobContext): Promise<StageOutcome> {
    switch (definition.type) {
      case 'ai_task':
        return this.openTask(run, definition, stage, context);
      case 'approval':
        return this.openApproval(run, definition, stage);
      case 'webhook':
        return this.callWebhook(run, definition, stage);
      default:
        throw new StageFailure(`a ${definition.type} stage has no outside effect`);
    }
  }

  /** Removes what a cancelled stage opened: its task unless done (deleted), its pending approval (`cancelled`). */
  async cleanUp(run: PipelineRunEntity): Promise<void> {
    const stage = run.stages.find((candidate) => candidate.status === 'cancelled');
    if (!stage || stage.step === null) return;
    if (stage.type === 'ai_task') {
      const taskId = await this.openedId(run, stage, 'task', 'task_id');
      const task = taskId ? await this.taskRows.findOneBy({ id: taskId }) : null;
      if (task && task.status !== 'done') {
        await this.tasks.remove(engineActingFor(run.id), task.id, { effectKey: effectKey(run, stage, 'task-removed') }).catch(ignoreNotFound);
      }
    }
    if (stage.type === 'approval') {
      const approvalId = await this.openedId(run, stage, 'approval', 'approval_id');
      if (approvalId) await this.approvals.cancel(engineActingFor(run.id), approvalId, `Pipeline run ${run.id} was cancelled`).catch(ignoreNotFound);
    }
  }

  /** What the stage opened: from its output, or (when the run was cancelled before it was recorded) from the effect itself. */
  private async openedId(run: PipelineRunEntity, stage: StageState, effect: string, field: string): Promise<string | null> {
    const recorded = stage.output?.[field] ?? (await this.effects.resultOf(this.dataSource.manager, effectKey(run, stage, effect)))?.[field];
    return typeof recorded === 'string' ? recorded : null;
  }

  private async openTask(run: PipelineRunEntity, definition: StageDefinition, stage: StageState, context: JobContext): Promise<StageOutcome> {
    const config = definition.config as AiTaskStageConfig;
    const values = runContext(run);
    if (!run.boardId) throw new StageFailure('the pipeline has no board to put the task on');
    const agentId = config.agent_id ? String(renderValue(config.agent_id, values) ?? '') : '';
    if (agentId && !isUUID(agentId)) throw new StageFailure(`agent_id "${agentId.slice(0, 100)}" is not an agent id`);
    const task = await this.tasks.create(
      engineActingFor(run.id),
      {
        board_id: run.boardId,
        title: (renderText(config.title, values).trim() || definition.name).slice(0, 500),
        description: config.description ? renderText(config.description, values).slice(0, 20_000) || null : null,
        status: config.status ?? 'todo',
        priority: config.priority ?? 'medium',
        assignee_id: agentId || null,
      },
      { effectKey: effectKey(run, stage, 'task') },
    );
    const message = config.send_to_agent && task.assignee_id ? await this.sendToAgent(run, stage, task, context) : null;
    return { wait: { task_id: task.id, agent_id: task.assignee_id, title: task.title, message } };
  }

  /**
   * The task goes to its agent as a chat message (one gateway run per key, however often this is retried). When
   * the gateway stays unreachable through the last try, the stage waits anyway: the task is on the board.
   */
  private async sendToAgent(run: PipelineRunEntity, stage: StageState, task: TaskDto, context: JobContext): Promise<JsonObject> {
    const agent = await this.agents.findOneBy({ id: task.assignee_id! });
    if (!agent?.gatewayId) return { sent: false, reason: 'the agent has no gateway' };
    const text = [
      `New task from the pipeline "${run.pipelineName}" (stage "${stage.name}"): ${task.title}`,
      task.description ?? '',
      `Task id: ${task.id}. Move it to done when it is finished.`,
    ]
      .filter(Boolean)
      .join('\n\n');
    try {
      const sent = await this.messenger.send({ agentId: agent.id, thread: `pipeline-${run.id}`, text, idempotencyKey: effectKey(run, stage, 'message') });
      return { sent: true, session_key: sent.sessionKey, gateway_run_id: sent.runId };
    } catch (error) {
      if (!context.lastAttempt) throw error;
      return { sent: false, error: failureMessage(error) };
    }
  }

  private async openApproval(run: PipelineRunEntity, definition: StageDefinition, stage: StageState): Promise<StageOutcome> {
    const config = definition.config as ApprovalStageConfig;
    const taskId = approvalTaskOf(run, definition);
    if (!taskId) {
      throw new StageFailure(config.task && config.task !== 'input' ? `the stage "${config.task}" has no task` : 'there is no task to ask about (no earlier ai_task stage, no input.task_id)');
    }
    const payload = { ...(renderValue(config.payload ?? {}, runContext(run)) as JsonObject), pipeline_run_id: run.id, stage: definition.key };
    const approval = await this.approvals.create(engineActingFor(run.id), { task_id: taskId, action_type: config.action_type, payload }, { effectKey: effectKey(run, stage, 'approval') });
    return { wait: { approval_id: approval.id, task_id: taskId } };
  }

  /**
   * The request carries `Idempotency-Key: <run>:<step>:<stage>`: the same on every retry, so a receiver can tell a
   * retry (or a resumption after a crash that happened mid-request) from a second call.
   */
  private async callWebhook(run: PipelineRunEntity, definition: StageDefinition, stage: StageState): Promise<StageOutcome> {
    const config = definition.config as WebhookStageConfig;
    const values = runContext(run);
    const url = renderText(config.url, values);
    const refusal = this.outbound.refusal(url);
    if (refusal) throw new StageFailure(`${url} ${refusal}`);
    const method = config.method ?? 'POST';
    const body = config.body === undefined ? { run_id: run.id, pipeline_id: run.pipelineId, stage: definition.key, input: values.input, stages: values.stages } : renderValue(config.body, values);
    const headers = renderValue(config.headers ?? {}, values) as Record<string, string>;
    let response;
    try {
      response = await this.outbound.request({
        url,
        method,
        headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': effectKey(run, stage, 'webhook'), 'x-pipeline-run-id': run.id },
        body: method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(body),
        timeoutMs: (config.timeout_seconds ?? DEFAULT_WEBHOOK_TIMEOUT_SECONDS) * 1000,
      });
    } catch (error) {
      if (error instanceof OutboundFailed || error instanceof OutboundRefused) throw error;
      throw new OutboundFailed(failureMessage(error));
    }
    if (response.status >= 200 && response.status < 300) return { done: { status: response.status, body: parsedBody(response.body) } };
    const problem = `${url} answered ${response.status}${response.body ? `: ${response.body.slice(0, 200)}` : ''}`;
    throw RETRYABLE_STATUS(response.status) ? new OutboundFailed(problem) : new StageFailure(problem);
  }
}

/** The effect key of one visit of a stage: the run, the step its visit began at, the stage, the kind of effect. */
export function effectKey(run: PipelineRunEntity, stage: StageState, effect: string): string {
  return `pipeline-run:${run.id}:${stage.step}:${stage.key}:${effect}`;
}

/** The task an approval stage asks about: its `task` (a stage key or "input"), else the nearest earlier ai_task's, else the input's. */
export function approvalTaskOf(run: PipelineRunEntity, definition: StageDefinition): string | null {
  const chosen = (definition.config as ApprovalStageConfig).task;
  const fromInput = () => {
    const input = run.input as { task_id?: unknown; task?: { id?: unknown } };
    const id = input.task_id ?? input.task?.id;
    return typeof id === 'string' && isUUID(id) ? id : null;
  };
  if (chosen === 'input') return fromInput();
  const index = run.definition.findIndex((candidate) => candidate.key === definition.key);
  const source = chosen ?? run.definition.slice(0, index).reverse().find((candidate) => candidate.type === 'ai_task')?.key;
  if (!source) return fromInput();
  const taskId = run.stages.find((candidate) => candidate.key === source)?.output?.task_id;
  return typeof taskId === 'string' ? taskId : null;
}

function parsedBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function ignoreNotFound(error: unknown): void {
  if (!(error instanceof NotFoundException)) throw error;
}
