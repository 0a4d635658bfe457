import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGliteSessionServer } from './pglite-session-server';

export interface EmbeddedPostgresEndpoint {
  host: string;
  port: number;
  user: string;
  database: string;
}

export interface EmbeddedEngineOptions {
  directory: string;
  port: number;
  maxConnections: number;
}

export interface RunningEngine {
  endpoint: EmbeddedPostgresEndpoint;
  /** Stops accepting connections, then closes the engine so its files are left consistent. */
  stop(): Promise<void>;
}

/** The text of a failure, for the engine thread's reports and the service's log. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** PGlite (with pgvector) in `directory`, served on a loopback socket: on whichever thread calls it. */
export async function startEmbeddedEngine(options: EmbeddedEngineOptions): Promise<RunningEngine> {
  mkdirSync(options.directory, { recursive: true });
  const db = await PGlite.create(options.directory, { extensions: { vector } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS vector');
  const server = new PGliteSessionServer(db, { host: '127.0.0.1', port: options.port, maxConnections: options.maxConnections });
  let address: { host: string; port: number };
  try {
    address = await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const { host, port } = address;
  let stopping: Promise<void> | undefined;
  return {
    endpoint: { host, port, user: 'postgres', database: 'postgres' },
    stop: () =>
      (stopping ??= (async () => {
        await server.stop();
        if (!db.closed) await db.close();
      })()),
  };
}
