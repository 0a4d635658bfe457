import { Body, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { PanelAuth } from '../../core/auth/auth.decorators';
import { PanelController } from '../../core/http/panel-controller.decorator';
import { QqRequestsListDto, RejectRequestDto, RequestDecisionDto } from './dto/requests.dto';
import { QqRequestsService } from './requests.service';

const ANSWERS = '404 unknown flag, 409 already answered, 503 while NapCat is not connected (the request stays pending), 502 when NapCat refuses.';

@PanelController('requests', 'Panel: QQ requests')
export class RequestsController {
  constructor(private readonly requests: QqRequestsService) {}

  @Get()
  @PanelAuth()
  @ApiOperation({
    summary: 'Friend and group requests waiting for an answer',
    description: "Kept in the database as they arrive over OneBot. Requests the admin-config section `qq` auto-approves never show here.",
  })
  @ApiOkResponse({ type: QqRequestsListDto })
  async list(): Promise<QqRequestsListDto> {
    return { ok: true, requests: await this.requests.pending() };
  }

  @Post(':flag/approve')
  @PanelAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a request (OneBot set_friend_add_request / set_group_add_request)', description: ANSWERS })
  @ApiOkResponse({ type: RequestDecisionDto })
  async approve(@Param('flag') flag: string): Promise<RequestDecisionDto> {
    return { ok: true, status: await this.requests.decide(flag, true, { by: 'panel' }) };
  }

  @Post(':flag/reject')
  @PanelAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a request, with an optional reason (group requests)', description: ANSWERS })
  @ApiOkResponse({ type: RequestDecisionDto })
  async reject(@Param('flag') flag: string, @Body() dto: RejectRequestDto): Promise<RequestDecisionDto> {
    return { ok: true, status: await this.requests.decide(flag, false, { by: 'panel', reason: dto.reason }) };
  }
}
