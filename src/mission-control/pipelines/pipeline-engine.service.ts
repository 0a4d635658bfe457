import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { JsonObject } from '../../core/database/base.entity';
import { compileExpression } from '../../core/expressions/expression';
import type { EventOf, JobContext } from '../../core/jobs/job.decorators';
import { ApprovalEntity } from '../approvals/entities/approval.entity';
import { MissionControlEvents, MissionControlJobs, OnMissionControlEvent, OnMissionControlJob } from '../domain-events';
import { TaskEntity } from '../tasks/entities/task.entity';
import { StageDefinition } from './definition';
import { type ApprovalStageConfig, type ConditionStageConfig, type DelayStageConfig, MAX_DELAY_SECONDS } from './dto/stage-configs.dto';
import { PipelineRunEntity } from './entities/pipeline-run.entity';
import { RunJournal, RunLookup, RunNote, SYSTEM_ACTOR } from './run-journal.service';
import { beginAttempt, completeStage, currentStageOf, failStage, isFinished, sleepAt, StageState, waitAt } from './run-state';
import { failureMessage, isRetryable, runContext, StageEffects, StageFailure, StageOutcome } from './stage-effects.service';
import { renderValue } from './variables';

// retries with back-off (2, 4, 8, 16, 32 s); a try longer than a webhook's time limit is taken as lost and retried
const STEP_POLICY = { retryLimit: 5, retryDelaySeconds: 2, expireInSeconds: 90 };
const EVENT_POLICY = { retryLimit: 5, retryDelaySeconds: 2 };

type TaskEvent = EventOf<MissionControlEvents, 'task.status_changed' | 'task.deleted'>;
type ApprovalDecided = EventOf<MissionControlEvents, 'approval.decided'>;

const definitionOf = (run: PipelineRunEntity, key: string): StageDefinition => {
  const definition = run.definition.find((candidate) => candidate.key === key);
  if (!definition) throw new StageFailure(`the run has no stage "${key}"`);
  return definition;
};

/**
 * Runs pipeline runs, one durable step job at a time. A step job carries the run's step; it acts only while that
 * step is current, so a job retried after a crash, or one overtaken by a cancellation, does nothing twice. A
 * stage that waits (a task, a decision, a person) is moved on by the event that ends its wait; a delay by a job
 * due when it ends.
 */
@Injectable()
export class PipelineEngine {
  private readonly logger = new Logger('Pipelines');

  constructor(
    private readonly journal: RunJournal,
    private readonly effects: StageEffects,
  ) {}

  @OnMissionControlJob('pipeline.step', STEP_POLICY)
  async step(job: MissionControlJobs['pipeline.step'], context: JobContext): Promise<void> {
    try {
      await this.advance(job, context);
    } catch (error) {
      const final = context.lastAttempt || !isRetryable(error);
      await this.recordTrouble(job, failureMessage(error), final, context.attempt);
      if (!final) throw error;
    }
  }

  /** An ai_task stage ends when its task is done (or fails when its task is deleted). */
  @OnMissionControlEvent(['task.status_changed', 'task.deleted'], EVENT_POLICY)
  async onTaskEvent(event: TaskEvent, context: JobContext): Promise<void> {
    if (event.name === 'task.status_changed' && event.payload.to !== 'done') return;
    const task = event.payload.task;
    await this.orFail(context, { waitingTaskId: task.id }, () =>
      this.journal.change({ waitingTaskId: task.id }, SYSTEM_ACTOR, async (run) =>
        this.endTaskWait(run, task.id, event.name === 'task.deleted' ? null : { completed_at: task.completed_at }),
      ),
    );
  }

  /** An approval stage ends with its approval's decision. */
  @OnMissionControlEvent('approval.decided', EVENT_POLICY)
  async onApprovalDecided(event: ApprovalDecided, context: JobContext): Promise<void> {
    const { approval } = event.payload;
    await this.orFail(context, { waitingApprovalId: approval.id }, () =>
      this.journal.change({ waitingApprovalId: approval.id }, SYSTEM_ACTOR, async (run) =>
        this.endApprovalWait(run, approval.id, { decision: event.payload.decision, note: approval.decision_note, decided_by: approval.decided_by }),
      ),
    );
  }

