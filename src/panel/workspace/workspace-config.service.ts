import { Injectable } from '@nestjs/common';
import { UpdateWorkspaceConfigDto, WorkspaceConfigAnswerDto } from './dto/workspace.dto';
import { WorkspaceActivity } from './workspace-activity';
import { WorkspaceSettingsStore } from './workspace-settings';

/** GET/PUT /api/workspace/config (admin-config section `workspace`); the cleaner re-arms itself on every change. */
@Injectable()
export class WorkspaceConfigService {
  constructor(
    private readonly settings: WorkspaceSettingsStore,
    private readonly activity: WorkspaceActivity,
  ) {}

  async get(): Promise<WorkspaceConfigAnswerDto> {
    return { ok: true, config: await this.settings.read() };
  }

  async update(dto: UpdateWorkspaceConfigDto): Promise<WorkspaceConfigAnswerDto> {
    const config = await this.settings.update(dto);
    const changed = Object.keys(dto).filter((key) => dto[key as keyof UpdateWorkspaceConfigDto] !== undefined);
    await this.activity.record(
      'workspace.config',
      `Workspace settings changed${changed.length ? `: ${changed.join(', ')}` : ''}` +
        ` (auto-clean ${config.autoCleanEnabled ? `on, ${config.autoCleanDays} days` : 'off'})`,
    );
    return { ok: true, config };
  }
}
