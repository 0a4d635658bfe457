import { Inject, Injectable, OnModuleInit, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { AuthScheme } from '../../core/auth/auth-scheme';
import { PASSPORT, PassportInstance, registerStrategy, verifyWith } from '../../core/auth/passport';
import { AdminPrincipal } from '../../core/auth/principal';
import { bearerTokenOf } from '../../core/auth/tokens';
import { AdminCredentialsService } from './admin-credentials.service';

@Injectable()
export class AdminStrategy implements OnModuleInit {
  constructor(
    @Inject(PASSPORT) private readonly passport: PassportInstance,
    private readonly credentials: AdminCredentialsService,
  ) {}

  onModuleInit(): void {
    registerStrategy(this.passport, AuthScheme.Admin, new Strategy(verifyWith((request: Request) => this.validate(request))));
  }

  async validate(request: Request): Promise<AdminPrincipal> {
    const token = bearerTokenOf(request.headers);
    if (!token) throw new UnauthorizedException({ detail: 'Missing or invalid credentials' });
    return this.credentials.authenticate(token);
  }
}
