import { FileSyncer, WalSync } from './wal-sync';

/** A file system whose background flushes finish only when the test says so. */
class GatedFiles implements FileSyncer {
  readonly log: string[] = [];
  private readonly waiting: Array<{ fd: number; finish: (error?: Error) => void }> = [];

  sync(fd: number): Promise<void> {
    this.log.push(`sync ${fd}`);
    return new Promise((resolve, reject) => this.waiting.push({ fd, finish: (error) => (error ? reject(error) : resolve()) }));
  }
  syncNow(fd: number): void {
    this.log.push(`syncNow ${fd}`);
  }
  close(fd: number): void {
    this.log.push(`close ${fd}`);
  }
  async finishAll(error?: Error): Promise<void> {
    for (const { finish } of this.waiting.splice(0)) finish(error);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('WalSync (group commit of the embedded engine)', () => {
  let files: GatedFiles;
  let wal: WalSync;

  beforeEach(() => {
    files = new GatedFiles();
    wal = new WalSync(files);
  });

  it('flushes in the background and is durable only once the flush has finished', async () => {
    const notified = jest.fn();
    wal.onDurable(notified);
    wal.request(7);
    expect(files.log).toEqual(['sync 7']);
    expect([wal.requested, wal.durable]).toEqual([1, 0]);

    await files.finishAll();
    expect([wal.requested, wal.durable]).toEqual([1, 1]);
    expect(notified).toHaveBeenCalledTimes(1);
  });

  it('groups the requests made during a flush into one next round', async () => {
    wal.request(7);
    wal.request(7);
    wal.request(8);
    wal.request(7);
    expect(files.log).toEqual(['sync 7']);

    await files.finishAll();
    expect(wal.durable).toBe(1);
    expect(files.log).toEqual(['sync 7', 'sync 7', 'sync 8']);

    await files.finishAll();
    expect(wal.durable).toBe(4);
  });

  it('completes every outstanding request at once before a write that must follow the log', () => {
    wal.request(7);
    wal.request(8);
    wal.syncNow();
    expect(files.log).toEqual(['sync 7', 'syncNow 7', 'syncNow 8']);
    expect(wal.durable).toBe(wal.requested);
  });

  it('flushes another file only after the log', () => {
    wal.request(7);
    wal.syncFile(3);
    expect(files.log).toEqual(['sync 7', 'syncNow 7', 'syncNow 3']);
  });

  it('keeps a descriptor open until the background flush that uses it has finished', async () => {
    wal.request(7);
    wal.close(7);
    expect(files.log).toEqual(['sync 7', 'syncNow 7']);

    await files.finishAll();
    expect(files.log).toEqual(['sync 7', 'syncNow 7', 'close 7']);
    wal.close(9);
    expect(files.log.at(-1)).toBe('close 9');
  });

  it('never becomes durable after a failed flush, and refuses further requests', async () => {
    const notified = jest.fn();
    wal.onDurable(notified);
    wal.request(7);
    await files.finishAll(new Error('EIO: i/o error, fsync'));

    expect(wal.durable).toBe(0);
    expect(wal.failed?.message).toContain('EIO');
    expect(notified).toHaveBeenCalledTimes(1);
    expect(() => wal.request(7)).toThrow('EIO');
  });
});
