import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { CreateUserDto, UpdateProfileDto, UserDto, UserListQueryDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('Users')
@AdminAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOperation({ summary: "The caller's profile" })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentPrincipal() principal: AdminPrincipal) {
    return this.users.me(principal);
  }

  @Patch('me')
  @ApiOperation({ summary: "Update the caller's profile (password change needs current_password)" })
  @ApiOkResponse({ type: UserDto })
  updateMe(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: UpdateProfileDto) {
    return this.users.updateMe(principal, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List admin users (an organization admin sees their organization)' })
  @ApiPageResponse(UserDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: UserListQueryDto) {
    return this.users.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create an admin user who can log in with email and password' })
  @ApiCreatedResponse({ type: UserDto })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateUserDto) {
    return this.users.create(principal, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an admin user' })
  @ApiOkResponse({ type: UserDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.users.get(principal, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an admin user' })
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.users.remove(principal, id);
  }
}
