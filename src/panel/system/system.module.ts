import { Module } from '@nestjs/common';
import { AdminConfigModule } from '../admin-config/admin-config.module';
import { PanelEventsModule } from '../events/panel-events.module';
import { OpenClawConfigModule } from '../openclaw/openclaw-config.module';
import { ClawHubService } from './clawhub.service';
import { CronJobsService } from './cron/cron-jobs.service';
import { SystemDocsService } from './docs/system-docs.service';
import { HostSignalsService } from './host-signals/host-signals.service';
import { SkillsService } from './skills.service';
import { SystemAdminService } from './system-admin.service';
import { SystemController } from './system.controller';
import { SystemInfoService } from './system-info.service';

/**
 * `/api/system/*` (except backup/backups/restore): environment, OpenClaw version and updates,
 * gateway restarts through the host watcher's signal files, skills, ClawHub, cron jobs, docs,
 * admin token and sudo password. Exports HostSignalsService for other sections (toggle-channel).
 */
@Module({
  imports: [PanelEventsModule, AdminConfigModule, OpenClawConfigModule],
  controllers: [SystemController],
  providers: [SystemInfoService, SystemAdminService, HostSignalsService, SkillsService, ClawHubService, CronJobsService, SystemDocsService],
  exports: [HostSignalsService],
})
export class SystemModule {}
