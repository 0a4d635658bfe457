import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ErrorResponseDto } from '../../core/http/dto/error-response.dto';
import { ApiPageResponse, PageQueryDto } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { AdvanceRunDto, PipelineRunDto, RunListQueryDto, RunPipelineDto } from './dto/pipeline-run.dto';
import { CreatePipelineDto, PipelineDto, PipelineListQueryDto, PipelineTemplateDto, UpdatePipelineDto } from './dto/pipeline.dto';
import { PipelineRunsService } from './pipeline-runs.service';
import { PipelinesService } from './pipelines.service';

const RUN_FRAME = 'Each change of a run on a board is also sent to its board sync socket as {"type": "pipeline.run_updated", "run", "stage", "timestamp"}.';

@ApiTags('Pipelines')
@AdminAuth()
@Controller('api/v1/pipelines')
export class PipelinesController {
  constructor(
    private readonly pipelines: PipelinesService,
    private readonly runs: PipelineRunsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List pipelines' })
  @ApiPageResponse(PipelineDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: PipelineListQueryDto) {
    return this.pipelines.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a pipeline, from its stages or from a built-in template ({template, organization_id, board_id, …})' })
  @ApiCreatedResponse({ type: PipelineDto })
  create(@CurrentPrincipal() principal: AdminPrincipal, @Body() dto: CreatePipelineDto) {
    return this.pipelines.create(principal, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a pipeline' })
  @ApiOkResponse({ type: PipelineDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.pipelines.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a pipeline (runs under way keep the stages they started with)' })
  @ApiOkResponse({ type: PipelineDto })
  update(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: UpdatePipelineDto) {
    return this.pipelines.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a pipeline and its finished runs' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'runs of it are under way' })
  remove(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.pipelines.remove(principal, id);
  }

  @Post(':id/run')
  @ApiOperation({ summary: 'Start a run', description: RUN_FRAME })
  @ApiCreatedResponse({ type: PipelineRunDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'the pipeline is disabled' })
  run(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: RunPipelineDto) {
    return this.runs.run(principal, id, dto);
  }

  @Get(':id/runs')
  @ApiOperation({ summary: "List a pipeline's runs" })
  @ApiPageResponse(PipelineRunDto)
  listRuns(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Query() query: RunListQueryDto) {
    return this.runs.list(principal, id, query);
  }
}

@ApiTags('Pipelines')
@AdminAuth()
@Controller('api/v1/pipeline-runs')
export class PipelineRunsController {
  constructor(private readonly runs: PipelineRunsService) {}

  @Get(':run_id')
  @ApiOperation({ summary: 'A run with the status, output and error of each stage', description: RUN_FRAME })
  @ApiOkResponse({ type: PipelineRunDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam('run_id') id: string) {
    return this.runs.get(principal, id);
  }

  @Post(':run_id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a run: its task is deleted unless done, its approval cancelled' })
  @ApiOkResponse({ type: PipelineRunDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'the run has finished' })
  cancel(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam('run_id') id: string) {
    return this.runs.cancel(principal, id);
  }

  @Post(':run_id/advance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete the manual stage the run waits at, with an optional output' })
  @ApiOkResponse({ type: PipelineRunDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'the run does not wait at a manual stage' })
  advance(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam('run_id') id: string, @Body() dto: AdvanceRunDto) {
    return this.runs.advance(principal, id, dto);
  }
}

@ApiTags('Pipelines')
@AdminAuth()
@Controller('api/v1/pipeline-templates')
export class PipelineTemplatesController {
  constructor(private readonly pipelines: PipelinesService) {}

  @Get()
  @ApiOperation({ summary: 'The built-in pipeline templates (code review, release, onboarding, incident, content approval)' })
  @ApiPageResponse(PipelineTemplateDto)
  list(@Query() query: PageQueryDto) {
    return this.pipelines.templates(query);
  }
}
