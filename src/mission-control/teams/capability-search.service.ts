import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { AdminPrincipal } from '../../core/auth/principal';
import { Page } from '../../core/http/pagination';
import { CapabilityMatchDto, CapabilitySearchQueryDto } from './dto/team.dto';
import { TeamsService } from './teams.service';

/** How much an agent's status says it can take work now. */
export const AVAILABILITY_SQL = `CASE a.status WHEN 'online' THEN 1 WHEN 'busy' THEN 0.5 ELSE 0 END`;

/** Agents with the capability (`$1`) at `$2` or better, in an organization (`$3`) and team (`$4`) when given. */
const MATCHES = `
         SELECT a.id AS agent_id, a.name, a.organization_id, c.capability, c.proficiency::int AS proficiency, a.status,
                COALESCE(l.open_tasks, 0)::int AS load,
                round((0.5 * c.proficiency / 5.0 + 0.3 * ${AVAILABILITY_SQL} + 0.2 / (1 + COALESCE(l.open_tasks, 0)))::numeric, 4)::float8 AS score
           FROM agent_capabilities c
           JOIN agents a ON a.id = c.agent_id
           LEFT JOIN (SELECT assignee_id, count(*) AS open_tasks FROM tasks
                       WHERE status <> 'done' AND assignee_id IN (SELECT agent_id FROM agent_capabilities WHERE capability = $1)
                       GROUP BY assignee_id) l ON l.assignee_id = a.id
          WHERE c.capability = $1 AND c.proficiency >= $2
            AND ($3::uuid IS NULL OR a.organization_id = $3)
            AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM agent_team_members m WHERE m.team_id = $4 AND m.agent_id = a.id))`;

/**
 * Agents that carry a capability (on the agent: `/api/v1/agents/{id}/capabilities`, proficiency 1-5), best first:
 * proficiency weighs 0.5, availability 0.3, a light load (open tasks) 0.2. One query, whatever the page.
 */
@Injectable()
export class CapabilitySearchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teams: TeamsService,
  ) {}

  async search(principal: AdminPrincipal, query: CapabilitySearchQueryDto): Promise<Page<CapabilityMatchDto>> {
    const organizationId = scopedOrganizationFilter(principal, query.organization_id) ?? null;
    if (query.team_id) await this.teams.load(principal, query.team_id);
    const parameters = [query.capability, query.min_proficiency ?? 1, organizationId, query.team_id ?? null];
    const rows: Array<CapabilityMatchDto & { total: number }> = await this.dataSource.query(
      `WITH matches AS (${MATCHES})
       SELECT *, count(*) OVER ()::int AS total FROM matches
        ORDER BY score ${query.order === 'asc' ? 'ASC' : 'DESC'}, proficiency DESC, load ASC, name ASC, agent_id ASC
        LIMIT $5 OFFSET $6`,
      [...parameters, query.limit, query.offset],
    );
    // a page past the end has no row to carry the total
    let total = rows.length > 0 ? rows[0].total : 0;
    if (rows.length === 0 && query.offset > 0) [{ n: total }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM (${MATCHES}) m`, parameters);
    return Page.of(rows.map(({ total: _total, ...match }) => match), total, query);
  }
}
