import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
// types only: the engine's code (PGlite) loads in the worker thread, or on demand when it runs on this one
import type { EmbeddedEngineOptions, EmbeddedPostgresEndpoint, RunningEngine } from './embedded-engine';
import { embeddedConnectionLimit } from './connection-budget';

export type { EmbeddedPostgresEndpoint } from './embedded-engine';

/** What the service asks of the engine's thread, and what that thread reports back. */
export type EngineRequest = { type: 'stop' };
// a stop is complete when the thread exits; only its failure is reported
export type EngineReport = { type: 'ready'; endpoint: EmbeddedPostgresEndpoint } | { type: 'failed'; message: string };

export type EngineThread = 'worker' | 'caller';

const WORKER_SCRIPT = join(__dirname, 'embedded-postgres.worker.js');
const STOP_TIMEOUT_MS = 30_000;
const logger = new Logger('EmbeddedPostgres');

/**
 * PostgreSQL compiled to WASM (PGlite, with pgvector), kept in DATA_DIR/pgdata and exposed on a loopback
 * socket so that TypeORM talks to it with the same `pg` driver as to a real server. The compiled service
 * runs the engine in a worker thread, so its SQL does not share the event loop with HTTP; from TypeScript
 * sources (the in-process test suites), where there is no compiled worker script, it runs on the caller's thread.
 */
export class EmbeddedPostgres {
  private engine?: RunningEngine;
  private starting?: Promise<EmbeddedPostgresEndpoint>;

  constructor(
    private readonly dataDir: string,
    private readonly options: { port: number; maxConnections: number; fsync?: boolean; sharedBuffersMb?: number; thread?: EngineThread },
  ) {}

  get directory(): string {
    return join(this.dataDir, 'pgdata');
  }

  get thread(): EngineThread {
    return this.options.thread ?? (existsSync(WORKER_SCRIPT) ? 'worker' : 'caller');
  }

  get endpoint(): EmbeddedPostgresEndpoint {
    if (!this.engine) throw new Error('Embedded PostgreSQL is not started');
    return this.engine.endpoint;
  }

  /** Starts the engine once; later calls share that start. */
  start(): Promise<EmbeddedPostgresEndpoint> {
    return (this.starting ??= this.boot());
  }

  private async boot(): Promise<EmbeddedPostgresEndpoint> {
    const options: EmbeddedEngineOptions = {
      directory: this.directory,
      port: this.options.port,
      maxConnections: this.options.maxConnections,
      fsync: this.options.fsync ?? true,
      sharedBuffersMb: this.options.sharedBuffersMb,
    };
    this.engine = this.thread === 'worker' ? await startInWorker(options) : await loadEngine().startEmbeddedEngine(options);
    return this.engine.endpoint;
  }

  /** Stops accepting connections, then closes the engine so its files are left consistent. */
  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const engine = this.engine;
    this.engine = undefined;
    this.starting = undefined;
    await engine?.stop();
  }
}

const engineOfConfig = new WeakMap<AppConfig, EmbeddedPostgres>();

/**
 * The one engine of a configuration (none with DATABASE_URL). The service's entry point starts it before it loads
 * the application's modules, so that the engine's start-up and the module loading overlap on two cores.
 */
export function embeddedPostgresFor(config: AppConfig): EmbeddedPostgres | null {
  if (!config.usesEmbeddedDatabase) return null;
  let engine = engineOfConfig.get(config);
  if (!engine) {
    engine = new EmbeddedPostgres(config.dataDir, {
      port: config.embeddedDbPort,
      maxConnections: embeddedConnectionLimit(config.dbPoolSize),
      fsync: config.embeddedDbFsync,
      sharedBuffersMb: config.embeddedDbSharedBuffersMb,
    });
    engineOfConfig.set(config, engine);
  }
  return engine;
}

/** The engine's module, loaded only when the engine runs on this thread (require: the test runner resolves it from sources). */
function loadEngine(): typeof import('./embedded-engine') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./embedded-engine') as typeof import('./embedded-engine');
}

function startInWorker(options: EmbeddedEngineOptions): Promise<RunningEngine> {
  const worker = new Worker(WORKER_SCRIPT, { workerData: options });
  let state: 'starting' | 'running' | 'stopping' | 'gone' = 'starting';
  let stopError: Error | undefined;
  let onExit: (() => void) | undefined;
  let stopping: Promise<void> | undefined;

  const stop = (): Promise<void> =>
    (stopping ??= new Promise<void>((resolve, reject) => {
      if (state === 'gone') return resolve();
      state = 'stopping';
      const timer = setTimeout(() => {
        stopError = new Error(`embedded PostgreSQL did not stop within ${STOP_TIMEOUT_MS / 1000} s`);
        void worker.terminate();
      }, STOP_TIMEOUT_MS);
      onExit = () => {
        clearTimeout(timer);
        if (stopError) reject(stopError);
        else resolve();
      };
      worker.postMessage({ type: 'stop' } satisfies EngineRequest);
    }));

  return new Promise<RunningEngine>((resolve, reject) => {
    worker.on('message', (report: EngineReport) => {
      if (report.type === 'ready') {
        state = 'running';
        resolve({ endpoint: report.endpoint, stop });
      } else if (report.type === 'failed') {
        if (state === 'starting') {
          reject(new Error(`embedded PostgreSQL did not start: ${report.message}`));
          void worker.terminate();
        } else stopError = new Error(`embedded PostgreSQL did not stop cleanly: ${report.message}`);
      }
    });
    worker.on('error', (error) => {
      if (state === 'starting') reject(error);
      else logger.error(`The embedded PostgreSQL thread failed: ${error.message}`);
    });
    worker.on('exit', (code) => {
      const was = state;
      state = 'gone';
      if (was === 'starting') reject(new Error(`embedded PostgreSQL exited during start-up (code ${code})`));
      else if (was === 'running') logger.error(`The embedded PostgreSQL thread stopped unexpectedly (exit code ${code})`);
      onExit?.();
    });
  });
}
