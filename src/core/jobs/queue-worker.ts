import type PgBoss from 'pg-boss';

export interface QueueWorkerOptions {
  /** Jobs fetched at once. */
  fetchSize: number;
  /** Jobs handed to one run (1 for handlers of single jobs). */
  chunkSize: number;
  /** Runs at once. */
  concurrency: number;
  pollMs: number;
}

/** Runs some jobs; answers the ones that failed, by id. */
export type JobsRun = (jobs: PgBoss.JobWithMetadata<unknown>[]) => Promise<Map<string, unknown>>;

function errorData(error: unknown): object {
  return error instanceof Error ? { message: error.message, name: error.name } : { message: String(error) };
}

/**
 * Takes a queue's jobs in batches and settles each job on its own: the ones that succeed are completed
 * together, each failure is failed alone (so pg-boss retries just that job, with back-off). A worker that
 * found jobs asks again at once; an idle one waits for its poll interval or a `notify`.
 */
export class QueueWorker {
  private stopping = false;
  private notified = false;
  private wakeUp?: () => void;
  private loop?: Promise<void>;

  constructor(
    private readonly boss: PgBoss,
    private readonly queue: string,
    private readonly run: JobsRun,
    private readonly options: QueueWorkerOptions,
    private readonly onError: (error: Error) => void,
  ) {}

  start(): void {
    this.loop ??= this.work();
  }

  notify(): void {
    this.notified = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.notify();
    await this.loop;
  }

  private async work(): Promise<void> {
    while (!this.stopping) {
      this.notified = false;
      const jobs = (await this.boss.fetch<unknown>(this.queue, { batchSize: this.options.fetchSize, includeMetadata: true })) ?? [];
      if (jobs.length === 0) {
        await this.idle();
        continue;
      }
      try {
        await this.settle(jobs);
      } catch (error) {
        // the jobs stay active; pg-boss expires and retries them
        this.onError(error instanceof Error ? error : new Error(String(error)));
        await this.idle();
      }
    }
  }

  private async settle(jobs: PgBoss.JobWithMetadata<unknown>[]): Promise<void> {
    const chunks: PgBoss.JobWithMetadata<unknown>[][] = [];
    for (let start = 0; start < jobs.length; start += this.options.chunkSize) chunks.push(jobs.slice(start, start + this.options.chunkSize));
    const failed = new Map<string, unknown>();
    let next = 0;
    const lane = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        try {
          for (const [id, error] of await this.run(chunk)) failed.set(id, error);
        } catch (error) {
          for (const job of chunk) failed.set(job.id, error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, chunks.length) }, lane));
    const done = jobs.filter((job) => !failed.has(job.id)).map((job) => job.id);
    if (done.length > 0) await this.boss.complete(this.queue, done);
    for (const [id, error] of failed) await this.boss.fail(this.queue, id, errorData(error));
  }

  /** Waits for the poll interval, unless jobs were announced since the last fetch. */
  private idle(): Promise<void> {
    if (this.stopping || this.notified) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(finish, this.options.pollMs);
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        finish();
      };
    });
  }
}
