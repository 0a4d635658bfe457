import { Logger, Module } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { NapcatWebuiClient } from '../../integrations/napcat-webui';
import { PanelEventsModule } from '../events/panel-events.module';
import { NapcatController } from './napcat.controller';
import { NapcatLoginService } from './napcat-login.service';

/** QQ login through NapCat's WebUI (`/api/napcat/*`). Exports NapcatLoginService (logout when QQ is disabled). */
@Module({
  imports: [PanelEventsModule],
  controllers: [NapcatController],
  providers: [
    {
      provide: NapcatWebuiClient,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new NapcatWebuiClient({ url: config.panel.napcatWebui.url, token: config.panel.napcatWebui.token, logger: new Logger('NapcatWebui') }),
    },
    NapcatLoginService,
  ],
  exports: [NapcatLoginService],
})
export class NapcatModule {}
