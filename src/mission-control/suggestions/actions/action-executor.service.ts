import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AdminPrincipal, ENGINE_PRINCIPAL, engineActingFor } from '../../../core/auth/principal';
import type { JsonObject } from '../../../core/database/base.entity';
import { FieldError, FieldValidationException } from '../../../core/http/api-errors';
import { OutboundHttp } from '../../../core/http/outbound-http';
import { JobEffects } from '../../../core/jobs/job-effects';
import { stableUuid } from '../../../core/jobs/job-engine';
import { ActivityService } from '../../activity/activity.service';
import { AgentEntity } from '../../agents/entities/agent.entity';
import { ApprovalsService } from '../../approvals/approvals.service';
import { BoardEntity } from '../../boards/entities/board.entity';
import { AgentMessenger } from '../../gateways/agent-messenger.service';
import { TaskEntity, TaskPriority, TaskStatus } from '../../tasks/entities/task.entity';
import { TasksService } from '../../tasks/tasks.service';
import { ActionFailed } from './action-failure';
import { ActionSpec, proposedAction } from './action-types';
import { renderTemplate } from './templates';

/** Where an action runs: the defaults its params may leave out, and what `{{…}}` template fields read. */
export interface ActionContext {
  organizationId: string;
  boardId: string | null;
  taskId: string | null;
  /** The agent a notification goes to when the params name none. */
  agentId: string | null;
  /** The JSON that template fields and a webhook's default body read (the event payload and the firing). */
  data: Record<string, unknown>;
  /** Whose action this is, for the audit trail: `rule "Overdue task"`, `suggestion "…"`. */
  label: string;
  /** The rule acting (its id is the actor of what it does, so it never reacts to its own effects); none for an accepted suggestion. */
  ruleId?: string;
}

const actingAs = (context: ActionContext): AdminPrincipal => (context.ruleId ? engineActingFor(context.ruleId) : ENGINE_PRINCIPAL);
const actorOf = (context: ActionContext): Actor => ({ type: 'system', id: context.ruleId ?? null });

const RETRYABLE_WEBHOOK_STATUS = (status: number) => status === 408 || status === 429 || status >= 500;
const MAX_RECORDED_ANSWER = 500;

/**
 * Runs the actions of rules and of accepted suggestions, each exactly once per `effectKey`: task and approval
 * changes through their services (which record the key in their own transaction and answer the first result on
 * a retry); a message or a webhook is skipped when its key is already recorded, and carries the key so that
 * the gateway or the receiver can drop a repeat after a crash between sending and recording.
 */
