import { Body, Get, HttpCode, Post, Put, Req, UploadedFiles, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { Request } from 'express';
import { PanelAuth, Public } from '../../core/auth/auth.decorators';
import { PanelController } from '../../core/http/panel-controller.decorator';
import {
  UpdateWechatConfigDto,
  WECHAT_CALLBACK_FORM_SCHEMA,
  WechatCallbackAnswerDto,
  WechatConfigAnswerDto,
  WechatLoginUrlDto,
  WechatSendAnswerDto,
  WechatSendDto,
  WechatSendFileDto,
  WechatStatusDto,
} from './dto/wechat.dto';
import { ReceivedFilePart } from './wechat-callback';
import { WechatCallbackSecretGuard } from './wechat-callback.guard';
import { WechatCallbackForm, WechatCallbackLimitsInterceptor } from './wechat-callback-limits';
import { RequestOrigin, WechatService } from './wechat.service';

const CALLBACK_DESCRIPTION = `
Called by **wechatbot-webhook**, not by the panel: set its \`RECVD_MSG_API\` to
\`http(s)://<this service>/api/wechat/callback?secret=<callback secret>\` (\`GET /api/wechat/config\` shows the exact URL as
\`bridge.callbackUrl\`; from the bridge's Docker container the host is usually \`host.docker.internal\`).
The secret is \`WECHAT_CALLBACK_SECRET\` when set, else the \`wechatCallbackSecret\` generated on first start into
\`DATA_DIR/secrets.json\`. A missing or wrong secret is 401, before the body is read.

The body is the bridge's multipart form: \`type\`, \`content\` (text, JSON, or the file of a \`file\` message), \`source\`
(JSON), \`isMentioned\`, \`isMsgFromSelf\`, \`isSystemEvent\`. Files up to 25 MiB, text fields up to 1 MiB (larger: 413).
Each message is logged (source \`wechat\`, type \`wechat.<type>\`) and pushed on \`/ws\` as \`wechat-event\`; login and
logout events also refresh \`wechat-status\`. The answer has no \`success\` field, so the bridge neither replies nor
accepts friend requests on its own.`.trim();

function originOf(request: Request): RequestOrigin {
  return { protocol: request.protocol, host: request.get('host'), hostname: request.hostname };
}

@PanelController('wechat', 'Panel: WeChat')
export class WechatController {
  constructor(private readonly wechat: WechatService) {}

  @Get('status')
  @PanelAuth()
  @ApiOperation({ summary: 'WeChat bridge status: reachable, logged in, nickname (asks wechatbot-webhook now)' })
  @ApiOkResponse({ type: WechatStatusDto })
  status(): Promise<WechatStatusDto> {
    return this.wechat.status();
  }

  @Get('login-url')
  @PanelAuth()
  @ApiOperation({ summary: "The URL of wechatbot-webhook's QR login page (it carries the bridge's token)" })
  @ApiOkResponse({ type: WechatLoginUrlDto })
  loginUrl(@Req() request: Request): Promise<WechatLoginUrlDto> {
    return this.wechat.loginUrl(originOf(request));
  }

  @Post('send')
  @PanelAuth()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a text message',
    description: '503 when the bridge is unreachable, 409 when no WeChat account is logged in (or WeChat is disabled), 404 when the contact or group is unknown.',
  })
  @ApiOkResponse({ type: WechatSendAnswerDto })
  send(@Body() dto: WechatSendDto): Promise<WechatSendAnswerDto> {
    return this.wechat.sendText(dto);
  }

  @Post('send-file')
  @PanelAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a file or image by URL (the bridge downloads it)', description: 'Errors as for send.' })
  @ApiOkResponse({ type: WechatSendAnswerDto })
  sendFile(@Body() dto: WechatSendFileDto): Promise<WechatSendAnswerDto> {
    return this.wechat.sendFile(dto);
  }

  @Get('config')
  @PanelAuth()
  @ApiOperation({ summary: "The panel's WeChat settings (admin-config section `wechat`) and the bridge it talks to" })
  @ApiOkResponse({ type: WechatConfigAnswerDto })
  getConfig(@Req() request: Request): Promise<WechatConfigAnswerDto> {
    return this.wechat.getConfig(originOf(request));
  }

  @Put('config')
  @PanelAuth()
  @ApiOperation({ summary: 'Change WeChat settings (the fields given are merged over the stored ones)' })
  @ApiOkResponse({ type: WechatConfigAnswerDto })
  updateConfig(@Body() dto: UpdateWechatConfigDto, @Req() request: Request): Promise<WechatConfigAnswerDto> {
    return this.wechat.updateConfig(dto, originOf(request));
  }

  @Post('callback')
  @Public()
  @UseGuards(WechatCallbackSecretGuard)
  @UseInterceptors(WechatCallbackLimitsInterceptor, WechatCallbackForm)
  @HttpCode(200)
  @ApiOperation({ summary: 'Messages from wechatbot-webhook (its RECVD_MSG_API); checked by ?secret=', description: CALLBACK_DESCRIPTION })
  @ApiQuery({ name: 'secret', required: true, description: 'the WeChat callback secret' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: WECHAT_CALLBACK_FORM_SCHEMA })
  @ApiOkResponse({ type: WechatCallbackAnswerDto })
  async callback(@Body() form: unknown, @UploadedFiles() files: ReceivedFilePart[] | undefined): Promise<WechatCallbackAnswerDto> {
    await this.wechat.receive(form, files ?? []);
    return { ok: true };
  }
}
