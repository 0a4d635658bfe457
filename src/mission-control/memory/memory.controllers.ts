import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, AgentAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal, AgentPrincipal } from '../../core/auth/principal';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { CreateMemoryDto, MemoryEntryDto, MemoryListQueryDto, UpdateMemoryDto } from './dto/memory.dto';
import { MemoryOwner, MemoryService } from './memory.service';

/** The admin routes of one kind of memory: a board's or a board group's. */
function adminMemoryController(owner: MemoryOwner, path: string, tag: string): Type<unknown> {
  const of = owner === 'board' ? 'a board' : 'a board group';

  @ApiTags(tag)
  @AdminAuth()
  @Controller(`${path}/:id/memory`)
  class AdminMemoryController {
    constructor(readonly memory: MemoryService) {}

    @Get()
    @ApiOperation({ summary: `The memory of ${of}, newest first (filter by tag, chat flag, text)` })
    @ApiPageResponse(MemoryEntryDto)
    list(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Query() query: MemoryListQueryDto) {
      return this.memory.list(principal, owner, id, query);
    }

    @Post()
    @ApiOperation({ summary: `Add a note to the memory of ${of}` })
    @ApiCreatedResponse({ type: MemoryEntryDto })
    create(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: CreateMemoryDto) {
      return this.memory.create(principal, owner, id, dto);
    }

    @Get(':entry_id')
    @ApiOperation({ summary: `One note of the memory of ${of}` })
    @ApiOkResponse({ type: MemoryEntryDto })
    get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @UuidParam('entry_id') entryId: string) {
      return this.memory.get(principal, owner, id, entryId);
    }

    @Patch(':entry_id')
    @ApiOperation({ summary: `Edit a note of the memory of ${of}` })
    @ApiOkResponse({ type: MemoryEntryDto })
    update(
      @CurrentPrincipal() principal: AdminPrincipal,
      @UuidParam() id: string,
      @UuidParam('entry_id') entryId: string,
      @Body() dto: UpdateMemoryDto,
    ) {
      return this.memory.update(principal, owner, id, entryId, dto);
    }

    @Delete(':entry_id')
    @HttpCode(204)
    @ApiOperation({ summary: `Delete a note of the memory of ${of}` })
    @ApiNoContentResponse()
    remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @UuidParam('entry_id') entryId: string) {
      return this.memory.remove(principal, owner, id, entryId);
    }
  }
  // swagger names operations after the class: two classes named alike would give two routes one operationId
  Object.defineProperty(AdminMemoryController, 'name', { value: owner === 'board' ? 'BoardMemoryController' : 'BoardGroupMemoryController' });
  return AdminMemoryController;
}

export const BoardMemoryController = adminMemoryController('board', 'api/v1/boards', 'Board memory');
export const BoardGroupMemoryController = adminMemoryController('board_group', 'api/v1/board-groups', 'Board group memory');

@ApiTags('Agent API')
@AgentAuth()
@Controller('api/v1/agent/boards/:id/memory')
export class AgentBoardMemoryController {
  constructor(private readonly memory: MemoryService) {}

  @Get()
  @ApiOperation({ summary: "The memory of the agent's own board (403 for any other board)" })
  @ApiPageResponse(MemoryEntryDto)
  list(@CurrentPrincipal() agent: AgentPrincipal, @UuidParam() id: string, @Query() query: MemoryListQueryDto) {
    return this.memory.list(agent, 'board', id, query);
  }

  @Post()
  @ApiOperation({ summary: "Add a note to the memory of the agent's own board" })
  @ApiCreatedResponse({ type: MemoryEntryDto })
  create(@CurrentPrincipal() agent: AgentPrincipal, @UuidParam() id: string, @Body() dto: CreateMemoryDto) {
    return this.memory.create(agent, 'board', id, dto);
  }
}
