import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AdminPrincipal } from '../../core/auth/principal';
import { BoardsService } from '../boards/boards.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { TASK_STATUSES } from '../tasks/entities/task.entity';
import { AgentLoadDto, CycleTimeDto, DayCountDto, MetricsDto } from './dto/metrics.dto';

type Scope = { scope: 'board' | 'organization'; id: string; column: 'board_id' | 'organization_id' };

const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/** Work figures of a board or an organisation, computed in the database. */
@Injectable()
export class MetricsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly boards: BoardsService,
    private readonly organizations: OrganizationsService,
  ) {}

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
