import { Injectable, Logger } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { JsonObject } from '../../core/database/base.entity';
import { cronFiresBetween } from '../../core/jobs/cron';
import { BatchFailures, BatchItem, DomainEvent, OnSchedule } from '../../core/jobs/job.decorators';
import { MISSION_CONTROL_EVENT_CATALOGUE, MissionControlEventName, OnMissionControlEvents } from '../domain-events';
import { PipelineEntity } from './entities/pipeline.entity';
import { PipelineRunEntity } from './entities/pipeline-run.entity';
import { PipelineRunsService } from './pipeline-runs.service';
import { SYSTEM_ACTOR } from './run-journal.service';

const EVERY_EVENT = Object.keys(MISSION_CONTROL_EVENT_CATALOGUE) as MissionControlEventName[];
const MINUTE_MS = 60_000;
/** A tick that came late (the engine was down, a retry) still starts the firings of this many minutes before it. */
const CATCH_UP_MINUTES = 5;

/** The board an event is about, where its payload names one. */
function boardOf(payload: unknown): string | null {
  const record = payload as { board_id?: unknown; task?: { board_id?: unknown }; approval?: { board_id?: unknown } };
  const boardId = record.task?.board_id ?? record.approval?.board_id ?? record.board_id;
  return typeof boardId === 'string' ? boardId : null;
}

/** The run an event's actor may be: the system acting for a pipeline run carries the run's id. */
function runActorOf(actor: unknown): string | null {
  const { type, id } = (actor ?? {}) as { type?: unknown; id?: unknown };
  return type === 'system' && typeof id === 'string' && isUUID(id) ? id : null;
}

/**
 * Starts the runs of pipelines with `event` and `schedule` triggers, each exactly once per event or per
 * firing: the start claims the event's (or the firing's) key in the transaction that creates the run.
 */
@Injectable()
export class PipelineTriggers {
  private readonly logger = new Logger('PipelineTriggers');

  constructor(
    @InjectRepository(PipelineEntity) private readonly pipelines: Repository<PipelineEntity>,
    @InjectRepository(PipelineRunEntity) private readonly runRows: Repository<PipelineRunEntity>,
    private readonly runs: PipelineRunsService,
  ) {}

  /**
   * A run per enabled pipeline of the event's organisation triggered by it, with the payload as input. A pipeline
   * on a board is started only by events about that board (or about no board). What a pipeline run did itself (the
   * system acting for the run: its tasks, its approvals) starts nothing, so pipelines cannot start each other in a loop.
   * Events come in batches: one query finds the candidate pipelines of the whole batch.
   */
  @OnMissionControlEvents(EVERY_EVENT, { retryLimit: 5, retryDelaySeconds: 2, batchSize: 32 })
  async onEvents(items: Array<BatchItem<DomainEvent<MissionControlEventName>>>): Promise<BatchFailures> {
    const failures: BatchFailures = new Map();
    const events = items.filter(({ data }) => data.organizationId !== null);
    if (events.length === 0) return failures;
    const runIds = new Set(await this.existingRuns(events.map(({ data }) => runActorOf((data.payload as JsonObject).actor)).filter((id): id is string => id !== null)));
    const candidates = await this.pipelines
      .createQueryBuilder('p')
      .where("p.organizationId IN (:...organizationIds) AND p.triggerType = 'event' AND p.enabled AND p.trigger ->> 'event' IN (:...names)", {
        organizationIds: [...new Set(events.map(({ data }) => data.organizationId))],
        names: [...new Set(events.map(({ data }) => data.name))],
      })
      .getMany();
    for (const { data: event, context } of events) {
      const payload = event.payload as JsonObject;
      const runId = runActorOf(payload.actor);
      if (runId && runIds.has(runId)) continue;
      const boardId = boardOf(payload);
      try {
        for (const pipeline of candidates) {
          if (pipeline.organizationId !== event.organizationId || pipeline.trigger.type !== 'event' || pipeline.trigger.event !== event.name) continue;
          if (pipeline.boardId && boardId && pipeline.boardId !== boardId) continue;
          if (event.name === 'pipeline.run_finished' && payload.pipeline_id === pipeline.id) continue;
          await this.runs.launch(pipeline, payload, { type: 'event', event: event.name, event_id: event.id }, SYSTEM_ACTOR, `pipeline:${pipeline.id}:event:${event.id}`);
        }
      } catch (error) {
        failures.set(context.jobId, error);
      }
    }
    return failures;
  }

  /** Which of these ids are pipeline runs. */
  private async existingRuns(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const runs = await this.runRows.find({ where: { id: In([...new Set(ids)]) }, select: { id: true } });
    return runs.map((run) => run.id);
  }

  @OnSchedule({ name: 'pipelines.schedule-tick', cron: '* * * * *', retryLimit: 2, retryDelaySeconds: 5 })
  async tick(): Promise<void> {
    await this.fireDue(new Date());
  }

  /**
   * Starts each enabled scheduled pipeline once for every firing of its cron expression (in its time zone) in
   * the minutes up to `now`, never for a firing before it was last saved. Answers how many runs were started.
   */
  async fireDue(now: Date): Promise<number> {
    const until = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
    const pipelines = await this.pipelines.findBy({ triggerType: 'schedule', enabled: true });
    let started = 0;
    for (const pipeline of pipelines) {
      if (pipeline.trigger.type !== 'schedule') continue;
      const { cron, timezone } = pipeline.trigger;
      let after = new Date(Math.max(until.getTime() - CATCH_UP_MINUTES * MINUTE_MS, pipeline.updatedAt.getTime()));
      for (let firing = cronFiresBetween(cron, timezone, after, until); firing; firing = cronFiresBetween(cron, timezone, after, until)) {
        const firedAt = firing.toISOString();
        const run = await this.runs.launch(pipeline, { fired_at: firedAt }, { type: 'schedule', fired_at: firedAt }, SYSTEM_ACTOR, `pipeline:${pipeline.id}:schedule:${firedAt}`);
        if (run) started += 1;
        after = firing;
      }
    }
    if (started > 0) this.logger.log(`Started ${started} scheduled pipeline run(s)`);
    return started;
  }
}
