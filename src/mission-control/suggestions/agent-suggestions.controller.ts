import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AgentPrincipal } from '../../core/auth/principal';
import { ReportSuggestionDto, SuggestionDto } from './dto/suggestion.dto';
import { SuggestionsService } from './suggestions.service';

@ApiTags('Agent API')
@AgentAuth()
@Controller('api/v1/agent')
export class AgentSuggestionsController {
  constructor(private readonly suggestions: SuggestionsService) {}

  @Post('suggestions')
  @ApiOperation({ summary: "Report a suggestion from an agent (pending until an admin decides; the agent's board policy applies)" })
  @ApiCreatedResponse({ type: SuggestionDto })
  report(@CurrentPrincipal() agent: AgentPrincipal, @Body() dto: ReportSuggestionDto) {
    return this.suggestions.report(agent, dto);
  }
}
