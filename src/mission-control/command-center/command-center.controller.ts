import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ApiPageResponse } from '../../core/http/pagination';
import { OperationalSummaryDto } from '../metrics/dto/metrics.dto';
import { CommandCenterService } from './command-center.service';
import { LiveActivityStreamService } from './live-activity-stream.service';
import {
  AgentStatusDto,
  AgentStatusQueryDto,
  CommandCenterQueryDto,
  CommunicationGraphDto,
  LiveActivityDto,
  LiveActivityQueryDto,
  LiveActivityStreamQueryDto,
  ResourceAllocationDto,
  ResourceAllocationQueryDto,
  WindowQueryDto,
} from './dto/command-center.dto';

const LIVE_EXAMPLE = 'retry: 3000\n\nid: MjAyNi0xMi0wN1Q…\ndata: {"type":"activity","entry":{"id":"…","type":"task.moved","summary":"…"}}\n\n';
const CACHED = 'Computed at most every few seconds per organization and query, in a fixed number of queries.';

@ApiTags('Command center')
@AdminAuth()
@Controller('api/v1/command-center')
export class CommandCenterController {
  constructor(
    private readonly center: CommandCenterService,
    private readonly stream: LiveActivityStreamService,
  ) {}

  @Get('overview')
  @ApiOperation({
    summary: 'KPIs: active agents, tasks today, pending approvals and suggestions, gateways, pipelines, tokens and cost today, a 7-day series',
    description: `The same operational summary as \`GET /api/v1/metrics\`. Days are UTC. ${CACHED}`,
  })
  @ApiOkResponse({ type: OperationalSummaryDto })
  overview(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: CommandCenterQueryDto) {
    return this.center.overview(principal, query.organization_id);
  }

  @Get('agent-status')
  @ApiOperation({
    summary: 'Every agent with its status, gateway, current task, load and usage today',
    description: `Online first, then busy, error, offline, disabled; by name within a status. \`last_activity_at\` is the agent's latest report (\`POST /api/v1/agent/events\`). ${CACHED}`,
  })
  @ApiPageResponse(AgentStatusDto)
  agentStatus(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: AgentStatusQueryDto) {
    return this.center.agentStatus(principal, query);
  }

  @Get('communication-graph')
  @ApiOperation({
    summary: 'Who works with whom in a window (since, until; default the last 7 days, at most 92)',
    description:
      'Nodes are agents and H5 users; an edge `source → target` counts, per kind: `chat` (an H5 user\'s messages to an agent), `handoff` ' +
      '(a task reassigned from one agent to another, by anyone), `approval` (an agent asking for an approval ' +
      'of a task assigned to, or decided by, another agent), `agent_event` (an agent\'s report naming another agent of its organization in ' +
      `\`payload.target_agent_id\`, \`to_agent_id\`, \`recipient_agent_id\` or \`agent_id\`). Only nodes with an edge are listed. ${CACHED}`,
  })
  @ApiOkResponse({ type: CommunicationGraphDto })
  communicationGraph(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: WindowQueryDto) {
    return this.center.communicationGraph(principal, query);
  }

  @Get('resource-allocation')
  @ApiOperation({
    summary: 'Per agent: open tasks (by priority, overdue), estimated hours of scheduled open tasks, tokens and cost in the window and today',
    description:
      '`estimated_hours` sums the `estimated_hours` of the calendar schedules (`/api/v1/calendar/schedules`) of the agent\'s open tasks. Usage ' +
      `counts whole UTC days from \`since\` to \`until\` (default the last 7 days). Most loaded first. ${CACHED}`,
  })
  @ApiPageResponse(ResourceAllocationDto)
  resourceAllocation(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: ResourceAllocationQueryDto) {
    return this.center.resourceAllocation(principal, query);
  }

  @Get('live-activity')
  @ApiOperation({
    summary: 'The activity trail, newest first, paged by cursor',
    description: 'Pass the answer\'s `cursor` to get the next older page (null at the end); entries written meanwhile do not shift the pages. Not cached.',
  })
  @ApiOkResponse({ type: LiveActivityDto })
  liveActivity(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: LiveActivityQueryDto) {
    return this.center.liveActivity(principal, query);
  }

  @Get('live-activity/stream')
  @ApiOperation({
    summary: 'Live frames of the activity trail (Server-Sent Events); admin token as Bearer or ?token=',
    description:
      '`text/event-stream`: each new entry is `id: <cursor>` + `data: {"type":"activity","entry":{…as in live-activity}}`, within about a second ' +
      'of its commit on any instance (each instance reads the trail once a second per organization watched); `data: {"type":"keepalive"}` every 15 s. ' +
      'Reconnect with `Last-Event-ID: <cursor>` (EventSource does it by itself) to get the entries after it first (up to 1000). A client that ' +
      'falls more than 1 MiB behind is disconnected.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'the id (cursor) of the last frame received' })
  @ApiOkResponse({ description: 'the event stream', content: { 'text/event-stream': { schema: { type: 'string', example: LIVE_EXAMPLE } } } })
  async liveStream(
    @CurrentPrincipal() principal: AdminPrincipal,
    @Query() query: LiveActivityStreamQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.stream.open(principal, query, request, response);
  }
}
