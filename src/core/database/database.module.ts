import { Global, Inject, Module, OnApplicationShutdown, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { AfterCommit } from './after-commit';
import { buildDataSourceOptions, DatabaseTarget, openMigratedDataSource } from './data-source.options';
import { EmbeddedPostgres, embeddedPostgresFor } from './embedded-postgres';

export const DATABASE_TARGET = Symbol('DATABASE_TARGET');

/** Starts the embedded engine when no DATABASE_URL is set and says where TypeORM should connect. */
@Global()
@Module({
  providers: [
    {
      provide: EmbeddedPostgres,
      inject: [AppConfig],
      useFactory: embeddedPostgresFor,
    },
    {
      provide: DATABASE_TARGET,
      inject: [AppConfig, EmbeddedPostgres],
      useFactory: async (config: AppConfig, embedded: EmbeddedPostgres | null): Promise<DatabaseTarget> =>
        embedded ? embedded.start() : { url: config.databaseUrl },
    },
  ],
  exports: [EmbeddedPostgres, DATABASE_TARGET],
})
class DatabaseTargetModule implements OnApplicationShutdown {
  constructor(
    @Optional() @Inject(EmbeddedPostgres) private readonly embedded: EmbeddedPostgres | null,
    private readonly moduleRef: ModuleRef,
  ) {}

  // The embedded engine must outlive every connection to it: close the pool first, then the engine.
  async onApplicationShutdown(): Promise<void> {
    if (!this.embedded) return;
    const dataSource = this.moduleRef.get(DataSource, { strict: false });
    if (dataSource.isInitialized) await dataSource.destroy();
    await this.embedded.stop();
  }
}

@Global()
@Module({
  imports: [
    DatabaseTargetModule,
    TypeOrmModule.forRootAsync({
      imports: [DatabaseTargetModule],
      inject: [AppConfig, DATABASE_TARGET],
      useFactory: (config: AppConfig, target: DatabaseTarget) => ({
        ...buildDataSourceOptions(target, config.dbPoolSize),
        autoLoadEntities: true,
      }),
      dataSourceFactory: (options) => openMigratedDataSource(options!),
    }),
  ],
  providers: [AfterCommit],
  exports: [AfterCommit],
})
export class DatabaseModule {}
