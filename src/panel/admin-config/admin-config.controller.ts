import { Body, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { PanelAuth } from '../../core/auth/auth.decorators';
import { PanelController } from '../../core/http/panel-controller.decorator';
import { AdminConfigDto } from './dto/admin-config.dto';
import { AdminConfigService } from './admin-config.service';

const OBJECT_BODY = { schema: { type: 'object', additionalProperties: true } };

@PanelController('admin/config', 'Panel: admin config')
@PanelAuth()
export class AdminConfigController {
  constructor(private readonly config: AdminConfigService) {}

  @Get()
  @ApiOperation({ summary: "The panel's own settings, by section (secrets are never included)" })
  @ApiOkResponse({ type: AdminConfigDto })
  async get(): Promise<AdminConfigDto> {
    return { ok: true, config: await this.config.all() };
  }

  @Put()
  @ApiOperation({ summary: 'Replace the sections given in the body (an object of section → object); others stay' })
  @ApiBody(OBJECT_BODY)
  @ApiOkResponse({ type: AdminConfigDto })
  async replace(@Body() body: unknown): Promise<AdminConfigDto> {
    return { ok: true, config: await this.config.replace(body) };
  }

  @Put(':section')
  @ApiOperation({ summary: 'Replace one section (e.g. qq, wechat, workspace) with the object in the body' })
  @ApiBody(OBJECT_BODY)
  @ApiOkResponse({ type: AdminConfigDto })
  async replaceSection(@Param('section') section: string, @Body() body: unknown): Promise<AdminConfigDto> {
    return { ok: true, config: await this.config.replaceSection(section, body) };
  }
}
