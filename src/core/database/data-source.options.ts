import { DataSourceOptions } from 'typeorm';
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

/** The one set of TypeORM options for the app, the CLI and the tests: migrations only, never synchronize. */
export function buildDataSourceOptions(target: DatabaseTarget, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    ...(target.url
      ? { url: target.url }
      : { host: target.host, port: target.port, username: target.user, database: target.database }),
    namingStrategy: new SnakeNamingStrategy(),
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    extra: { max: poolSize, connectionTimeoutMillis: 10_000, types: databaseTypeParsers },
    logging: ['error'],
  };
}
