import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AgentAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AgentPrincipal } from '../../core/auth/principal';
import { fieldError } from '../../core/http/api-errors';
import { AgentEventsService } from './agent-events.service';
import { AgentEventDto, ReportAgentEventDto } from './dto/agent-event.dto';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;

@ApiTags('Agent API')
@AgentAuth()
@Controller('api/v1/agent')
export class AgentEventsController {
  constructor(private readonly events: AgentEventsService) {}

  @Post('events')
  @ApiOperation({ summary: 'Report a system event from an agent (stored for the suggestions engine)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key returns the first event (200)' })
  @ApiCreatedResponse({ type: AgentEventDto })
  @ApiOkResponse({ type: AgentEventDto, description: 'a retry: the event stored the first time' })
  async report(
    @CurrentPrincipal() agent: AgentPrincipal,
    @Body() dto: ReportAgentEventDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw fieldError('Idempotency-Key', 'Idempotency-Key must be 1-200 letters, digits, . _ : or -');
    }
    const { created, event } = await this.events.report(agent, dto, idempotencyKey);
    response.status(created ? 201 : 200);
    return event;
  }
}
