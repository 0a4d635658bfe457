import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AUTH_SCHEMES_KEY, AuthScheme, PUBLIC_ROUTE_KEY } from './auth-scheme';
import { PASSPORT, PassportInstance } from './passport';
import { Principal } from './principal';

const UNAUTHENTICATED = 'Missing or invalid credentials';

/**
 * Deny by default: a route opens only to the schemes its decorator names (or to all with @Public()).
 * Each scheme is a Passport strategy registered by the module that owns its credentials.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PASSPORT) private readonly passport: PassportInstance,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE_KEY, targets)) return true;
    const schemes = this.reflector.getAllAndOverride<AuthScheme[] | undefined>(AUTH_SCHEMES_KEY, targets);
    if (!schemes?.length) throw new UnauthorizedException({ detail: UNAUTHENTICATED });
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { user?: Principal }>();
    request.user = await this.authenticate(schemes, request, http.getResponse<Response>());
    return true;
  }

  private authenticate(schemes: AuthScheme[], request: Request, response: Response): Promise<Principal> {
    return new Promise((resolve, reject) => {
      const middleware = this.passport.authenticate(schemes, { session: false }, (error: unknown, principal?: Principal | false) => {
        if (error) reject(error);
        else if (principal) resolve(principal);
        else reject(new UnauthorizedException({ detail: UNAUTHENTICATED }));
      });
      middleware(request, response, reject);
    });
  }
}
