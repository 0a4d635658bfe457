import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { AdminPrincipal } from '../../core/auth/principal';
import { TtlCache } from '../../core/caching/ttl-cache';
import { Page } from '../../core/http/pagination';
import { instantOf, spanOf } from '../calendar/calendar-input';
import { OperationalSummaryDto } from '../metrics/dto/metrics.dto';
import { inOrganization, MetricsService, SUMMARY_TTL_MS } from '../metrics/metrics.service';
import { TASK_PRIORITIES } from '../tasks/entities/task.entity';
import { usageTotals } from '../usage/usage.service';
import {
  AgentStatusDto,
  AgentStatusQueryDto,
  CommunicationGraphDto,
  GraphEdgeDto,
  GraphKind,
  GraphNodeDto,
  LiveActivityDto,
  LiveActivityQueryDto,
  ResourceAllocationDto,
  ResourceAllocationQueryDto,
  WindowQueryDto,
} from './dto/command-center.dto';
import { cursorOf, LIVE_COLUMNS, liveItemOf, LiveRow, requirePosition } from './live-activity';

const DEFAULT_WINDOW_DAYS = 7;
const MAX_WINDOW_DAYS = 92;
const DAY_MS = 24 * 3600 * 1000;

/** Sums of agent_usage_daily per agent over a date range (`$from`, `$to` inclusive), joinable as `alias`. */
const usageJoin = (alias: string, from: string, to: string) =>
  `LEFT JOIN (SELECT agent_id, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cost_usd) AS cost_usd
                FROM agent_usage_daily WHERE usage_date BETWEEN ${from} AND ${to} GROUP BY agent_id) ${alias} ON ${alias}.agent_id = a.id`;
const usageColumns = (alias: string) => `${alias}.input_tokens AS ${alias}_input_tokens, ${alias}.output_tokens AS ${alias}_output_tokens, ${alias}.cost_usd AS ${alias}_cost_usd`;
const usageOf = (row: Record<string, unknown>, alias: string) =>
  usageTotals({ input_tokens: row[`${alias}_input_tokens`] as string, output_tokens: row[`${alias}_output_tokens`] as string, cost_usd: row[`${alias}_cost_usd`] as string });
const TODAY = `(now() AT TIME ZONE 'UTC')::date`;

/** Open tasks per assignee (not done), with their in-progress share. */
const OPEN_TASKS_JOIN = `LEFT JOIN (SELECT assignee_id, count(*) FILTER (WHERE status <> 'done') AS open_tasks, count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
                ${TASK_PRIORITIES.map((p) => `count(*) FILTER (WHERE status <> 'done' AND priority = '${p}') AS open_${p}`).join(', ')},
                count(*) FILTER (WHERE status <> 'done' AND due_at < now()) AS overdue
           FROM tasks WHERE ${inOrganization('tasks')} AND assignee_id IS NOT NULL GROUP BY assignee_id) tk ON tk.assignee_id = a.id`;

/**
 * The command center: dashboards over the whole organization, each computed in a fixed number of queries
 * (never one per agent) and served from memory for a few seconds per organization and question.
 */
@Injectable()
export class CommandCenterService {
  private readonly cache = new TtlCache<unknown>(SUMMARY_TTL_MS);

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  overview(principal: AdminPrincipal, organizationId?: string): Promise<OperationalSummaryDto> {
    return this.metrics.summary(principal, organizationId);
  }

  agentStatus(principal: AdminPrincipal, query: AgentStatusQueryDto): Promise<Page<AgentStatusDto>> {
    return this.cached(principal, 'agent-status', query, async (organizationId) => {
      const rows: Array<Record<string, any>> = await this.dataSource.query(
        `SELECT a.id, a.name, a.organization_id, a.status, a.board_id, a.gateway_id, g.status AS gateway_status, a.last_seen_at,
                ev.last_activity_at, cur.id AS task_id, cur.title AS task_title,
                COALESCE(tk.open_tasks, 0)::int AS open_tasks, COALESCE(tk.in_progress, 0)::int AS in_progress,
                ${usageColumns('ut')}, count(*) OVER ()::int AS total
           FROM agents a
           LEFT JOIN gateways g ON g.id = a.gateway_id
           ${OPEN_TASKS_JOIN}
           ${usageJoin('ut', TODAY, TODAY)}
           LEFT JOIN LATERAL (SELECT max(created_at) AS last_activity_at FROM agent_events e WHERE e.agent_id = a.id) ev ON true
           LEFT JOIN LATERAL (SELECT id, title FROM tasks t WHERE t.assignee_id = a.id AND t.status = 'in_progress'
                               ORDER BY t.started_at DESC NULLS LAST, t.id LIMIT 1) cur ON true
          WHERE ${inOrganization('a')} AND ($2::text IS NULL OR a.status = $2)
          ORDER BY array_position(ARRAY['online', 'busy', 'error', 'offline', 'disabled']::text[], a.status::text), a.name, a.id
          LIMIT $3 OFFSET $4`,
        [organizationId, query.status ?? null, query.limit, query.offset],
      );
      return Page.of(
        rows.map(
          (row): AgentStatusDto => ({
            agent_id: row.id,
            name: row.name,
            organization_id: row.organization_id,
            status: row.status,
            board_id: row.board_id,
            gateway_id: row.gateway_id,
            gateway_status: row.gateway_status ?? null,
            last_seen_at: iso(row.last_seen_at),
            last_activity_at: iso(row.last_activity_at),
            current_task: row.task_id ? { id: row.task_id, title: row.task_title } : null,
            open_tasks: row.open_tasks,
            in_progress: row.in_progress,
            usage_today: usageOf(row, 'ut'),
          }),
        ),
        await this.totalOf(rows, query.offset, () => this.countAgents(organizationId, query.status)),
        query,
      );
    });
  }

