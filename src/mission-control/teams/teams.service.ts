import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { assertOrganizationAccess, scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { Actor, actorOf, AdminPrincipal } from '../../core/auth/principal';
import { fetchPage } from '../../core/database/query-helpers';
import { fieldError } from '../../core/http/api-errors';
import { Page } from '../../core/http/pagination';
import { Outbox } from '../../core/jobs/outbox';
import { ActivityService, changedFields } from '../activity/activity.service';
import { AgentEntity } from '../agents/entities/agent.entity';
import { agentRefOf, MissionControlEvents } from '../domain-events';
import { OrganizationsService } from '../organizations/organizations.service';
import { AddTeamMemberDto, CreateTeamDto, TEAM_SORT, TeamDto, TeamListQueryDto, UpdateTeamDto } from './dto/team.dto';
import { AgentTeamEntity, AgentTeamMemberEntity, TeamRole } from './entities/agent-team.entity';

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

/** Agent teams: a type, a lead that is always a member with role leader, and members with roles. */
@Injectable()
export class TeamsService {
  constructor(
    @InjectRepository(AgentTeamEntity) private readonly teams: Repository<AgentTeamEntity>,
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly activity: ActivityService,
    private readonly outbox: Outbox<MissionControlEvents>,
  ) {}

  async list(principal: AdminPrincipal, query: TeamListQueryDto): Promise<Page<TeamDto>> {
    const builder = this.teams.createQueryBuilder('t');
    const organizationId = scopedOrganizationFilter(principal, query.organization_id);
    if (organizationId) builder.andWhere('t.organizationId = :organizationId', { organizationId });
    if (query.team_type) builder.andWhere('t.teamType = :teamType', { teamType: query.team_type });
    if (query.agent_id) {
      builder.andWhere('EXISTS (SELECT 1 FROM agent_team_members m WHERE m.team_id = t.id AND m.agent_id = :agentId)', { agentId: query.agent_id });
    }
    const page = await fetchPage(builder, query, TEAM_SORT, 'created_at');
    const members = await this.membersOf(this.dataSource.manager, page.items.map((team) => team.id));
    return page.map((team) => TeamDto.from(team, members.get(team.id) ?? []));
  }

  async get(principal: AdminPrincipal, id: string): Promise<TeamDto> {
    const team = await this.load(principal, id);
    return this.toDto(this.dataSource.manager, team);
  }

  async create(principal: AdminPrincipal, dto: CreateTeamDto): Promise<TeamDto> {
    await this.organizations.load(principal, dto.organization_id);
    await this.assertNameFree(dto.organization_id, dto.name.trim());
    const actor = actorOf(principal);
    return this.guardName(() =>
      this.dataSource.transaction(async (manager) => {
        const lead = dto.lead_agent_id ? await this.agentOf(manager, dto.lead_agent_id, dto.organization_id, 'lead_agent_id') : null;
        const team = await manager.save(
          manager.create(AgentTeamEntity, {
            organizationId: dto.organization_id,
            name: dto.name.trim(),
            description: dto.description ?? null,
            teamType: dto.team_type ?? 'custom',
            leadAgentId: lead?.id ?? null,
          }),
        );
        if (lead) await manager.insert(AgentTeamMemberEntity, { teamId: team.id, agentId: lead.id, roleInTeam: 'leader' });
        const created = await this.toDto(manager, team);
        await this.activity.recordChange(manager, principal, subject(team), 'team.created', `Team "${team.name}" created`, { team_type: team.teamType, lead_agent_id: team.leadAgentId });
        await this.outbox.record(manager, 'team.created', { team: created, actor }, team.organizationId);
        return created;
      }),
    );
  }

  async update(principal: AdminPrincipal, id: string, dto: UpdateTeamDto): Promise<TeamDto> {
    const existing = await this.load(principal, id);
    if (dto.name !== undefined && dto.name.trim() !== existing.name) await this.assertNameFree(existing.organizationId, dto.name.trim());
    const actor = actorOf(principal);
    return this.guardName(() =>
      this.dataSource.transaction(async (manager) => {
        const team = await manager.createQueryBuilder(AgentTeamEntity, 't').setLock('pessimistic_write').where('t.id = :id', { id }).getOne();
        if (!team) throw new NotFoundException({ detail: 'Team not found' });
        const lead = dto.lead_agent_id ? await this.agentOf(manager, dto.lead_agent_id, existing.organizationId, 'lead_agent_id') : null;
        const patch: Partial<AgentTeamEntity> = {
          name: dto.name?.trim(),
          description: dto.description,
          teamType: dto.team_type,
          leadAgentId: dto.lead_agent_id === undefined ? undefined : (lead?.id ?? null),
        };
        const changes = changedFields(team, patch);
        const previousLead = team.leadAgentId;
        Object.assign(team, Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)));
        const saved = await manager.save(team);
        if (previousLead && previousLead !== saved.leadAgentId) {
          await manager.update(AgentTeamMemberEntity, { teamId: saved.id, agentId: previousLead, roleInTeam: 'leader' }, { roleInTeam: 'member' });
        }
        if (lead) await this.upsertMember(manager, saved, lead, 'leader', actor);
        const updated = await this.toDto(manager, saved);
        if (Object.keys(changes).length > 0) {
          await this.activity.recordChange(manager, principal, subject(saved), 'team.updated', `Team "${saved.name}" updated`, changes);
          await this.outbox.record(manager, 'team.updated', { team: updated, changes, actor }, saved.organizationId);
        }
        return updated;
      }),
    );
  }

  async remove(principal: AdminPrincipal, id: string): Promise<void> {
    const team = await this.load(principal, id);
    const actor = actorOf(principal);
    await this.dataSource.transaction(async (manager) => {
      const removed = await this.toDto(manager, team);
      await manager.delete(AgentTeamEntity, { id });
      await this.activity.recordChange(manager, principal, subject(team), 'team.deleted', `Team "${team.name}" deleted`, { member_count: removed.member_count });
      await this.outbox.record(manager, 'team.deleted', { team: removed, actor }, team.organizationId);
    });
  }

  /** Adds an agent, or changes its role when it is already a member (created tells which). */
  async addMember(principal: AdminPrincipal, id: string, dto: AddTeamMemberDto): Promise<{ created: boolean; team: TeamDto }> {
    const team = await this.load(principal, id);
    const actor = actorOf(principal);
    return this.dataSource.transaction(async (manager) => {
      const agent = await this.agentOf(manager, dto.agent_id, team.organizationId, 'agent_id');
      const role = dto.role_in_team ?? 'member';
      const previous = await this.upsertMember(manager, team, agent, role, actor);
      // the lead is the team's leader: taking that role away from it, or giving it to another, moves the lead
      if (role === 'leader' && team.leadAgentId !== agent.id) await this.setLead(manager, team, agent.id, principal, actor);
      else if (role !== 'leader' && team.leadAgentId === agent.id) await this.setLead(manager, team, null, principal, actor);
      return { created: previous === undefined, team: await this.toDto(manager, team) };
    });
  }

  async removeMember(principal: AdminPrincipal, id: string, agentId: string): Promise<void> {
    const team = await this.load(principal, id);
    const actor = actorOf(principal);
    await this.dataSource.transaction(async (manager) => {
      const member = await manager.findOne(AgentTeamMemberEntity, { where: { teamId: id, agentId }, relations: { agent: true } });
      if (!member || !member.agent) throw new NotFoundException({ detail: 'The agent is not a member of this team' });
      await manager.delete(AgentTeamMemberEntity, { teamId: id, agentId });
      if (team.leadAgentId === agentId) await this.setLead(manager, team, null, principal, actor);
      await this.activity.recordChange(manager, principal, subject(team), 'team.member_removed', `Agent "${member.agent.name}" left team "${team.name}"`, {
        agent_id: agentId,
        role_in_team: member.roleInTeam,
      });
      await this.outbox.record(
        manager,
        'team.member_removed',
        { team_id: team.id, team_name: team.name, agent: agentRefOf(member.agent), role_in_team: member.roleInTeam, actor },
        team.organizationId,
      );
    });
  }

  /** A team the principal may see (404 unknown, 403 another organization's). */
  async load(principal: AdminPrincipal, id: string): Promise<AgentTeamEntity> {
    const team = await this.teams.findOneBy({ id });
    if (!team) throw new NotFoundException({ detail: 'Team not found' });
    assertOrganizationAccess(principal, team.organizationId);
    return team;
  }

  /** The member's role before (undefined: it was not a member); records the change when there is one. */
  private async upsertMember(manager: EntityManager, team: AgentTeamEntity, agent: AgentEntity, role: TeamRole, actor: Actor): Promise<TeamRole | undefined> {
    const existing = await manager.findOneBy(AgentTeamMemberEntity, { teamId: team.id, agentId: agent.id });
    if (existing?.roleInTeam === role) return role;
    if (existing) await manager.update(AgentTeamMemberEntity, { teamId: team.id, agentId: agent.id }, { roleInTeam: role });
    else await manager.insert(AgentTeamMemberEntity, { teamId: team.id, agentId: agent.id, roleInTeam: role });
    await this.activity.record(manager, {
      actor,
      action: existing ? 'team.member_role_changed' : 'team.member_added',
      organizationId: team.organizationId,
      target: { type: 'agent_team', id: team.id },
      summary: existing ? `Agent "${agent.name}" is now ${role} of team "${team.name}"` : `Agent "${agent.name}" joined team "${team.name}" as ${role}`,
      changes: { agent_id: agent.id, role_in_team: existing ? { from: existing.roleInTeam, to: role } : role },
    });
    await this.outbox.record(
      manager,
      'team.member_added',
      { team_id: team.id, team_name: team.name, agent: agentRefOf(agent), role_in_team: role, previous_role: existing?.roleInTeam ?? null, actor },
      team.organizationId,
    );
    return existing?.roleInTeam;
  }

  /** Moves the lead; a former lead still in the team becomes a plain member. */
  private async setLead(manager: EntityManager, team: AgentTeamEntity, agentId: string | null, principal: AdminPrincipal, actor: Actor): Promise<void> {
    const previous = team.leadAgentId;
    if (previous && previous !== agentId) {
      await manager.update(AgentTeamMemberEntity, { teamId: team.id, agentId: previous, roleInTeam: 'leader' }, { roleInTeam: 'member' });
    }
    team.leadAgentId = agentId;
    await manager.update(AgentTeamEntity, { id: team.id }, { leadAgentId: agentId });
    const changes = { lead_agent_id: { from: previous, to: agentId } };
    await this.activity.recordChange(manager, principal, subject(team), 'team.updated', `Team "${team.name}" ${agentId ? 'has a new lead' : 'has no lead'}`, changes);
    await this.outbox.record(manager, 'team.updated', { team: await this.toDto(manager, team), changes, actor }, team.organizationId);
  }

  private async agentOf(manager: EntityManager, agentId: string, organizationId: string, field: string): Promise<AgentEntity> {
    const agent = await manager.findOneBy(AgentEntity, { id: agentId });
    if (!agent || agent.organizationId !== organizationId) throw fieldError(field, `${field} does not name an agent of the team's organization`);
    return agent;
  }

  private async toDto(manager: EntityManager, team: AgentTeamEntity): Promise<TeamDto> {
    const members = await this.membersOf(manager, [team.id]);
    return TeamDto.from(team, members.get(team.id) ?? []);
  }

  /** The members of several teams in one query, with their agents. */
  private async membersOf(manager: EntityManager, teamIds: string[]): Promise<Map<string, AgentTeamMemberEntity[]>> {
    const byTeam = new Map<string, AgentTeamMemberEntity[]>();
    if (teamIds.length === 0) return byTeam;
    const rows = await manager.find(AgentTeamMemberEntity, { where: { teamId: In(teamIds) }, relations: { agent: true } });
    for (const row of rows) byTeam.set(row.teamId, [...(byTeam.get(row.teamId) ?? []), row]);
    return byTeam;
  }

  private async assertNameFree(organizationId: string, name: string): Promise<void> {
    if (await this.teams.existsBy({ organizationId, name })) throw new ConflictException({ detail: 'The organization already has a team of this name' });
  }

  /** Two creates of one name at once: the unique index decides, and the loser gets the same 409. */
  private async guardName<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException({ detail: 'The organization already has a team of this name' });
      throw error;
    }
  }
}

const subject = (team: AgentTeamEntity) => ({ type: 'agent_team', id: team.id, organizationId: team.organizationId });

