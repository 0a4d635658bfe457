import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication, Type } from '@nestjs/common';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { AppConfig, loadAppConfig } from '../../src/core/config/app-config';
import { JobEngine } from '../../src/core/jobs/job-engine';
import { createServerDatabase, serverDatabaseUrl } from './database';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  baseUrl: string;
  http: TestAgent;
  dataSource: DataSource;
  /** `Authorization` header for the local admin token. */
  admin: { Authorization: string };
  close(): Promise<void>;
}

/**
 * The real application on a real socket, with its own data directory and its own database:
 * a copy of the migrated embedded template, or a fresh database on TEST_DATABASE_URL.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { sameDatabaseAs?: TestApp; host?: string; modules?: Type[] } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mc-app-'));
  const serverUrl = serverDatabaseUrl();
  const shared = options.sameDatabaseAs?.config.databaseUrl;
  const serverDatabase = shared ? { url: shared, drop: async () => undefined } : serverUrl ? await createServerDatabase(serverUrl) : undefined;
  if (!serverDatabase) {
    const template = process.env.MC_TEST_TEMPLATE_DIR;
    if (!template) throw new Error('the e2e global setup did not prepare an embedded database template');
    cpSync(join(template, 'pgdata'), join(dataDir, 'pgdata'), { recursive: true });
  }
  const config = loadAppConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '4',
    OPENCLAW_HOME: join(dataDir, 'openclaw-home'),
    ...(serverDatabase ? { DATABASE_URL: serverDatabase.url } : {}),
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    ...env,
  });
  const app = await createApp(config, options.modules);
  await app.listen(0, options.host ?? '127.0.0.1');
  // suites start from an app whose durable jobs run, as a service is once /readyz says so
  await app.get(JobEngine).whenReady();
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    config,
    baseUrl,
    http: request(baseUrl),
    dataSource: app.get(DataSource),
    admin: { Authorization: `Bearer ${config.adminToken}` },
    async close() {
      await app.close();
      await serverDatabase?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
