import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { BoardsService } from './boards.service';
import { BoardDto, BoardListQueryDto, CreateBoardDto, UpdateBoardDto } from './dto/board.dto';

@ApiTags('Boards')
@AdminAuth()
@Controller('api/v1/boards')
export class BoardsController {
  constructor(private readonly boards: BoardsService) {}

  @Get()
  @ApiOperation({ summary: 'List boards' })
  @ApiPageResponse(BoardDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: BoardListQueryDto) {
    return this.boards.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a board with the settings that govern its work' })
  @ApiCreatedResponse({ type: BoardDto })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateBoardDto) {
    return this.boards.create(principal, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a board' })
  @ApiOkResponse({ type: BoardDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.boards.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a board or its settings' })
  @ApiOkResponse({ type: BoardDto })
  update(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: UpdateBoardDto) {
    return this.boards.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a board' })
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.boards.remove(principal, id);
  }
}
