import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AdminAuth, CurrentPrincipal } from '../../core/auth/auth.decorators';
import type { AdminPrincipal } from '../../core/auth/principal';
import { ErrorResponseDto } from '../../core/http/dto/error-response.dto';
import { ApiPageResponse } from '../../core/http/pagination';
import { UuidParam } from '../../core/http/params';
import { DecideSuggestionDto, SuggestionDto, SuggestionListQueryDto, SuggestionStreamQueryDto } from './dto/suggestion.dto';
import { SuggestionStreamService } from './suggestion-stream.service';
import { SuggestionsService } from './suggestions.service';

const STREAM_EXAMPLE = 'retry: 3000\n\nid: 42\ndata: {"type":"suggestion.new","suggestion":{"id":"…","title":"…"}}\n\ndata: {"type":"keepalive"}\n\n';

@ApiTags('Suggestions')
@AdminAuth()
@Controller('api/v1/suggestions')
export class SuggestionsController {
  constructor(
    private readonly suggestions: SuggestionsService,
    private readonly stream: SuggestionStreamService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List suggestions (filters: status, board_id, priority, organization_id)' })
  @ApiPageResponse(SuggestionDto)
  list(@CurrentPrincipal() principal: AdminPrincipal, @Query() query: SuggestionListQueryDto) {
    return this.suggestions.list(principal, query);
  }

  @Get('stream')
  @ApiOperation({
    summary: 'Server-Sent Events: each new suggestion you may see; admin token as Bearer or ?token=',
    description:
      '`text/event-stream`. Each new suggestion is `id: <n>` + `data: {"type":"suggestion.new","suggestion":{…}}`; `data: {"type":"keepalive"}` ' +
      'every 15 s. Reconnect with `Last-Event-ID: <n>` (EventSource does it by itself) to get what you missed, up to the newest 1000, from any ' +
      'instance. An organization-bound admin sees only their organization. A client that falls more than 1 MiB behind is disconnected and ' +
      'catches up by reconnecting.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'the id of the last event received: the stream starts with what came after it' })
  @ApiOkResponse({ description: 'the event stream', content: { 'text/event-stream': { schema: { type: 'string', example: STREAM_EXAMPLE } } } })
  async openStream(
    @CurrentPrincipal() principal: AdminPrincipal,
    @Query() query: SuggestionStreamQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.stream.open(principal, query, request, response);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a suggestion' })
  @ApiOkResponse({ type: SuggestionDto })
  get(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string) {
    return this.suggestions.get(principal, id);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: "Accept: runs the suggestion's action (executed or failed), or records the decision (accepted)" })
  @ApiOkResponse({ type: SuggestionDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'already decided, or expired' })
  accept(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: DecideSuggestionDto) {
    return this.suggestions.accept(principal, id, dto);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss a suggestion' })
  @ApiOkResponse({ type: SuggestionDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'already decided, or expired' })
  dismiss(@CurrentPrincipal() principal: AdminPrincipal, @UuidParam() id: string, @Body() dto: DecideSuggestionDto) {
    return this.suggestions.dismiss(principal, id, dto);
  }
}
