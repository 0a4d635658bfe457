import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { UuidParam } from '../../core/http/params';
import { MetricsDto, MetricsQueryDto, OperationalSummaryDto, SummaryQueryDto } from './dto/metrics.dto';
import { MetricsService } from './metrics.service';

const WHAT = 'Tasks by status, created and done per day, cycle time, pending approvals and per-agent load';

@ApiTags('Metrics')
@AdminAuth()
@Controller('api/v1/metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @ApiOperation({
    summary: 'The operational summary (per organization with organization_id)',
    description:
      'Agents by status, tasks (open, in progress, created and done today, overdue), pending approvals and suggestions, gateways online, ' +
      'running pipelines, tokens and cost reported today, and a 7-day series. Days are UTC. Computed at most every few seconds per organization ' +
      '(`generated_at`). The board and organization routes below refine it.',
  })
  @ApiOkResponse({ type: OperationalSummaryDto })
  summary(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: SummaryQueryDto) {
    return this.metrics.summary(principal, query.organization_id);
  }

  @Get('boards/:id')
  @ApiOperation({ summary: 'Work metrics of a board', description: WHAT })
  @ApiOkResponse({ type: MetricsDto })
  board(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Query() query: MetricsQueryDto) {
    return this.metrics.forBoard(principal, id, query.days);
  }

  @Get('organizations/:id')
  @ApiOperation({ summary: 'Work metrics of an organization', description: WHAT })
  @ApiOkResponse({ type: MetricsDto })
  organization(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Query() query: MetricsQueryDto) {
    return this.metrics.forOrganization(principal, id, query.days);
  }
}
