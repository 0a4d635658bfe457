import { applyDecorators, Controller, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PanelExceptionFilter } from './filters/panel-exception.filter';
import { PANEL_PREFIX } from './namespaces';

/** A ClawPanel controller: mounted under `/api/<path>` and answering errors as `{ok: false, error}`. */
export function PanelController(path: string, tag: string) {
  return applyDecorators(Controller(`${PANEL_PREFIX.slice(1)}/${path}`), UseFilters(PanelExceptionFilter), ApiTags(tag));
}
