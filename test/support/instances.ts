import { randomBytes } from 'node:crypto';
import { serverDatabaseUrl } from './database';

/**
 * Whether suites with two app instances can run: they share a PostgreSQL database and Redis. When they cannot,
 * the reason is printed (a skipped suite is never silent).
 */
export function twoInstancesAvailable(suite: string): boolean {
  const available = Boolean(serverDatabaseUrl() && process.env.TEST_REDIS_URL);
  if (!available) process.stderr.write(`${suite} skipped: it needs TEST_DATABASE_URL and TEST_REDIS_URL (two instances share them)\n`);
  return available;
}

/** The secrets every instance of one deployment must share. */
export function sharedSecrets() {
  return {
    LOCAL_AUTH_TOKEN: `shared-${randomBytes(12).toString('hex')}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    H5_JWT_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
}
