import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { CreateTagDto, TagDto, TagListQueryDto, TagTaskDto, TaskTagLinkDto, UpdateTagDto } from './dto/tag.dto';
import { TagsService } from './tags.service';

@ApiTags('Tags')
@AdminAuth()
@Controller('api/v1/tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Get()
  @ApiOperation({ summary: "An organization's tag catalogue" })
  @ApiPageResponse(TagDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: TagListQueryDto) {
    return this.tags.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Add a tag to the catalogue (names are unique without regard to case)' })
  @ApiCreatedResponse({ type: TagDto })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreateTagDto) {
    return this.tags.create(principal, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a tag' })
  @ApiOkResponse({ type: TagDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.tags.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename or recolour a tag' })
  @ApiOkResponse({ type: TagDto })
  update(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: UpdateTagDto) {
    return this.tags.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a tag (it comes off every task)' })
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.tags.remove(principal, id);
  }

  @Post(':id/tasks')
  @ApiOperation({ summary: 'Tag a task: 201, or 200 when it already carries the tag' })
  @ApiCreatedResponse({ type: TaskTagLinkDto })
  @ApiOkResponse({ type: TaskTagLinkDto })
  async tagTask(
    @CurrentPrincipal() principal: AdminPrincipal,
    @UuidParam() id: string,
    @Body() dto: TagTaskDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { created, link } = await this.tags.tagTask(principal, id, dto.task_id);
    response.status(created ? 201 : 200);
    return link;
  }

  @Delete(':id/tasks/:task_id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take the tag off a task' })
  @ApiNoContentResponse()
  untagTask(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @UuidParam('task_id') taskId: string) {
    return this.tags.untagTask(principal, id, taskId);
  }
}
