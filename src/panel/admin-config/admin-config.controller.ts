import { Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { PanelAuth } from '../../core/auth/auth.decorators';
import { ApiObjectBody, ObjectBody } from '../../core/http/object-body';
import { PanelController } from '../../core/http/panel-controller.decorator';
import { AdminConfigDto } from './dto/admin-config.dto';
import { AdminConfigService } from './admin-config.service';

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
  @ApiObjectBody(undefined, 'section name → the section (an object)')
  @ApiOkResponse({ type: AdminConfigDto })
  async replace(@ObjectBody() sections: Record<string, unknown>): Promise<AdminConfigDto> {
    return { ok: true, config: await this.config.replace(sections) };
  }

  @Put(':section')
  @ApiOperation({
    summary: 'Replace one section (e.g. qq, wechat, workspace, eventLog) with the object in the body',
    description:
      'Section `eventLog` keeps the activity log bounded: `{maxEntries, maxAgeDays}`, integers; `maxEntries` ' +
      '1..100000000 (default 1000000) keeps the newest entries, `maxAgeDays` 0..36500 (default 0 = no age limit) ' +
      'removes older ones. Old entries go in the background, oldest first, in small chunks. Other values: 400.',
  })
  @ApiObjectBody()
  @ApiOkResponse({ type: AdminConfigDto })
  async replaceSection(@Param('section') section: string, @ObjectBody() value: Record<string, unknown>): Promise<AdminConfigDto> {
    return { ok: true, config: await this.config.replaceSection(section, value) };
  }
}
