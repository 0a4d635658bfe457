import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AgentPrincipal } from '../../core/auth/principal';
import { AgentEventsService } from './agent-events.service';
import { AgentEventDto, ReportAgentEventDto } from './dto/agent-event.dto';

@ApiTags('Agent API')
@AgentAuth()
@Controller('api/v1/agent')
export class AgentEventsController {
  constructor(private readonly events: AgentEventsService) {}

  @Post('events')
  @ApiOperation({ summary: 'Report a system event from an agent (stored for the suggestions engine)' })
  @ApiCreatedResponse({ type: AgentEventDto })
  report(@CurrentPrincipal() agent: AgentPrincipal, @Body() dto: ReportAgentEventDto) {
    return this.events.report(agent, dto);
  }
}
