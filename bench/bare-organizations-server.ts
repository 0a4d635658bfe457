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
import { Pool } from 'pg';
import { BadRequest, BareConfig, refuseBadRequest, bareServer, BareServer, bearerCheck, integerParam, runBareServer, send } from './bare-common';

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

interface ListQuery {
  limit: number;
  offset: number;
  sort: string;
  order: 'ASC' | 'DESC';
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

export function createBareServer(config: BareConfig): BareServer {
  const authorized = bearerCheck(config.token);

  const listOrganizations = async (pool: Pool, query: ListQuery) => {
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

  return bareServer(config, async (pool, request, response) => {
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
      return refuseBadRequest(response, error);
    }
    const { rows, total } = await listOrganizations(pool, query);
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
  });
}

if (require.main === module) runBareServer('bare-organizations-server', createBareServer);