@Injectable()
export class ActionExecutor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TasksService,
    private readonly approvals: ApprovalsService,
    private readonly messenger: AgentMessenger,
    private readonly outbound: OutboundHttp,
    private readonly effects: JobEffects,
    private readonly activity: ActivityService,
  ) {}

  /** Throws ActionFailed (permanent or worth retrying). `create_suggestion` is the rule engine's own. */
  async execute(action: ActionSpec, context: ActionContext, effectKey: string): Promise<JsonObject> {
    try {
      return await this.run(action, context, effectKey);
    } catch (error) {
      throw ActionFailed.from(error);
    }
  }

  /** Names in the action's params that do not exist in the organisation (or a webhook host not allowed): 422 before a rule is saved. */
  async assertReferences(action: ActionSpec, organizationId: string, path = 'action'): Promise<void> {
    const problems = await this.referenceProblems(action, organizationId, path);
    if (problems.length > 0) throw new FieldValidationException(problems, problems[0].message);
  }

  private async referenceProblems(action: ActionSpec, organizationId: string, path: string): Promise<FieldError[]> {
    const params = action.params ?? {};
    const at = (name: string) => `${path}.params.${name}`;
    const problems: FieldError[] = [];
    const manager = this.dataSource.manager;
    const missing = async (entity: typeof TaskEntity | typeof AgentEntity | typeof BoardEntity, name: string, label: string) => {
      const id = params[name];
      if (typeof id === 'string' && !(await manager.existsBy(entity, { id, organizationId }))) {
        problems.push({ field: at(name), message: `${at(name)} does not name ${label} of this organization` });
      }
    };
    await missing(TaskEntity, 'task_id', 'a task');
    await missing(AgentEntity, 'agent_id', 'an agent');
    await missing(AgentEntity, 'assignee_id', 'an agent');
    await missing(BoardEntity, 'board_id', 'a board');
    if (action.type === 'webhook') {
      const refusal = this.outbound.refusal(String(params.url));
      if (refusal) problems.push({ field: at('url'), message: `${at('url')} ${refusal}` });
    }
    const nested = action.type === 'create_suggestion' ? proposedAction(params) : null;
    if (nested) problems.push(...(await this.referenceProblems(nested, organizationId, `${path}.params.action`)));
    return problems;
  }

  private run(action: ActionSpec, context: ActionContext, effectKey: string): Promise<JsonObject> {
    const params = action.params ?? {};
    switch (action.type) {
      case 'reassign_task':
        return this.changeTask(context, params, { assignee_id: (params.agent_id as string | null) ?? null }, effectKey);
      case 'move_task':
        return this.changeTask(context, params, { status: params.status as TaskStatus }, effectKey);
      case 'create_task':
        return this.createTask(context, params, effectKey);
      case 'request_approval':
        return this.requestApproval(context, params, effectKey);
      case 'notify_agent':
        return this.notifyAgent(context, params, effectKey);
      case 'webhook':
        return this.callWebhook(context, params, effectKey);
      case 'create_suggestion':
        throw new ActionFailed('create_suggestion is carried out by the rule engine, not as an accepted action', true);
    }
  }

  private async changeTask(context: ActionContext, params: Record<string, unknown>, change: { assignee_id?: string | null; status?: TaskStatus }, effectKey: string) {
    const taskId = await this.taskOf(context, params);
    const task = await this.tasks.update(actingAs(context), taskId, change, { effectKey });
    return { task_id: task.id, status: task.status, assignee_id: task.assignee_id };
  }

  private async createTask(context: ActionContext, params: Record<string, unknown>, effectKey: string) {
    const boardId = (params.board_id as string | undefined) ?? context.boardId;
    if (!boardId || !(await this.dataSource.manager.existsBy(BoardEntity, { id: boardId, organizationId: context.organizationId }))) {
      throw new ActionFailed('create_task needs a board of the organization (params.board_id, the rule\'s board or the event\'s)', true);
    }
    const dueInMinutes = params.due_in_minutes as number | undefined;
    const task = await this.tasks.create(
      actingAs(context),
      {
        board_id: boardId,
        title: renderTemplate(String(params.title), context.data).slice(0, 500) || 'Follow-up',
        description: typeof params.description === 'string' ? renderTemplate(params.description, context.data) : undefined,
        priority: params.priority as TaskPriority | undefined,
        status: params.status as TaskStatus | undefined,
        assignee_id: params.assignee_id as string | undefined,
        due_at: dueInMinutes ? new Date(Date.now() + dueInMinutes * 60_000).toISOString() : undefined,
      },
      { effectKey },
    );
    return { task_id: task.id, board_id: task.board_id };
  }

  private async requestApproval(context: ActionContext, params: Record<string, unknown>, effectKey: string) {
    const taskId = await this.taskOf(context, params);
    const approval = await this.approvals.create(
      actingAs(context),
      {
        task_id: taskId,
        action_type: String(params.action_type),
        payload: params.payload as Record<string, unknown> | undefined,
        confidence: params.confidence as number | undefined,
      },
      { effectKey },
    );
    return { approval_id: approval.id, task_id: approval.task_id };
  }

  private async notifyAgent(context: ActionContext, params: Record<string, unknown>, effectKey: string) {
    const done = await this.effects.resultOf(this.dataSource.manager, effectKey);
    if (done) return done;
    const agentId = (params.agent_id as string | undefined) ?? context.agentId;
    if (!agentId) throw new ActionFailed('notify_agent has no agent: name params.agent_id, or fire on an event about an agent or an assigned task', true);
    const agent = await this.dataSource.manager.findOneBy(AgentEntity, { id: agentId, organizationId: context.organizationId });
    if (!agent) throw new ActionFailed('notify_agent: the agent is not in the organization any more', true);
    const text = renderTemplate(String(params.message), context.data);
    const sent = await this.messenger.send({ agentId, thread: 'proactive', text, idempotencyKey: stableUuid(effectKey) });
    const result = { agent_id: agentId, session_key: sent.sessionKey, run_id: sent.runId };
    await this.recordOutside(effectKey, result, context, { type: 'agent', id: agentId, boardId: agent.boardId }, 'action.notify_agent', `Agent "${agent.name}" notified (${context.label})`);
    return result;
  }

  private async callWebhook(context: ActionContext, params: Record<string, unknown>, effectKey: string) {
    const done = await this.effects.resultOf(this.dataSource.manager, effectKey);
    if (done) return done;
    const url = String(params.url);
    const answer = await this.outbound.request({
      url,
      method: (params.method as 'POST' | 'PUT' | 'PATCH' | undefined) ?? 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': stableUuid(effectKey), ...((params.headers as Record<string, string>) ?? {}) },
      body: JSON.stringify(params.body ?? context.data),
    });
    if (answer.status < 200 || answer.status >= 300) {
      throw new ActionFailed(`the webhook answered ${answer.status}: ${answer.body.slice(0, 200)}`, !RETRYABLE_WEBHOOK_STATUS(answer.status));
    }
    const result = { url, status: answer.status, answer: answer.body.slice(0, MAX_RECORDED_ANSWER) };
    await this.recordOutside(effectKey, result, context, { type: 'webhook', id: null, boardId: context.boardId }, 'action.webhook', `Webhook ${new URL(url).host} called (${context.label})`);
    return result;
  }

  /** An effect outside the database happened: its key and its audit row, together. */
  private async recordOutside(
    effectKey: string,
    result: JsonObject,
    context: ActionContext,
    target: { type: string; id: string | null; boardId: string | null },
    action: string,
    summary: string,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager: EntityManager) => {
      if (!(await this.effects.claim(manager, effectKey, result))) return;
      await this.activity.record(manager, {
        actor: actorOf(context),
        action,
        organizationId: context.organizationId,
        target: { type: target.type, id: target.id },
        boardId: target.boardId,
        summary,
        changes: result,
      });
    });
  }

  private async taskOf(context: ActionContext, params: Record<string, unknown>): Promise<string> {
    const taskId = (params.task_id as string | undefined) ?? context.taskId;
    if (!taskId) throw new ActionFailed('this action needs a task: name params.task_id, or fire on an event about a task', true);
    if (!(await this.dataSource.manager.existsBy(TaskEntity, { id: taskId, organizationId: context.organizationId }))) {
      throw new ActionFailed('the task is not in the organization any more', true);
    }
    return taskId;
  }
}
