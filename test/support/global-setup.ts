import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/core/database/data-source.options';
import { EmbeddedPostgres } from '../../src/core/database/embedded-postgres';
import { serverDatabaseUrl } from './database';

/** initdb is slow: do it (and the migrations) once per run; every suite starts from a copy. */
export default async function globalSetup(): Promise<void> {
  if (serverDatabaseUrl()) return;
  const root = mkdtempSync(join(tmpdir(), 'mc-template-'));
  const embedded = new EmbeddedPostgres(root, { port: 0, maxConnections: 4 });
  const endpoint = await embedded.start();
  const dataSource = new DataSource({ ...buildDataSourceOptions(endpoint, 2), migrationsRun: false });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
  await embedded.stop();
  process.env.MC_TEST_TEMPLATE_DIR = root;
}
