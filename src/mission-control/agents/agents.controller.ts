import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { AgentsService } from './agents.service';
import {
  AddCapabilityDto,
  AgentDto,
  AgentListQueryDto,
  AgentWithTokenDto,
  CapabilityDto,
  CapabilityListDto,
  CreateAgentDto,
  UpdateAgentDto,
} from './dto/agent.dto';

@ApiTags('Agents')
@AdminAuth()
@Controller('api/v1/agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  @ApiOperation({ summary: 'List agents' })
  @ApiPageResponse(AgentDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: AgentListQueryDto) {
    return this.agents.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create an agent; the answer carries its agent_token, shown only this once' })
  @ApiCreatedResponse({ type: AgentWithTokenDto })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateAgentDto) {
    return this.agents.create(principal, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an agent' })
  @ApiOkResponse({ type: AgentDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.agents.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update an agent' })
  @ApiOkResponse({ type: AgentDto })
  update(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: UpdateAgentDto) {
    return this.agents.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an agent' })
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.agents.remove(principal, id);
  }

  @Post(':id/rotate-token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the agent token: the old one stops working, the new one is shown once' })
  @ApiOkResponse({ type: AgentWithTokenDto })
  rotateToken(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.agents.rotateToken(principal, id);
  }

  @Get(':id/capabilities')
  @ApiOperation({ summary: "List an agent's capabilities" })
  @ApiOkResponse({ type: CapabilityListDto })
  listCapabilities(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.agents.listCapabilities(principal, id);
  }

  @Post(':id/capabilities')
  @ApiOperation({ summary: 'Add a capability (201), or set its proficiency when already present (200)' })
  @ApiCreatedResponse({ type: CapabilityDto })
  @ApiOkResponse({ type: CapabilityDto })
  async addCapability(
    @CurrentPrincipal() principal: AdminPrincipal,
    @UuidParam() id: string,
    @Body() dto: AddCapabilityDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { created, capability } = await this.agents.addCapability(principal, id, dto);
    response.status(created ? 201 : 200);
    return capability;
  }

  @Delete(':id/capabilities/:cap')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a capability' })
  @ApiNoContentResponse()
  removeCapability(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Param('cap') capability: string) {
    return this.agents.removeCapability(principal, id, capability);
  }
}
