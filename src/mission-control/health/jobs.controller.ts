import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import { assertSuperadmin } from '../../core/auth/organization-scope';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ApiPageResponse, Page } from '../../core/http/pagination';
import { JobEngine } from '../../core/jobs/job-engine';
import { FailedJobDto, FailedJobsQueryDto, JobQueuesDto } from './dto/jobs.dto';

/** Queues span every organisation: only a superadmin sees them. */
@ApiTags('Operations')
@AdminAuth()
@Controller('api/v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobEngine) {}

  @Get()
  @ApiOperation({ summary: 'Durable job queues: jobs per queue and state (rules, pipeline steps, schedules, deliveries)' })
  @ApiOkResponse({ type: JobQueuesDto })
  @ApiForbiddenResponse({ description: 'an admin bound to one organisation' })
  async queues(@CurrentPrincipal() principal: AdminPrincipal): Promise<JobQueuesDto> {
    assertSuperadmin(principal);
    return { engine: this.jobs.state, items: await this.jobs.queueCounts() };
  }

  @Get('failed')
  @ApiOperation({ summary: 'Jobs that failed for good after their retries, newest first, with their last error' })
  @ApiPageResponse(FailedJobDto)
  @ApiForbiddenResponse({ description: 'an admin bound to one organisation' })
  async failed(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: FailedJobsQueryDto): Promise<Page<FailedJobDto>> {
    assertSuperadmin(principal);
    const { items, total } = await this.jobs.failedJobs(query);
    return Page.of(items.map(FailedJobDto.from), total, query);
  }
}
