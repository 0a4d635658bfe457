import { Injectable, Logger } from '@nestjs/common';
import { PanelEventsService } from '../events/panel-events.service';

/** Admin actions on the workspace in the activity log (source `system`); a log failure never undoes the action. */
@Injectable()
export class WorkspaceActivity {
  private readonly logger = new Logger('Workspace');

  constructor(private readonly events: PanelEventsService) {}

  async record(type: string, summary: string, detail?: string[]): Promise<void> {
    try {
      await this.events.record({ source: 'system', type, summary, detail: detail?.length ? detail.join('\n') : undefined });
    } catch (error) {
      this.logger.warn({ err: error, type }, 'Could not log a workspace action');
    }
  }
}

/** `a.txt`, `a.txt and b.txt`, `a.txt, b.txt and 3 more`. */
export function listForSummary(items: string[], shown = 2): string {
  if (items.length <= shown) return items.join(' and ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}
