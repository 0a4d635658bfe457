import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATION_LOCK, withAdvisoryLock } from './advisory-lock';
import { DatabaseLogger } from './database-logger';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming.strategy';
import { databaseTypeParsers } from './timestamptz';

export interface DatabaseTarget {
  url?: string;
  host?: string;
  port?: number;
  user?: string;
  database?: string;
}

/**
 * The one set of TypeORM options for the app, the CLI and the tests: migrations only, never synchronize.
 * Migrations are run by whoever opens the data source, under the schema lock (see `openMigratedDataSource`).
 */
export function buildDataSourceOptions(target: DatabaseTarget, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    ...(target.url
      ? { url: target.url }
      : { host: target.host, port: target.port, username: target.user, database: target.database }),
    namingStrategy: new SnakeNamingStrategy(),
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    extra: { max: poolSize, connectionTimeoutMillis: 10_000, types: databaseTypeParsers },
    logging: ['error', 'warn', 'migration'],
    logger: new DatabaseLogger(),
  };
}

/** Opens the data source and applies pending migrations while holding the schema lock. */
export async function openMigratedDataSource(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource({ ...options, migrationsRun: false }).initialize();
  try {
    await withAdvisoryLock(dataSource, MIGRATION_LOCK, () => dataSource.runMigrations({ transaction: 'each' }));
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
