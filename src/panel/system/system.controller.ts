import { Body, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { PanelAuth } from '../../core/auth/auth.decorators';
import { PanelController } from '../../core/http/panel-controller.decorator';
import { ClawHubService, ClawHubUnavailable } from './clawhub.service';
import { CronJobsService } from './cron/cron-jobs.service';
import { SystemDocsService } from './docs/system-docs.service';
import {
  AdminTokenDto,
  CheckUpdateDto,
  CheckUpdateQueryDto,
  ClawHubSyncDto,
  ClawHubUnavailableDto,
  CronJobsDto,
  DocSavedDto,
  DocsDto,
  DoUpdateDto,
  IdentityDocsDto,
  PanelErrorDto,
  InstalledSkillsDto,
  PutCronJobsDto,
  SaveDocDto,
  SetSudoPasswordDto,
  SignalRequestedDto,
  SignalStatusDto,
  SudoPasswordStatusDto,
  SystemEnvDto,
  SystemVersionDto,
  UpdateRequestedDto,
} from './dto/system.dto';
import { HostSignalsService } from './host-signals/host-signals.service';
import { SkillsService } from './skills.service';
import { SystemAdminService } from './system-admin.service';
import { SystemInfoService } from './system-info.service';

const PATH_REFUSED = 'the path leaves its folder (.., a symbolic link leading out) or names a hidden file';
const PATH_MALFORMED = 'the path is empty, absolute, contains a NUL byte, or is not a .md file';

@PanelController('system', 'Panel: system')
@PanelAuth()
export class SystemController {
  constructor(
    private readonly info: SystemInfoService,
    private readonly admin: SystemAdminService,
    private readonly signals: HostSignalsService,
    private readonly skills: SkillsService,
    private readonly clawhub: ClawHubService,
    private readonly cron: CronJobsService,
    private readonly docs: SystemDocsService,
  ) {}

  @Get('env')
  @ApiOperation({ summary: 'Host environment: OS, memory, uptime, and the versions of node, npm, git, docker, openclaw… found on PATH' })
  @ApiOkResponse({ type: SystemEnvDto })
  env(): Promise<SystemEnvDto> {
    return this.info.environment();
  }

  @Get('version')
  @ApiOperation({ summary: "OpenClaw's version: from the gateway (hello), else `openclaw --version`, else unknown; plus the last update check" })
  @ApiOkResponse({ type: SystemVersionDto })
  version(): Promise<SystemVersionDto> {
    return this.info.version();
  }

  @Post('check-update')
  @HttpCode(200)
  @ApiOperation({ summary: 'The latest openclaw on the npm registry (cached for 10 minutes; ?force=true asks anyway); 503 when the registry is unreachable' })
  @ApiOkResponse({ type: CheckUpdateDto })
  @ApiServiceUnavailableResponse({ type: PanelErrorDto, description: 'the npm registry is unreachable' })
  @ApiBadGatewayResponse({ type: PanelErrorDto, description: 'the npm registry answered with an error' })
  checkUpdate(@Query() query: CheckUpdateQueryDto): Promise<CheckUpdateDto> {
    return this.info.checkUpdate(query.force === true);
  }

  @Post('do-update')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask the host watcher to install openclaw@<version> (npm install -g, with sudo when configured); follow it with update-status' })
  @ApiOkResponse({ type: UpdateRequestedDto })
  @ApiConflictResponse({ type: PanelErrorDto, description: 'an update is already pending or running' })
  doUpdate(@Body() body: DoUpdateDto): Promise<UpdateRequestedDto> {
    return this.admin.update(body.version);
  }

  @Get('update-status')
  @ApiOperation({ summary: 'The latest update request: idle, pending (waiting for the host watcher), running, success or failed, with its output' })
  @ApiOkResponse({ type: SignalStatusDto })
  updateStatus(): Promise<SignalStatusDto> {
    return this.signals.status('update-openclaw');
  }

  @Post('restart-gateway')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask the host watcher to restart the OpenClaw gateway (a waiting request is reused)' })
  @ApiOkResponse({ type: SignalRequestedDto })
  restartGateway(): Promise<SignalRequestedDto> {
    return this.admin.restartGateway();
  }

  @Get('restart-gateway-status')
  @ApiOperation({ summary: 'The latest gateway restart request: idle, pending, running, success or failed, with its output' })
  @ApiOkResponse({ type: SignalStatusDto })
  restartGatewayStatus(): Promise<SignalStatusDto> {
    return this.signals.status('restart-gateway');
  }

  @Get('skills')
  @ApiOperation({
    summary:
      "The skills page's list: the host's plugins (plugin folders OpenClaw discovers and every plugins.entries item), then the skills " +
      "(the gateway's skills.status when it is reachable, else the SKILL.md files of the managed and workspace skill folders); one row per id",
  })
  @ApiOkResponse({ type: InstalledSkillsDto })
  installedSkills(): Promise<InstalledSkillsDto> {
    return this.skills.list();
  }

  @Post('clawhub-sync')
  @HttpCode(200)
  @ApiOperation({ summary: 'Fetch the ClawHub skill catalogue and cache it; when ClawHub cannot be reached: 503 (502 on a bad answer) with the cached list' })
  @ApiOkResponse({ type: ClawHubSyncDto })
  @ApiServiceUnavailableResponse({ type: ClawHubUnavailableDto, description: 'ClawHub is unreachable; the body still carries the cached list' })
  @ApiBadGatewayResponse({ type: ClawHubUnavailableDto, description: 'ClawHub answered with an error; the body still carries the cached list' })
  async clawhubSync(@Res({ passthrough: true }) response: Response): Promise<ClawHubSyncDto | ClawHubUnavailableDto> {
    try {
      return await this.clawhub.sync();
    } catch (error) {
      if (!(error instanceof ClawHubUnavailable)) throw error;
      response.status(error.status);
      return error.body;
    }
  }

  @Get('cron')
  @ApiOperation({ summary: "OpenClaw's cron jobs (<openclawHome>/cron/jobs.json)" })
  @ApiOkResponse({ type: CronJobsDto })
  @ApiConflictResponse({ type: PanelErrorDto, description: 'the file exists but is not a readable job list' })
  cronJobs(): Promise<CronJobsDto> {
    return this.cron.list();
  }

  @Put('cron')
  @ApiOperation({ summary: 'Replace the cron job list (every job checked: id, name, enabled, schedule, payload…); written atomically' })
  @ApiOkResponse({ type: CronJobsDto })
  @ApiUnprocessableEntityResponse({ type: PanelErrorDto, description: 'a job is malformed (the error names it, e.g. jobs[2].schedule.expr)' })
  replaceCronJobs(@Body() body: PutCronJobsDto): Promise<CronJobsDto> {
    return this.cron.replace(body.jobs);
  }

  @Get('docs')
  @ApiOperation({ summary: 'Markdown documents under the OpenClaw folder (hidden folders and node_modules skipped, symbolic links not followed)' })
  @ApiOkResponse({ type: DocsDto })
  listDocs(): Promise<DocsDto> {
    return this.docs.listDocs();
  }

  @Put('docs')
  @ApiOperation({ summary: 'Save a .md document under the OpenClaw folder ({path, content}; path relative, as listed)' })
  @ApiOkResponse({ type: DocSavedDto })
  @ApiForbiddenResponse({ type: PanelErrorDto, description: PATH_REFUSED })
  @ApiUnprocessableEntityResponse({ type: PanelErrorDto, description: PATH_MALFORMED })
  @ApiPayloadTooLargeResponse({ type: PanelErrorDto, description: 'content larger than 512 KiB' })
  saveDoc(@Body() body: SaveDocDto): Promise<DocSavedDto> {
    return this.docs.saveDoc(body.path, body.content);
  }

  @Get('identity-docs')
  @ApiOperation({ summary: 'The workspace identity files (AGENTS.md, SOUL.md, IDENTITY.md, USER.md, TOOLS.md, HEARTBEAT.md, BOOTSTRAP.md, BOOT.md, MEMORY.md)' })
  @ApiOkResponse({ type: IdentityDocsDto })
  listIdentityDocs(): Promise<IdentityDocsDto> {
    return this.docs.listIdentityDocs();
  }

  @Put('identity-docs')
  @ApiOperation({ summary: 'Save one workspace identity file ({path: "SOUL.md", content})' })
  @ApiOkResponse({ type: DocSavedDto })
  @ApiForbiddenResponse({ type: PanelErrorDto, description: `${PATH_REFUSED}, or is not an identity file` })
  @ApiUnprocessableEntityResponse({ type: PanelErrorDto, description: PATH_MALFORMED })
  @ApiPayloadTooLargeResponse({ type: PanelErrorDto, description: 'content larger than 512 KiB' })
  saveIdentityDoc(@Body() body: SaveDocDto): Promise<DocSavedDto> {
    return this.docs.saveIdentityDoc(body.path, body.content);
  }

  @Get('admin-token')
  @ApiOperation({ summary: 'The admin token (ADMIN_TOKEN), for the system page: the only read route that returns a secret; each read is logged' })
  @ApiOkResponse({ type: AdminTokenDto })
  adminToken(): Promise<AdminTokenDto> {
    return this.admin.adminToken();
  }

  @Get('sudo-password')
  @ApiOperation({ summary: 'Whether a sudo password for host updates is stored (the password itself is never returned)' })
  @ApiOkResponse({ type: SudoPasswordStatusDto })
  sudoPassword(): Promise<SudoPasswordStatusDto> {
    return this.admin.sudoPasswordStatus();
  }

  @Put('sudo-password')
  @ApiOperation({ summary: 'Store the sudo password (encrypted at rest; handed to the host watcher sealed with its public key); "" removes it' })
  @ApiOkResponse({ type: SudoPasswordStatusDto })
  setSudoPassword(@Body() body: SetSudoPasswordDto): Promise<SudoPasswordStatusDto> {
    return this.admin.setSudoPassword(body.password);
  }
}
