import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { Actor } from '../../core/auth/principal';
import { AfterCommit } from '../../core/database/after-commit';
import type { JsonObject } from '../../core/database/base.entity';
import { conditionsPredicate } from '../../core/expressions/expression';
import { cronFiresBetween } from '../../core/jobs/cron';
import { BatchFailures, BatchItem, DomainEvent, JobContext } from '../../core/jobs/job.decorators';
import { JobEffects } from '../../core/jobs/job-effects';
import { EventBus } from '../../core/realtime/event-bus';
import { ActivityRecord, ActivityService } from '../activity/activity.service';
import { OnMissionControlEvents } from '../domain-events';
import { boardChannel } from '../tasks/task-events';
import { ActionContext, ActionExecutor } from '../suggestions/actions/action-executor.service';
import { ActionFailed } from '../suggestions/actions/action-failure';
import { ActionSpec, proposedAction } from '../suggestions/actions/action-types';
import { renderTemplate } from '../suggestions/actions/templates';
import { SuggestionPriority } from '../suggestions/entities/suggestion.entity';
import { NewSuggestion, SuggestionsService } from '../suggestions/suggestions.service';
import { BuiltinKey } from './builtin-rules';
import { BuiltinSituations } from './builtin-situations.service';
import { ProactiveRuleEntity } from './entities/proactive-rule.entity';
import { ProactiveRulesService } from './proactive-rules.service';
import { Proposal, proposalForEvent } from './proposal';
import { RULE_EVENTS } from './rule-definition';

/** How far back a late or missed minute tick still fires a schedule's due times (each once). */
const SCHEDULE_CATCH_UP_MS = 5 * 60_000;
const MAX_FIRES_PER_TICK = 10;

type FiringOutcome = 'skipped' | 'suggested' | 'act';

/** A rule about to fire on one occasion for one target. */
interface Firing {
  rule: ProactiveRuleEntity;
  occasion: string;
  proposal: Proposal;
}

const firingKey = ({ rule, occasion, proposal }: Firing) => `rule:${rule.id}:${occasion}:${proposal.target}`;

/** A claimed firing's final word, for a retry to read. */
function settleEffect(manager: EntityManager, key: string, result: JsonObject): Promise<unknown> {
  return manager.query('UPDATE job_effects SET result = $2::jsonb WHERE key = $1', [key, JSON.stringify(result)]);
}

/** A rule firing as a board's sync socket shows it. */
export interface RuleFiredEvent {
  rule: { id: string; name: string; builtin: boolean };
  action: string;
  target: string;
  suggestion_id: string | null;
  error?: string;
  timestamp: string;
}

/**
 * The proactive rules at work. Every domain event reaches `onEvent` once (a job of the outbox); the rules of its
 * organisation that listen for it and whose conditions hold fire. A firing is exactly once per rule, occasion
 * (event or schedule time) and target: its key is claimed in the transaction that takes the cooldown and, for
 * `create_suggestion`, stores the suggestion; any other action then runs under its own effect key, so a retry
 * after a crash or a failure completes it without doing it twice.
 */
