import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../core/auth/principal';
import type { JsonObject } from '../../core/database/base.entity';
import { AfterCommit } from '../../core/database/after-commit';
import { JobEngine } from '../../core/jobs/job-engine';
import { Outbox } from '../../core/jobs/outbox';
import { EventBus } from '../../core/realtime/event-bus';
import { ActivityService } from '../activity/activity.service';
import { MissionControlEvents, MissionControlJobs } from '../domain-events';
import { boardChannel } from '../tasks/task-events';
import { RunTrigger } from './definition';
import { PipelineRunDto } from './dto/pipeline-run.dto';
import { PipelineEntity } from './entities/pipeline.entity';
import { PipelineRunEntity } from './entities/pipeline-run.entity';
import { currentStageOf, freshStage, isFinished } from './run-state';

/** The board sync frame of a run's change: `{type: "pipeline.run_updated", run, stage, timestamp}`. */
export const RUN_UPDATED_FRAME = 'pipeline.run_updated';

export interface RunUpdatedFrame {
  run: PipelineRunDto;
  /** The stage that changed, if one did. */
  stage: string | null;
  timestamp: string;
}

/** One line of what a change did, for the activity trail (`pipeline.<action>`). */
export interface RunNote {
  action: string;
  summary: string;
  stage?: string;
  changes?: Record<string, unknown>;
}

/** How a change finds its run: by id, or by what its current stage waits for. */
export type RunLookup = { id: string } | { waitingTaskId: string } | { waitingApprovalId: string };

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null };

/**
 * Every change of a run goes through here, in one transaction: the run row locked, the state machine applied, the
 * row saved with its activity rows, the step job that continues it sent in the same transaction (so a crash
 * never loses the next step), `pipeline.run_finished` in the outbox when it ends, and a board sync frame after the
 * commit.
 */
@Injectable()
export class RunJournal {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activity: ActivityService,
    private readonly outbox: Outbox<MissionControlEvents>,
    private readonly jobs: JobEngine,
    private readonly afterCommit: AfterCommit,
    private readonly bus: EventBus,
  ) {}

  /**
   * Sending a job waits until the engine runs, and the engine's start-up needs the database: on the embedded engine
   * (one transaction at a time) a transaction must not be open while it waits. Call this before opening one.
   */
  jobEngineReady(): Promise<void> {
    return this.jobs.whenReady();
  }

  /** A new run at its first stage, and the job that starts it (in `manager`'s transaction: see jobEngineReady). */
  start(manager: EntityManager, pipeline: PipelineEntity, input: JsonObject, trigger: RunTrigger, actor: Actor): Promise<PipelineRunEntity> {
    const run = manager.create(PipelineRunEntity, {
      organizationId: pipeline.organizationId,
      pipelineId: pipeline.id,
      pipelineName: pipeline.name,
      boardId: pipeline.boardId,
      status: 'queued',
      currentStage: pipeline.stages[0].key,
      step: 0,
      input,
      trigger,
      definition: pipeline.stages,
      stages: pipeline.stages.map(freshStage),
      error: null,
      waitingTaskId: null,
      waitingApprovalId: null,
      finishedAt: null,
    });
    const how = trigger.type === 'manual' ? 'by hand' : trigger.type === 'event' ? `by ${trigger.event}` : 'on schedule';
    return this.persist(manager, run, { step: -1, status: 'queued' }, [{ action: 'run_started', summary: `Pipeline "${pipeline.name}" started ${how}` }], actor);
  }

  /**
   * Applies `change` to the run, locked for the length of the transaction. `change` mutates the run through the
   * state machine and answers what it did (null: nothing, and nothing is written).
   */
  async change(lookup: RunLookup, actor: Actor, change: (run: PipelineRunEntity, manager: EntityManager) => Promise<RunNote[] | null>): Promise<PipelineRunEntity | null> {
    await this.jobEngineReady();
    return this.dataSource.transaction(async (manager) => {
      const run = await manager.createQueryBuilder(PipelineRunEntity, 'r').setLock('pessimistic_write').where(lookup).getOne();
      if (!run) return null;
      const before = { step: run.step, status: run.status };
      const notes = await change(run, manager);
      return notes ? this.persist(manager, run, before, notes, actor) : run;
    });
  }

  private async persist(manager: EntityManager, run: PipelineRunEntity, before: Pick<PipelineRunEntity, 'step' | 'status'>, notes: RunNote[], actor: Actor): Promise<PipelineRunEntity> {
    const stage = currentStageOf(run);
    const waitingFor = stage?.status === 'waiting' ? stage : null;
    run.waitingTaskId = waitingFor?.type === 'ai_task' ? (waitingFor.output?.task_id ?? null) : null;
    run.waitingApprovalId = waitingFor?.type === 'approval' ? (waitingFor.output?.approval_id ?? null) : null;
    const saved = await manager.save(run);
    const finished = isFinished(saved.status) && !isFinished(before.status) ? saved.status : null;
    if (finished) notes = [...notes, { action: `run_${saved.status}`, summary: `Pipeline "${saved.pipelineName}" run ${saved.status}${saved.error ? `: ${saved.error}` : ''}` }];
    for (const note of notes) {
      await this.activity.record(manager, {
        actor,
        action: `pipeline.${note.action}`,
        organizationId: saved.organizationId,
        target: { type: 'pipeline_run', id: saved.id },
        boardId: saved.boardId,
        summary: note.summary,
        changes: { pipeline_id: saved.pipelineId, ...(note.stage ? { stage: note.stage } : {}), ...(note.changes ?? {}) },
      });
    }
    if (saved.step !== before.step) {
      const wakeAt = waitingFor?.type === 'delay' ? Date.parse(String(waitingFor.output?.wake_at)) : NaN;
      const startAfterSeconds = Number.isFinite(wakeAt) ? Math.max(0, Math.ceil((wakeAt - Date.now()) / 1000)) : 0;
      await this.jobs.send<MissionControlJobs, 'pipeline.step'>('pipeline.step', { run_id: saved.id, step: saved.step }, { manager, startAfterSeconds });
    }
    if (finished) {
      await this.outbox.record(
        manager,
        'pipeline.run_finished',
        { run_id: saved.id, pipeline_id: saved.pipelineId, pipeline_name: saved.pipelineName, board_id: saved.boardId, status: finished, error: saved.error },
        saved.organizationId,
      );
    }
    if (saved.boardId) {
      const frame: RunUpdatedFrame = { run: PipelineRunDto.from(saved), stage: notes.find((note) => note.stage)?.stage ?? null, timestamp: new Date().toISOString() };
      const channel = boardChannel(saved.boardId);
      this.afterCommit.run(manager, () => void this.bus.publish(channel, RUN_UPDATED_FRAME, frame));
    }
    return saved;
  }
}
