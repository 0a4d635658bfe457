import { Body, Controller, Delete, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { AssignAgentDto, CreateH5UserDto, H5AssignmentDto, H5UserDetailDto, H5UserDto, H5UserListQueryDto } from './dto/h5.dto';
import { H5UsersService } from './h5-users.service';

@ApiTags('H5 users')
@AdminAuth()
@Controller('api/v1/h5/users')
export class H5UsersController {
  constructor(private readonly users: H5UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List H5 users' })
  @ApiPageResponse(H5UserDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: H5UserListQueryDto) {
    return this.users.list(principal, query);
  }

  @Post()
  @ApiOperation({
    summary: 'Create an H5 user (admin)',
    description: 'Works whether or not the organization accepts self-registration; the user then signs in with POST /h5/auth/login.',
  })
  @ApiCreatedResponse({ type: H5UserDto })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateH5UserDto) {
    return this.users.create(principal, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an H5 user with their assignments and chat history; their tokens stop working' })
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.users.remove(principal, id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An H5 user with their agent assignments' })
  @ApiOkResponse({ type: H5UserDetailDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.users.get(principal, id);
  }

  @Post(':id/assign')
  @ApiOperation({
    summary: 'Assign the user to an agent of the same organization',
    description: '201 when new; 200 when the assignment existed (its board and role are updated).',
  })
  @ApiCreatedResponse({ type: H5AssignmentDto })
  @ApiOkResponse({ type: H5AssignmentDto })
  async assign(
    @CurrentPrincipal() principal: AdminPrincipal,
    @UuidParam() id: string,
    @Body() dto: AssignAgentDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { created, assignment } = await this.users.assign(principal, id, dto);
    response.status(created ? 201 : 200);
    return assignment;
  }

  @Delete(':id/assign/:agent_id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an agent assignment' })
  @ApiNoContentResponse()
  unassign(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @UuidParam('agent_id') agentId: string) {
    return this.users.unassign(principal, id, agentId);
  }
}
