// What the bare node:http + pg baselines of the benchmarks share: configuration, token check, answers, start-up.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'pg';

export interface BareConfig {
  databaseUrl: string;
  token: string;
  port: number;
  host: string;
  poolSize: number;
}

function argValue(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return undefined;
}

function firstSet(...values: Array<string | undefined>): string | undefined {
  return values.find((value) => value !== undefined && value !== '');
}

export function readConfig(argv: string[], env: NodeJS.ProcessEnv): BareConfig {
  const databaseUrl = firstSet(argValue(argv, '--database-url'), env.BARE_DATABASE_URL, env.DATABASE_URL);
  const token = firstSet(argValue(argv, '--token'), env.BARE_TOKEN, env.LOCAL_AUTH_TOKEN, env.ADMIN_TOKEN);
  if (!databaseUrl) throw new Error('set --database-url or BARE_DATABASE_URL / DATABASE_URL');
  if (!token) throw new Error('set BARE_TOKEN / LOCAL_AUTH_TOKEN (or --token)');
  const port = Number(firstSet(argValue(argv, '--port'), env.BARE_PORT, env.PORT) ?? 0);
  const poolSize = Number(firstSet(argValue(argv, '--pool-size'), env.BARE_POOL_SIZE, env.DB_POOL_SIZE) ?? 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('port must be 0..65535');
  if (!Number.isInteger(poolSize) || poolSize < 1) throw new Error('pool size must be a positive integer');
  const host = firstSet(argValue(argv, '--host'), env.BARE_HOST, env.HOST) ?? '127.0.0.1';
  return { databaseUrl, token, port, host, poolSize };
}

export class BadRequest extends Error {}

export function integerParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) throw new BadRequest(`${name} must be an integer`);
  const value = Number(raw);
  if (value < min || value > max) throw new BadRequest(`${name} must be between ${min} and ${max}`);
  return value;
}

export function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    ...headers,
  });
  response.end(payload);
}

/** A bearer check against the admin token, as the service does it (SHA-256 of both sides, constant-time compare). */
export function bearerCheck(token: string): (request: IncomingMessage) => boolean {
  const expected = digest(token);
  return (request) => {
    const header = request.headers.authorization;
    if (typeof header !== 'string') return false;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return !!match && timingSafeEqual(digest(match[1]), expected);
  };
}

/** A BadRequest answers 422 with its message; anything else is a failure of the server. */
export function refuseBadRequest(response: ServerResponse, error: unknown): void {
  if (error instanceof BadRequest) send(response, 422, { detail: error.message });
  else throw error;
}

export interface BareServer {
  server: ReturnType<typeof createServer>;
  pool: Pool;
  close(): Promise<void>;
}

/** A pool and an HTTP server around `handle`; a failed request answers 500 without crashing the process. */
export function bareServer(config: BareConfig, handle: (pool: Pool, request: IncomingMessage, response: ServerResponse) => Promise<void>): BareServer {
  const pool = new Pool({ connectionString: config.databaseUrl, max: config.poolSize, connectionTimeoutMillis: 10_000 });
  // an idle client's error (the server went away) must not crash the process; the next query reports it
  pool.on('error', (error) => process.stderr.write(`pg pool: ${error.message}\n`));
  const server = createServer((request, response) => {
    handle(pool, request, response).catch((error: unknown) => {
      process.stderr.write(`request failed: ${error instanceof Error ? error.message : String(error)}\n`);
      if (!response.headersSent) send(response, 500, { detail: 'Internal server error' });
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  return {
    server,
    pool,
    async close(): Promise<void> {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await pool.end();
    },
  };
}

/** The process around a bare server: listens, prints {"event":"listening",host,port}, closes on SIGTERM/SIGINT. */
export function runBareServer(name: string, create: (config: BareConfig) => BareServer): void {
  const main = async () => {
    const config = readConfig(process.argv.slice(2), process.env);
    const bare = create(config);
    await new Promise<void>((resolve, reject) => {
      bare.server.once('error', reject);
      bare.server.listen(config.port, config.host, () => resolve());
    });
    const address = bare.server.address() as AddressInfo;
    process.stdout.write(`${JSON.stringify({ event: 'listening', host: address.address, port: address.port })}\n`);
    let closing = false;
    const shutdown = () => {
      if (closing) return;
      closing = true;
      setTimeout(() => process.exit(1), 5_000).unref();
      bare.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  };
  main().catch((error: unknown) => {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
