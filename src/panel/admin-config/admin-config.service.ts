import { Injectable } from '@nestjs/common';
import { fieldError } from '../../core/http/api-errors';
import { isPlainObject } from '../../core/http/validation';
import { checkEventLogSettings, EVENT_LOG_SECTION } from '../events/event-log-settings';
import { PanelEventsService } from '../events/panel-events.service';
import { PanelSettingsService } from './panel-settings.service';

const MAX_SECTION_BYTES = 256 * 1024;

/** The rules of `/api/admin/config`: sections are named objects of bounded size (`eventLog` checked field by field); each change is logged. */
@Injectable()
export class AdminConfigService {
  constructor(
    private readonly settings: PanelSettingsService,
    private readonly events: PanelEventsService,
  ) {}

  all() {
    return this.settings.all();
  }

  async replace(sections: Record<string, unknown>) {
    for (const [section, value] of Object.entries(sections)) this.assertSection(section, value);
    await this.settings.setMany(sections as Record<string, object>);
    await this.events.record({ source: 'system', type: 'admin-config.update', summary: `Panel settings saved (${Object.keys(sections).join(', ') || 'nothing'})` });
    return this.settings.all();
  }

  async replaceSection(section: string, value: Record<string, unknown>) {
    this.assertSection(section, value);
    await this.settings.set(section, value);
    await this.events.record({ source: 'system', type: 'admin-config.update', summary: `Panel settings saved (${section})` });
    return this.settings.all();
  }

  private assertSection(section: string, value: unknown): void {
    if (!this.settings.isSectionName(section)) throw fieldError('section', `"${section.slice(0, 80)}" is not a section name (letters, digits, _ and -)`);
    if (!isPlainObject(value)) throw fieldError(section, `Section "${section}" must be an object`);
    if (Buffer.byteLength(JSON.stringify(value)) > MAX_SECTION_BYTES) throw fieldError(section, `Section "${section}" is larger than 256 KiB`);
    const problem = section === EVENT_LOG_SECTION ? checkEventLogSettings(value) : undefined;
    if (problem) throw fieldError(section, problem);
  }
}
