import { DataSource } from 'typeorm';

/** Held while the schema is changed (TypeORM's migrations, pg-boss's own), so replicas started together take turns. */
export const MIGRATION_LOCK = 'openclaw-mission-control:schema';

/**
 * Runs `work` while this process holds a PostgreSQL session advisory lock, on a connection of its own.
 * On the embedded engine every connection shares one session and one process owns the data directory,
 * so the lock is always free there.
 */
export async function withAdvisoryLock<T>(dataSource: DataSource, name: string, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]);
    }
  } finally {
    await runner.release();
  }
}
