import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGliteSessionServer } from './pglite-session-server';

export interface EmbeddedPostgresEndpoint {
  host: string;
  port: number;
  user: string;
  database: string;
}

/**
 * PostgreSQL compiled to WASM (PGlite, with pgvector), kept in DATA_DIR/pgdata and exposed on a
 * loopback socket so that TypeORM talks to it with the same `pg` driver as to a real server.
 */
export class EmbeddedPostgres {
  private db?: PGlite;
  private server?: PGliteSessionServer;
  private endpointValue?: EmbeddedPostgresEndpoint;

  constructor(
    private readonly dataDir: string,
    private readonly options: { port: number; maxConnections: number },
  ) {}

  get directory(): string {
    return join(this.dataDir, 'pgdata');
  }

  get endpoint(): EmbeddedPostgresEndpoint {
    if (!this.endpointValue) throw new Error('Embedded PostgreSQL is not started');
    return this.endpointValue;
  }

  async start(): Promise<EmbeddedPostgresEndpoint> {
    mkdirSync(this.directory, { recursive: true });
    this.db = await PGlite.create(this.directory, { extensions: { vector } });
    await this.db.exec('CREATE EXTENSION IF NOT EXISTS vector');
    this.server = new PGliteSessionServer(this.db, {
      host: '127.0.0.1',
      port: this.options.port,
      maxConnections: this.options.maxConnections,
    });
    const { host, port } = await this.server.start();
    this.endpointValue = { host, port, user: 'postgres', database: 'postgres' };
    return this.endpointValue;
  }

  /** Stops accepting connections, then closes the engine so its files are left consistent. */
  async stop(): Promise<void> {
    const { server, db } = this;
    this.server = undefined;
    this.db = undefined;
    if (server) await server.stop();
    if (db && !db.closed) await db.close();
  }
}
