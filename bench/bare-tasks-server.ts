/**
 * The baseline of bench/tasks.bench.ts: the task list and task creation written with nothing but `node:http` and
 * a `pg` Pool, against the service's own tables. It checks the admin bearer token as the service does.
 *   GET  /api/v1/tasks?board_id&limit&offset  one statement: the page, newest first, with a window count
 *   POST /api/v1/tasks {board_id, title}       one statement: INSERT … SELECT from the board, RETURNING the row
 * No board rules, activity, outbox or idempotency: it is the floor the database and Node's HTTP allow, not a
 * second implementation. Configuration as bench/bare-organizations-server.ts (argv, then env).
 */
import { IncomingMessage } from 'node:http';
import { BadRequest, BareConfig, bareServer, BareServer, bearerCheck, integerParam, refuseBadRequest, runBareServer, send } from './bare-common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BODY_BYTES = 64 * 1024;
const COLUMNS = 'id, organization_id, board_id, title, description, status, priority, assignee_id, due_at, created_at, updated_at';

interface TaskRow {
  id: string;
  organization_id: string;
  board_id: string;
  title: string;
  description: string | null;
  status: string;
  priority: string;
  assignee_id: string | null;
  due_at: Date | null;
  created_at: Date;
  updated_at: Date;
  total?: string;
}

const taskOf = ({ total: _total, ...row }: TaskRow) => ({
  ...row,
  due_at: row.due_at?.toISOString() ?? null,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
});

function boardIdOf(value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw new BadRequest('board_id must be a UUID');
  return value;
}

async function jsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BadRequest('body too large');
    chunks.push(chunk);
  }
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new BadRequest('body must be a JSON object');
}

export function createBareTasksServer(config: BareConfig): BareServer {
  const authorized = bearerCheck(config.token);
  return bareServer(config, async (pool, request, response) => {
    const url = new URL(request.url ?? '/', 'http://bare.invalid');
    if (url.pathname !== '/api/v1/tasks' || (request.method !== 'GET' && request.method !== 'POST')) return send(response, 404, { detail: 'Not Found' });
    if (!authorized(request)) return send(response, 401, { detail: 'Missing or invalid credentials' });
    try {
      if (request.method === 'GET') {
        const boardId = boardIdOf(url.searchParams.get('board_id'));
        const limit = integerParam(url.searchParams, 'limit', 20, 1, 100);
        const offset = integerParam(url.searchParams, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
        const page = await pool.query<TaskRow>(
          `SELECT ${COLUMNS}, COUNT(*) OVER () AS total FROM tasks WHERE board_id = $1 ORDER BY created_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
          [boardId],
        );
        const total = Number(page.rows[0]?.total ?? 0);
        return send(response, 200, { items: page.rows.map(taskOf), total, page: Math.floor(offset / limit) + 1, size: limit }, { 'X-Total-Count': String(total) });
      }
      const body = await jsonBody(request);
      const boardId = boardIdOf(body.board_id);
      if (typeof body.title !== 'string' || body.title.length === 0 || body.title.length > 500) throw new BadRequest('title must be 1..500 characters');
      const created = await pool.query<TaskRow>(
        `INSERT INTO tasks (organization_id, board_id, title, created_by_type) SELECT organization_id, id, $2, 'user' FROM boards WHERE id = $1 RETURNING ${COLUMNS}`,
        [boardId, body.title],
      );
      if (created.rows.length === 0) return send(response, 422, { detail: 'board_id: no such board' });
      return send(response, 201, taskOf(created.rows[0]));
    } catch (error) {
      return refuseBadRequest(response, error);
    }
  });
}

if (require.main === module) runBareServer('bare-tasks-server', createBareTasksServer);
