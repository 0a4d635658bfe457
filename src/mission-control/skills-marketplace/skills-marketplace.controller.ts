import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ErrorResponseDto } from '../../core/http/dto/error-response.dto';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { InstallationDto, InstallationListQueryDto, LiveSkillDto, LiveSkillsQueryDto, SkillTargetDto } from './dto/installation.dto';
import { CreateSkillDto, SkillDto, SkillListQueryDto, SkillSummaryDto, UpdateSkillDto } from './dto/skill.dto';
import { SkillInstallsService } from './skill-installs.service';
import { SkillsMarketplaceService } from './skills-marketplace.service';

const OFFLINE = { type: ErrorResponseDto, description: 'the gateway cannot be reached right now' };
const REFUSED = { type: ErrorResponseDto, description: 'the gateway answered with an error' };

@ApiTags('Skills marketplace')
@AdminAuth()
@Controller('api/v1/skills-marketplace')
export class SkillsMarketplaceController {
  constructor(
    private readonly catalogue: SkillsMarketplaceService,
    private readonly installs: SkillInstallsService,
  ) {}

  @Get()
  @ApiOperation({ summary: "An organization's skill catalogue (without contents)" })
  @ApiPageResponse(SkillSummaryDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: SkillListQueryDto) {
    return this.catalogue.list(principal, query);
  }

  @Post()
  @ApiOperation({
    summary: 'Add a skill to the catalogue',
    description: 'A bundle skill carries its SKILL.md (`content`) and optional extra text files; a ClawHub skill names `clawhub_slug`. Slugs are unique per organization (409).',
  })
  @ApiCreatedResponse({ type: SkillDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'the slug is taken in this organization' })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateSkillDto) {
    return this.catalogue.create(principal, dto);
  }

  @Get('installed')
  @ApiOperation({ summary: 'What gateways have installed from the catalogue, by our records' })
  @ApiPageResponse(InstallationDto)
  installed(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: InstallationListQueryDto) {
    return this.installs.listInstalled(principal, query);
  }

  @Get('gateways/:gateway_id/live')
  @ApiOperation({ summary: "A gateway's skills as it reports them right now (skills.status)" })
  @ApiPageResponse(LiveSkillDto)
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'unknown gateway' })
  @ApiServiceUnavailableResponse(OFFLINE)
  @ApiBadGatewayResponse(REFUSED)
  live(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam('gateway_id') gatewayId: string, @Query() query: LiveSkillsQueryDto) {
    return this.installs.live(principal, gatewayId, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A catalogue skill with its SKILL.md and files' })
  @ApiOkResponse({ type: SkillDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.catalogue.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a catalogue skill (not its slug); reinstall to push the change to gateways' })
  @ApiOkResponse({ type: SkillDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  update(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: UpdateSkillDto) {
    return this.catalogue.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a skill from the catalogue (gateways keep what they installed)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.catalogue.remove(principal, id);
  }

  @Post(':id/install')
  @ApiOperation({
    summary: "Install the skill on an agent's gateway: 201, or 200 when it is already installed",
    description:
      "Bundle skills are zipped and uploaded (the SKILL.md gets `name: <slug>` front matter); ClawHub skills are fetched by the gateway. " +
      'The agent must be in the skill\'s organization and have a gateway (409). Installing the same content again sends nothing and answers 200; ' +
      'after a change to the skill it is pushed again (200). A gateway failure is recorded as a `failed` installation.',
  })
  @ApiCreatedResponse({ type: InstallationDto })
  @ApiOkResponse({ type: InstallationDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: "the agent has no gateway or is outside the skill's organization" })
  @ApiServiceUnavailableResponse(OFFLINE)
  @ApiBadGatewayResponse(REFUSED)
  async install(
    @CurrentPrincipal() principal: AdminPrincipal,
    @UuidParam() id: string,
    @Body() dto: SkillTargetDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { created, installation } = await this.installs.install(principal, id, dto.agent_id);
    response.status(created ? 201 : 200);
    return installation;
  }

  @Post(':id/uninstall')
  @HttpCode(200)
  @ApiOperation({
    summary: "Uninstall the skill from an agent's gateway (disables it)",
    description:
      'The OpenClaw gateway protocol has no method that removes a workspace skill, so this disables it: ' +
      '`skills.update {skillKey: <slug>, enabled: false}`. Its files stay in the workspace and the skill shows as disabled in the live list; ' +
      'installing again re-enables it. The gateway applies the change by reloading its config; the answer waits (up to 3 s) until skills.status shows it. ' +
      '404 when it was never installed there; uninstalling twice is a no-op.',
  })
  @ApiOkResponse({ type: InstallationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: "the agent has no gateway or is outside the skill's organization" })
  @ApiServiceUnavailableResponse(OFFLINE)
  @ApiBadGatewayResponse(REFUSED)
  uninstall(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: SkillTargetDto) {
    return this.installs.uninstall(principal, id, dto.agent_id);
  }
}
