import { Body, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { PanelAuth } from '../../core/auth/auth.decorators';
import { PanelController } from '../../core/http/panel-controller.decorator';
import { BotService } from './bot.service';
import { BotFriendsDto, BotGroupsDto, BotReconnectAnswerDto, BotSendAnswerDto, SendMessageDto } from './dto/bot.dto';

const DOWN = '503 `NapCat is not connected` while the OneBot connection is down; 502 when NapCat refuses or does not answer.';

@PanelController('bot', 'Panel: QQ bot')
export class BotController {
  constructor(private readonly bot: BotService) {}

  @Get('groups')
  @PanelAuth()
  @ApiOperation({ summary: "The bot's QQ groups (OneBot get_group_list)", description: DOWN })
  @ApiOkResponse({ type: BotGroupsDto })
  async groups(): Promise<BotGroupsDto> {
    return { ok: true, groups: (await this.bot.groups()) as BotGroupsDto['groups'] };
  }

  @Get('friends')
  @PanelAuth()
  @ApiOperation({ summary: "The bot's QQ friends (OneBot get_friend_list)", description: DOWN })
  @ApiOkResponse({ type: BotFriendsDto })
  async friends(): Promise<BotFriendsDto> {
    return { ok: true, friends: (await this.bot.friends()) as BotFriendsDto['friends'] };
  }

  @Post('send')
  @PanelAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a QQ message to a friend (private) or a group', description: DOWN })
  @ApiOkResponse({ type: BotSendAnswerDto })
  async send(@Body() dto: SendMessageDto): Promise<BotSendAnswerDto> {
    return { ok: true, ...(await this.bot.send(dto.type, dto.id, dto.message)) };
  }

  @Post('reconnect')
  @PanelAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Drop the OneBot connection to NapCat and dial again now (status arrives as napcat-status on /ws)' })
  @ApiOkResponse({ type: BotReconnectAnswerDto })
  async reconnect(): Promise<BotReconnectAnswerDto> {
    return { ok: true, message: await this.bot.reconnect() };
  }
}
