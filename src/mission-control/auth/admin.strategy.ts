import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { AuthScheme } from '../../core/auth/auth-scheme';
import { AdminPrincipal } from '../../core/auth/principal';
import { bearerTokenOf } from '../../core/auth/tokens';
import { AdminCredentialsService } from './admin-credentials.service';

@Injectable()
export class AdminStrategy extends PassportStrategy(Strategy, AuthScheme.Admin) {
  constructor(private readonly credentials: AdminCredentialsService) {
    super();
  }

  async validate(request: Request): Promise<AdminPrincipal> {
    const token = bearerTokenOf(request.headers);
    if (!token) throw new UnauthorizedException({ detail: 'Missing or invalid credentials' });
    return this.credentials.authenticate(token);
  }
}
