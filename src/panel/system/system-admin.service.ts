import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { PanelSettingsService } from '../admin-config/panel-settings.service';
import { PanelEventsService } from '../events/panel-events.service';
import { AdminTokenDto, SignalRequestedDto, SudoPasswordStatusDto, UpdateRequestedDto } from './dto/system.dto';
import { HostSignalsService, SUDO_PASSWORD_SECRET } from './host-signals/host-signals.service';
import { SystemInfoService } from './system-info.service';

/** The admin token, the sudo password, and the host actions the system page starts. */
@Injectable()
export class SystemAdminService {
  constructor(
    private readonly config: AppConfig,
    private readonly settings: PanelSettingsService,
    private readonly events: PanelEventsService,
    private readonly signals: HostSignalsService,
    private readonly info: SystemInfoService,
  ) {}

  /** The one read route that returns a secret (the contract says so); every read is logged. */
  async adminToken(): Promise<AdminTokenDto> {
    await this.events.record({ source: 'system', type: 'system.admin-token.read', summary: 'The admin token was shown on the system page' });
    return { ok: true, token: this.config.adminToken };
  }

  async sudoPasswordStatus(): Promise<SudoPasswordStatusDto> {
    return { ok: true, configured: await this.settings.hasSecret(SUDO_PASSWORD_SECRET) };
  }

  /** Sealed with SecretBox in panel_settings; an empty string forgets it. Never logged, never returned. */
  async setSudoPassword(password: string): Promise<SudoPasswordStatusDto> {
    const configured = password.length > 0;
    await this.settings.setSecret(SUDO_PASSWORD_SECRET, configured ? password : null);
    await this.events.record({
      source: 'system',
      type: configured ? 'system.sudo-password.set' : 'system.sudo-password.cleared',
      summary: configured ? 'The sudo password for host updates was changed' : 'The sudo password for host updates was removed',
    });
    return { ok: true, configured };
  }

  restartGateway(): Promise<SignalRequestedDto> {
    return this.signals.restartGateway('requested from the system page');
  }

  async update(version?: string): Promise<UpdateRequestedDto> {
    return this.signals.requestUpdate(version ?? (await this.info.defaultUpdateVersion()));
  }
}
