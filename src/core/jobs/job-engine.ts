import { createHash } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional, ServiceUnavailableException } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import { AfterCommit } from '../database/after-commit';
import { DATABASE_TARGET } from '../database/database.module';
import { EmbeddedPostgres } from '../database/embedded-postgres';
import { DatabaseTarget } from '../database/data-source.options';
import { MIGRATION_LOCK, withAdvisoryLock } from '../database/advisory-lock';
import {
  BatchFailures,
  BatchItem,
  BatchPolicy,
  DomainEvent,
  JobContext,
  ON_EVENT,
  ON_JOB,
  ON_SCHEDULE,
  OnEventMetadata,
  OnJobMetadata,
  OnScheduleMetadata,
  PayloadMap,
} from './job.decorators';
import { QueueWorker } from './queue-worker';
import { JOB_ENGINE_CONNECTIONS } from '../database/connection-budget';

export const JOBS_SCHEMA = 'pgboss';
const POLL_MS = 2_000;
const FETCH_SIZE = 50;
// a try that outlives this is taken to be lost with its process, and retried
const DEFAULT_POLICY: Required<BatchPolicy> = { retryLimit: 5, retryDelaySeconds: 2, expireInSeconds: 60, concurrency: 4, batchSize: 1 };
const STOP_TIMEOUT_MS = 10_000;

type Run = (data: unknown, context: JobContext) => Promise<void>;
type RunBatch = (items: Array<BatchItem<unknown>>) => Promise<BatchFailures>;

interface HandlerQueue {
  queue: string;
  policy: Required<BatchPolicy>;
  /** One job per call, or (with `batchSize` > 1) many. */
  run: Run | { batch: RunBatch };
  label: string;
}

function contextOf(job: PgBoss.JobWithMetadata<unknown>): JobContext {
  return { jobId: job.id, attempt: job.retryCount + 1, lastAttempt: job.retryCount >= job.retryLimit };
}

export interface EventJob {
  event: DomainEvent;
}

export interface SendOptions {
  /** Send inside this transaction: the job exists exactly when the transaction commits. */
  manager?: EntityManager;
  startAfterSeconds?: number;
}

export interface FailedJob {
  id: string;
  queue: string;
  attempts: number;
  error: unknown;
  created_at: Date;
  failed_at: Date | null;
}

export type JobEngineState = 'starting' | 'ok' | 'stopped' | `failed: ${string}`;

/** A queue name pg-boss accepts, readable in its tables. */
function queueName(prefix: string, name: string): string {
  return `${prefix}-${name}`.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 120);
}

/** A UUID (version 5 layout) that is always the same for the same text: ids and idempotency keys derived from a key. */
export function stableUuid(text: string): string {
  const hex = createHash('sha1').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The same job id for the same event and queue, so a second dispatch of an event inserts nothing. */
export function eventJobId(eventId: string, queue: string): string {
  return stableUuid(`${eventId}/${queue}`);
}

/** pg-boss's executor over a TypeORM transaction. */
export function transactionExecutor(manager: EntityManager): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[]) => {
      const result = await manager.queryRunner!.query(text, values, true);
      return { rows: result.records };
    },
  } as PgBoss.Db;
}

/**
 * Durable jobs on pg-boss, in the same PostgreSQL (embedded or server, schema `pgboss`). Handlers are
 * methods marked `@OnEvent`, `@OnJob` or `@OnSchedule` in any module; they are found at start-up, each gets
 * its own queue with retries and back-off, and pg-boss makes sure each job runs on one instance at a time
 * and each schedule tick fires once across instances.
 */
