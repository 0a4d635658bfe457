import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobEngine } from '../../core/jobs/job-engine';
import { REDIS_CLIENT, RedisClient } from '../../core/redis/redis.module';

export type CheckResult = 'ok' | 'disabled' | string;

export interface Readiness {
  ready: boolean;
  checks: { database: CheckResult; migrations: CheckResult; redis: CheckResult; jobs: CheckResult };
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    private readonly jobs: JobEngine,
  ) {}

  async readiness(): Promise<Readiness> {
    const [database, migrations, redis] = await Promise.all([this.database(), this.migrations(), this.redisCheck()]);
    const checks = { database, migrations, redis, jobs: this.jobs.state };
    return { ready: Object.values(checks).every((c) => c === 'ok' || c === 'disabled'), checks };
  }

  private async database(): Promise<CheckResult> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), 'database');
      return 'ok';
    } catch (error) {
      return `unreachable: ${describe(error)}`;
    }
  }

  private async migrations(): Promise<CheckResult> {
    try {
      const pending = await withTimeout(this.dataSource.showMigrations(), 'migration check');
      return pending ? 'pending migrations' : 'ok';
    } catch (error) {
      return `unknown: ${describe(error)}`;
    }
  }

  private async redisCheck(): Promise<CheckResult> {
    if (!this.redis) return 'disabled';
    try {
      await withTimeout(this.redis.ping(), 'redis');
      return 'ok';
    } catch (error) {
      return `unreachable: ${describe(error)}`;
    }
  }
}
