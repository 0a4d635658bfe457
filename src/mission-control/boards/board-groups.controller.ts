import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { BoardGroupsService } from './board-groups.service';
import { BoardGroupDto, BoardListQueryDto, CreateBoardGroupDto, UpdateBoardGroupDto } from './dto/board.dto';

@ApiTags('Board groups')
@AdminAuth()
@Controller('api/v1/board-groups')
export class BoardGroupsController {
  constructor(private readonly groups: BoardGroupsService) {}

  @Get()
  @ApiOperation({ summary: 'List board groups' })
  @ApiPageResponse(BoardGroupDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: BoardListQueryDto) {
    return this.groups.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a board group' })
  @ApiCreatedResponse({ type: BoardGroupDto })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateBoardGroupDto) {
    return this.groups.create(principal, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a board group' })
  @ApiOkResponse({ type: BoardGroupDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.groups.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a board group' })
  @ApiOkResponse({ type: BoardGroupDto })
  update(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: UpdateBoardGroupDto) {
    return this.groups.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a board group (its boards stay, outside any group)' })
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.groups.remove(principal, id);
  }
}
