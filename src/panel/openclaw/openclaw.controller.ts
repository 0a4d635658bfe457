import { Body, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { PanelAuth } from '../../core/auth/auth.decorators';
import { ApiObjectBody, ObjectBody } from '../../core/http/object-body';
import { PanelController } from '../../core/http/panel-controller.decorator';
import {
  OpenClawChannelsAnswerDto,
  OpenClawConfigAnswerDto,
  OpenClawEntryPatchDto,
  OpenClawModelsAnswerDto,
  OpenClawWriteAnswerDto,
  PutOpenClawConfigDto,
  PutOpenClawModelsDto,
  ToggleChannelAnswerDto,
  ToggleChannelDto,
} from './dto/openclaw.dto';
import { JsonObject } from './openclaw-json';
import { OpenClawService } from './openclaw.service';

const CHECKED =
  ' The result is checked against the schema of the pinned OpenClaw before anything is written: a key OpenClaw would refuse' +
  ' is a 400 naming it, and the file stays as it was. The previous file is copied to <OPENCLAW_HOME>/backups first.';

@PanelController('openclaw', 'Panel: OpenClaw config')
@PanelAuth()
export class OpenClawController {
  constructor(private readonly openclaw: OpenClawService) {}

  @Get('config')
  @ApiOperation({ summary: 'The whole openclaw.json (read as JSON5); {} when it does not exist' })
  @ApiOkResponse({ type: OpenClawConfigAnswerDto })
  async getConfig(): Promise<OpenClawConfigAnswerDto> {
    return { ok: true, config: await this.openclaw.config() };
  }

  @Put('config')
  @ApiOperation({ summary: 'Replace openclaw.json with {config}', description: `Written atomically.${CHECKED}` })
  @ApiOkResponse({ type: OpenClawWriteAnswerDto })
  replaceConfig(@Body() dto: PutOpenClawConfigDto): Promise<OpenClawWriteAnswerDto> {
    return this.openclaw.replaceConfig(dto.config);
  }

  @Get('models')
  @ApiOperation({ summary: 'Model providers and the default model' })
  @ApiOkResponse({ type: OpenClawModelsAnswerDto })
  getModels(): Promise<OpenClawModelsAnswerDto> {
    return this.openclaw.models();
  }

  @Put('models')
  @ApiOperation({ summary: 'Replace models.providers and/or set the default model', description: CHECKED.trim() })
  @ApiOkResponse({ type: OpenClawWriteAnswerDto })
  updateModels(@Body() dto: PutOpenClawModelsDto): Promise<OpenClawWriteAnswerDto> {
    return this.openclaw.updateModels(dto);
  }

  @Get('channels')
  @ApiOperation({ summary: 'Channel configurations (channels) and plugin entries (plugins.entries)' })
  @ApiOkResponse({ type: OpenClawChannelsAnswerDto })
  getChannels(): Promise<OpenClawChannelsAnswerDto> {
    return this.openclaw.channels();
  }

  @Put('channels/:id')
  @ApiOperation({
    summary: 'Merge the body over channels.<id> (null removes a key)',
    description:
      'A channel OpenClaw does not bundle (e.g. qq, the NapCat plugin) gets plugins.entries.<id> when nothing provides it yet, as OpenClaw ' +
      `requires. wechat is refused: the panel bridges WeChat itself (/api/wechat/config).${CHECKED}`,
  })
  @ApiObjectBody(OpenClawEntryPatchDto)
  @ApiOkResponse({ type: OpenClawWriteAnswerDto })
  updateChannel(@Param('id') id: string, @ObjectBody(OpenClawEntryPatchDto) patch: JsonObject): Promise<OpenClawWriteAnswerDto> {
    return this.openclaw.updateChannel(id, patch);
  }

  @Put('plugins/:id')
  @ApiOperation({ summary: 'Merge the body over plugins.entries.<id> (e.g. {enabled}; null removes a key)', description: CHECKED.trim() })
  @ApiObjectBody(OpenClawEntryPatchDto)
  @ApiOkResponse({ type: OpenClawWriteAnswerDto })
  updatePlugin(@Param('id') id: string, @ObjectBody(OpenClawEntryPatchDto) patch: JsonObject): Promise<OpenClawWriteAnswerDto> {
    return this.openclaw.updatePlugin(id, patch);
  }

  @Post('toggle-channel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Enable or disable a channel, with everything that takes',
    description:
      'Sets channels.<id>.enabled and plugins.entries.<id>.enabled, records it in the activity log, logs QQ out through NapCat when ' +
      'qq is disabled, and asks the host watcher to restart the gateway. A follow-up step that fails is listed in warnings; the ' +
      `config change stands.${CHECKED}`,
  })
  @ApiOkResponse({ type: ToggleChannelAnswerDto })
  toggleChannel(@Body() dto: ToggleChannelDto): Promise<ToggleChannelAnswerDto> {
    return this.openclaw.toggleChannel(dto.channelId, dto.enabled);
  }
}
