import { Injectable, OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createRemoteJWKSet, JWTPayload, jwtVerify } from 'jose';
import { AuthScheme } from '../../core/auth/auth-scheme';
import { AdminPrincipal } from '../../core/auth/principal';
import { safeEqual } from '../../core/auth/tokens';
import { AppConfig } from '../../core/config/app-config';
import { UserEntity } from '../users/entities/user.entity';
import { UsersService } from '../users/users.service';

const ADMIN_AUDIENCE = 'mission-control:admin';
const INVALID = 'Missing or invalid credentials';

interface AdminJwtClaims {
  sub: string;
  org: string | null;
  role: AdminPrincipal['role'];
}

/** Turns whatever an admin presents (static token, our JWT, an issuer's JWT) into a principal. */
@Injectable()
export class AdminCredentialsService implements OnModuleInit {
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;
  private localAdmin?: UserEntity;

  constructor(
    private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {
    if (config.authMode === 'clerk') this.jwks = createRemoteJWKSet(new URL(config.clerk.jwksUrl!));
  }

  async onModuleInit(): Promise<void> {
    this.localAdmin = await this.users.ensureLocalAdmin();
  }

  async authenticate(token: string): Promise<AdminPrincipal> {
    if (this.config.authMode === 'clerk') return this.fromIssuerJwt(token);
    if (safeEqual(token, this.config.adminToken)) return this.principalFor(this.localAdmin!, 'static-token');
    return this.fromOwnJwt(token);
  }

  isStaticToken(token: string): boolean {
    return this.config.authMode === 'local' && safeEqual(token, this.config.adminToken);
  }

  get localAdminUser(): UserEntity {
    return this.localAdmin!;
  }

  issue(user: UserEntity): { token: string; expiresIn: number } {
    const claims: AdminJwtClaims = { sub: user.id, org: user.organizationId, role: user.role };
    const expiresIn = this.config.adminJwtTtlSeconds;
    const token = this.jwt.sign(claims, { secret: this.config.jwtSecret, audience: ADMIN_AUDIENCE, expiresIn, algorithm: 'HS256' });
    return { token, expiresIn };
  }

  private async fromOwnJwt(token: string): Promise<AdminPrincipal> {
    let claims: AdminJwtClaims;
    try {
      claims = await this.jwt.verifyAsync<AdminJwtClaims>(token, {
        secret: this.config.jwtSecret,
        audience: ADMIN_AUDIENCE,
        algorithms: ['HS256'],
      });
    } catch {
      throw new UnauthorizedException({ detail: INVALID });
    }
    const user = await this.users.findActive(claims.sub);
    if (!user) throw new UnauthorizedException({ detail: 'This account no longer exists or is disabled' });
    return this.principalFor(user, 'jwt');
  }

  private async fromIssuerJwt(token: string): Promise<AdminPrincipal> {
    let payload: JWTPayload & { email?: string; name?: string };
    try {
      ({ payload } = await jwtVerify(token, this.jwks!, {
        issuer: this.config.clerk.issuer,
        audience: this.config.clerk.audience,
        // jose accepts a token without exp as never expiring: an admin credential must expire
        requiredClaims: ['sub', 'exp'],
      }));
    } catch {
      throw new UnauthorizedException({ detail: INVALID });
    }
    if (!payload.sub) throw new UnauthorizedException({ detail: INVALID });
    const user = await this.users.ensureExternal(payload.sub, { email: payload.email, name: payload.name });
    if (!user.isActive) throw new UnauthorizedException({ detail: 'This account is disabled' });
    return this.principalFor(user, 'clerk');
  }

  private principalFor(user: UserEntity, via: AdminPrincipal['via']): AdminPrincipal {
    return { scheme: AuthScheme.Admin, userId: user.id, organizationId: user.organizationId, role: user.role, via };
  }
}
