import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { Pool } from 'pg';
import { autoSharedBuffersMb, sizingFileOf, startEmbeddedEngine } from '../src/core/database/embedded-engine';
import { EmbeddedPostgres } from '../src/core/database/embedded-postgres';
import { FileSyncer, hostFileSyncer } from '../src/core/database/wal-sync';

// the build the service runs (npm test builds it first): its engine runs in a worker thread
// eslint-disable-next-line @typescript-eslint/no-require-imports
const compiled = require('../dist/src/core/database/embedded-postgres') as { EmbeddedPostgres: typeof EmbeddedPostgres };

/** The embedded engine is one Postgres session behind a socket: concurrent clients must not see each other. */
describe('Embedded PostgreSQL under concurrent clients', () => {
  let root: string;
  let embedded: EmbeddedPostgres;
  let pool: Pool;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mc-embedded-'));
    const template = process.env.MC_TEST_TEMPLATE_DIR;
    if (template) cpSync(join(template, 'pgdata'), join(root, 'pgdata'), { recursive: true });
    embedded = new EmbeddedPostgres(root, { port: 0, maxConnections: 12, sharedBuffersMb: 24 });
    const endpoint = await embedded.start();
    pool = new Pool({ ...endpoint, max: 8 });
    await pool.query('CREATE TABLE IF NOT EXISTS counter_probe (id int PRIMARY KEY, n int NOT NULL)');
    await pool.query('INSERT INTO counter_probe VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET n = 0');
  });
  afterAll(async () => {
    await pool?.end();
    await embedded?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('runs with the shared_buffers it was given (the service passes EMBEDDED_DB_SHARED_BUFFERS_MB)', async () => {
    expect((await pool.query('SHOW shared_buffers')).rows[0].shared_buffers).toBe('24MB');
  });

  it('answers every parameterised query with its own result while transactions run beside them', async () => {
    const wrong: string[] = [];
    const readers = Array.from({ length: 4 }, (_, reader) =>
      (async () => {
        for (let i = 0; i < 60; i += 1) {
          const value = `${reader}:${i}`;
          const { rows } = await pool.query('SELECT $1::text AS echoed, $2::int * 2 AS doubled', [value, i]);
          if (rows[0].echoed !== value || rows[0].doubled !== i * 2) wrong.push(`${value} → ${JSON.stringify(rows[0])}`);
        }
      })(),
    );
    const writer = (async () => {
      for (let i = 0; i < 40; i += 1) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query('SELECT n FROM counter_probe WHERE id = $1', [1]);
          await client.query('UPDATE counter_probe SET n = $1 WHERE id = $2', [rows[0].n + 1, 1]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      }
    })();
    await Promise.all([...readers, writer]);
    expect(wrong).toEqual([]);
    const { rows } = await pool.query('SELECT n FROM counter_probe WHERE id = 1');
    expect(rows[0].n).toBe(40);
  });

  it('rolls back the transaction of a client that disconnects in the middle of it', async () => {
    const client = await pool.connect();
    await client.query('BEGIN');
    await client.query('UPDATE counter_probe SET n = -1 WHERE id = 1');
    client.release(new Error('drop this connection'));
    const { rows } = await pool.query('SELECT n FROM counter_probe WHERE id = 1');
    expect(rows[0].n).toBe(40);
  });
});

