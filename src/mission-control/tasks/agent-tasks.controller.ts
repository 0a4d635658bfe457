import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AgentPrincipal } from '../../core/auth/principal';
import { ErrorResponseDto } from '../../core/http/dto/error-response.dto';
import { ApiPageResponse, PageQueryDto } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { CreateTaskCommentDto, TaskCommentDto } from './dto/task-comment.dto';
import { AgentTaskListQueryDto, MoveTaskDto, TaskDto } from './dto/task.dto';
import { TaskCommentsService } from './task-comments.service';
import { TasksService } from './tasks.service';

@ApiTags('Agent API')
@AgentAuth()
@Controller('api/v1/agent/tasks')
export class AgentTasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly comments: TaskCommentsService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The tasks of the agent's board (mine=true: those assigned to it)" })
  @ApiPageResponse(TaskDto)
  list(@CurrentPrincipal() agent: AgentPrincipal, @Query() query: AgentTaskListQueryDto) {
    return this.tasks.listForAgent(agent, query);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Move a task assigned to the agent; the board rules apply (409 with the reason)' })
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  move(@CurrentPrincipal() agent: AgentPrincipal, @UuidParam() id: string, @Body() dto: MoveTaskDto) {
    return this.tasks.moveAsAgent(agent, id, dto.status);
  }

  @Get(':id/comments')
  @ApiOperation({ summary: "The comments on a task of the agent's board" })
  @ApiPageResponse(TaskCommentDto)
  listComments(@CurrentPrincipal() agent: AgentPrincipal, @UuidParam() id: string, @Query() query: PageQueryDto) {
    return this.comments.list(agent, id, query);
  }

  @Post(':id/comments')
  @ApiOperation({ summary: "Comment on a task of the agent's board" })
  @ApiCreatedResponse({ type: TaskCommentDto })
  comment(@CurrentPrincipal() agent: AgentPrincipal, @UuidParam() id: string, @Body() dto: CreateTaskCommentDto) {
    return this.comments.create(agent, id, dto);
  }
}
