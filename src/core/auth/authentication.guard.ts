import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard, IAuthGuard } from '@nestjs/passport';
import { AUTH_SCHEMES_KEY, AuthScheme, PUBLIC_ROUTE_KEY } from './auth-scheme';

const UNAUTHENTICATED = 'Missing or invalid credentials';


/**
 * Deny by default: a route opens only to the schemes its decorator names (or to all with @Public()).
 * Each scheme is a Passport strategy registered by the module that owns its credentials.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private readonly guards = new Map<string, IAuthGuard>();

  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE_KEY, targets)) return true;
    const schemes = this.reflector.getAllAndOverride<AuthScheme[] | undefined>(AUTH_SCHEMES_KEY, targets);
    if (!schemes?.length) throw new UnauthorizedException({ detail: UNAUTHENTICATED });
    return (await this.guardFor(schemes).canActivate(context)) as boolean;
  }

  private guardFor(schemes: AuthScheme[]): IAuthGuard {
    const key = schemes.join(',');
    let guard = this.guards.get(key);
    if (!guard) {
      const PassportGuard = AuthGuard(schemes);
      guard = new (class extends PassportGuard {
        override handleRequest<T>(error: unknown, principal: T): T {
          if (error) throw error;
          if (!principal) throw new UnauthorizedException({ detail: UNAUTHENTICATED });
          return principal;
        }
      })();
      this.guards.set(key, guard);
    }
    return guard;
  }
}
