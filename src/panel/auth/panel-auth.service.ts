import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { safeEqual } from '../../core/auth/tokens';
import { AppConfig } from '../../core/config/app-config';

export const PANEL_AUDIENCE = 'clawpanel';
const PANEL_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

@Injectable()
export class PanelAuthService {
  constructor(
    private readonly config: AppConfig,
    private readonly jwt: JwtService,
  ) {}

  login(adminToken: string): string {
    if (!safeEqual(adminToken, this.config.adminToken)) throw new UnauthorizedException({ detail: 'Invalid token' });
    return this.jwt.sign(
      { sub: 'panel-admin' },
      { secret: this.config.jwtSecret, audience: PANEL_AUDIENCE, expiresIn: PANEL_TOKEN_TTL_SECONDS, algorithm: 'HS256' },
    );
  }

  /** Whether a panel JWT is valid now (for places the Passport guard does not cover: `/ws`, loopback pushes). */
  verify(token: string): boolean {
    try {
      this.jwt.verify(token, { secret: this.config.jwtSecret, audience: PANEL_AUDIENCE, algorithms: ['HS256'] });
      return true;
    } catch {
      return false;
    }
  }
}
