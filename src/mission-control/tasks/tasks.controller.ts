import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ErrorResponseDto } from '../../core/http/dto/error-response.dto';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { CreateTaskDto, TaskDto, TaskListQueryDto, UpdateTaskDto } from './dto/task.dto';
import { TasksService } from './tasks.service';

const BOARD_RULES =
  "The board's rules apply to every move (409 with the reason): in_progress and done wait for every dependency " +
  'to be done; in_progress respects the WIP limit; done may require review first and an approved approval.';

@ApiTags('Tasks')
@AdminAuth()
@Controller('api/v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: 'List tasks (filter by board, status, priority, assignee, text)' })
  @ApiPageResponse(TaskDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: TaskListQueryDto) {
    return this.tasks.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a task on a board', description: BOARD_RULES })
  @ApiCreatedResponse({ type: TaskDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'a board rule refuses the initial status' })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateTaskDto) {
    return this.tasks.create(principal, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a task' })
  @ApiOkResponse({ type: TaskDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.tasks.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update or move a task', description: `${BOARD_RULES} A dependency cycle is refused (409).` })
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'a board rule refuses the move, or the dependencies would form a cycle' })
  update(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: UpdateTaskDto) {
    return this.tasks.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a task (tasks depending on it lose that dependency)' })
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.tasks.remove(principal, id);
  }
}
