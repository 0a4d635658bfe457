import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { vector } from '@electric-sql/pglite-pgvector';
import { lockDataDirectory } from './data-directory-lock';
import { DURABLE_START_PARAMS, DurableNodeFS } from './durable-node-fs';
import { PGliteSessionServer } from './pglite-session-server';
import { FileSyncer, hostFileSyncer, WalSync } from './wal-sync';

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
  /** Flush every commit to disk before it is answered (group commit); off survives a process crash but not a power loss. */
  fsync: boolean;
  /** PostgreSQL's shared_buffers; unset keeps PostgreSQL's default. */
  sharedBuffersMb?: number;
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

// pg_trgm: trigram indexes for substring search in large logs (created by a migration)
const EXTENSIONS = { vector, pg_trgm };

function openEngine(directory: string, walSync: WalSync, settings: Pick<EmbeddedEngineOptions, 'fsync' | 'sharedBuffersMb'> = { fsync: true }): Promise<PGlite> {
  const defaults = settings.fsync ? DURABLE_START_PARAMS(PGlite.defaultStartParams) : PGlite.defaultStartParams;
  const sharedBuffers = settings.sharedBuffersMb ? ['-c', `shared_buffers=${settings.sharedBuffersMb}MB`] : [];
  return PGlite.create({
    fs: new DurableNodeFS(directory, walSync),
    extensions: EXTENSIONS,
    startParams: [...defaults, ...sharedBuffers],
  });
}

function syncTree(path: string, isDirectory = true): void {
  if (isDirectory) {
    for (const entry of readdirSync(path, { withFileTypes: true })) syncTree(join(path, entry.name), entry.isDirectory());
  }
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * A new cluster is built beside `directory` and renamed into place once it is complete and on disk, so a
 * crash during the first start never leaves a half-initialised cluster that a later start would trust.
 */
async function initialiseOnce(directory: string): Promise<void> {
  if (existsSync(join(directory, 'PG_VERSION'))) return;
  if (existsSync(directory) && readdirSync(directory).length > 0) {
    throw new Error(`${directory} holds files but no PostgreSQL cluster (no PG_VERSION); move it away to start a new database`);
  }
  const staging = `${directory}.init`;
  rmSync(staging, { recursive: true, force: true });
  const db = await openEngine(staging, new WalSync());
  await db.close();
  syncTree(staging);
  rmSync(directory, { recursive: true, force: true });
  renameSync(staging, directory);
  syncTree(dirname(directory), false);
}

/** PGlite (with pgvector and pg_trgm) in `directory`, served on a loopback socket: on whichever thread calls it. */
export async function startEmbeddedEngine(options: EmbeddedEngineOptions, files: FileSyncer = hostFileSyncer): Promise<RunningEngine> {
  mkdirSync(dirname(options.directory), { recursive: true });
  const unlock = lockDataDirectory(options.directory);
  let db: PGlite | undefined;
  try {
    await initialiseOnce(options.directory);
    const walSync = new WalSync(files);
    const engine = (db = await openEngine(options.directory, walSync, options));
    await engine.exec('CREATE EXTENSION IF NOT EXISTS vector');
    const server = new PGliteSessionServer(engine, walSync, { host: '127.0.0.1', port: options.port, maxConnections: options.maxConnections });
    const { host, port } = await server.start();
    let stopping: Promise<void> | undefined;
    return {
      endpoint: { host, port, user: 'postgres', database: 'postgres' },
      stop: () =>
        (stopping ??= (async () => {
          try {
            await server.stop();
            if (!engine.closed) await engine.close();
          } finally {
            unlock();
          }
        })()),
    };
  } catch (error) {
    if (db && !db.closed) await db.close();
    unlock();
    throw error;
  }
}
