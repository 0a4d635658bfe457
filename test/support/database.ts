import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** When set, the end-to-end suites run against this PostgreSQL server instead of the embedded engine. */
export const serverDatabaseUrl = (): string | undefined => process.env.TEST_DATABASE_URL || undefined;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh database on the test server, so suites never see each other's rows. */
export async function createServerDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `mc_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(url, name),
    drop: async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
