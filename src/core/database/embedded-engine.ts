import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
  /** PostgreSQL's shared_buffers; unset sizes it by the vector indexes the last run left (`autoSharedBuffersMb`). */
  sharedBuffersMb?: number;
}

const MB = 1024 * 1024;
export const BASE_SHARED_BUFFERS_MB = 32;
export const MAX_AUTO_SHARED_BUFFERS_MB = 256;

/**
 * The buffer cache of a start: 32 MB (PostgreSQL's 128 MB default is resident from start-up, too much for a small
 * host), or room for the vector indexes with a quarter to spare, up to 256 MB: a nearest-neighbour search reads
 * index pages at random, and each page missing from the cache is a call into the file layer.
 */
export function autoSharedBuffersMb(vectorIndexBytes: number): number {
  return Math.min(MAX_AUTO_SHARED_BUFFERS_MB, Math.max(BASE_SHARED_BUFFERS_MB, Math.ceil((vectorIndexBytes * 1.25) / MB)));
}

/** Where an engine notes the size of its vector indexes for the next start, beside its directory. */
export const sizingFileOf = (directory: string) => `${directory}.sizing.json`;

interface EngineSizing {
  vectorIndexBytes: number;
}

function readSizing(directory: string): EngineSizing {
  try {
    const { vectorIndexBytes } = JSON.parse(readFileSync(sizingFileOf(directory), 'utf8')) as Partial<EngineSizing>;
    return { vectorIndexBytes: Number.isFinite(vectorIndexBytes) && vectorIndexBytes! > 0 ? vectorIndexBytes! : 0 };
  } catch {
    return { vectorIndexBytes: 0 };
  }
}

/** A hint, not data: written whole (renamed into place) but not flushed; a lost one means a 32 MB start. */
async function noteSizing(db: PGlite, directory: string): Promise<void> {
  const { rows } = await db.query<{ bytes: string | number }>(
    `SELECT coalesce(sum(pg_relation_size(i.indexrelid)), 0) AS bytes
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
      WHERE a.amname IN ('hnsw', 'ivfflat')`,
  );
  const sizing: EngineSizing = { vectorIndexBytes: Number(rows[0]?.bytes ?? 0) };
  const file = sizingFileOf(directory);
  writeFileSync(`${file}.tmp`, JSON.stringify(sizing));
  renameSync(`${file}.tmp`, file);
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
  const sharedBuffers = ['-c', `shared_buffers=${settings.sharedBuffersMb ?? autoSharedBuffersMb(readSizing(directory).vectorIndexBytes)}MB`];
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
    await noteSizing(engine, options.directory);
    const server = new PGliteSessionServer(engine, walSync, { host: '127.0.0.1', port: options.port, maxConnections: options.maxConnections });
    const { host, port } = await server.start();
    let stopping: Promise<void> | undefined;
    return {
      endpoint: { host, port, user: 'postgres', database: 'postgres' },
      stop: () =>
        (stopping ??= (async () => {
          try {
            await server.stop();
            if (!engine.closed) {
              await noteSizing(engine, options.directory).catch(() => undefined);
              await engine.close();
            }
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
