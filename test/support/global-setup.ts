import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { buildDataSourceOptions, openMigratedDataSource } from '../../src/core/database/data-source.options';
import { EmbeddedPostgres } from '../../src/core/database/embedded-postgres';
import { serverDatabaseUrl } from './database';

/** initdb is slow: do it (and the migrations) once per run; every suite starts from a copy. */
export default async function globalSetup(): Promise<void> {
  if (serverDatabaseUrl()) return;
  const root = mkdtempSync(join(tmpdir(), 'mc-template-'));
  const embedded = new EmbeddedPostgres(root, { port: 0, maxConnections: 4 });
  const endpoint = await embedded.start();
  const dataSource = await openMigratedDataSource(buildDataSourceOptions(endpoint, 2));
  await dataSource.destroy();
  await embedded.stop();
  process.env.MC_TEST_TEMPLATE_DIR = root;
}