@Injectable()
export class JobEngine implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly boss: PgBoss;
  private readonly handlers: HandlerQueue[] = [];
  private readonly subscribers = new Map<string, string[]>();
  private readonly jobQueues = new Map<string, string>();
  private readonly workers = new Map<string, QueueWorker>();
  private readonly scheduleOf = new Map<string, OnScheduleMetadata>();
  private currentState: JobEngineState = 'starting';
  private startup?: Promise<void>;

  constructor(
    @Inject(DATABASE_TARGET) target: DatabaseTarget,
    private readonly dataSource: DataSource,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly afterCommit: AfterCommit,
    @Optional() @Inject(EmbeddedPostgres) private readonly embedded: EmbeddedPostgres | null,
  ) {
    this.boss = new PgBoss({
      ...(target.url ? { connectionString: target.url } : { host: target.host, port: target.port, user: target.user, database: target.database }),
      schema: JOBS_SCHEMA,
      max: JOB_ENGINE_CONNECTIONS,
      application_name: 'mission-control-jobs',
      migrate: true,
      maintenanceIntervalSeconds: 30,
      archiveCompletedAfterSeconds: 3_600,
      archiveFailedAfterSeconds: 7 * 24 * 3_600,
      deleteAfterDays: 7,
    });
    this.boss.on('error', (error: Error) => this.logger.warn(`job engine: ${error.message}`));
  }

  get state(): JobEngineState {
    return this.currentState;
  }

  /** Resolves once the engine takes jobs (rejects if it could not start). */
  whenReady(): Promise<void> {
    return this.startup ?? Promise.reject(new Error('the job engine has not been started'));
  }

  /** The queues that receive an event: one per handler that listens for it. */
  queuesFor(eventName: string): readonly string[] {
    return this.subscribers.get(eventName) ?? [];
  }

  onApplicationBootstrap(): void {
    this.discoverHandlers();
    this.startup = this.start();
    this.startup.catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      this.currentState = `failed: ${message}`;
      this.logger.error(`The job engine did not start: ${message}`);
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.currentState === 'stopped') return;
    await this.startup?.catch(() => undefined);
    this.currentState = 'stopped';
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
    await this.boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS }).catch((error: Error) => {
      this.logger.warn(`The job engine did not stop cleanly: ${error.message}`);
    });
  }

  /** Inserts the jobs for dispatched events in the caller's transaction. */
  async insertEventJobs(manager: EntityManager, events: DomainEvent[]): Promise<string[]> {
    const jobs: PgBoss.JobInsert[] = [];
    const queues = new Set<string>();
    for (const event of events) {
      for (const queue of this.queuesFor(event.name)) {
        const policy = this.policyOf(queue);
        jobs.push({
          id: eventJobId(event.id, queue),
          name: queue,
          data: { event } satisfies EventJob,
          retryLimit: policy.retryLimit,
          retryDelay: policy.retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds: policy.expireInSeconds,
        });
        queues.add(queue);
      }
    }
    if (jobs.length > 0) await this.boss.insert(jobs, { db: transactionExecutor(manager) });
    return [...queues];
  }

  /** Sends a job to the `@OnJob` handler of `name`. */
  async send<J extends PayloadMap, K extends keyof J & string>(name: K, data: J[K], options: SendOptions = {}): Promise<void> {
    const queue = this.jobQueues.get(name);
    if (!queue) throw new Error(`no @OnJob handler for the job "${name}"`);
    if (options.manager && this.currentState !== 'ok') {
      // waiting here would hold the caller's transaction, which on the embedded engine the start-up itself needs
      throw new ServiceUnavailableException({ detail: 'The job engine is still starting; try again in a moment' });
    }
    await this.whenReady();
    const policy = this.policyOf(queue);
    await this.boss.send(queue, data as object, {
      retryLimit: policy.retryLimit,
      retryDelay: policy.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: policy.expireInSeconds,
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
      ...(options.manager ? { db: transactionExecutor(options.manager) } : {}),
    });
    if (options.startAfterSeconds) return;
    // a job sent in a transaction can only be fetched once it commits: wake the workers then, not at their next poll
    if (options.manager) this.afterCommit.run(options.manager, () => this.wake([queue]));
    else this.wake([queue]);
  }

  /** Asks this instance's workers of these queues to fetch now instead of at their next poll. */
  wake(queues: Iterable<string>): void {
    for (const queue of queues) this.workers.get(queue)?.notify();
  }

  /** Jobs per queue and state, for operators. */
  async queueCounts(): Promise<Array<{ queue: string; state: string; count: number }>> {
    const rows: Array<{ queue: string; state: string; count: string }> = await this.dataSource.query(
      `SELECT name AS queue, state::text AS state, count(*) AS count FROM ${JOBS_SCHEMA}.job GROUP BY name, state ORDER BY name, state`,
    );
    return rows.map((row) => ({ queue: row.queue, state: row.state, count: Number(row.count) }));
  }

  /** Failed jobs, newest first, with the error each one ended with. */
  async failedJobs(query: { queue?: string; limit: number; offset: number }): Promise<{ items: FailedJob[]; total: number }> {
    const filter = query.queue ? 'AND name = $3' : '';
    const params: unknown[] = [query.limit, query.offset, ...(query.queue ? [query.queue] : [])];
    const rows: Array<FailedJob & { total: string }> = await this.dataSource.query(
      `SELECT id, name AS queue, retry_count AS attempts, output AS error, created_on AS created_at, completed_on AS failed_at,
              count(*) OVER () AS total
         FROM ${JOBS_SCHEMA}.job WHERE state = 'failed' ${filter}
        ORDER BY completed_on DESC NULLS LAST, id LIMIT $1 OFFSET $2`,
      params,
    );
    return { items: rows.map(({ total: _total, ...job }) => ({ ...job, attempts: Number(job.attempts) + 1 })), total: Number(rows[0]?.total ?? 0) };
  }

  private policyOf(queue: string): Required<BatchPolicy> {
    return this.handlers.find((handler) => handler.queue === queue)?.policy ?? DEFAULT_POLICY;
  }

  private async start(): Promise<void> {
    await withAdvisoryLock(this.dataSource, MIGRATION_LOCK, async () => {
      // pg-boss installs or migrates its own schema when it starts; under the lock, replicas take turns
      await this.boss.start();
      // each queue is a partition of pg-boss's job table: replicas creating queues at the same time deadlock
      for (const handler of this.handlers) {
        await this.boss.createQueue(handler.queue, {
          name: handler.queue,
          retryLimit: handler.policy.retryLimit,
          retryDelay: handler.policy.retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds: handler.policy.expireInSeconds,
        });
      }
      await this.syncSchedules();
    });
    if (this.embedded) await this.retryOrphans();
    for (const handler of this.handlers) {
      const { concurrency, batchSize } = handler.policy;
      const worker = new QueueWorker(
        this.boss,
        handler.queue,
        (jobs) => this.runJobs(handler, jobs),
        { fetchSize: Math.max(FETCH_SIZE, concurrency * batchSize * 2), chunkSize: batchSize, concurrency, pollMs: POLL_MS },
        (error) => this.logger.warn(`${handler.label}: ${error.message}`),
      );
      this.workers.set(handler.queue, worker);
      worker.start();
    }
    this.currentState = 'ok';
  }

  /**
   * The embedded engine belongs to this one process (its data directory is locked), so a job still active at
   * start-up was taken by a process that is gone: it is tried again now rather than after its expiry.
   */
  private async retryOrphans(): Promise<void> {
    const [orphans]: [unknown[], number] = await this.dataSource.query(
      `UPDATE ${JOBS_SCHEMA}.job SET state = 'retry', start_after = now() WHERE state = 'active' RETURNING id`,
    );
    if (orphans.length > 0) this.logger.log(`Retrying ${orphans.length} job(s) left active by the previous run`);
  }

  private async syncSchedules(): Promise<void> {
    const declared = new Map<string, OnScheduleMetadata>();
    for (const handler of this.handlers) {
      const schedule = this.scheduleOf.get(handler.queue);
      if (schedule) declared.set(handler.queue, schedule);
    }
    for (const existing of await this.boss.getSchedules()) {
      if (!declared.has(existing.name)) await this.boss.unschedule(existing.name);
    }
    for (const [queue, schedule] of declared) await this.boss.schedule(queue, schedule.cron, {}, { tz: schedule.timezone ?? 'UTC' });
  }

  private async runJobs(handler: HandlerQueue, jobs: PgBoss.JobWithMetadata<unknown>[]): Promise<BatchFailures> {
    const items = jobs.map((job) => ({ data: job.data, context: contextOf(job), retryLimit: job.retryLimit }));
    let failures: BatchFailures;
    if (typeof handler.run === 'function') {
      failures = new Map();
      for (const { data, context } of items) await handler.run(data, context).catch((error: unknown) => failures.set(context.jobId, error));
    } else {
      failures = await handler.run.batch(items);
    }
    for (const { context, retryLimit } of items) {
      if (!failures.has(context.jobId)) continue;
      const error = failures.get(context.jobId);
      const message = error instanceof Error ? error.message : String(error);
      const outcome = context.lastAttempt ? 'failed for good' : `failed (attempt ${context.attempt} of ${retryLimit + 1}), will retry`;
      this.logger[context.lastAttempt ? 'error' : 'warn'](`${handler.label} ${outcome}: ${message}`);
    }
    return failures;
  }

  private discoverHandlers(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[methodName] as ((...args: unknown[]) => Promise<unknown>) | undefined;
        if (typeof method !== 'function') continue;
        const label = `${instance.constructor.name}.${methodName}`;
        const call: Run = async (data, context) => void (await method.call(instance, data, context));
        const onEvent = this.reflector.get<OnEventMetadata | undefined>(ON_EVENT, method);
        if (onEvent) {
          const queue = queueName('on', label);
          const eventsOf = (items: Array<BatchItem<unknown>>) => items.map(({ data, context }) => ({ data: (data as EventJob).event, context }));
          if (onEvent.batch) this.add(queue, onEvent, label, { batch: (items) => method.call(instance, eventsOf(items)) as Promise<BatchFailures> });
          else this.add(queue, { ...onEvent, batchSize: 1 }, label, (data, context) => call((data as EventJob).event, context));
          for (const event of onEvent.events) this.subscribers.set(event, [...(this.subscribers.get(event) ?? []), queue]);
        }
        const onJob = this.reflector.get<OnJobMetadata | undefined>(ON_JOB, method);
        if (onJob) {
          if (this.jobQueues.has(onJob.name)) throw new Error(`two @OnJob handlers for the job "${onJob.name}"`);
          const queue = queueName('job', onJob.name);
          this.jobQueues.set(onJob.name, queue);
          this.add(queue, onJob, label, call);
        }
        const onSchedule = this.reflector.get<OnScheduleMetadata | undefined>(ON_SCHEDULE, method);
        if (onSchedule) {
          const queue = queueName('cron', onSchedule.name);
          this.scheduleOf.set(queue, onSchedule);
          this.add(queue, onSchedule, label, (_data, context) => call({}, context));
        }
      }
    }
  }

  private add(queue: string, policy: BatchPolicy, label: string, run: HandlerQueue['run']): void {
    this.handlers.push({ queue, label, run, policy: { ...DEFAULT_POLICY, ...policy } });
  }
}
