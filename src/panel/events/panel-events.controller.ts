import { Body, Get, HttpCode, Post, Query, Req, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Request } from 'express';
import { PanelAuth, Public } from '../../core/auth/auth.decorators';
import { bearerTokenOf } from '../../core/auth/tokens';
import { PanelController } from '../../core/http/panel-controller.decorator';
import { PanelAuthService } from '../auth/panel-auth.service';
import { PanelEntryAnswerDto, PanelEventsPageDto, PanelEventsQueryDto, PanelOkDto, PushPanelEventDto } from './dto/panel-event.dto';
import { PanelEventsService } from './panel-events.service';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

@PanelController('events', 'Panel: activity log')
export class PanelEventsController {
  constructor(
    private readonly events: PanelEventsService,
    private readonly auth: PanelAuthService,
  ) {}

  @Get()
  @PanelAuth()
  @ApiOperation({ summary: 'Activity log, newest first (filter by source, keyword search, limit/offset)' })
  @ApiOkResponse({ type: PanelEventsPageDto })
  async list(@Query() query: PanelEventsQueryDto): Promise<PanelEventsPageDto> {
    const { events, total } = await this.events.list(query);
    return { ok: true, events, entries: events, total };
  }

  @Post('clear')
  @PanelAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Clear the whole activity log' })
  @ApiOkResponse({ type: PanelOkDto })
  async clear(): Promise<PanelOkDto> {
    const removed = await this.events.clear();
    await this.events.record({ source: 'system', type: 'events.clear', summary: `Activity log cleared (${removed} entries)` });
    return { ok: true };
  }

  @Post('log')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Push an entry from a service on this host',
    description:
      'Accepted without credentials only from loopback (127.0.0.1 / ::1), so OpenClaw on the same host can push; ' +
      'from anywhere else the panel JWT is required (Authorization: Bearer). Behind a reverse proxy on the same host ' +
      'every caller looks local: do not proxy this route.',
  })
  @ApiOkResponse({ type: PanelEntryAnswerDto })
  async push(@Body() dto: PushPanelEventDto, @Req() request: Request): Promise<PanelEntryAnswerDto> {
    const local = LOOPBACK.has(request.socket.remoteAddress ?? '');
    const token = bearerTokenOf(request.headers);
    if (!local && !(token && this.auth.verify(token))) {
      throw new UnauthorizedException({ detail: 'Only services on this host may push without the panel token' });
    }
    return { ok: true, entry: await this.events.record(dto) };
  }
}
