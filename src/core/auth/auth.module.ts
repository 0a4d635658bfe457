import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AuthenticationGuard } from './authentication.guard';

/** The global guard; the strategies themselves live with the modules that own each credential. */
@Module({
  imports: [PassportModule.register({ session: false })],
  providers: [{ provide: APP_GUARD, useClass: AuthenticationGuard }],
})
export class CoreAuthModule {}