  private async advance(job: MissionControlJobs['pipeline.step'], context: JobContext): Promise<void> {
    const run = await this.journal.change({ id: job.run_id }, SYSTEM_ACTOR, async (locked) => this.begin(locked, job.step));
    if (run?.status === 'cancelled') return this.effects.cleanUp(run);
    const stage = run && currentStageOf(run);
    // the stage is running at this job's step: its effect is this job's to make (again, after a crash)
    if (!run || !stage || run.step !== job.step || stage.status !== 'running') return;
    const outcome = await this.effects.perform(run, definitionOf(run, stage.key), stage, context);
    const settled = await this.journal.change({ id: job.run_id }, SYSTEM_ACTOR, async (locked, manager) => this.settle(locked, manager, job.step, stage.key, outcome));
    if (settled?.status === 'cancelled') await this.effects.cleanUp(settled);
  }

  /** The step's work inside the run's transaction: the stages without outside effects are done here and now. */
  private begin(run: PipelineRunEntity, step: number): RunNote[] | null {
    if (run.step !== step || isFinished(run.status)) return null;
    const stage = currentStageOf(run)!;
    const definition = definitionOf(run, stage.key);
    if (stage.status === 'waiting') return definition.type === 'delay' ? this.wake(run, definition) : null;
    if (stage.status !== 'pending' && stage.status !== 'running') return null;
    switch (definition.type) {
      case 'condition':
        return this.branch(run, definition);
      case 'delay':
        return this.sleep(run, definition);
      case 'manual':
        waitAt(run, stage.key, {}, new Date());
        return [{ action: 'stage_waiting', stage: stage.key, summary: `Stage "${stage.name}" waits for someone to advance the run` }];
      default: {
        const resumed = stage.status === 'running';
        beginAttempt(run, stage.key, new Date());
        const summary = resumed ? `Stage "${stage.name}" tried again (attempt ${stage.attempts})` : `Stage "${stage.name}" started`;
        return [{ action: resumed ? 'stage_retried' : 'stage_started', stage: stage.key, summary }];
      }
    }
  }

  /** Records what the effect came to, unless the run moved on meanwhile (a cancelled run's effect is then removed). */
  private async settle(run: PipelineRunEntity, manager: EntityManager, step: number, key: string, outcome: StageOutcome): Promise<RunNote[] | null> {
    const stage = currentStageOf(run);
    if (run.step !== step || stage?.key !== key || stage.status !== 'running') return null;
    const now = new Date();
    if ('done' in outcome) {
      completeStage(run, run.definition, stage.key, outcome.done, now);
      return [this.succeeded(stage)];
    }
    waitAt(run, stage.key, outcome.wait, now);
    const waiting: RunNote = { action: 'stage_waiting', stage: stage.key, summary: `Stage "${stage.name}" waits for ${stage.type === 'ai_task' ? 'its task to be done' : 'the decision'}` };
    // the wait may be over already: what it waits for is read under a share lock, so its change shows here or comes after this commit
    const ended = stage.type === 'ai_task' ? await this.taskWaitEndedIn(manager, run, String(outcome.wait.task_id)) : await this.approvalWaitEndedIn(manager, run, String(outcome.wait.approval_id));
    return [waiting, ...(ended ?? [])];
  }

  private async taskWaitEndedIn(manager: EntityManager, run: PipelineRunEntity, taskId: string): Promise<RunNote[] | null> {
    const task = await manager.createQueryBuilder(TaskEntity, 't').setLock('pessimistic_read').where('t.id = :taskId', { taskId }).getOne();
    if (!task) return this.endTaskWait(run, taskId, null);
    return task.status === 'done' ? this.endTaskWait(run, taskId, { completed_at: task.completedAt?.toISOString() ?? null }) : null;
  }

  private async approvalWaitEndedIn(manager: EntityManager, run: PipelineRunEntity, approvalId: string): Promise<RunNote[] | null> {
    const approval = await manager.createQueryBuilder(ApprovalEntity, 'a').setLock('pessimistic_read').where('a.id = :approvalId', { approvalId }).getOne();
    if (approval?.status !== 'approved' && approval?.status !== 'rejected') return null;
    const decidedBy = approval.decidedByType ? { type: approval.decidedByType, id: approval.decidedById } : null;
    return this.endApprovalWait(run, approvalId, { decision: approval.status, note: approval.decisionNote, decided_by: decidedBy });
  }

  /** `done` null: the task was deleted. */
  private endTaskWait(run: PipelineRunEntity, taskId: string, done: { completed_at: string | null } | null): RunNote[] | null {
    const stage = currentStageOf(run);
    if (stage?.type !== 'ai_task' || stage.status !== 'waiting' || stage.output?.task_id !== taskId) return null;
    const now = new Date();
    if (!done) {
      failStage(run, stage.key, 'its task was deleted', now);
      return [this.failed(stage, 'its task was deleted')];
    }
    completeStage(run, run.definition, stage.key, { ...stage.output, completed_at: done.completed_at ?? now.toISOString() }, now);
    return [this.succeeded(stage)];
  }

