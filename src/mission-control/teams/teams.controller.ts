import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ErrorResponseDto } from '../../core/http/dto/error-response.dto';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { CapabilitySearchService } from './capability-search.service';
import { AddTeamMemberDto, CapabilityMatchDto, CapabilitySearchQueryDto, CreateTeamDto, TeamDto, TeamListQueryDto, UpdateTeamDto } from './dto/team.dto';
import { TeamsService } from './teams.service';

@ApiTags('Teams')
@AdminAuth()
@Controller('api/v1/agent-teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @ApiOperation({ summary: 'List agent teams (filters organization_id, team_type, agent_id), each with its members' })
  @ApiPageResponse(TeamDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: TeamListQueryDto) {
    return this.teams.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a team; a lead_agent_id becomes a member with role leader' })
  @ApiCreatedResponse({ type: TeamDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'the organization already has a team of this name' })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateTeamDto) {
    return this.teams.create(principal, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A team with its members (agent_id, name, role_in_team, status, joined_at)' })
  @ApiOkResponse({ type: TeamDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.teams.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a team; a new lead becomes its leader and the former lead a plain member' })
  @ApiOkResponse({ type: TeamDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'the organization already has a team of this name' })
  update(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: UpdateTeamDto) {
    return this.teams.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a team (its agents stay)' })
  @ApiNoContentResponse({ description: 'deleted' })
  async remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string): Promise<void> {
    await this.teams.remove(principal, id);
  }

  @Post(':id/members')
  @ApiOperation({
    summary: 'Add a member (201), or change the role of one already in the team (200)',
    description: 'Role `leader` makes the agent the lead (the former lead becomes a member); taking `leader` from the lead leaves the team without one.',
  })
  @ApiCreatedResponse({ type: TeamDto, description: 'added' })
  @ApiOkResponse({ type: TeamDto, description: 'already a member: role updated' })
  async addMember(
    @CurrentPrincipal() principal: AdminPrincipal,
    @UuidParam() id: string,
    @Body() dto: AddTeamMemberDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TeamDto> {
    const { created, team } = await this.teams.addMember(principal, id, dto);
    response.status(created ? 201 : 200);
    return team;
  }

  @Delete(':id/members/:agent_id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (the lead too: the team then has none)' })
  @ApiNoContentResponse({ description: 'removed' })
  async removeMember(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @UuidParam('agent_id') agentId: string): Promise<void> {
    await this.teams.removeMember(principal, id, agentId);
  }
}

@ApiTags('Teams')
@AdminAuth()
@Controller('api/v1/agent-capabilities')
export class AgentCapabilitiesController {
  constructor(private readonly search: CapabilitySearchService) {}

  @Get('search')
  @ApiOperation({
    summary: 'Agents with a capability, best first (proficiency, availability, load)',
    description:
      'Capabilities and their proficiency (1-5) live on the agent (`/api/v1/agents/{id}/capabilities`). `score` = 0.5 × proficiency/5 + ' +
      '0.3 × availability (status online 1, busy 0.5, otherwise 0) + 0.2 × 1/(1 + load), where load is the open (not done) tasks assigned. ' +
      'Filters: `min_proficiency`, `organization_id`, `team_id` (members of that team only).',
  })
  @ApiPageResponse(CapabilityMatchDto)
  find(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: CapabilitySearchQueryDto) {
    return this.search.search(principal, query);
  }
}