describe('Embedded PostgreSQL buffer cache', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'mc-embedded-sizing-'));
    const template = process.env.MC_TEST_TEMPLATE_DIR;
    if (template) cpSync(join(template, 'pgdata'), join(root, 'pgdata'), { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const withEngine = async <T>(run: (pool: Pool) => Promise<T>): Promise<T> => {
    const engine = new EmbeddedPostgres(root, { port: 0, maxConnections: 4 });
    const pool = new Pool({ ...(await engine.start()), max: 1 });
    try {
      return await run(pool);
    } finally {
      await pool.end();
      await engine.stop();
    }
  };
  const sharedBuffers = async (pool: Pool) => (await pool.query('SHOW shared_buffers')).rows[0].shared_buffers as string;

  it('starts small, notes the size of its vector indexes, and holds them at the next start', async () => {
    const indexBytes = await withEngine(async (pool) => {
      expect(await sharedBuffers(pool)).toBe('32MB');
      await pool.query('CREATE TABLE sized (id int PRIMARY KEY, embedding vector(3))');
      await pool.query('INSERT INTO sized SELECT n, ARRAY[random(), random(), random()]::vector FROM generate_series(1, 500) n');
      await pool.query('CREATE INDEX sized_hnsw ON sized USING hnsw (embedding vector_cosine_ops)');
      return Number((await pool.query(`SELECT pg_relation_size('sized_hnsw') AS bytes`)).rows[0].bytes);
    });
    const sizingFile = sizingFileOf(join(root, 'pgdata'));
    // with the service's own (small) vector indexes when the directory came from the test template
    const noted = JSON.parse(readFileSync(sizingFile, 'utf8')) as { vectorIndexBytes: number };
    expect(noted.vectorIndexBytes).toBeGreaterThanOrEqual(indexBytes);
    expect(noted.vectorIndexBytes).toBeLessThan(indexBytes + 1024 * 1024);

    // as if the indexes had grown to 130 MB
    writeFileSync(sizingFile, JSON.stringify({ vectorIndexBytes: 130 * 1024 * 1024 }));
    await withEngine(async (pool) => expect(await sharedBuffers(pool)).toBe(`${autoSharedBuffersMb(130 * 1024 * 1024)}MB`));
  });
});

describe('Embedded PostgreSQL of the compiled service, in its worker thread', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'mc-embedded-worker-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('runs SQL off the event loop, and keeps what was written across a stop and a start', async () => {
    const first = new compiled.EmbeddedPostgres(root, { port: 0, maxConnections: 4 });
    expect(first.thread).toBe('worker');
    const pool = new Pool({ ...(await first.start()), max: 2 });
    await pool.query('CREATE TABLE kept (note text)');
    await pool.query("INSERT INTO kept VALUES ('written before the stop')");
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 20);
    await pool.query('SELECT pg_sleep(0.4)');
    clearInterval(ticker);
    // on the caller's thread PGlite's sleep would hold the event loop for all of it: no tick at all
    expect(ticks).toBeGreaterThanOrEqual(5);
    await pool.end();
    await first.stop();

    const again = new compiled.EmbeddedPostgres(root, { port: 0, maxConnections: 4 });
    const reopened = new Pool({ ...(await again.start()), max: 1 });
    try {
      const { rows } = await reopened.query('SELECT note FROM kept');
      expect(rows).toEqual([{ note: 'written before the stop' }]);
    } finally {
      await reopened.end();
      await again.stop();
    }
  });

  it('reports a start that fails (its port taken), with the reason', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const engine = new compiled.EmbeddedPostgres(mkdtempSync(join(root, 'taken-')), { port, maxConnections: 4 });
      await expect(engine.start()).rejects.toThrow(/embedded PostgreSQL did not start: .*EADDRINUSE/);
      await expect(engine.stop()).resolves.toBeUndefined();
    } finally {
      blocker.close();
    }
  });
});

/** A host file system whose WAL flushes finish only when the test opens the gate. */
class GatedFlushes implements FileSyncer {
  flushes = 0;
  private gate = Promise.resolve();
  private open = () => undefined as void;

  close(fd: number): void {
    hostFileSyncer.close(fd);
  }
  syncNow(fd: number): void {
    hostFileSyncer.syncNow(fd);
  }
  async sync(fd: number): Promise<void> {
    await this.gate;
    await hostFileSyncer.sync(fd);
    this.flushes += 1;
  }
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open();
  }
}

