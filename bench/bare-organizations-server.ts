/**
 * The baseline of bench/organizations.bench.ts: `GET /api/v1/organizations` written with nothing but
 * `node:http` and a `pg` Pool. It checks the admin bearer token the same way the service does (SHA-256
 * of both sides, constant-time compare), sends the statement TypeORM sends for the service's list (one
 * query: the page with a `COUNT(*) OVER ()` window count, src/core/database/query-helpers.ts fetchPage)
 * and answers the same JSON body and paging headers. Everything else answers 404. It is a yardstick, not
 * a second implementation of the API.
 *
 * Configuration (argv wins over env):
 *   --database-url URL   | BARE_DATABASE_URL | DATABASE_URL   (required)
 *   --token TOKEN        | BARE_TOKEN | LOCAL_AUTH_TOKEN | ADMIN_TOKEN   (required; prefer env: argv is visible in ps)
 *   --port N             | BARE_PORT | PORT      (default 0 = any free port)
 *   --host H             | BARE_HOST | HOST      (default 127.0.0.1)
 *   --pool-size N        | BARE_POOL_SIZE | DB_POOL_SIZE   (default 10, the service's default pool)
 *
 * When it listens it prints one JSON line on stdout: {"event":"listening","host":…,"port":…}.
 * SIGTERM / SIGINT close the listener and the pool.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'pg';

interface BareConfig {
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

function readConfig(argv: string[], env: NodeJS.ProcessEnv): BareConfig {
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

// The statement TypeORM generates for OrganizationsService.list with the default sort (created_at DESC, id DESC)
// and no filter: fetchPage adds a window count to the page, so one query answers both (as PostgreSQL's log shows
// with log_statement=all). Limit and offset are validated integers, inlined as TypeORM does; the statement has no
// parameters, so pg sends it as one simple-protocol Query message, as it does for the service.
const SELECT_PAGE =
  'SELECT "o"."id" AS "o_id", "o"."created_at" AS "o_created_at", "o"."updated_at" AS "o_updated_at", ' +
  '"o"."name" AS "o_name", "o"."slug" AS "o_slug", "o"."description" AS "o_description", "o"."settings" AS "o_settings", ' +
  'COUNT(*) OVER () AS "page_total" FROM "organizations" "o"';
// a page past the end has no row to carry the total; fetchPage then counts separately (TypeORM's getCount)
const COUNT_SQL = 'SELECT COUNT(DISTINCT("o"."id")) AS "cnt" FROM "organizations" "o"';
const SORTABLE: Record<string, string> = {
  created_at: '"o"."created_at"',
  updated_at: '"o"."updated_at"',
  name: '"o"."name"',
  slug: '"o"."slug"',
};

interface OrganizationRow {
  o_id: string;
  o_name: string;
  o_slug: string;
  o_description: string | null;
  o_settings: Record<string, unknown>;
  o_created_at: Date;
  o_updated_at: Date;
  page_total: string;
}

interface ListQuery {
  limit: number;
  offset: number;
  sort: string;
  order: 'ASC' | 'DESC';
}

class BadRequest extends Error {}

function integerParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) throw new BadRequest(`${name} must be an integer`);
  const value = Number(raw);
  if (value < min || value > max) throw new BadRequest(`${name} must be between ${min} and ${max}`);
  return value;
}

function parseListQuery(params: URLSearchParams): ListQuery {
  const sort = params.get('sort') ?? 'created_at';
  if (!(sort in SORTABLE)) throw new BadRequest(`sort must be one of ${Object.keys(SORTABLE).join(', ')}`);
  const order = params.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw new BadRequest('order must be asc or desc');
  return {
    limit: integerParam(params, 'limit', 20, 1, 100),
    offset: integerParam(params, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
    sort,
    order: order === 'asc' ? 'ASC' : 'DESC',
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    ...headers,
  });
  response.end(payload);
}

export function createBareServer(config: BareConfig) {
  const pool = new Pool({ connectionString: config.databaseUrl, max: config.poolSize, connectionTimeoutMillis: 10_000 });
  // an idle client's error (the server went away) must not crash the process; the next query reports it
  pool.on('error', (error) => process.stderr.write(`pg pool: ${error.message}\n`));
  const expectedToken = digest(config.token);

  const authorized = (request: IncomingMessage): boolean => {
    const header = request.headers.authorization;
    if (typeof header !== 'string') return false;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return !!match && timingSafeEqual(digest(match[1]), expectedToken);
  };

  const listOrganizations = async (query: ListQuery) => {
    const column = SORTABLE[query.sort];
    const pageSql =
      `${SELECT_PAGE} ORDER BY ${column} ${query.order}, "o"."id" ${query.order} ` +
      `LIMIT ${query.limit} OFFSET ${query.offset}`;
    const page = await pool.query<OrganizationRow>(pageSql);
    if (page.rows.length > 0) return { rows: page.rows, total: Number.parseInt(page.rows[0].page_total, 10) };
    if (query.offset === 0) return { rows: page.rows, total: 0 };
    const count = await pool.query<{ cnt: string }>(COUNT_SQL);
    return { rows: page.rows, total: Number.parseInt(count.rows[0]?.cnt ?? '0', 10) };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://bare.invalid');
    if (url.pathname !== '/api/v1/organizations' || request.method !== 'GET') {
      send(response, 404, { detail: 'Not Found' });
      return;
    }
    if (!authorized(request)) {
      send(response, 401, { detail: 'Missing or invalid credentials' });
      return;
    }
    let query: ListQuery;
    try {
      query = parseListQuery(url.searchParams);
    } catch (error) {
      if (error instanceof BadRequest) {
        send(response, 422, { detail: error.message });
        return;
      }
      throw error;
    }
    const { rows, total } = await listOrganizations(query);
    const items = rows.map((row) => ({
      id: row.o_id,
      name: row.o_name,
      slug: row.o_slug,
      description: row.o_description,
      settings: row.o_settings,
      created_at: row.o_created_at.toISOString(),
      updated_at: row.o_updated_at.toISOString(),
    }));
    send(
      response,
      200,
      { items, total, page: Math.floor(query.offset / query.limit) + 1, size: query.limit },
      { 'X-Total-Count': String(total), 'X-Limit': String(query.limit), 'X-Offset': String(query.offset) },
    );
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
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

async function main(): Promise<void> {
  const config = readConfig(process.argv.slice(2), process.env);
  const bare = createBareServer(config);
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
    const force = setTimeout(() => process.exit(1), 5_000);
    force.unref();
    bare.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bare-organizations-server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