  resourceAllocation(principal: AdminPrincipal, query: ResourceAllocationQueryDto): Promise<Page<ResourceAllocationDto>> {
    const window = windowOf(query);
    return this.cached(principal, 'resource-allocation', query, async (organizationId) => {
      const rows: Array<Record<string, any>> = await this.dataSource.query(
        `SELECT a.id, a.name, a.status,
                COALESCE(tk.open_tasks, 0)::int AS open_tasks, COALESCE(tk.in_progress, 0)::int AS in_progress, COALESCE(tk.overdue, 0)::int AS overdue,
                ${TASK_PRIORITIES.map((p) => `COALESCE(tk.open_${p}, 0)::int AS open_${p}`).join(', ')},
                COALESCE(sch.estimated_hours, 0)::float8 AS estimated_hours, COALESCE(sch.scheduled_tasks, 0)::int AS scheduled_tasks,
                ${usageColumns('uw')}, ${usageColumns('ut')}, count(*) OVER ()::int AS total
           FROM agents a
           ${OPEN_TASKS_JOIN}
           LEFT JOIN (SELECT s.agent_id, sum(COALESCE(s.estimated_hours, 0)) AS estimated_hours, count(*) AS scheduled_tasks
                        FROM task_schedules s JOIN tasks t ON t.id = s.task_id
                       WHERE ${inOrganization('s')} AND t.status <> 'done' AND s.agent_id IS NOT NULL GROUP BY s.agent_id) sch ON sch.agent_id = a.id
           ${usageJoin('uw', `($2::timestamptz AT TIME ZONE 'UTC')::date`, `($3::timestamptz AT TIME ZONE 'UTC')::date`)}
           ${usageJoin('ut', TODAY, TODAY)}
          WHERE ${inOrganization('a')}
          ORDER BY open_tasks DESC, estimated_hours DESC, a.name, a.id
          LIMIT $4 OFFSET $5`,
        [organizationId, window.since, window.until, query.limit, query.offset],
      );
      return Page.of(
        rows.map(
          (row): ResourceAllocationDto => ({
            agent_id: row.id,
            name: row.name,
            status: row.status,
            open_tasks: row.open_tasks,
            in_progress: row.in_progress,
            open_by_priority: Object.fromEntries(TASK_PRIORITIES.map((p) => [p, row[`open_${p}`] as number])),
            overdue: row.overdue,
            estimated_hours: Math.round(row.estimated_hours * 100) / 100,
            scheduled_tasks: row.scheduled_tasks,
            usage: usageOf(row, 'uw'),
            usage_today: usageOf(row, 'ut'),
          }),
        ),
        await this.totalOf(rows, query.offset, () => this.countAgents(organizationId)),
        query,
      );
    });
  }

