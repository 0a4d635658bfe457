import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthenticationGuard } from './authentication.guard';
import { createPassport, PASSPORT } from './passport';

/** The global guard and this application's Passport; strategies live with the modules that own each credential. */
@Global()
@Module({
  providers: [{ provide: PASSPORT, useFactory: createPassport }, { provide: APP_GUARD, useClass: AuthenticationGuard }],
  exports: [PASSPORT],
})
export class CoreAuthModule {}
