import { Body, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { PanelAuth } from '../../core/auth/auth.decorators';
import { PanelController } from '../../core/http/panel-controller.decorator';
import { BackupsAnswerDto, CreateBackupAnswerDto, RestoreBackupAnswerDto, RestoreBackupDto } from './dto/openclaw.dto';
import { OpenClawService } from './openclaw.service';

/** The backup routes of `/api/system` (the rest of it is SystemModule's): the config store owns the backups. */
@PanelController('system', 'Panel: system')
@PanelAuth()
export class OpenClawBackupsController {
  constructor(private readonly openclaw: OpenClawService) {}

  @Post('backup')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Back up openclaw.json and cron/jobs.json as one named backup',
    description: 'Kept in <OPENCLAW_HOME>/backups (the newest 50 of each kind). 404 when neither file exists.',
  })
  @ApiOkResponse({ type: CreateBackupAnswerDto })
  create(): Promise<CreateBackupAnswerDto> {
    return this.openclaw.createBackup();
  }

  @Get('backups')
  @ApiOperation({
    summary: 'Backups, newest first',
    description: 'openclaw-*.json: openclaw.json before a panel write; backup-*: both files on request; pre-restore-*: both files before a restore.',
  })
  @ApiOkResponse({ type: BackupsAnswerDto })
  list(): Promise<BackupsAnswerDto> {
    return this.openclaw.listBackups();
  }

  @Post('restore')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restore a backup byte for byte',
    description:
      'Only names from GET /api/system/backups (400 for anything else, 404 when gone). The files it replaces are snapshotted first ' +
      '(pre-restore-*). A backed-up openclaw.json that the pinned OpenClaw would refuse is not restored (400).',
  })
  @ApiOkResponse({ type: RestoreBackupAnswerDto })
  restore(@Body() dto: RestoreBackupDto): Promise<RestoreBackupAnswerDto> {
    return this.openclaw.restoreBackup(dto.backupName);
  }
}