@Injectable()
export class RuleEngine {
  private readonly logger = new Logger('RuleEngine');

  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: ProactiveRulesService,
    private readonly situations: BuiltinSituations,
    private readonly suggestions: SuggestionsService,
    private readonly executor: ActionExecutor,
    private readonly effects: JobEffects,
    private readonly activity: ActivityService,
    private readonly bus: EventBus,
    private readonly afterCommit: AfterCommit,
  ) {}

  /**
   * Events in batches: the firings of a batch that only make suggestions share one transaction (one commit
   * instead of one per firing, which is what keeps up with a busy organisation); anything else, a retry, or a
   * batch whose transaction fails goes event by event.
   */
  @OnMissionControlEvents(RULE_EVENTS, { retryLimit: 5, retryDelaySeconds: 2, concurrency: 4, batchSize: 32 })
  async onEvents(items: Array<BatchItem<DomainEvent>>): Promise<BatchFailures> {
    const alone: Array<{ context: JobContext; firings: Firing[] }> = [];
    const together: Array<{ context: JobContext; firings: Firing[] }> = [];
    for (const { data, context } of items) {
      const firings = await this.firingsFor(data);
      if (firings.length === 0) continue;
      const simple = context.attempt === 1 && firings.every(({ rule }) => rule.action.type === 'create_suggestion');
      (simple ? together : alone).push({ context, firings });
    }
    if (together.length > 0) {
      try {
        await this.fireTogether(together.flatMap(({ firings }) => firings));
      } catch (error) {
        this.logger.debug(`A batch of ${together.length} event(s) goes event by event: ${error instanceof Error ? error.message : String(error)}`);
        alone.push(...together);
      }
    }
    const failures: BatchFailures = new Map();
    for (const { context, firings } of alone) {
      await this.fireEach(firings, context).catch((error: unknown) => failures.set(context.jobId, error));
    }
    return failures;
  }

  /** An event's firings one at a time: each claims its key first, so a retry skips what was done. */
  private async fireEach(firings: Firing[], context: JobContext): Promise<void> {
    let retry: ActionFailed | undefined;
    for (const firing of firings) retry = (await this.fire(firing, context)) ?? retry;
    if (retry) throw retry;
  }

  /** The rules of the event's organisation that fire for it, with what each proposes. */
  private async firingsFor(event: DomainEvent): Promise<Firing[]> {
    const organizationId = event.organizationId;
    if (!organizationId) return [];
    const candidates = await this.rules.enabledFor(organizationId, event.name);
    if (candidates.length === 0) return [];
    const own = proposalForEvent(event);
    const cause = (event.payload as { actor?: Actor }).actor;
    const firings: Firing[] = [];
    for (const rule of candidates) {
      // a rule never reacts to what its own action did (a loop); rules feeding each other are bounded by their cooldowns
      if (cause?.type === 'system' && cause.id === rule.id) continue;
      if (rule.boardId && rule.boardId !== own.boardId) continue;
      if (!conditionsPredicate(rule.conditions)(event.payload)) continue;
      const proposals = rule.builtinKey ? await this.situations.propose(rule.builtinKey as BuiltinKey, event) : [own];
      for (const proposal of proposals) firings.push({ rule, occasion: `event:${event.id}`, proposal });
    }
    return firings;
  }

  /**
   * Suggestion firings in one transaction. Their keys are claimed last, without ON CONFLICT: a key another try
   * claimed meanwhile fails the whole transaction, and the caller then fires event by event.
   */
  private async fireTogether(firings: Firing[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const suggesting: Firing[] = [];
      const claims: Array<{ key: string; result: JsonObject }> = [];
      for (const firing of firings) {
        if (await this.takeCooldown(manager, firing.rule, firing.proposal.target)) suggesting.push(firing);
        else claims.push({ key: firingKey(firing), result: { outcome: 'skipped', reason: 'cooldown' } });
      }
      const suggestions = await this.suggestions.createMany(manager, suggesting.map((firing) => this.suggestionOf(firing)));
      await this.activity.recordMany(manager, suggesting.map((firing, index) => this.firingRecord(firing, suggestions[index].id)));
      suggesting.forEach((firing, index) => claims.push({ key: firingKey(firing), result: { outcome: 'suggested', suggestion_id: suggestions[index].id } }));
      await this.effects.claimAll(manager, claims);
      this.afterCommit.run(manager, () =>
        suggesting.forEach((firing, index) => this.announceFiring(this.actionContextOf(firing).boardId, firing.rule, firing.proposal.target, suggestions[index].id)),
      );
    });
  }

  /** Fires each enabled schedule rule whose cron names a time in the minute ending at `tick` (or in the few before, if ticks were missed). */
  async fireSchedules(tick: Date, context: JobContext): Promise<void> {
    const scheduled = await this.dataSource.manager.find(ProactiveRuleEntity, { where: { triggerEvent: IsNull(), enabled: true } });
    let retry: ActionFailed | undefined;
    for (const rule of scheduled) {
      if (rule.trigger.type !== 'schedule') continue;
      let after = new Date(Math.max(tick.getTime() - SCHEDULE_CATCH_UP_MS, rule.updatedAt.getTime()));
      for (let fired = 0; fired < MAX_FIRES_PER_TICK; fired++) {
        const due = cronFiresBetween(rule.trigger.cron, rule.trigger.timezone, after, tick);
        if (!due) break;
        const data = { rule: { id: rule.id, name: rule.name }, organization_id: rule.organizationId, board_id: rule.boardId, fired_at: due.toISOString() };
        if (conditionsPredicate(rule.conditions)(data)) {
          const proposal: Proposal = { target: 'schedule', boardId: rule.boardId, taskId: null, agentId: null, data };
          retry = (await this.fire({ rule, occasion: `schedule:${due.toISOString()}`, proposal }, context)) ?? retry;
        }
        after = due;
      }
    }
    if (retry) throw retry;
  }

  /** One firing; answers the failure when it is worth another try (the caller's job retries, completed firings are skipped). */
  private async fire(firing: Firing, context: JobContext): Promise<ActionFailed | undefined> {
    const { rule, proposal } = firing;
    const key = firingKey(firing);
    const actionContext = this.actionContextOf(firing);
    let outcome: FiringOutcome;
    let suggestionId: string | null = null;
    try {
      ({ outcome, suggestionId } = await this.dataSource.transaction(async (manager) => {
        if (!(await this.effects.claim(manager, key, { outcome: 'act' }))) {
          // a retry: the firing was decided before; only an action of another kind may still be due
          const earlier = await this.effects.resultOf(manager, key);
          return { outcome: (earlier?.outcome ?? 'skipped') as FiringOutcome, suggestionId: null };
        }
        if (!(await this.takeCooldown(manager, rule, proposal.target))) {
          await settleEffect(manager, key, { outcome: 'skipped', reason: 'cooldown' });
          return { outcome: 'skipped' as const, suggestionId: null };
        }
        const suggestion = rule.action.type === 'create_suggestion' ? await this.suggestions.create(manager, this.suggestionOf(firing)) : null;
        await this.activity.record(manager, this.firingRecord(firing, suggestion?.id ?? null));
        if (suggestion) await settleEffect(manager, key, { outcome: 'suggested', suggestion_id: suggestion.id });
        this.afterCommit.run(manager, () => this.announceFiring(actionContext.boardId, rule, proposal.target, suggestion?.id ?? null));
        return { outcome: suggestion ? ('suggested' as const) : ('act' as const), suggestionId: suggestion?.id ?? null };
      }));
    } catch (error) {
      return this.failed(rule, key, proposal, actionContext, ActionFailed.from(error), context);
    }
    if (outcome !== 'act') return undefined;
    try {
      await this.executor.execute(rule.action, actionContext, `${key}:action`);
      return undefined;
    } catch (error) {
      return this.failed(rule, key, proposal, actionContext, ActionFailed.from(error), context, suggestionId);
    }
  }

  private actionContextOf({ rule, proposal }: Firing): ActionContext {
    return {
      organizationId: rule.organizationId,
      boardId: proposal.boardId ?? rule.boardId,
      taskId: proposal.taskId,
      agentId: proposal.agentId,
      data: { ...proposal.data, rule: { id: rule.id, name: rule.name } },
      label: `rule "${rule.name}"`,
      ruleId: rule.id,
    };
  }

  private suggestionOf(firing: Firing): NewSuggestion {
    const { rule, proposal } = firing;
    const context = this.actionContextOf(firing);
    const params = rule.action.params;
    const offered: ActionSpec | null = proposal.offer !== undefined ? proposal.offer : proposedAction(params);
    return {
      organizationId: rule.organizationId,
      boardId: context.boardId,
      taskId: proposal.taskId,
      agentId: proposal.agentId,
      ruleId: rule.id,
      source: 'rule',
      title: renderTemplate(String(params.title ?? rule.name), context.data).trim() || rule.name,
      description: typeof params.description === 'string' ? renderTemplate(params.description, context.data) : null,
      priority: (params.priority as SuggestionPriority | undefined) ?? 'medium',
      confidence: (params.confidence as number | undefined) ?? null,
      action: offered,
      expiresInMinutes: params.expires_in_minutes as number | undefined,
      actor: { type: 'system', id: rule.id },
    };
  }

  /** True when the rule may act on this target now (no cooldown, or the last firing is older than it); takes it. */
  private async takeCooldown(manager: EntityManager, rule: ProactiveRuleEntity, target: string): Promise<boolean> {
    if (rule.cooldownMinutes === 0) return true;
    const taken: unknown[] = await manager.query(
      `INSERT INTO rule_cooldowns (rule_id, target, fired_at) VALUES ($1, $2, now())
       ON CONFLICT (rule_id, target) DO UPDATE SET fired_at = now()
       WHERE rule_cooldowns.fired_at <= now() - make_interval(mins => $3)
       RETURNING rule_id`,
      [rule.id, target.slice(0, 200), rule.cooldownMinutes],
    );
    return taken.length > 0;
  }

  private firingRecord({ rule, proposal }: Firing, suggestionId: string | null): ActivityRecord {
    return {
      actor: { type: 'system', id: rule.id },
      action: 'rule.fired',
      organizationId: rule.organizationId,
      target: { type: 'proactive_rule', id: rule.id },
      boardId: proposal.boardId ?? rule.boardId,
      summary: `Rule "${rule.name}" fired (${rule.action.type}) for ${proposal.target}`,
      changes: { action: rule.action.type, target: proposal.target, task_id: proposal.taskId, suggestion_id: suggestionId },
    };
  }

  /**
   * A firing that did not complete: worth another try (answered, so the job retries) unless it is permanent or
   * this was the last try; then it is recorded once, visibly (activity, board frame, the effect's result).
   */
  private async failed(
    rule: ProactiveRuleEntity,
    key: string,
    proposal: Proposal,
    context: ActionContext,
    failure: ActionFailed,
    job: JobContext,
    suggestionId: string | null = null,
  ): Promise<ActionFailed | undefined> {
    if (!failure.permanent && !job.lastAttempt) return failure;
    this.logger.warn(`Rule "${rule.name}" (${rule.id}) failed for ${proposal.target}: ${failure.message}`);
    const recorded = await this.dataSource.transaction(async (manager) => {
      const result: JsonObject = { outcome: 'failed', error: failure.message, attempts: job.attempt };
      if (!(await this.effects.claim(manager, `${key}:failed`, result))) return false;
      await settleEffect(manager, key, result);
      await this.activity.record(manager, {
        actor: { type: 'system', id: rule.id },
        action: 'rule.failed',
        organizationId: rule.organizationId,
        target: { type: 'proactive_rule', id: rule.id },
        boardId: context.boardId,
        summary: `Rule "${rule.name}" could not ${rule.action.type} for ${proposal.target}: ${failure.message}`.slice(0, 1000),
        changes: { action: rule.action.type, target: proposal.target, error: failure.message, attempts: job.attempt },
      });
      return true;
    });
    if (recorded) this.announceFiring(context.boardId, rule, proposal.target, suggestionId, failure.message);
    return undefined;
  }

  private announceFiring(boardId: string | null, rule: ProactiveRuleEntity, target: string, suggestionId: string | null, error?: string): void {
    if (!boardId) return;
    const frame: RuleFiredEvent = {
      rule: { id: rule.id, name: rule.name, builtin: rule.builtinKey !== null },
      action: rule.action.type,
      target,
      suggestion_id: suggestionId,
      ...(error ? { error } : {}),
      timestamp: new Date().toISOString(),
    };
    this.bus.publish(boardChannel(boardId), error ? 'rule.failed' : 'rule.fired', frame).catch((failure: Error) => this.logger.warn(`Could not publish a rule frame: ${failure.message}`));
  }
}