const settledWithin = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe('Embedded PostgreSQL durability', () => {
  let root: string;
  const directory = () => join(root, 'pgdata');

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mc-durable-'));
    const template = process.env.MC_TEST_TEMPLATE_DIR;
    if (template) cpSync(join(template, 'pgdata'), directory(), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('answers a commit only after its log is flushed, and shows it to no other client before then', async () => {
    const files = new GatedFlushes();
    const engine = await startEmbeddedEngine({ directory: directory(), port: 0, maxConnections: 4, fsync: true }, files);
    const writer = new Pool({ ...engine.endpoint, max: 1 });
    const reader = new Pool({ ...engine.endpoint, max: 1 });
    try {
      await writer.query('CREATE TABLE ledger (entry text)');
      await reader.query('SELECT 1');

      files.hold();
      const insert = writer.query("INSERT INTO ledger VALUES ('paid')");
      expect(await settledWithin(insert, 300)).toBe(false);
      const read = reader.query('SELECT count(*)::int AS n FROM ledger');
      expect(await settledWithin(read, 200)).toBe(false);

      files.release();
      await insert;
      expect((await read).rows).toEqual([{ n: 1 }]);
      expect(files.flushes).toBeGreaterThan(0);
      // with nothing waiting for the disk, reads are answered at once
      expect((await reader.query('SELECT count(*)::int AS n FROM ledger')).rows).toEqual([{ n: 1 }]);
    } finally {
      files.release();
      await writer.end();
      await reader.end();
      await engine.stop();
    }
  });

  it('flushes many concurrent commits together (group commit)', async () => {
    const files = new GatedFlushes();
    const engine = await startEmbeddedEngine({ directory: directory(), port: 0, maxConnections: 12, fsync: true }, files);
    const pool = new Pool({ ...engine.endpoint, max: 8 });
    try {
      await pool.query('CREATE TABLE burst (n int)');
      const before = files.flushes;
      await Promise.all(Array.from({ length: 200 }, (_, n) => pool.query('INSERT INTO burst VALUES ($1)', [n])));
      expect((await pool.query('SELECT count(*)::int AS n FROM burst')).rows).toEqual([{ n: 200 }]);
      expect(files.flushes - before).toBeLessThan(200);
    } finally {
      await pool.end();
      await engine.stop();
    }
  });

  it('lets one engine at a time open a data directory, and takes over the lock of a process that is gone', async () => {
    const engine = await startEmbeddedEngine({ directory: directory(), port: 0, maxConnections: 4, fsync: true });
    try {
      await expect(startEmbeddedEngine({ directory: directory(), port: 0, maxConnections: 4, fsync: true })).rejects.toThrow(
        /in use by process \d+/,
      );
    } finally {
      await engine.stop();
    }
    // a crashed owner leaves its lock behind, naming a process that no longer runs
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${directory()}.lock`, JSON.stringify({ pid: Number(gone.stdout) }));
    const next = await startEmbeddedEngine({ directory: directory(), port: 0, maxConnections: 4, fsync: true });
    await next.stop();
    expect(existsSync(`${directory()}.lock`)).toBe(false);
  });

  it('builds a new cluster beside the data directory and moves it into place only when complete', async () => {
    rmSync(directory(), { recursive: true, force: true });
    // what a crash during an earlier first start leaves: a half-built cluster beside the real one
    mkdirSync(`${directory()}.init`, { recursive: true });
    writeFileSync(join(`${directory()}.init`, 'PG_VERSION'), '18\n');
    const engine = await startEmbeddedEngine({ directory: directory(), port: 0, maxConnections: 4, fsync: true });
    try {
      const pool = new Pool({ ...engine.endpoint, max: 1 });
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await pool.end();
      expect(existsSync(`${directory()}.init`)).toBe(false);
      expect(existsSync(join(directory(), 'PG_VERSION'))).toBe(true);
    } finally {
      await engine.stop();
    }
  }, 120_000);
});
