import { Module } from '@nestjs/common';
import { PanelAuthModule } from './auth/panel-auth.module';

/** The ClawPanel API (`/api/**` outside `/api/v1`). */
@Module({ imports: [PanelAuthModule] })
export class PanelModule {}
