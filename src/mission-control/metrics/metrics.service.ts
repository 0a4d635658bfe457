import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { AdminPrincipal } from '../../core/auth/principal';
import { TtlCache } from '../../core/caching/ttl-cache';
import { usageTotals } from '../usage/usage.service';
import { BoardsService } from '../boards/boards.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { TASK_STATUSES } from '../tasks/entities/task.entity';
import { AgentLoadDto, CycleTimeDto, DayCountDto, MetricsDto, OperationalSummaryDto, ThroughputDayDto } from './dto/metrics.dto';

type Scope = { scope: 'board' | 'organization'; id: string; column: 'board_id' | 'organization_id' };

/** How long a computed summary is served from memory (per organization). */
export const SUMMARY_TTL_MS = 5_000;
const THROUGHPUT_DAYS = 7;

/** `($n IS NULL OR alias.organization_id = $n)`: one organization, or every one when the caller sees all. */
export const inOrganization = (alias: string, parameter = 1) => `($${parameter}::uuid IS NULL OR ${alias}.organization_id = $${parameter})`;

const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/** Work figures of a board or an organisation, computed in the database. */
@Injectable()
export class MetricsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly boards: BoardsService,
    private readonly organizations: OrganizationsService,
  ) {}

  private readonly summaries = new TtlCache<OperationalSummaryDto>(SUMMARY_TTL_MS);

  /** The operational summary of one organization (or of all the caller sees), at most a few seconds old. */
  summary(principal: AdminPrincipal, requested?: string): Promise<OperationalSummaryDto> {
    const organizationId = scopedOrganizationFilter(principal, requested) ?? null;
    return this.summaries.get(organizationId ?? '*', () => this.computeSummary(organizationId));
  }

  private async computeSummary(organizationId: string | null): Promise<OperationalSummaryDto> {
    const generatedAt = new Date();
    const [[counts], days] = await Promise.all([
      this.dataSource.query(
        `WITH bounds AS (SELECT date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS today)
         SELECT
           (SELECT json_build_object(
              'total', count(*), 'active', count(*) FILTER (WHERE status IN ('online', 'busy')),
              'online', count(*) FILTER (WHERE status = 'online'), 'busy', count(*) FILTER (WHERE status = 'busy'),
              'offline', count(*) FILTER (WHERE status = 'offline'), 'error', count(*) FILTER (WHERE status = 'error'),
              'disabled', count(*) FILTER (WHERE status = 'disabled'))
              FROM agents a WHERE ${inOrganization('a')}) AS agents,
           (SELECT json_build_object(
              'total', count(*), 'open', count(*) FILTER (WHERE status <> 'done'),
              'in_progress', count(*) FILTER (WHERE status = 'in_progress'), 'review', count(*) FILTER (WHERE status = 'review'),
              'created_today', count(*) FILTER (WHERE created_at >= bounds.today),
              'done_today', count(*) FILTER (WHERE status = 'done' AND completed_at >= bounds.today),
              'overdue', count(*) FILTER (WHERE status <> 'done' AND due_at < now()))
              FROM tasks t, bounds WHERE ${inOrganization('t')}) AS tasks,
           (SELECT count(*) FROM approvals p WHERE ${inOrganization('p')} AND status = 'pending')::int AS pending_approvals,
           (SELECT count(*) FROM suggestions s WHERE ${inOrganization('s')} AND status = 'pending')::int AS pending_suggestions,
           (SELECT json_build_object('online', count(*) FILTER (WHERE status = 'online'), 'total', count(*)) FROM gateways g WHERE ${inOrganization('g')}) AS gateways,
           (SELECT count(*) FROM pipeline_runs r WHERE ${inOrganization('r')} AND status IN ('queued', 'running', 'waiting'))::int AS running_pipelines,
           (SELECT json_build_object('input_tokens', COALESCE(sum(input_tokens), 0), 'output_tokens', COALESCE(sum(output_tokens), 0), 'cost_usd', COALESCE(sum(cost_usd), 0))
              FROM agent_usage_daily u WHERE ${inOrganization('u')} AND usage_date = (now() AT TIME ZONE 'UTC')::date) AS usage_today`,
        [organizationId],
      ),
      this.dataSource.query(
        `WITH days AS (SELECT generate_series((now() AT TIME ZONE 'UTC')::date - ($2::int - 1), (now() AT TIME ZONE 'UTC')::date, interval '1 day')::date AS day)
         SELECT to_char(d.day, 'YYYY-MM-DD') AS date,
                (SELECT count(*) FROM tasks t WHERE ${inOrganization('t')} AND t.created_at >= d.day::timestamp AT TIME ZONE 'UTC'
                    AND t.created_at < (d.day + 1)::timestamp AT TIME ZONE 'UTC')::int AS created,
                (SELECT count(*) FROM tasks t WHERE ${inOrganization('t')} AND t.status = 'done' AND t.completed_at >= d.day::timestamp AT TIME ZONE 'UTC'
                    AND t.completed_at < (d.day + 1)::timestamp AT TIME ZONE 'UTC')::int AS done,
                (SELECT COALESCE(sum(u.input_tokens + u.output_tokens), 0) FROM agent_usage_daily u WHERE ${inOrganization('u')} AND u.usage_date = d.day) AS tokens,
                (SELECT COALESCE(sum(u.cost_usd), 0) FROM agent_usage_daily u WHERE ${inOrganization('u')} AND u.usage_date = d.day) AS cost_usd
           FROM days d ORDER BY d.day`,
        [organizationId, THROUGHPUT_DAYS],
      ),
    ]);
    const numbers = <T extends object>(object: T) => Object.fromEntries(Object.entries(object).map(([key, value]) => [key, Number(value)])) as T;
    return {
      organization_id: organizationId,
      generated_at: generatedAt.toISOString(),
      agents: numbers(counts.agents),
      tasks: numbers(counts.tasks),
      pending_approvals: counts.pending_approvals,
      pending_suggestions: counts.pending_suggestions,
      gateways: numbers(counts.gateways),
      running_pipelines: counts.running_pipelines,
      usage_today: usageTotals(counts.usage_today),
      throughput: (days as Array<{ date: string; created: number; done: number; tokens: string; cost_usd: string }>).map(
        (day): ThroughputDayDto => ({ date: day.date, created: day.created, done: day.done, tokens: Number(day.tokens), cost_usd: usageTotals(day).cost_usd }),
      ),
    };
  }

  async forBoard(principal: AdminPrincipal, boardId: string, days: number): Promise<MetricsDto> {
    const board = await this.boards.load(principal, boardId);
    return this.compute({ scope: 'board', id: board.id, column: 'board_id' }, days);
  }

  async forOrganization(principal: AdminPrincipal, organizationId: string, days: number): Promise<MetricsDto> {
    const organization = await this.organizations.load(principal, organizationId);
    return this.compute({ scope: 'organization', id: organization.id, column: 'organization_id' }, days);
  }

  private async compute(scope: Scope, days: number): Promise<MetricsDto> {
    const [byStatus, created, done, cycle, pending, load] = await Promise.all([
      this.dataSource.query(`SELECT status, count(*)::int AS n FROM tasks WHERE ${scope.column} = $1 GROUP BY status`, [scope.id]),
      this.perDay(scope, 'created_at', days),
      this.perDay(scope, 'completed_at', days),
      this.dataSource.query(
        `SELECT count(*)::int AS count,
                avg(h) AS average, percentile_cont(0.5) WITHIN GROUP (ORDER BY h) AS median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY h) AS p90
           FROM (SELECT extract(epoch FROM completed_at - started_at) / 3600 AS h FROM tasks
                  WHERE ${scope.column} = $1 AND status = 'done' AND started_at IS NOT NULL
                    AND completed_at >= now() - make_interval(days => $2)) AS done_tasks`,
        [scope.id, days],
      ),
      this.dataSource.query(`SELECT count(*)::int AS n FROM approvals WHERE ${scope.column} = $1 AND status = 'pending'`, [scope.id]),
      this.dataSource.query(
        `SELECT a.id AS agent_id, a.name,
                count(*) FILTER (WHERE t.status <> 'done')::int AS open_tasks,
                count(*) FILTER (WHERE t.status = 'in_progress')::int AS in_progress
           FROM tasks t JOIN agents a ON a.id = t.assignee_id
          WHERE t.${scope.column} = $1
          GROUP BY a.id, a.name
          ORDER BY open_tasks DESC, a.name`,
        [scope.id],
      ),
    ]);
    const tasksByStatus = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0]));
    for (const row of byStatus as Array<{ status: string; n: number }>) tasksByStatus[row.status] = row.n;
    const [cycleRow] = cycle as Array<{ count: number; average: string | null; median: string | null; p90: string | null }>;
    const cycleTime: CycleTimeDto = {
      count: cycleRow.count,
      average_hours: round(cycleRow.average === null ? null : Number(cycleRow.average)),
      median_hours: round(cycleRow.median === null ? null : Number(cycleRow.median)),
      p90_hours: round(cycleRow.p90 === null ? null : Number(cycleRow.p90)),
    };
    return {
      scope: scope.scope,
      id: scope.id,
      window_days: days,
      tasks_by_status: tasksByStatus,
      created_per_day: created,
      done_per_day: done,
      cycle_time: cycleTime,
      pending_approvals: (pending as Array<{ n: number }>)[0].n,
      agent_load: load as AgentLoadDto[],
    };
  }

  /** One row per UTC day of the window, today included, zero where nothing happened. */
  private async perDay(scope: Scope, column: 'created_at' | 'completed_at', days: number): Promise<DayCountDto[]> {
    const rows: Array<{ date: string; count: number }> = await this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS date, count(t.id)::int AS count
         FROM generate_series((now() AT TIME ZONE 'UTC')::date - ($2::int - 1), (now() AT TIME ZONE 'UTC')::date, interval '1 day') AS day
         LEFT JOIN tasks t ON t.${scope.column} = $1 AND (t.${column} AT TIME ZONE 'UTC')::date = day::date
        GROUP BY day ORDER BY day`,
      [scope.id, days],
    );
    return rows;
  }
}
