import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import {
  CreateOrganizationDto,
  OrganizationDto,
  OrganizationListQueryDto,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('Organizations')
@AdminAuth()
@Controller('api/v1/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @ApiOperation({ summary: 'List organizations (an organization-bound admin sees only their own)' })
  @ApiPageResponse(OrganizationDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: OrganizationListQueryDto) {
    return this.organizations.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create an organization (superadmin)' })
  @ApiCreatedResponse({ type: OrganizationDto })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateOrganizationDto) {
    return this.organizations.create(principal, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an organization' })
  @ApiOkResponse({ type: OrganizationDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.organizations.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update an organization' })
  @ApiOkResponse({ type: OrganizationDto })
  update(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: UpdateOrganizationDto) {
    return this.organizations.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an organization and everything in it (superadmin)' })
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.organizations.remove(principal, id);
  }
}
