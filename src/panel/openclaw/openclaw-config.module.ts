import { Module } from '@nestjs/common';
import { OpenClawConfigStore } from './openclaw-config.store';
import { OpenClawConfigValidator } from './openclaw-config.validator';

/**
 * The host's `openclaw.json` and its backups, for any panel section that needs them (status, system).
 * Has no routes and imports no panel module, so that the modules using it cannot form a cycle with it.
 */
@Module({
  providers: [OpenClawConfigStore, OpenClawConfigValidator],
  exports: [OpenClawConfigStore, OpenClawConfigValidator],
})
export class OpenClawConfigModule {}
