import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ErrorResponseDto } from '../../core/http/dto/error-response.dto';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { ApplySoulDto, CreateSoulDto, SoulApplicationDto, SoulDto, SoulListQueryDto, SoulSummaryDto, UpdateSoulDto } from './dto/soul.dto';
import { SoulsService } from './souls.service';

const READ_ONLY = { type: ErrorResponseDto, description: "a built-in template (read-only), or another organization's" };

@ApiTags('Souls directory')
@AdminAuth()
@Controller('api/v1/souls-directory')
export class SoulsController {
  constructor(private readonly souls: SoulsService) {}

  @Get()
  @ApiOperation({ summary: "SOUL.md templates: the built-in ones and organizations' own (without contents)" })
  @ApiPageResponse(SoulSummaryDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: SoulListQueryDto) {
    return this.souls.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: "Add a SOUL.md template to an organization's directory" })
  @ApiCreatedResponse({ type: SoulDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'the slug is taken in this organization' })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateSoulDto) {
    return this.souls.create(principal, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A SOUL.md template with its content' })
  @ApiOkResponse({ type: SoulDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.souls.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change an organization's template (built-ins are read-only: 403)" })
  @ApiOkResponse({ type: SoulDto })
  @ApiForbiddenResponse(READ_ONLY)
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  update(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: UpdateSoulDto) {
    return this.souls.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: "Delete an organization's template (built-ins are read-only: 403)" })
  @ApiNoContentResponse()
  @ApiForbiddenResponse(READ_ONLY)
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.souls.remove(principal, id);
  }

  @Post(':id/apply')
  @HttpCode(200)
  @ApiOperation({
    summary: "Write the template as an agent's SOUL.md through its gateway",
    description:
      "Replaces SOUL.md in the agent's OpenClaw workspace (`agents.files.set`). The agent must have a gateway, and for an " +
      "organization template belong to the template's organization (409).",
  })
  @ApiOkResponse({ type: SoulApplicationDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: "the agent has no gateway or is outside the template's organization" })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'the gateway cannot be reached right now' })
  @ApiBadGatewayResponse({ type: ErrorResponseDto, description: 'the gateway answered with an error' })
  apply(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: ApplySoulDto) {
    return this.souls.apply(principal, id, dto.agent_id);
  }
}