  communicationGraph(principal: AdminPrincipal, query: WindowQueryDto): Promise<CommunicationGraphDto> {
    const window = windowOf(query);
    return this.cached(principal, 'communication-graph', query, async (organizationId) => {
      const interactions: Array<{ source: string; target: string; kind: GraphKind; n: number }> = await this.dataSource.query(
        `WITH interactions AS (
           SELECT s.h5_user_id AS source, s.agent_id AS target, 'chat' AS kind
             FROM chat_messages m JOIN chat_sessions s ON s.id = m.session_id
            WHERE ${inOrganization('s')} AND m.role = 'user' AND m.created_at >= $2 AND m.created_at < $3
           UNION ALL
           SELECT (e.changes -> 'assignee_id' ->> 'from')::uuid, (e.changes -> 'assignee_id' ->> 'to')::uuid, 'handoff'
             FROM activity_entries e
            WHERE ${inOrganization('e')} AND e.target_type = 'task' AND e.action IN ('task.updated', 'task.moved')
              AND e.changes ? 'assignee_id' AND e.created_at >= $2 AND e.created_at < $3
           UNION ALL
           SELECT p.requested_by_id, COALESCE(CASE WHEN p.decided_by_type = 'agent' THEN p.decided_by_id END, t.assignee_id), 'approval'
             FROM approvals p JOIN tasks t ON t.id = p.task_id
            WHERE ${inOrganization('p')} AND p.requested_by_type = 'agent' AND p.created_at >= $2 AND p.created_at < $3
           UNION ALL
           SELECT ev.agent_id, named.id, 'agent_event'
             FROM agent_events ev
             JOIN agents named ON named.organization_id = ev.organization_id
              AND named.id::text IN (ev.payload ->> 'target_agent_id', ev.payload ->> 'to_agent_id', ev.payload ->> 'recipient_agent_id', ev.payload ->> 'agent_id')
            WHERE ${inOrganization('ev')} AND ev.created_at >= $2 AND ev.created_at < $3)
         SELECT source, target, kind, count(*)::int AS n FROM interactions
          WHERE source IS NOT NULL AND target IS NOT NULL AND source <> target
          GROUP BY source, target, kind`,
        [organizationId, window.since, window.until],
      );
      const edges = new Map<string, GraphEdgeDto>();
      for (const { source, target, kind, n } of interactions) {
        const key = `${source}>${target}`;
        const edge = edges.get(key) ?? { source, target, weight: 0, kinds: [], counts: {} };
        edge.weight += n;
        edge.counts[kind] = n;
        edge.kinds.push(kind);
        edge.kinds.sort();
        edges.set(key, edge);
      }
      const ids = [...new Set(interactions.flatMap((row) => [row.source, row.target]))];
      const nodes: GraphNodeDto[] =
        ids.length === 0
          ? []
          : await this.dataSource.query(
              `SELECT id, name, 'agent' AS type FROM agents WHERE id = ANY($1::uuid[])
               UNION ALL SELECT id, display_name, 'user' FROM h5_users WHERE id = ANY($1::uuid[])
               ORDER BY type, name, id`,
              [ids],
            );
      const known = new Set(nodes.map((node) => node.id));
      return {
        since: window.since,
        until: window.until,
        nodes,
        edges: [...edges.values()]
          .filter((edge) => known.has(edge.source) && known.has(edge.target))
          .sort((a, b) => b.weight - a.weight || a.source.localeCompare(b.source) || a.target.localeCompare(b.target)),
      };
    });
  }

  /** The activity trail newest first, paged by a cursor (stable while new entries arrive, unlike an offset). */
  async liveActivity(principal: AdminPrincipal, query: LiveActivityQueryDto): Promise<LiveActivityDto> {
    const organizationId = scopedOrganizationFilter(principal, query.organization_id) ?? null;
    const after = query.cursor ? requirePosition(query.cursor, 'cursor') : null;
    const rows: LiveRow[] = await this.dataSource.query(
      `SELECT ${LIVE_COLUMNS}
         FROM activity_entries e
        WHERE ${inOrganization('e')} AND ($2::uuid IS NULL OR e.board_id = $2)
          AND ($3::timestamp IS NULL OR (e.created_at, e.id) < ($3::timestamp AT TIME ZONE 'UTC', $4::uuid))
        ORDER BY e.created_at DESC, e.id DESC
        LIMIT $5`,
      [organizationId, query.board_id ?? null, after?.position ?? null, after?.id ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    return { items: page.map(liveItemOf), cursor: rows.length > query.limit ? cursorOf(page[page.length - 1]) : null };
  }

  /** One answer per organization, view and query for a few seconds. */
  private cached<T>(principal: AdminPrincipal, view: string, query: object, compute: (organizationId: string | null) => Promise<T>): Promise<T> {
    const organizationId = scopedOrganizationFilter(principal, (query as { organization_id?: string }).organization_id) ?? null;
    const key = `${view}:${organizationId ?? '*'}:${JSON.stringify(query)}`;
    return this.cache.get(key, () => compute(organizationId)) as Promise<T>;
  }

  /** The window total rides on the page's rows; a page past the end counts separately. */
  private async totalOf(rows: Array<{ total?: number }>, offset: number, count: () => Promise<number>): Promise<number> {
    if (rows.length > 0) return rows[0].total ?? 0;
    return offset > 0 ? count() : 0;
  }

  private async countAgents(organizationId: string | null, status?: string): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM agents a WHERE ${inOrganization('a')} AND ($2::text IS NULL OR a.status = $2)`, [
      organizationId,
      status ?? null,
    ]);
    return row.n;
  }
}

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);

/** `since`/`until` of a window query: until defaults to now, since to 7 days before; at most 92 days. */
function windowOf(query: { since?: string; until?: string }): { since: string; until: string } {
  const until = query.until ?? new Date().toISOString();
  const since = query.since ?? new Date(instantOf(until, 'until') - DEFAULT_WINDOW_DAYS * DAY_MS).toISOString();
  const span = spanOf(since, until, ['since', 'until'], MAX_WINDOW_DAYS);
  return { since: new Date(span.start).toISOString(), until: new Date(span.end).toISOString() };
}
