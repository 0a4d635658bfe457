import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminConfigModule } from '../admin-config/admin-config.module';
import { PanelEventsModule } from '../events/panel-events.module';
import { WorkspaceNoteEntity } from './entities/workspace-note.entity';
import { WorkspaceActivity } from './workspace-activity';
import { WorkspaceCleaner } from './workspace-cleaner.service';
import { WorkspaceConfigService } from './workspace-config.service';
import { WorkspaceNotesService } from './workspace-notes.service';
import { WorkspaceSettingsStore } from './workspace-settings';
import { WorkspaceUploadService } from './workspace-upload.service';
import { WorkspaceController } from './workspace.controller';
import { WorkspaceService } from './workspace.service';

/** `/api/workspace/*`: the files under AppConfig.panel.workspaceRoot, their notes, uploads and the auto-clean. */
@Module({
  imports: [TypeOrmModule.forFeature([WorkspaceNoteEntity]), AdminConfigModule, PanelEventsModule],
  controllers: [WorkspaceController],
  providers: [
    WorkspaceService,
    WorkspaceUploadService,
    WorkspaceCleaner,
    WorkspaceConfigService,
    WorkspaceNotesService,
    WorkspaceSettingsStore,
    WorkspaceActivity,
  ],
  exports: [WorkspaceService],
})
export class WorkspaceModule {}
