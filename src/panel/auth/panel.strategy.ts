import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthScheme } from '../../core/auth/auth-scheme';
import { PanelPrincipal } from '../../core/auth/principal';
import { AppConfig } from '../../core/config/app-config';
import { PANEL_AUDIENCE } from './panel-auth.service';

/** Panel JWTs: the admin secret with the panel's own audience, from the header or `?token=` (links, /ws). */
@Injectable()
export class PanelStrategy extends PassportStrategy(Strategy, AuthScheme.Panel) {
  constructor(config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromExtractors([
        ExtractJwt.fromAuthHeaderAsBearerToken(),
        ExtractJwt.fromUrlQueryParameter('token'),
      ]),
      secretOrKey: config.jwtSecret,
      audience: PANEL_AUDIENCE,
      algorithms: ['HS256'],
    });
  }

  validate(): PanelPrincipal {
    return { scheme: AuthScheme.Panel };
  }
}
