import { closeSync, fsync, fsyncSync } from 'node:fs';

/** How the host file system is flushed; tests substitute a controllable one. */
export interface FileSyncer {
  sync(fd: number): Promise<void>;
  syncNow(fd: number): void;
  close(fd: number): void;
}

export const hostFileSyncer: FileSyncer = {
  sync: (fd) => new Promise((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve()))),
  syncNow: (fd) => fsyncSync(fd),
  close: (fd) => closeSync(fd),
};

/**
 * Group commit for the embedded engine's write-ahead log.
 *
 * PostgreSQL asks for a WAL fsync at every commit. Done on the spot, each commit would wait for the disk
 * while the single embedded session does nothing else. Instead the request is recorded here and the WAL
 * files are flushed in rounds on the thread pool, while the engine goes on serving: one flush covers every
 * commit written before it started. Whoever hands out answers holds each one until `durable` has reached
 * the `requested` count it was produced under, so no client learns of a commit a crash could still undo.
 *
 * Anything that must not reach the disk before the log (a data page, the control file, a renamed file)
 * first calls `syncNow`, which completes every outstanding request synchronously.
 */
export class WalSync {
  private requestCount = 0;
  private durableCount = 0;
  private readonly pending = new Set<number>();
  private inFlight = new Set<number>();
  private readonly closeAfterRound = new Set<number>();
  private readonly listeners = new Set<() => void>();
  private failure?: Error;

  constructor(private readonly files: FileSyncer = hostFileSyncer) {}

  /** How many flushes have been asked for: an answer produced now is safe once `durable` reaches it. */
  get requested(): number {
    return this.requestCount;
  }

  get durable(): number {
    return this.durableCount;
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  /** Records that `fd` (a WAL segment) must reach the disk, and starts a round if none is running. */
  request(fd: number): void {
    this.throwIfFailed();
    this.pending.add(fd);
    this.requestCount += 1;
    this.startRound();
  }

  /** Completes every outstanding request before the caller goes on (ordering for non-WAL writes). */
  syncNow(): void {
    if (this.durableCount === this.requestCount) return;
    this.throwIfFailed();
    const target = this.requestCount;
    try {
      for (const fd of new Set([...this.inFlight, ...this.pending])) this.files.syncNow(fd);
    } catch (error) {
      this.fail(error);
      throw error;
    }
    this.pending.clear();
    this.advanceTo(target);
  }

  /** Flushes a file that is not part of the log, after everything the log was asked to flush. */
  syncFile(fd: number): void {
    this.syncNow();
    this.files.syncNow(fd);
  }

  /** A file is being closed: its requests are completed first, and a flush still running on it keeps the descriptor open until it ends. */
  close(fd: number): void {
    if (this.pending.has(fd) || this.inFlight.has(fd)) this.syncNow();
    if (this.inFlight.has(fd)) this.closeAfterRound.add(fd);
    else this.files.close(fd);
  }

  onDurable(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private startRound(): void {
    if (this.inFlight.size > 0 || this.pending.size === 0 || this.failure) return;
    const target = this.requestCount;
    this.inFlight = new Set(this.pending);
    this.pending.clear();
    void Promise.all([...this.inFlight].map((fd) => this.files.sync(fd))).then(
      () => this.endRound(target),
      (error: unknown) => this.fail(error),
    );
  }

  private endRound(target: number): void {
    for (const fd of this.closeAfterRound) this.files.close(fd);
    this.closeAfterRound.clear();
    this.inFlight = new Set();
    this.advanceTo(target);
    this.startRound();
  }

  private advanceTo(target: number): void {
    if (target <= this.durableCount) return;
    this.durableCount = target;
    for (const listener of this.listeners) listener();
  }

  private fail(error: unknown): void {
    // like PostgreSQL's PANIC on a failed fsync: nothing written since can be promised any more
    this.failure ??= error instanceof Error ? error : new Error(String(error));
    for (const fd of this.closeAfterRound) this.files.close(fd);
    this.closeAfterRound.clear();
    for (const listener of this.listeners) listener();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
