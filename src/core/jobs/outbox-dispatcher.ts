import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AfterCommit } from '../database/after-commit';
import { DomainEvent } from './job.decorators';
import { JobEngine } from './job-engine';
import { OutboxEventEntity } from './outbox-event.entity';

const BATCH = 200;
// the sweep finds what a crash left undispatched, and what was committed while the engine was starting
const SWEEP_MS = 5_000;

/**
 * Moves outbox rows into jobs: in one transaction it locks a batch of undispatched rows (SKIP LOCKED, so
 * instances share the work), inserts one job per handler of each event and marks the rows dispatched.
 * It runs right after a transaction that recorded events commits, and on a slow sweep.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Outbox');
  private readonly pendingCommits = new WeakSet<EntityManager>();
  private running?: Promise<void>;
  private again = false;
  private sweep?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobEngine,
    private readonly afterCommit: AfterCommit,
  ) {}

  onApplicationBootstrap(): void {
    void this.jobs.whenReady().then(
      () => {
        if (this.closed) return;
        this.nudge();
        this.sweep = setInterval(() => this.nudge(), SWEEP_MS);
        this.sweep.unref();
      },
      () => undefined,
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweep);
    // the database closes after this: a batch still in flight would fail and log against a closed pool
    while (this.running) await this.running;
  }

  /** Called by the outbox: dispatch once `manager`'s transaction commits (at once when it has none). */
  afterCommitOf(manager: EntityManager): void {
    // one nudge per transaction, however many events it records
    if (this.pendingCommits.has(manager)) return;
    this.pendingCommits.add(manager);
    this.afterCommit.run(manager, () => {
      this.pendingCommits.delete(manager);
      this.nudge();
    });
  }

  /** Resolves when everything committed before the call has been dispatched (for shutdown and tests). */
  async drain(): Promise<void> {
    this.nudge();
    while (this.running) await this.running;
  }

  nudge(): void {
    if (this.closed || this.jobs.state !== 'ok') return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.dispatchAll().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    });
  }

  private async dispatchAll(): Promise<void> {
    try {
      while (!this.closed && (await this.dispatchBatch()) === BATCH);
    } catch (error) {
      if (!this.closed) this.logger.warn(`Dispatching domain events failed (the sweep tries again): ${(error as Error).message}`);
    }
  }

  private async dispatchBatch(): Promise<number> {
    const { count, queues } = await this.dataSource.transaction(async (manager) => {
      const rows = await manager
        .createQueryBuilder(OutboxEventEntity, 'e')
        .where('e.dispatchedAt IS NULL')
        .orderBy('e.createdAt', 'ASC')
        .limit(BATCH)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (rows.length === 0) return { count: 0, queues: [] as string[] };
      const events = rows.map(toDomainEvent);
      const queues = await this.jobs.insertEventJobs(manager, events);
      await manager.update(OutboxEventEntity, rows.map((row) => row.id), { dispatchedAt: () => 'now()' });
      return { count: rows.length, queues };
    });
    this.jobs.wake(queues);
    return count;
  }
}

export function toDomainEvent(row: OutboxEventEntity): DomainEvent {
  return {
    id: row.id,
    name: row.name,
    payload: row.payload,
    organizationId: row.organizationId,
    occurredAt: row.createdAt.toISOString(),
  };
}
