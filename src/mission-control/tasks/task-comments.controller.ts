import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ApiPageResponse, PageQueryDto } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { CreateTaskCommentDto, TaskCommentDto } from './dto/task-comment.dto';
import { TaskCommentsService } from './task-comments.service';

@ApiTags('Tasks')
@AdminAuth()
@Controller('api/v1/tasks/:id/comments')
export class TaskCommentsController {
  constructor(private readonly comments: TaskCommentsService) {}

  @Get()
  @ApiOperation({ summary: 'The comments on a task, oldest first' })
  @ApiPageResponse(TaskCommentDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Query() query: PageQueryDto) {
    return this.comments.list(principal, id, query);
  }

  @Post()
  @ApiOperation({ summary: 'Comment on a task' })
  @ApiCreatedResponse({ type: TaskCommentDto })
  create(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: CreateTaskCommentDto) {
    return this.comments.create(principal, id, dto);
  }
}
