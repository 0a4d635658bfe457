import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { EmbeddedPostgres } from '../src/core/database/embedded-postgres';

/** The embedded engine is one Postgres session behind a socket: concurrent clients must not see each other. */
describe('Embedded PostgreSQL under concurrent clients', () => {
  let root: string;
  let embedded: EmbeddedPostgres;
  let pool: Pool;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mc-embedded-'));
    const template = process.env.MC_TEST_TEMPLATE_DIR;
    if (template) cpSync(join(template, 'pgdata'), join(root, 'pgdata'), { recursive: true });
    embedded = new EmbeddedPostgres(root, { port: 0, maxConnections: 12 });
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