  private endApprovalWait(run: PipelineRunEntity, approvalId: string, decision: { decision: 'approved' | 'rejected'; note: string | null; decided_by: unknown }): RunNote[] | null {
    const stage = currentStageOf(run);
    if (stage?.type !== 'approval' || stage.status !== 'waiting' || stage.output?.approval_id !== approvalId) return null;
    const config = definitionOf(run, stage.key).config as ApprovalStageConfig;
    const output = { ...stage.output, ...decision } as JsonObject;
    const now = new Date();
    const next = decision.decision === 'approved' ? config.on_approved : (config.on_rejected ?? 'fail');
    if (next === 'fail') {
      const error = `rejected${decision.note ? `: ${decision.note}` : ''}`;
      failStage(run, stage.key, error, now);
      stage.output = output;
      return [this.failed(stage, error)];
    }
    completeStage(run, run.definition, stage.key, output, now, next);
    return [{ ...this.succeeded(stage), summary: `Stage "${stage.name}" ${decision.decision}` }];
  }

  /** A condition stage: its expression over the run so far chooses where the run goes on. */
  private branch(run: PipelineRunEntity, definition: StageDefinition): RunNote[] {
    const config = definition.config as ConditionStageConfig;
    const result = compileExpression(config.expression)(runContext(run));
    const jump = result ? config.on_true : config.on_false;
    completeStage(run, run.definition, definition.key, { result, next: jump ?? null }, new Date(), jump);
    return [{ action: 'stage_succeeded', stage: definition.key, summary: `Condition "${definition.name}" was ${result}`, changes: { result } }];
  }

  private sleep(run: PipelineRunEntity, definition: StageDefinition): RunNote[] {
    const wanted = renderValue((definition.config as DelayStageConfig).seconds, runContext(run));
    const seconds = Number(wanted);
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_DELAY_SECONDS) {
      throw new StageFailure(`seconds came to ${JSON.stringify(wanted)}, not a whole number from 1 to ${MAX_DELAY_SECONDS}`);
    }
    const now = new Date();
    sleepAt(run, definition.key, { seconds, wake_at: new Date(now.getTime() + seconds * 1000).toISOString() }, now);
    return [{ action: 'stage_waiting', stage: definition.key, summary: `Stage "${definition.name}" waits ${seconds} s` }];
  }

  private wake(run: PipelineRunEntity, definition: StageDefinition): RunNote[] {
    const stage = currentStageOf(run)!;
    completeStage(run, run.definition, definition.key, stage.output ?? {}, new Date());
    return [this.succeeded(stage)];
  }

  /** A try failed: noted on the stage while it will be retried; the stage and the run fail when it will not. */
  private async recordTrouble(job: MissionControlJobs['pipeline.step'], error: string, final: boolean, attempt: number): Promise<void> {
    await this.journal.change({ id: job.run_id }, SYSTEM_ACTOR, async (run) => {
      const stage = currentStageOf(run);
      if (run.step !== job.step || isFinished(run.status) || !stage) return null;
      if (final) {
        failStage(run, stage.key, error, new Date());
        return [this.failed(stage, error)];
      }
      stage.error = error;
      return [{ action: 'stage_attempt_failed', stage: stage.key, summary: `Stage "${stage.name}" try ${attempt} failed, will retry: ${error}` }];
    });
  }

  /** A handler's last try failed: the run it was moving on is left failed, with the error, rather than waiting forever. */
  private async orFail(context: JobContext, lookup: RunLookup, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!context.lastAttempt) throw error;
      const message = `${failureMessage(error)} (after ${context.attempt} tries)`;
      this.logger.error(`A pipeline run could not go on: ${message}`);
      await this.journal.change(lookup, SYSTEM_ACTOR, async (run) => {
        const stage = currentStageOf(run);
        if (!stage || isFinished(run.status)) return null;
        failStage(run, stage.key, message, new Date());
        return [this.failed(stage, message)];
      });
    }
  }

  private succeeded(stage: StageState): RunNote {
    return { action: 'stage_succeeded', stage: stage.key, summary: `Stage "${stage.name}" succeeded` };
  }

  private failed(stage: StageState, error: string): RunNote {
    return { action: 'stage_failed', stage: stage.key, summary: `Stage "${stage.name}" failed: ${error}` };
  }
}
